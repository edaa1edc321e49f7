"""Parquet output: one part file per document and table (`OUT/<table>/part-<doc_id>.parquet`).

Every table gets a part for every document, empty or not, so both contract readers (pyarrow
dataset, DuckDB glob) work on any output. Parts are written to a temporary name and renamed into
place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import OutputError
from .records import DocResult, UnitRow, as_columns
from .schema import TABLE_NAMES, columns, schema

DATASET_WIDE = ("units",)  # tables whose rows span documents (merged from per-document parts each run)
_BY_DOC = "_by_doc"  # OUT/_by_doc/<table>/: per-document parts of dataset-wide tables, outside the table folders


def part_path(out: Path, table: str, doc_id: str) -> Path:
    if table in DATASET_WIDE:
        return out / _BY_DOC / table / f"part-{doc_id}.parquet"
    return out / table / f"part-{doc_id}.parquet"


def warm_up_writer() -> None:
    """Arrow sets up its Parquet writer on the first write (0.2 s): do it once before forking."""
    pq.write_table(pa.table(as_columns([], columns("documents")), schema=schema("documents")), pa.BufferOutputStream())


def write_table(path: Path, table: str, rows: list[Any]) -> None:
    data = pa.table(as_columns(rows, columns(table)), schema=schema(table))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(data, tmp)
    os.replace(tmp, path)


def write_result(out: Path, result: DocResult) -> None:
    """All tables' parts for one document; the documents part last (it marks the document done)."""
    doc_id = result.document.doc_id
    try:
        for table in TABLE_NAMES:
            if table == "documents":
                continue
            write_table(part_path(out, table, doc_id), table, result.rows.get(table, []))
        write_table(part_path(out, "documents", doc_id), "documents", [result.document])
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from exc


def remove_document(out: Path, doc_id: str) -> None:
    for table in TABLE_NAMES:
        part_path(out, table, doc_id).unlink(missing_ok=True)


def merge_units(out: Path) -> int:
    """The dataset's `units` table: one row per unit_id over every document's part, aliases merged."""
    parts = sorted((out / _BY_DOC / "units").glob("part-*.parquet"))
    merged: dict[str, dict[str, Any]] = {}
    for part in parts:
        for row in pq.read_table(part).to_pylist():
            have = merged.setdefault(row["unit_id"], {**row, "aliases": []})
            for alias in row["aliases"] or []:
                if alias not in have["aliases"]:
                    have["aliases"].append(alias)
    rows = [UnitRow(**{**merged[k], "aliases": sorted(merged[k]["aliases"])}) for k in sorted(merged)]
    write_table(out / "units" / "part-all.parquet", "units", rows)
    (out / "units" / "part-empty.parquet").unlink(missing_ok=True)
    return len(rows)


def ensure_tables(out: Path) -> None:
    """An empty part for any table that has none yet (an empty run still gives readable tables)."""
    for table in TABLE_NAMES:
        folder = out / table
        if not any(folder.glob("*.parquet")) if folder.exists() else True:
            write_table(folder / "part-empty.parquet", table, [])
