"""Parquet output: one part file per document and table (`OUT/<table>/part-<doc_id>.parquet`).

Every table gets a part for every document, empty or not, so both contract readers (pyarrow
dataset, DuckDB glob) work on any output. Parts go through a `Store` (a local folder or an fsspec
URL), which never lets a reader see half a file.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .records import ROW_TYPES, DocResult, UnitRow, as_columns
from .schema import TABLE_NAMES, schema
from .storage import Store

# tables whose rows span documents (merged from per-document parts each run: `merge_units`,
# works.merge_works)
DATASET_WIDE = ("units", "works")
BY_DOC = (
    "_by_doc"  # OUT/_by_doc/<table>/: per-document parts of dataset-wide tables, outside the table folders
)


def part_path(table: str, doc_id: str) -> str:
    """A document's part of a table, relative to the dataset root."""
    if table in DATASET_WIDE:
        return f"{BY_DOC}/{table}/part-{doc_id}.parquet"
    return f"{table}/part-{doc_id}.parquet"


def warm_up_writer() -> None:
    """Arrow sets up its Parquet writer on the first write (0.2 s): do it once before forking."""
    _parquet_bytes("documents", [])


def _parquet_bytes(table: str, rows: list[Any]) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(as_columns(rows, ROW_TYPES[table]), schema=schema(table)), sink)
    return sink.getvalue().to_pybytes()


def write_table(store: Store, rel: str, table: str, rows: list[Any]) -> None:
    store.write(rel, _parquet_bytes(table, rows))


def write_result(store: Store, result: DocResult) -> None:
    """All tables' parts for one document; the documents part last (it marks the document done).
    A document read again first loses its documents part, so that a query meanwhile sees it whole
    or not at all, never its old rows in one table beside its new rows in another."""
    doc_id = result.document.doc_id
    store.remove(part_path("documents", doc_id))
    for table in TABLE_NAMES:
        if table == "documents":
            continue
        write_table(store, part_path(table, doc_id), table, result.rows.get(table, []))
    write_table(store, part_path("documents", doc_id), "documents", [result.document])


def written_documents(store: Store) -> set[str]:
    """The doc_ids whose documents part is in the folder: the documents written whole."""
    names = (n.rsplit("/", 1)[-1][len("part-") : -len(".parquet")] for n in store.list("documents", "part-*"))
    return {n for n in names if n not in ("empty", "all")}


def remove_document(store: Store, doc_id: str) -> None:
    """Every part of one document, its documents part first (queries meanwhile no longer see it)."""
    for table in ("documents", *(t for t in TABLE_NAMES if t != "documents")):
        store.remove(part_path(table, doc_id))


def merge_units(store: Store) -> int:
    """The dataset's `units` table: one row per unit_id over every document's part, aliases merged."""
    merged: dict[str, dict[str, Any]] = {}
    for part in store.list(f"{BY_DOC}/units", "part-*.parquet"):
        for row in read_part(store, part).to_pylist():
            have = merged.setdefault(row["unit_id"], {**row, "aliases": []})
            for alias in row["aliases"] or []:
                if alias not in have["aliases"]:
                    have["aliases"].append(alias)
    rows = [UnitRow(**{**merged[k], "aliases": sorted(merged[k]["aliases"])}) for k in sorted(merged)]
    write_table(store, "units/part-all.parquet", "units", rows)
    store.remove("units/part-empty.parquet")
    return len(rows)


def read_part(store: Store, part: str) -> pa.Table:
    """One small part, read in this thread (`pq.read_table` starts a thread even without
    `use_threads`): Arrow's pool threads, once started in the process that runs the batch, now and
    then abort it at exit after all its work is done ("terminate called without an active
    exception", exit -6: apache/arrow#34314; seen twice in the probes)."""
    return pq.ParquetFile(pa.BufferReader(store.read(part) or b"")).read(use_threads=False)


def ensure_tables(store: Store) -> None:
    """An empty part for any table that has none yet (an empty run still gives readable tables),
    gone again once the table has parts of its own: the folder then holds what a run that had
    the documents from the start would have written."""
    for table in TABLE_NAMES:
        empty = f"{table}/part-empty.parquet"
        parts = store.list(table)
        if not parts:
            write_table(store, empty, table, [])
        elif empty in parts and len(parts) > 1:
            store.remove(empty)
