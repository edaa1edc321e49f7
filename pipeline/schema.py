"""One explicit pyarrow schema per output table (see CONTRACT.md), with the schema version that
every Parquet file carries in its metadata (`vnplan.schema_version`)."""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1.0"
VERSION_KEY = b"vnplan.schema_version"

_str = pa.string()
_strs = pa.list_(pa.string())

TIMELINE_ITEM = pa.struct(
    [
        ("kind", _str),
        ("start", pa.date32()),
        ("end", pa.date32()),
        ("recurrence", _str),
        ("raw", _str),
    ]
)

_TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    "documents": [
        ("doc_id", _str),
        ("source_path", _str),
        ("other_paths", _strs),
        ("source_format", _str),
        ("pages", pa.int32()),
        ("status", _str),
        ("error", _str),
        ("ocr_pages", pa.int32()),
        ("doc_type", _str),
        ("number", _str),
        ("symbol", _str),
        ("key", _str),
        ("issued_date", pa.date32()),
        ("place", _str),
        ("issuer", _str),
        ("parent_issuer", _str),
        ("province", _str),
        ("province_2025", _str),
        ("title", _str),
        ("plan_year_start", pa.int16()),
        ("plan_year_end", pa.int16()),
        ("signer_name", _str),
        ("signer_title", _str),
        # extensions beyond the contract
        ("sha256", _str),
        ("size_bytes", pa.int64()),
        ("vnplan_version", _str),
    ],
    "sections": [
        ("doc_id", _str),
        ("section_id", _str),
        ("parent_id", _str),
        ("level", pa.int8()),
        ("label", _str),
        ("path", _str),
        ("title", _str),
        ("page", pa.int32()),
        ("ordinal", pa.int32()),
        ("paragraph", pa.int32()),
    ],
    "blocks": [
        ("doc_id", _str),
        ("block_id", _str),
        ("ordinal", pa.int32()),
        ("kind", _str),
        ("text", _str),
        ("section_id", _str),
        ("page", pa.int32()),
        ("ocr", pa.bool_()),
        ("label", _str),
        ("paragraph", pa.int32()),
        ("part", _str),
        ("bold", pa.bool_()),
    ],
    "tasks": [
        ("doc_id", _str),
        ("task_id", _str),
        ("origin", _str),
        ("section_id", _str),
        ("group", _str),
        ("reform_area", _str),
        ("label", _str),
        ("text", _str),
        ("products", _strs),
        ("lead_units", _strs),
        ("coordinating_units", _strs),
        ("monitoring_units", _strs),
        ("timeline_raw", _str),
        ("timeline", pa.list_(TIMELINE_ITEM)),
        ("due_start", pa.date32()),
        ("due_end", pa.date32()),
        ("page", pa.int32()),
        # extensions: the block (table row for annex tasks) the task starts in; the annex "Ghi chú" cell
        ("block_id", _str),
        ("paragraph", pa.int32()),
        ("notes", _str),
    ],
    "units": [
        ("unit_id", _str),
        ("name", _str),
        ("kind", _str),
        ("province", _str),
        ("aliases", _strs),
        # extension: the issuing body an internal division belongs to ("Văn phòng" of which Ban)
        ("scope", _str),
    ],
    "task_units": [
        ("doc_id", _str),
        ("task_id", _str),
        ("unit_id", _str),
        ("role", _str),
        ("raw", _str),
        # extension: a parenthesised qualifier of the mention ("Bộ phận 1 cửa")
        ("note", _str),
    ],
    "citations": [
        ("doc_id", _str),
        ("citation_id", _str),
        ("raw", _str),
        ("doc_type", _str),
        ("number", _str),
        ("year", pa.int16()),
        ("symbol", _str),
        ("key", _str),
        ("name", _str),
        ("issued_date", pa.date32()),
        ("issuer", _str),
        ("ref_id", _str),
        ("task_id", _str),
        ("section_id", _str),
        ("page", pa.int32()),
        # extensions: where the mention sits in `blocks.text`, and whether the law was cited by name
        ("block_id", _str),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("paragraph", pa.int32()),
        ("by_name", pa.bool_()),
    ],
    "tables": [
        ("doc_id", _str),
        ("table_id", _str),
        ("kind", _str),
        ("page", pa.int32()),
        ("header", _strs),
        ("rows", pa.list_(_strs)),
        # extensions: every page it spans, the data rows holding cells carried over a page break
        # (0-based indices into `rows`), the block in `blocks`
        ("pages", pa.list_(pa.int32())),
        ("carried_rows", pa.list_(pa.int32())),
        ("block_id", _str),
    ],
    "targets": [
        ("doc_id", _str),
        ("target_id", _str),
        ("section_id", _str),
        ("reform_area", _str),
        ("text", _str),
        ("value", pa.float64()),
        ("unit", _str),
        ("comparator", _str),
        # extensions: the words that state the value, and where the item sits
        ("value_raw", _str),
        ("block_id", _str),
        ("paragraph", pa.int32()),
        ("page", pa.int32()),
    ],
}

TABLE_NAMES: tuple[str, ...] = tuple(_TABLES)


def schema(table: str) -> pa.Schema:
    """The schema of one output table, with the schema version in its metadata."""
    return pa.schema(
        [pa.field(n, t) for n, t in _TABLES[table]],
        metadata={VERSION_KEY: SCHEMA_VERSION.encode(), b"vnplan.table": table.encode()},
    )


def columns(table: str) -> list[str]:
    return [n for n, _ in _TABLES[table]]
