"""The one document model every extractor produces.

A `Document` is a list of `Block`s in reading order. Each block keeps where it came from
(`Provenance`: page and bbox for PDF, paragraph index for DOCX) so every output row can point
back at the source. Tables are blocks too (`kind == "table"`), holding a grid of `Cell`s with
their spans, so their position in the reading order is not lost; each cell keeps its own page and
bbox, so a table stitched across pages still says where each of its rows is printed.

A bbox is (x0, top, x1, bottom) in PDF points with the origin at the top left of its page (OCR
pixels are converted to points); it covers what is printed on `page`, the first page of the block.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Literal

from ..errors import ReadWarning

BlockKind = Literal[
    "heading", "paragraph", "list_item", "table", "header", "signature", "footnote", "page_furniture"
]
SourceFormat = Literal["pdf", "docx", "doc"]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top left


def union_bbox(boxes: list[BBox]) -> BBox | None:
    """The smallest box holding every box given (None for none)."""
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass(frozen=True)
class PagePart:
    """The part of a block printed on a later page than its first (a paragraph continued overleaf)."""

    start: int  # offset in `Block.text` where the part begins
    page: int
    bbox: BBox


@dataclass(frozen=True)
class Provenance:
    """Where a block sits in its source file."""

    page: int | None = None  # 1-based PDF page
    bbox: BBox | None = None  # on `page` (a block continued on the next page: its first part)
    paragraph: int | None = None  # 0-based index of the body element in a DOCX/DOC
    part: str = "body"  # body · header · footer · footnote · textbox
    overleaf: tuple[PagePart, ...] = ()  # the block's parts on later pages (PDF), in order


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    carried: bool = False  # extended over a row on the next page (a merged cell cut by a page break)
    page: int | None = None  # 1-based PDF page the cell starts on (None in DOCX/DOC)
    bbox: BBox | None = None  # where it starts, on `page`


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

    def row_provenance(self, row: int, table: Provenance) -> Provenance:
        """Where row `row` is printed: the page and bbox of the cells that start in it (a row on
        the third page of a stitched table says page 3). A row whose own cells hold no position (a
        DOCX table) takes the nearest earlier row's, else the table's (`table`)."""
        if all(c.page is None for c in self.cells):
            return table  # a DOCX table: no row has a position (and no scan back over every row)
        for r in range(row, -1, -1):
            placed = [c for c in self.cells if c.row == r and c.page is not None]
            if placed:
                page = min(c.page for c in placed if c.page is not None)
                boxes = [c.bbox for c in placed if c.page == page and c.bbox is not None]
                box = union_bbox(boxes)
                if box is not None:  # the row ends where its shortest cell does (merged cells go on)
                    box = (box[0], box[1], box[2], min(b[3] for b in boxes))
                return dataclasses.replace(table, page=page, bbox=box if r == row else None)
        return table

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

    def provenance_at(self, char: int) -> Provenance:
        """Where the character at offset `char` of `full_text` is printed: a paragraph continued
        overleaf gives its later page and the box of its part there."""
        full = self.full_text
        at = char - (len(full) - len(self.text) if full.endswith(self.text) else 0)
        where = self.provenance
        for part in self.provenance.overleaf:
            if at >= part.start:
                where = dataclasses.replace(self.provenance, page=part.page, bbox=part.bbox, overleaf=())
        return where


FillSource = Literal["widget", "ocr-digits"]


@dataclass(frozen=True)
class FilledIn:
    """A value filled into a blank of the page and read apart from the printed text, so that a
    field read from it can say how it was read: a PDF form field or free-text annotation (`widget`;
    its text is read in place with the page's text too, see `pdf_layer.open_page`), or a number or
    day written by hand into the blank after `Số:` or `ngày` of a scan and read as digits
    (`ocr-digits`; `text` is None when it could not be read with confidence, and the blank is then
    left empty in the blocks: a number is never guessed)."""

    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    text: str | None
    source: FillSource
    blank: str = ""  # which blank a handwritten value fills: number · day · month


@dataclass
class Document:
    source_path: str
    source_format: SourceFormat
    blocks: list[Block]
    pages: int | None = None
    ocr_pages: int = 0
    warnings: list[ReadWarning] = field(default_factory=list)  # parts that could not be read
    missing_programs: list[str] = field(default_factory=list)  # programs whose absence left parts unread
    filled_in: list[FilledIn] = field(default_factory=list)  # values filled into the page's blanks

    def __post_init__(self) -> None:
        # block ids are made once, here, when the blocks are final: every later stage and every
        # output row refers to a block by this id (a table row is `{block_id}.r{n}`)
        for i, b in enumerate(self.blocks, start=1):
            b.block_id = f"b{i}"

    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.provenance.part in ("body", "textbox")]
