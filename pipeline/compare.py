"""`vnplan compare`: the cross-province dataset, by post-merger province and reform area.

Each plan is counted once (its primary rendering, `works`) and each task once (a body item that
restates an annex row, `tasks.same_as`, is not counted again).

Three tables, each written as Parquet and CSV:
- `by_province_area`: one row per province × reform area present in the data: documents (works)
  and the files that render them, tasks (annex / body), deadlines by quarter of `due_end`,
  lead-unit kinds, targets and numeric targets; the area in words beside its slug;
- `targets`: every numeric target side by side (province, area, value, comparator, text);
- `shared_citations`: documents cited by plans of more than one province (by `ref_id`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import OutputError
from ..normalizers.units import unit_kinds
from .export import write_frame
from .lookup import connect

_PROVINCE = "coalesce(d.province_2025, 'unknown')"
_COUNTED = "d.is_primary AND t.same_as IS NULL"  # each plan once, each task once

_BY_AREA = f"""
WITH t AS (
    SELECT {_PROVINCE} AS province_2025, t.reform_area, t.doc_id, t.task_id, t.origin, t.due_end
    FROM tasks t JOIN documents d USING (doc_id) WHERE {_COUNTED}
),
files AS (
    SELECT {_PROVINCE} AS province_2025, t.reform_area, count(DISTINCT t.doc_id) AS files
    FROM tasks t JOIN documents d USING (doc_id) GROUP BY ALL
),
leads AS (
    SELECT {_PROVINCE} AS province_2025, t.reform_area, u.kind, count(*) AS n
    FROM task_units tu JOIN tasks t USING (doc_id, task_id) JOIN units u USING (unit_id)
    JOIN documents d ON d.doc_id = t.doc_id
    WHERE tu.role = 'lead' AND {_COUNTED} GROUP BY ALL
),
g AS (
    SELECT {_PROVINCE} AS province_2025, g.reform_area, count(*) AS targets,
           count(g.value) AS numeric_targets, avg(g.value) FILTER (WHERE g.unit = '%') AS mean_percent_target
    FROM targets g JOIN documents d USING (doc_id) WHERE d.is_primary GROUP BY ALL
),
counts AS (
    SELECT province_2025, reform_area, count(DISTINCT doc_id) AS documents, count(*) AS tasks,
           count(*) FILTER (WHERE origin = 'annex') AS annex_tasks,
           count(*) FILTER (WHERE origin = 'body') AS body_tasks,
           count(*) FILTER (WHERE quarter(due_end) = 1) AS due_q1,
           count(*) FILTER (WHERE quarter(due_end) = 2) AS due_q2,
           count(*) FILTER (WHERE quarter(due_end) = 3) AS due_q3,
           count(*) FILTER (WHERE quarter(due_end) = 4) AS due_q4,
           count(*) FILTER (WHERE due_end IS NULL) AS due_none
    FROM t GROUP BY ALL
),
keys AS (
    SELECT province_2025, reform_area FROM counts UNION SELECT province_2025, reform_area FROM g
)
SELECT k.province_2025, k.reform_area,
       (SELECT name FROM reform_area_names n WHERE n.slug = k.reform_area) AS reform_area_name,
       coalesce(c.documents, 0) AS documents, coalesce(f.files, 0) AS files, coalesce(c.tasks, 0) AS tasks,
       coalesce(c.annex_tasks, 0) AS annex_tasks, coalesce(c.body_tasks, 0) AS body_tasks,
       coalesce(c.due_q1, 0) AS due_q1, coalesce(c.due_q2, 0) AS due_q2, coalesce(c.due_q3, 0) AS due_q3,
       coalesce(c.due_q4, 0) AS due_q4, coalesce(c.due_none, 0) AS due_none,
       {{lead_columns}}
       coalesce(g.targets, 0) AS targets, coalesce(g.numeric_targets, 0) AS numeric_targets,
       g.mean_percent_target
FROM keys k
LEFT JOIN counts c USING (province_2025, reform_area)
LEFT JOIN files f USING (province_2025, reform_area)
LEFT JOIN g USING (province_2025, reform_area)
ORDER BY k.province_2025, k.reform_area
"""


_TARGETS = f"""
SELECT {_PROVINCE} AS province_2025, g.reform_area, g.value, g.unit, g.comparator, g.value_raw, g.text,
       d.doc_type, d.key AS document_key, d.plan_year_start, g.doc_id
FROM targets g JOIN documents d USING (doc_id)
WHERE g.value IS NOT NULL AND d.is_primary
ORDER BY g.reform_area, province_2025, g.value DESC
"""

_SHARED = f"""
SELECT c.ref_id, any_value(c.key) AS key, any_value(c.doc_type) AS doc_type,
       count(DISTINCT {_PROVINCE}) AS provinces,
       list(DISTINCT {_PROVINCE} ORDER BY {_PROVINCE}) AS province_list,
       count(DISTINCT d.work_id) AS citing_documents
FROM citations c JOIN documents d USING (doc_id)
WHERE c.ref_id IS NOT NULL AND d.province_2025 IS NOT NULL
GROUP BY c.ref_id
HAVING count(DISTINCT d.province_2025) > 1
ORDER BY provinces DESC, citing_documents DESC, ref_id
"""


def compare(data_dir: str | Path) -> dict[str, pd.DataFrame]:
    con = connect(data_dir)
    leads = (
        ",\n       ".join(
            f"CAST(coalesce((SELECT sum(n) FROM leads l WHERE l.province_2025 = k.province_2025 AND "
            f"l.reform_area = k.reform_area AND l.kind = '{kind}'), 0) AS BIGINT) AS lead_{kind}"
            for kind in unit_kinds()
        )
        + ","
    )
    return {
        "by_province_area": con.execute(_BY_AREA.replace("{lead_columns}", leads)).df(),
        "targets": con.execute(_TARGETS).df(),
        "shared_citations": con.execute(_SHARED).df(),
    }


def write_compare(data_dir: str | Path, out_dir: str | Path) -> dict[str, int]:
    """Write each table as `<name>.parquet` and `<name>.csv`; returns the row counts."""
    out = Path(out_dir)
    frames = compare(data_dir)  # a dataset it cannot read is refused before anything is written
    try:
        out.mkdir(parents=True, exist_ok=True)
        counts = {}
        for name, frame in frames.items():
            frame.to_parquet(out / f"{name}.parquet", index=False)
            write_frame(frame, "csv", str(out / f"{name}.csv"))  # as `export`: a BOM, lists joined
            counts[name] = len(frame)
        return counts
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
