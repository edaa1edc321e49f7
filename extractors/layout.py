"""Letterhead and signature blocks laid out as tables (DOCX always, PDF often): one block per
column instead of a table, so metadata reads them the same way from every format."""

from __future__ import annotations

import dataclasses

from ..normalizers.data import pattern
from .model import Block, BlockKind, Cell, Provenance, union_bbox

MAX_LAYOUT_ROWS = 4  # rows with text in a letterhead or signature table (agency, place/number, motto, date)
MAX_LAYOUT_COLUMNS = 3


def starts_body(block: Block) -> bool:
    """A body paragraph: after it, a layout table can no longer be the letterhead."""
    return block.kind in ("paragraph", "list_item") and block.provenance.part == "body"


def layout_blocks(block: Block, body_started: bool) -> list[Block]:
    """A letterhead or signature layout table becomes one block per column; other tables stay."""
    table = block.table
    if table is None:
        return [block]
    # judged by the rows and columns that hold text: a letterhead drawn with double rules (Cao
    # Bằng's resolution) is a grid of 8 × 6 with spacer rows and columns around 4 × 2 of text
    texted = [c for c in table.cells if c.text.strip()]
    # a signature table whose recipients' list runs one recipient per row (Cao Bằng's resolution):
    # as long as it wants, but it starts with "Nơi nhận:"
    recipients_first = bool(texted) and bool(
        pattern("metadata", "recipients").match(min(texted, key=lambda c: (c.row, c.col)).text)
    )
    too_long = len({c.row for c in texted}) > MAX_LAYOUT_ROWS and not recipients_first
    if too_long or len({c.col for c in texted}) > MAX_LAYOUT_COLUMNS:
        return [block]
    text = "\n".join(c.text for c in table.cells)
    kind: BlockKind
    if not body_started and (
        pattern("metadata", "motto").search(text) or pattern("metadata", "number_line").search(text)
    ):
        kind = "header"
    elif pattern("metadata", "recipients").search(text) or any(
        pattern("metadata", "signer_authority").match(line) for line in text.splitlines()
    ):
        kind = "signature"
    else:
        return [block]
    columns: dict[int, list[Cell]] = {}
    for c in sorted(table.cells, key=lambda c: (c.col, c.row)):
        if c.text.strip():
            columns.setdefault(c.col, []).append(c)
    return [
        Block(kind=kind, text="\n".join(c.text for c in cells), provenance=_column_provenance(cells, block))
        for _, cells in sorted(columns.items())
    ]


def _column_provenance(cells: list[Cell], table: Block) -> Provenance:
    """A column block is printed where its cells are (PDF); a DOCX column keeps the table's place."""
    page = min((c.page for c in cells if c.page is not None), default=None)
    if page is None:
        return table.provenance
    box = union_bbox([c.bbox for c in cells if c.page == page and c.bbox is not None])
    return dataclasses.replace(table.provenance, page=page, bbox=box)
