"""Typed output rows, one dataclass per table (fields in the order of `schema.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class DocumentRow:
    doc_id: str
    source_path: str
    other_paths: list[str] = field(default_factory=list)
    source_format: str | None = None
    pages: int | None = None
    status: str = "ok"
    error: str | None = None
    ocr_pages: int = 0
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    key: str | None = None
    issued_date: dt.date | None = None
    place: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    province: str | None = None
    province_2025: str | None = None
    title: str | None = None
    plan_year_start: int | None = None
    plan_year_end: int | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    sha256: str | None = None
    size_bytes: int | None = None
    vnplan_version: str | None = None


@dataclass
class SectionRow:
    doc_id: str
    section_id: str
    parent_id: str | None
    level: int
    label: str | None
    path: str
    title: str
    page: int | None
    ordinal: int
    paragraph: int | None


@dataclass
class BlockRow:
    doc_id: str
    block_id: str
    ordinal: int
    kind: str
    text: str
    section_id: str | None
    page: int | None
    ocr: bool
    label: str | None
    paragraph: int | None
    part: str
    bold: bool


@dataclass
class TableRow:
    doc_id: str
    table_id: str
    kind: str
    page: int | None
    header: list[str]
    rows: list[list[str]]
    pages: list[int] = field(default_factory=list)
    carried_rows: list[int] = field(default_factory=list)
    block_id: str | None = None


@dataclass
class TaskRow:
    doc_id: str
    task_id: str
    origin: str
    section_id: str | None
    group: str | None
    reform_area: str
    label: str | None
    text: str
    products: list[str]
    lead_units: list[str]
    coordinating_units: list[str]
    monitoring_units: list[str]
    timeline_raw: str | None
    timeline: list[dict[str, Any]]
    due_start: dt.date | None
    due_end: dt.date | None
    page: int | None
    block_id: str | None
    paragraph: int | None
    notes: str | None = None


@dataclass
class TaskUnitRow:
    doc_id: str
    task_id: str
    unit_id: str
    role: str
    raw: str
    note: str | None


@dataclass
class UnitRow:
    unit_id: str
    name: str
    kind: str
    province: str | None
    aliases: list[str]
    scope: str | None


@dataclass
class TargetRow:
    doc_id: str
    target_id: str
    section_id: str | None
    reform_area: str
    text: str
    value: float | None
    unit: str | None
    comparator: str | None
    value_raw: str | None
    block_id: str
    paragraph: int | None
    page: int | None


@dataclass
class CitationRow:
    doc_id: str
    citation_id: str
    raw: str
    doc_type: str | None
    number: str | None
    year: int | None
    symbol: str | None
    key: str | None
    name: str | None
    issued_date: dt.date | None
    issuer: str | None
    ref_id: str | None
    task_id: str | None
    section_id: str | None
    page: int | None
    block_id: str
    char_start: int
    char_end: int
    paragraph: int | None
    by_name: bool


@dataclass
class DocResult:
    """Everything one file contributes to the output, table by table."""

    document: DocumentRow
    rows: dict[str, list[Any]] = field(default_factory=dict)


def as_columns(rows: list[Any], names: list[str]) -> dict[str, list[Any]]:
    """Rows of a dataclass → column lists in schema order (missing fields are null)."""
    if rows:
        have = {f.name for f in fields(rows[0])}
    else:
        have = set()
    return {n: [getattr(r, n) if n in have else None for r in rows] for n in names}
