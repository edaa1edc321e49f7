"""The one document model every extractor produces.

A `Document` is a list of `Block`s in reading order. Each block keeps where it came from
(`Provenance`: page and bbox for PDF, paragraph index for DOCX) so every output row can point
back at the source. Tables are blocks too (`kind == "table"`), holding a grid of `Cell`s with
their spans, so their position in the reading order is not lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..errors import ReadWarning

BlockKind = Literal[
    "heading", "paragraph", "list_item", "table", "header", "signature", "footnote", "page_furniture"
]
SourceFormat = Literal["pdf", "docx", "doc"]


@dataclass(frozen=True)
class Provenance:
    """Where a block sits in its source file."""

    page: int | None = None  # 1-based PDF page
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    paragraph: int | None = None  # 0-based index of the body element in a DOCX/DOC
    part: str = "body"  # body · header · footer · footnote · textbox


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    carried: bool = False  # extended over a row on the next page (a merged cell cut by a page break)


@dataclass
class Table:
    """A grid of cells. A merged cell is stored once, at its top-left position, with spans."""

    cells: list[Cell]
    n_rows: int
    n_cols: int
    pages: list[int] = field(default_factory=list)

    def grid(self, carry: bool = True) -> list[list[str]]:
        """Row-major text grid; with `carry`, a merged cell's text fills every slot it covers."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    if carry or (r == c.row and k == c.col):
                        out[r][k] = c.text
        return out

    def row_layout(self) -> list[list[tuple[Cell, int]]]:
        """Each row's distinct cells in column order with their start offset in `row_texts()`;
        a merged cell appears in every row it covers."""
        rows: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                rows[r].append(c)
        out = []
        for cells in rows:
            at, placed = 0, []
            for c in sorted(cells, key=lambda c: c.col):
                placed.append((c, at))
                at += len(c.text) + len(_CELL_JOIN)
            out.append(placed)
        return out

    def row_texts(self) -> list[str]:
        """Each row's distinct cells joined with ` | ` (a merged cell counted once per row)."""
        return [_CELL_JOIN.join(c.text for c, _ in row) for row in self.row_layout()]


_CELL_JOIN = " | "


@dataclass
class Block:
    kind: BlockKind
    text: str
    provenance: Provenance
    label: str | None = None  # printed numbering ("I.", "1.", "a)", "-"), auto-numbering resolved
    bold: bool = False  # all (non-space) text bold
    italic: bool = False
    upper: bool = False  # all letters upper case
    size: float | None = None  # dominant font size in points
    indent: float | None = None  # first-line x position (PDF) or indent (DOCX), points
    centered: bool = False
    bold_lead: str | None = None  # the bold words a partly bold block opens with (a run-in heading)
    ocr: bool = False
    table: Table | None = None
    block_id: str = ""  # `b{n}` in reading order, given when the document is made (Document)

    @property
    def full_text(self) -> str:
        """The text as printed, numbering label included."""
        if self.label and not self.text.startswith(self.label):
            return f"{self.label} {self.text}".strip()
        return self.text


@dataclass
class Document:
    source_path: str
    source_format: SourceFormat
    blocks: list[Block]
    pages: int | None = None
    ocr_pages: int = 0
    warnings: list[ReadWarning] = field(default_factory=list)  # parts that could not be read

    def __post_init__(self) -> None:
        # block ids are made once, here, when the blocks are final: every later stage and every
        # output row refers to a block by this id (a table row is `{block_id}.r{n}`)
        for i, b in enumerate(self.blocks, start=1):
            b.block_id = f"b{i}"

    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.provenance.part in ("body", "textbox")]
