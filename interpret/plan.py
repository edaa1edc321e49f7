"""`interpret(document) -> Plan`: the one entry point of the interpretation stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..extractors.model import Document
from .annex import AnnexTask, extract_annex_tasks
from .body import BodyItem, extract_body_items
from .metadata import DocumentInfo, describe_document
from .structure import Section, assign_sections, attached_plans, build_sections
from .tables import table_kind


@dataclass(frozen=True)
class PlanTable:
    """A table that is not a task table, with its kind (`statistics`, `schedule`, …)."""

    block_index: int
    kind: str


@dataclass
class Plan:
    """What a document says, read from its blocks: its own fields, its sections (and the section
    each block belongs to), the annex task rows, body task and target items, and its other tables.
    Values are raw here, as printed; the normalizers turn them into the output's values."""

    info: DocumentInfo
    sections: list[Section]
    owners: list[str | None]  # section_id of each block (None before the first heading)
    annex: list[AnnexTask]
    body: list[BodyItem]
    tables: list[PlanTable]


def interpret(document: Document) -> Plan:
    """Read a document model as a plan. Same for every source format."""
    blocks = document.blocks
    info = describe_document(document)
    attached = attached_plans(blocks, info.body_end)  # a plan attached to the decision that enacts it
    sections = build_sections(blocks, info.body_start, info.body_end, attached)
    owners = assign_sections(len(blocks), sections)
    annex = extract_annex_tasks(blocks)
    body = extract_body_items(blocks, sections, owners, info.body_end, info.doc_type, attached)
    task_blocks = {t.block_index for t in annex}
    tables = []
    for i, b in enumerate(blocks):
        if b.kind != "table" or b.table is None or i in task_blocks:
            continue
        kind = table_kind(b.table)
        if kind != "layout":  # letterhead and signature tables are read as metadata, not kept
            tables.append(PlanTable(i, kind))
    return Plan(info, sections, owners, annex, body, tables)
