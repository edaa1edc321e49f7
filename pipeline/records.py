"""The output tables, each declared once: a dataclass per table whose fields, in order, are the
table's columns, each with its Arrow type. The pyarrow schema (`schema.py`), the columns written
(`as_columns`) and the contract check in the tests all derive from these declarations.

Records are built with keyword arguments only, so a column can never be filled by position.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

_STR = pa.string()
_STRS = pa.list_(pa.string())
_MISSING: Any = dataclasses.MISSING


def column(arrow: pa.DataType, default: Any = _MISSING, *, factory: Any = _MISSING) -> Any:
    """A table column: its Arrow type, and its default (`factory` for lists)."""
    return field(default=default, default_factory=factory, metadata={"arrow": arrow})


def _list() -> Any:
    return column(_STRS, factory=list)


@dataclass(frozen=True, kw_only=True)
class TimelineItem:
    """One item of `tasks.timeline` (CONTRACT.md: kind, start, end, recurrence; `raw` extends it)."""

    kind: str = column(_STR)
    start: dt.date | None = column(pa.date32(), None)
    end: dt.date | None = column(pa.date32(), None)
    recurrence: str | None = column(_STR, None)
    raw: str | None = column(_STR, None)


TIMELINE_ITEM = pa.struct([(f.name, f.metadata["arrow"]) for f in dataclasses.fields(TimelineItem)])


@dataclass(frozen=True, kw_only=True)
class Box:
    """A `bbox` column: where the text is printed on its `page`, in PDF points (1/72 inch) with the
    origin at the top left of the page, like pdfplumber's `x0, top, x1, bottom`. OCR pages are
    converted from pixels. Null for DOCX and DOC, which have no page coordinates."""

    x0: float = column(pa.float64())
    top: float = column(pa.float64())
    x1: float = column(pa.float64())
    bottom: float = column(pa.float64())


BOX = pa.struct([(f.name, f.metadata["arrow"]) for f in dataclasses.fields(Box)])


def box_of(bbox: tuple[float, float, float, float] | None) -> Box | None:
    """A document-model bbox as a `bbox` value (rounded to 0.01 pt)."""
    if bbox is None:
        return None
    x0, top, x1, bottom = (round(float(v), 2) for v in bbox)
    return Box(x0=x0, top=top, x1=x1, bottom=bottom)


@dataclass(kw_only=True)
class DocumentRow:
    doc_id: str = column(_STR)
    source_path: str = column(_STR)
    other_paths: list[str] = _list()
    source_format: str | None = column(_STR, None)
    pages: int | None = column(pa.int32(), None)
    status: str = column(_STR, "ok")
    error: str | None = column(_STR, None)
    ocr_pages: int = column(pa.int32(), 0)
    doc_type: str | None = column(_STR, None)
    number: str | None = column(_STR, None)
    symbol: str | None = column(_STR, None)
    key: str | None = column(_STR, None)
    issued_date: dt.date | None = column(pa.date32(), None)
    place: str | None = column(_STR, None)
    issuer: str | None = column(_STR, None)
    parent_issuer: str | None = column(_STR, None)
    province: str | None = column(_STR, None)
    province_2025: str | None = column(_STR, None)
    title: str | None = column(_STR, None)
    plan_year_start: int | None = column(pa.int16(), None)
    plan_year_end: int | None = column(pa.int16(), None)
    signer_name: str | None = column(_STR, None)
    signer_title: str | None = column(_STR, None)
    # extensions beyond the contract
    sha256: str | None = column(_STR, None)
    size_bytes: int | None = column(pa.int64(), None)
    vnplan_version: str | None = column(_STR, None)
    error_code: str | None = column(_STR, None)  # stable code of the error kind (`pdf.password`, …)
    # the day the receiving office's stamp ("ĐẾN … Ngày: …") gives, never the document's own date
    received_date: dt.date | None = column(pa.date32(), None)
    # how each field above was read: text · widget · ocr · ocr-digits · inferred (a null value with
    # `ocr-digits` is handwriting that could not be read with confidence)
    field_sources: dict[str, str] = column(pa.map_(_STR, _STR), factory=dict)
    # the bytes of [source_path, *other_paths] when one of them is not valid UTF-8 (those two
    # columns then show each such byte as `\xNN`): names are kept losslessly whatever their bytes
    raw_paths: list[bytes] | None = column(pa.list_(pa.binary()), None)


def path_text(path: str | Path) -> str:
    r"""A path as a table stores it: unchanged when it is valid UTF-8, else with each byte that is
    not (held by Python as a surrogate escape) written `\xNN`; `raw_paths` keeps the bytes."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def raw_paths(paths: list[str]) -> list[bytes] | None:
    """The paths' bytes when one of them is not valid UTF-8 (see `DocumentRow.raw_paths`)."""
    if all(path_text(p) == p for p in paths):
        return None
    return [os.fsencode(p) for p in paths]


@dataclass(kw_only=True)
class SectionRow:
    doc_id: str = column(_STR)
    section_id: str = column(_STR)
    parent_id: str | None = column(_STR)
    level: int = column(pa.int8())
    label: str | None = column(_STR)
    path: str = column(_STR)
    title: str = column(_STR)
    page: int | None = column(pa.int32())
    ordinal: int = column(pa.int32())
    # extension: the paragraph (DOCX/DOC) of the heading
    paragraph: int | None = column(pa.int32())


@dataclass(kw_only=True)
class BlockRow:
    doc_id: str = column(_STR)
    block_id: str = column(_STR)
    ordinal: int = column(pa.int32())
    kind: str = column(_STR)
    text: str = column(_STR)
    section_id: str | None = column(_STR)
    page: int | None = column(pa.int32())
    ocr: bool = column(pa.bool_())
    # extensions: the printed numbering, where the block sits, whether all its text is bold
    label: str | None = column(_STR)
    paragraph: int | None = column(pa.int32())
    part: str = column(_STR)
    bold: bool = column(pa.bool_())
    bbox: Box | None = column(BOX, None)  # on `page` (a table row: its own cells)


@dataclass(kw_only=True)
class TableRow:
    doc_id: str = column(_STR)
    table_id: str = column(_STR)
    kind: str = column(_STR)
    page: int | None = column(pa.int32())
    header: list[str] = column(_STRS)
    rows: list[list[str]] = column(pa.list_(_STRS))
    # extensions: every page it spans, the data rows holding cells carried over a page break
    # (0-based indices into `rows`), the block in `blocks`
    pages: list[int] = column(pa.list_(pa.int32()), factory=list)
    carried_rows: list[int] = column(pa.list_(pa.int32()), factory=list)
    block_id: str | None = column(_STR, None)


@dataclass(kw_only=True)
class TaskRow:
    doc_id: str = column(_STR)
    task_id: str = column(_STR)
    origin: str = column(_STR)
    section_id: str | None = column(_STR)
    group: str | None = column(_STR)
    reform_area: str = column(_STR)
    label: str | None = column(_STR)
    text: str = column(_STR)
    products: list[str] = _list()
    lead_units: list[str] = _list()
    coordinating_units: list[str] = _list()
    monitoring_units: list[str] = _list()
    timeline_raw: str | None = column(_STR, None)
    timeline: list[TimelineItem] = column(pa.list_(TIMELINE_ITEM), factory=list)
    due_start: dt.date | None = column(pa.date32(), None)
    due_end: dt.date | None = column(pa.date32(), None)
    page: int | None = column(pa.int32())
    # extensions: the block (table row for annex tasks) the task starts in; the annex "Ghi chú" cell;
    # reading order over annex and body tasks alike; the box of the row or paragraph it starts in
    block_id: str | None = column(_STR)
    paragraph: int | None = column(pa.int32())
    notes: str | None = column(_STR, None)
    ordinal: int = column(pa.int32())
    bbox: Box | None = column(BOX, None)
    # extension: the annex task (its task_id) that this body task restates; null when it is its own
    same_as: str | None = column(_STR, None)


@dataclass(kw_only=True)
class UnitRow:
    unit_id: str = column(_STR)
    name: str = column(_STR)
    kind: str = column(_STR)
    province: str | None = column(_STR)
    aliases: list[str] = _list()
    # extension: the issuing body an internal division belongs to ("Văn phòng" of which Ban)
    scope: str | None = column(_STR, None)


@dataclass(kw_only=True)
class TaskUnitRow:
    doc_id: str = column(_STR)
    task_id: str = column(_STR)
    unit_id: str = column(_STR)
    role: str = column(_STR)
    raw: str = column(_STR)
    # extension: a parenthesised qualifier of the mention ("Bộ phận 1 cửa")
    note: str | None = column(_STR, None)


@dataclass(kw_only=True)
class CitationRow:
    doc_id: str = column(_STR)
    citation_id: str = column(_STR)
    raw: str = column(_STR)
    doc_type: str | None = column(_STR)
    number: str | None = column(_STR)
    year: int | None = column(pa.int16())
    symbol: str | None = column(_STR)
    key: str | None = column(_STR)
    name: str | None = column(_STR)
    issued_date: dt.date | None = column(pa.date32())
    issuer: str | None = column(_STR)
    ref_id: str | None = column(_STR)
    task_id: str | None = column(_STR)
    section_id: str | None = column(_STR)
    page: int | None = column(pa.int32())
    # extensions: where the mention sits in `blocks.text`, and whether the law was cited by name
    block_id: str = column(_STR)
    char_start: int = column(pa.int32())
    char_end: int = column(pa.int32())
    paragraph: int | None = column(pa.int32())
    by_name: bool = column(pa.bool_())
    # extensions: reading order; the box of the table cell or block holding the mention
    ordinal: int = column(pa.int32())
    bbox: Box | None = column(BOX, None)
    # extensions: the symbol as printed when the key corrects it (a misprint, OCR damage repaired),
    # and mentions OCR left too damaged to key (key null, raw kept)
    raw_symbol: str | None = column(_STR)
    damaged: bool = column(pa.bool_(), False)


@dataclass(kw_only=True)
class TargetRow:
    doc_id: str = column(_STR)
    target_id: str = column(_STR)
    section_id: str | None = column(_STR)
    reform_area: str = column(_STR)
    text: str = column(_STR)
    value: float | None = column(pa.float64())
    unit: str | None = column(_STR)
    comparator: str | None = column(_STR)
    # extensions: the words that state the value, and where the item sits
    value_raw: str | None = column(_STR)
    block_id: str = column(_STR)
    paragraph: int | None = column(pa.int32())
    page: int | None = column(pa.int32())
    ordinal: int = column(pa.int32())  # extension: reading order


@dataclass(kw_only=True)
class WorkRow:
    """Which work a document is: one document in all its renderings (DOCX, PDF, scan) and versions
    (draft, final). A document's own part holds only its evidence (`text_minhash`); the dataset's
    `works/part-all.parquet` is merged from all of them after every run (pipeline/works.py)."""

    doc_id: str = column(_STR)
    work_id: str | None = column(_STR, None)
    # the rendering whose rows are counted (not `primary`: a reserved word of SQL, quoted in every query)
    is_primary: bool | None = column(pa.bool_(), None)
    matched_by: str | None = column(_STR, None)  # rules `+`-joined ("key+text"), or `alone`
    renderings: int | None = column(pa.int32(), None)  # documents in the work
    text_minhash: list[int] = column(pa.list_(pa.int64()), factory=list)


# table name → its row type, in the order the tables are written
ROW_TYPES: dict[str, type] = {
    "documents": DocumentRow,
    "sections": SectionRow,
    "blocks": BlockRow,
    "tasks": TaskRow,
    "units": UnitRow,
    "task_units": TaskUnitRow,
    "citations": CitationRow,
    "tables": TableRow,
    "targets": TargetRow,
    "works": WorkRow,
}


@dataclass
class DocResult:
    """Everything one file contributes to the output, table by table."""

    document: DocumentRow
    rows: dict[str, list[Any]] = field(default_factory=dict)


def arrow_fields(row_type: type) -> list[tuple[str, pa.DataType]]:
    """(column, Arrow type) of a table's declaration, in order."""
    return [(f.name, f.metadata["arrow"]) for f in dataclasses.fields(row_type)]


def _plain(value: Any) -> Any:
    """A nested record (a timeline item) as the mapping Arrow writes as a struct."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return value


def as_columns(rows: list[Any], row_type: type) -> dict[str, list[Any]]:
    """Records of one table → column lists in declaration order. A record of another type is an
    error: a column can never be written as null because its record lacks it."""
    wrong = {type(r).__name__ for r in rows if type(r) is not row_type}
    if wrong:
        raise TypeError(f"{row_type.__name__} table given {', '.join(sorted(wrong))} records")
    return {name: [_plain(getattr(r, name)) for r in rows] for name, _ in arrow_fields(row_type)}
