"""Questions analysts ask of an output folder: SQL over the tables, who cites a document, what a
document cites. DuckDB reads the Parquet parts directly (one view per table)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import UsageError
from ..normalizers.references import matches, parse_reference
from .manifest import MANIFEST_NAME
from .schema import TABLE_NAMES, schema
from .storage import LOCK_NAME
from .write import DATASET_WIDE

_SENTENCE_END = re.compile(r"[.;:!?]\s|\n")


def connect(data_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table of `data_dir`, over a snapshot of whole documents:
    the documents whose documents part is there (it is written after all their other parts, and
    removed first when a document is read again), so that a query during an ingest never sees a
    document half-written. A table with no part yet is an empty view of its schema."""
    data = Path(data_dir)
    if not any((data / name).exists() for name in ("documents", MANIFEST_NAME, LOCK_NAME)):
        raise UsageError(f"{data} holds no vnplan output (no documents table); run vnplan ingest first")
    first = {p.name for p in (data / "documents").glob("*.parquet")}
    listed = {table: sorted((data / table).glob("*.parquet")) for table in TABLE_NAMES}
    # and again after the others: a document removed meanwhile lost its documents part first
    done = first & {p.name for p in listed["documents"]}
    con = duckdb.connect()
    for table in TABLE_NAMES:
        parts = [
            str(p)
            for p in listed[table]
            if table in DATASET_WIDE or p.name in done or p.name in _NOT_A_DOCUMENT
        ]
        if parts:
            files = ", ".join("'" + f.replace("'", "''") + "'" for f in parts)
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{files}], union_by_name=true)")
        else:
            con.register(f"_empty_{table}", schema(table).empty_table())
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM _empty_{table}")
    return con


_NOT_A_DOCUMENT = ("part-empty.parquet", "part-all.parquet")
_SNAPSHOT_TRIES = 3  # a part replaced or removed by an ingest between listing and reading: list again


def query(data_dir: str | Path, sql: str) -> pd.DataFrame:
    """The result of `sql` over the tables. A failing query keeps DuckDB's whole message: its
    "Did you mean …" and candidate columns are the useful part."""
    if not sql.strip():
        raise UsageError('the SQL query is empty; give one, e.g. "SELECT count(*) FROM documents"')
    for attempt in range(_SNAPSHOT_TRIES):
        con = connect(data_dir)
        try:
            return con.execute(sql).df()
        except duckdb.Error as exc:
            if not isinstance(exc, duckdb.IOException) or attempt + 1 == _SNAPSHOT_TRIES:
                raise UsageError(f"the query failed: {str(exc).strip()}") from exc
    raise AssertionError("unreachable")  # the last attempt returns or raises


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of a block holding text[start:end] (at most ~300 characters)."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() + 1 if right_match else len(text)
    left, right = max(left, start - 200), min(right, end + 200)
    return text[left:right].strip()


_CITING = """
SELECT c.doc_id, c.citation_id, c.key, c.doc_type, c.number, c.year, c.symbol, c.issued_date AS cited_date,
       c.raw, c.task_id, c.section_id, c.page, c.block_id, c.char_start, c.char_end,
       d.source_path, d.doc_type AS citing_type, d.key AS citing_key, d.issued_date AS citing_date,
       d.province, d.province_2025, b.text AS block_text
FROM citations c JOIN documents d USING (doc_id)
LEFT JOIN blocks b ON b.doc_id = c.doc_id AND b.block_id = c.block_id
"""


def cite(data_dir: str | Path, reference: str) -> pd.DataFrame:
    """Every mention of the referenced document: citing file, province, date, task and sentence."""
    try:
        ref = parse_reference(reference)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    rows = connect(data_dir).execute(_CITING).df()
    rows = rows.astype(object).where(rows.notna(), None)  # missing values as None, not NaN
    if rows.empty:
        return rows
    hit = [
        matches(
            ref,
            r["key"],
            r["doc_type"],
            r["number"],
            None if r["year"] is None else int(r["year"]),
            r["symbol"],
        )
        for r in rows.to_dict("records")
    ]
    found = rows[hit].copy()
    found["sentence"] = [
        _sentence(t or "", int(a or 0), int(b or 0))
        for t, a, b in zip(found["block_text"], found["char_start"], found["char_end"], strict=False)
    ]
    found["file"] = [Path(p).name for p in found["source_path"]]
    columns = [
        "key",
        "file",
        "citing_type",
        "citing_key",
        "province",
        "province_2025",
        "citing_date",
        "page",
        "task_id",
        "sentence",
        "doc_id",
    ]
    return found[columns].sort_values(["key", "file", "page"], na_position="last").reset_index(drop=True)


def cited_by(data_dir: str | Path, document: str) -> pd.DataFrame:
    """What one document cites (by doc_id, file name or key), and whether each is in the dataset."""
    con = connect(data_dir)
    docs = con.execute("SELECT doc_id, source_path, key, issued_date, province FROM documents").df()
    pick = docs[
        (docs["doc_id"] == document)
        | (docs["key"] == document)
        | docs["source_path"].map(lambda p: Path(p).name == document)
    ]
    if pick.empty:
        raise UsageError(f"no document {document!r} in {data_dir} (give a doc_id, a file name or a key)")
    doc_id = pick.iloc[0]["doc_id"]
    cites = con.execute(
        "SELECT key, doc_type, issued_date, issuer, ref_id, raw, page, task_id "
        "FROM citations WHERE doc_id = ? ORDER BY page, citation_id",
        [doc_id],
    ).df()
    by_ref: dict[str, str] = {}
    for d in docs.astype(object).where(docs.notna(), None).to_dict("records"):
        if d["key"]:
            by_ref.setdefault(
                _document_ref(d["key"], d["issued_date"], d["province"]), Path(d["source_path"]).name
            )
    cites["in_dataset"] = cites["ref_id"].map(lambda r: by_ref.get(r) if isinstance(r, str) else None)
    return cites.drop_duplicates(subset=["key", "raw"]).reset_index(drop=True)


def _document_ref(key: str, issued, province: str | None) -> str:
    """A document's own `ref_id`, built as citations build theirs (contract): the key when it has a
    year, else key|issued_date|province."""
    if re.search(r"/(?:19|20)\d\d/", key):
        return key
    date = issued.isoformat()[:10] if hasattr(issued, "isoformat") else (str(issued)[:10] if issued else "")
    return f"{key}|{date}|{province or ''}"


def write_frame(frame: pd.DataFrame, fmt: str, out: str | None) -> str | None:
    """Render a result as `table`, `csv`, `json` or `parquet` (to `out`; parquet needs one)."""
    if fmt == "parquet":
        if not out:
            raise UsageError("--format parquet needs --output FILE")
        frame.to_parquet(out, index=False)
        return None
    if fmt == "csv":
        text = frame.to_csv(index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=1)
    else:
        with pd.option_context(
            "display.max_rows",
            500,
            "display.max_columns",
            30,
            "display.width",
            200,
            "display.max_colwidth",
            80,
        ):
            text = frame.to_string(index=False) if not frame.empty else "(no rows)"
    if out:
        Path(out).write_text(text, encoding="utf-8")
        return None
    return text
