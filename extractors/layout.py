"""Letterhead and signature blocks laid out as tables (DOCX always, PDF often): one block per
column instead of a table, so metadata reads them the same way from every format."""

from __future__ import annotations

from ..normalizers.data import pattern
from .model import Block


def starts_body(block: Block) -> bool:
    """A body paragraph: after it, a layout table can no longer be the letterhead."""
    return block.kind in ("paragraph", "list_item") and block.provenance.part == "body"


def layout_blocks(block: Block, body_started: bool) -> list[Block]:
    """A letterhead or signature layout table becomes one block per column; other tables stay."""
    table = block.table
    if table is None or table.n_rows > 3 or table.n_cols > 3:
        return [block]
    text = "\n".join(c.text for c in table.cells)
    if not body_started and (pattern("metadata", "motto").search(text) or pattern("metadata", "number_line").search(text)):
        kind = "header"
    elif pattern("metadata", "recipients").search(text) or any(
            pattern("metadata", "signer_authority").match(line) for line in text.splitlines()):
        kind = "signature"
    else:
        return [block]
    columns: dict[int, list[str]] = {}
    for c in sorted(table.cells, key=lambda c: (c.col, c.row)):
        if c.text.strip():
            columns.setdefault(c.col, []).append(c.text)
    return [Block(kind=kind, text="\n".join(parts), provenance=block.provenance) for _, parts in sorted(columns.items())]
