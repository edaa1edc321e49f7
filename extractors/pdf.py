"""PDF → Document with pdfium (text layer, see `pdf_layer`), pdfplumber's table finder (ruled
tables) and tesseract (pages without a usable text layer).

Steps, each a small function: words → lines (with column segments, so a two-column letterhead
is not read across) → running page numbers and repeated headers/footers removed → lines joined
into paragraphs (indent, short last line, style and spacing decide) → blocks. Ruled tables are
found only on pages with ruling lines or rectangles, and their words are kept out of the text
flow. Junk before `%PDF` (seen in real files) is cut off before parsing.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder, TableSettings

from ..errors import OcrUnavailable, PasswordProtected, ReadWarning
from ..normalizers.data import pattern
from ..normalizers.labels import split_label
from ..normalizers.legacy import decode_legacy, encoding_of_font, guess_encoding, is_capitals_font
from ..normalizers.text import clean_text, is_upper, loose_key
from .layout import layout_blocks, starts_body
from .model import Block, BlockKind, Cell, Document, Provenance, Table
from .ocr import OcrPage, fix_ocr_text, ocr_page, text_layer_verdict
from .pdf_layer import Char, PageLayer, chars_in, line_words, read_layer, words_of

SEGMENT_GAP = 24.0  # points between words that split a line into columns (letterhead, signature)
TABLE_SETTINGS = TableSettings.resolve(None)  # pdfplumber's defaults: cells from ruling lines
MARGIN_ZONE = 0.09  # top/bottom share of the page where running headers and page numbers sit


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    bold: bool
    italic: bool
    size: float
    segments: list[tuple[float, float, str]] = field(default_factory=list)  # (x0, x1, text)
    page_width: float = 0.0


def open_pdf(path: str | Path) -> pdfium.PdfDocument:
    """Open a PDF, skipping junk bytes before the `%PDF` header when there are any. A PDF encrypted
    with an empty user password opens; one that needs a password raises `PasswordProtected`."""
    try:
        return pdfium.PdfDocument(pdf_bytes(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise PasswordProtected("it is protected by a password") from exc
        raise


def _style(words: list[dict]) -> tuple[bool, bool, float]:
    chars = sum(len(wd["text"]) for wd in words) or 1
    bold = sum(len(wd["text"]) for wd in words if "bold" in wd["fontname"].lower()) / chars
    italic = (
        sum(
            len(wd["text"])
            for wd in words
            if "italic" in wd["fontname"].lower() or "oblique" in wd["fontname"].lower()
        )
        / chars
    )
    size = Counter(round(wd["size"], 1) for wd in words).most_common(1)[0][0]
    return bold > 0.6, italic > 0.6, size


def words_to_lines(words: list[dict], page_no: int, page_width: float) -> list[Line]:
    """Group words into lines by vertical position; split each line into column segments."""
    words = sorted(words, key=lambda wd: (round(wd["top"]), wd["x0"]))
    rows: list[list[dict]] = []
    for wd in words:
        if rows and abs(rows[-1][0]["top"] - wd["top"]) <= max(2.5, wd["size"] * 0.3):
            rows[-1].append(wd)
        else:
            rows.append([wd])
    lines = []
    for row in rows:
        row.sort(key=lambda wd: wd["x0"])
        segments: list[list[dict]] = [[row[0]]]
        for prev, wd in zip(row, row[1:], strict=False):
            if wd["x0"] - prev["x1"] > SEGMENT_GAP:
                segments.append([wd])
            else:
                segments[-1].append(wd)
        bold, italic, size = _style(row)
        segs = [(s[0]["x0"], s[-1]["x1"], clean_text(" ".join(wd["text"] for wd in s))) for s in segments]
        lines.append(
            Line(
                page=page_no,
                top=min(wd["top"] for wd in row),
                bottom=max(wd["bottom"] for wd in row),
                x0=row[0]["x0"],
                x1=row[-1]["x1"],
                text=clean_text(" ".join(t for _, _, t in segs)),
                bold=bold,
                italic=italic,
                size=size,
                segments=segs,
                page_width=page_width,
            )
        )
    return [ln for ln in lines if ln.text]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def remove_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop running page numbers and lines repeated in the top/bottom margin of most pages."""
    page_number = pattern("metadata", "page_number")
    in_margin = []
    for lines, height in zip(pages, heights, strict=False):
        in_margin.append(
            [ln for ln in lines if ln.top < height * MARGIN_ZONE or ln.bottom > height * (1 - MARGIN_ZONE)]
        )
    repeated = Counter(
        _furniture_key(ln.text) for lines in in_margin for ln in {x.text: x for x in lines}.values()
    )
    threshold = max(2, int(len(pages) * 0.5))
    out = []
    for lines, margin in zip(pages, in_margin, strict=False):
        drop = {
            id(ln)
            for ln in margin
            if page_number.match(ln.text)
            or (len(pages) >= 3 and repeated[_furniture_key(ln.text)] >= threshold)
        }
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


_SYMBOL_WRAP = re.compile(r"[A-ZĐ0-9/]-$")  # "…/QĐ-" at a line end, "UBND" on the next line


def join_lines(first: str, second: str) -> str:
    """Two wrapped lines as one: a space between them, except inside a document symbol cut after
    its hyphen ("01/2018/QĐ-" + "UBND" → "01/2018/QĐ-UBND")."""
    if _SYMBOL_WRAP.search(first) and second[:1].isupper():
        return first + second
    return f"{first} {second}"


_CONTINUED = re.compile(
    r"(?:,|-|–|\b(?:và|của|các|tại|theo|về|ngày|số|trên|cho|với|hoặc))\s*$", re.IGNORECASE
)


def join_wrapped(text: str) -> str:
    """Cell text wrapped by the column width → one line per item. A line starts a new item when it
    starts with a label, or with a capital after a line that does not run on ("Văn phòng\nSở Tư pháp")."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        new_item = split_label(line)[0] is not None or (
            line[:1].isupper() and bool(out) and not _CONTINUED.search(out[-1])
        )
        if out and not new_item:
            out[-1] = join_lines(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


@dataclass
class _Found:
    page: int
    top: float
    bottom: float
    page_height: float
    table: Table
    edges: tuple[float, ...] = ()  # x of the column rules
    text_above: bool = True  # body text between the page head and the table
    text_below: bool = True  # body text between the table and the page foot


def _same_columns(a: _Found, b: _Found) -> bool:
    """Same outer rules and about the same columns (a section of a long table may move an inner
    rule or add one: its cells are mapped onto the first page's columns)."""
    if a.edges and b.edges:
        return (
            abs(a.edges[0] - b.edges[0]) <= 3
            and abs(a.edges[-1] - b.edges[-1]) <= 3
            and abs(len(a.edges) - len(b.edges)) <= 1
        )
    return a.table.n_cols == b.table.n_cols


def _remap_columns(more: Table, edges: tuple[float, ...], onto: tuple[float, ...]) -> None:
    """Give `more`'s cells the column indices of a table ruled at `onto`, by each cell's x-range;
    two cells of a row that land in one column are joined."""
    if edges == onto or not edges or not onto:
        return

    def column(x: float) -> int:
        return max(
            0, min(len(onto) - 2, next((k for k in range(len(onto) - 1) if x < onto[k + 1]), len(onto) - 2))
        )

    placed: dict[tuple[int, int], Cell] = {}
    for c in sorted(more.cells, key=lambda c: (c.row, c.col)):
        x0, x1 = edges[c.col], edges[min(c.col + c.colspan, len(edges) - 1)]
        first, last = column(x0 + 1), column(x1 - 1)
        c.col, c.colspan = first, last - first + 1
        if (c.row, first) in placed:
            kept = placed[(c.row, first)]
            kept.text = " ".join(t for t in (kept.text, c.text) if t)
            continue
        placed[(c.row, first)] = c
    more.cells = list(placed.values())
    more.n_cols = len(onto) - 1


def _continues(prev: _Found, nxt: _Found) -> bool:
    """A table that ends its page (nothing but furniture below it) and one that starts the next page
    (nothing above it), with the same column rules: one table cut by the page break."""
    ends_page = not prev.text_below or prev.bottom > prev.page_height * 0.7
    starts_page = not nxt.text_above or nxt.top < nxt.page_height * 0.3
    return nxt.page == prev.table.pages[-1] + 1 and _same_columns(prev, nxt) and ends_page and starts_page


def _same_row(a: list[str], b: list[str]) -> bool:
    """The header repeated on a new page: equal cells, or (OCR) most cells equal up to noise."""
    if a == b:
        return True
    keys = [(loose_key(x), loose_key(y)) for x, y in zip(a, b, strict=False) if x or y]
    return bool(keys) and sum(x == y for x, y in keys) / len(keys) >= 0.6


def _cell_at(table: Table, row: int, col: int) -> Cell | None:
    for c in table.cells:
        if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
            return c
    return None


def _append_rows(into: Table, more: Table) -> None:
    """Append `more` below `into`: a header row repeated on the new page is dropped, and a first row
    with an empty first column continues the last row of `into` — its text is joined to the cut
    row's cells (a row broken by the page), or, where it brings new text, it is a new row under
    cells merged down from above (they are extended over it)."""
    grid = more.grid(carry=False)
    skip = 1 if grid and any(grid[0]) and _same_row(grid[0], into.grid(carry=False)[0]) else 0
    first = grid[skip] if len(grid) > skip else []
    if first and not first[0].strip() and any(first) and into.n_rows:
        last = into.n_rows - 1
        broken = all(t[:1].islower() or not t for t in first)
        if broken:  # the rest of a row cut by the page: join it to the cells above, drop the row
            for k, text in enumerate(first):
                above = _cell_at(into, last, k)
                if text and above is not None:
                    above.text = join_lines(above.text, text) if above.text else text
            skip += 1
        else:  # new rows under cells merged from above: extend those cells over the rows they leave empty
            for r in range(skip, len(grid)):
                row = grid[r]
                if row[0].strip():
                    break
                lead = next((k for k, t in enumerate(row) if t.strip()), len(row))
                for k in range(lead):
                    above = _cell_at(into, last, k)
                    if above is not None and above.row + above.rowspan == last + 1 + (r - skip):
                        above.rowspan += 1
                        above.carried = True
                        more.cells = [c for c in more.cells if not (c.row == r and c.col == k and not c.text)]
    for c in more.cells:
        if c.row < skip:
            continue
        c.row += into.n_rows - skip
        into.cells.append(c)
    into.n_rows += more.n_rows - skip
    into.pages.extend(more.pages)


def stitch_tables(found: list[_Found]) -> list[_Found]:
    """Tables continued across pages become one table."""
    out: list[_Found] = []
    for f in found:
        if out and _continues(out[-1], f):
            _remap_columns(f.table, f.edges, out[-1].edges)
            _append_rows(out[-1].table, f.table)
            out[-1].bottom, out[-1].page_height = f.bottom, f.page_height
        else:
            out.append(f)
    return out


def _table_cells(
    table, layer: PageLayer, page_no: int, encoding: str | None
) -> tuple[Table, tuple[float, ...]]:
    """pdfplumber table → grid of cells with spans (a merged cell appears once), and the x of its
    column rules. A cell's text is read from its characters, legacy fonts decoded."""
    boxes = [c for row in table.rows for c in row.cells if c is not None]
    xs = sorted({round(v, 0) for c in boxes for v in (c[0], c[2])})
    ys = sorted({round(v, 0) for c in boxes for v in (c[1], c[3])})

    def index(values: list[float], v: float) -> int:
        return min(range(len(values)), key=lambda i: abs(values[i] - round(v, 0)))

    cells = []
    for row in table.rows:
        row_chars = chars_in(layer.chars, row.bbox)
        for box in row.cells:
            if box is None:
                continue
            text = _text_of(chars_in(row_chars, box), encoding)
            c0, c1 = index(xs, box[0]), index(xs, box[2])
            r0, r1 = index(ys, box[1]), index(ys, box[3])
            cells.append(
                Cell(
                    text=join_wrapped(clean_text(text, keep_newlines=True)),
                    row=r0,
                    col=c0,
                    rowspan=max(1, r1 - r0),
                    colspan=max(1, c1 - c0),
                )
            )
    return Table(cells=cells, n_rows=max(1, len(ys) - 1), n_cols=max(1, len(xs) - 1), pages=[page_no]), tuple(
        xs
    )


def _text_of(chars: list[Char], encoding: str | None) -> str:
    """Characters → text: words joined by blanks, lines by newlines (pdfplumber's `extract_text`)."""
    lines = []
    for words in line_words(chars):
        words = _unicode_words(words, encoding)
        lines.append("".join((" " if w["spaced"] and i else "") + w["text"] for i, w in enumerate(words)))
    return "\n".join(lines)


def _starts_new_paragraph(prev: Line, line: Line, left: float, right: float, gap: float) -> bool:
    if line.page != prev.page:
        return (
            bool(re.search(r"[.:;!?]$", prev.text))
            or line.x0 > left + 8
            or split_label(line.text)[0] is not None
        )
    if split_label(line.text)[0] is not None:
        return True
    if line.x0 > left + 8 and not (
        prev.x0 > left + 8 and abs(line.x0 - prev.x0) < 3 and _centered(prev, left, right)
    ):
        return True
    if prev.x1 < right - 45 and not _centered(prev, left, right):
        return True
    if prev.bold != line.bold or abs(prev.size - line.size) > 0.6:
        return True
    if _centered(prev, left, right) != _centered(line, left, right):
        return True
    return line.top - prev.bottom > gap * 1.8


def _centered(line: Line, left: float, right: float) -> bool:
    return line.x0 > left + 20 and abs((line.x0 - left) - (right - line.x1)) < 25


def lines_to_blocks(lines: list[Line], left: float, right: float) -> list[Block]:
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < b.top - a.bottom < 30
    ]
    gap = statistics.median(gaps) if gaps else 5.0
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not _starts_new_paragraph(groups[-1][-1], line, left, right, gap):
            groups[-1].append(line)
        else:
            groups.append([line])
    blocks = []
    for group in groups:
        text = group[0].text
        for ln in group[1:]:
            text = join_lines(text, ln.text)
        text = clean_text(text)
        label, rest = split_label(text)
        first = group[0]
        blocks.append(
            Block(
                kind="list_item" if label else "paragraph",
                text=rest if label else text,
                label=label.printed if label else None,
                provenance=Provenance(
                    page=first.page,
                    bbox=(min(x.x0 for x in group), first.top, max(x.x1 for x in group), group[-1].bottom),
                ),
                bold=all(ln.bold for ln in group),
                italic=all(ln.italic for ln in group),
                upper=is_upper(text),
                size=first.size,
                indent=first.x0,
                centered=all(_centered(ln, left, right) for ln in group),
            )
        )
    return blocks


def _column_blocks(lines: list[Line], kind: BlockKind) -> list[Block]:
    """A two-column zone (letterhead, signature) → one block per column, lines kept apart."""
    columns: dict[str, list[tuple[Line, str]]] = {"left": [], "right": []}
    for ln in lines:
        middle = ln.page_width / 2
        for x0, x1, text in ln.segments:
            side = "left" if (x0 + x1) / 2 < middle else "right"
            columns[side].append((ln, text))
    blocks = []
    for side, items in columns.items():
        if not items:
            continue
        merged: list[str] = []
        last_top = None
        for ln, text in items:
            if last_top is not None and abs(ln.top - last_top) < 1 and merged:
                merged[-1] += " " + text  # two segments of one line in the same column
            else:
                merged.append(text)
            last_top = ln.top
        first = items[0][0]
        blocks.append(
            Block(
                kind=kind,
                text="\n".join(merged),
                provenance=Provenance(
                    page=first.page,
                    bbox=(
                        0 if side == "left" else first.page_width / 2,
                        first.top,
                        first.page_width,
                        items[-1][0].bottom,
                    ),
                ),
                bold=all(ln.bold for ln, _ in items),
            )
        )
    return blocks


def _split_zones(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line], list[Line]]:
    """(letterhead, body, signature, after-signature) lines of the whole document."""
    motto = pattern("metadata", "motto")
    recipients = pattern("metadata", "recipients")
    head_end = 0
    first_page = [i for i, ln in enumerate(lines) if ln.page == lines[0].page] if lines else []
    for i in first_page[:12]:
        ln = lines[i]
        if (
            motto.search(ln.text)
            or len(ln.segments) > 1
            or pattern("metadata", "number_line").match(ln.text)
            or pattern("metadata", "place_date").match(ln.segments[-1][2])
        ):
            head_end = i + 1
    sig_start = next((i for i in range(head_end, len(lines)) if recipients.match(lines[i].text)), None)
    if sig_start is None:
        return lines[:head_end], lines[head_end:], [], []
    sig_page = lines[sig_start].page
    # the signature block runs to the end of its page (annexes start on a new page)
    sig_end = next((i for i in range(sig_start, len(lines)) if lines[i].page != sig_page), len(lines))
    # a signature printed before the recipients (same lines) starts a little above them
    start = sig_start
    while (
        start > head_end
        and lines[start - 1].page == sig_page
        and len(lines[start - 1].segments) > 1
        and lines[start - 1].segments[0][0] > lines[start - 1].page_width / 2 - 10
    ):
        start -= 1
    return lines[:head_end], lines[head_end:start], lines[start:sig_end], lines[sig_end:]


def pdf_bytes(path: str | Path) -> bytes:
    """The file's bytes from the `%PDF` header on (junk before it, seen in real files, dropped)."""
    data = Path(path).read_bytes()
    start = data.find(b"%PDF", 0, 1 << 20)
    return data[start:] if start > 0 else data


def page_encoding(words: list[dict]) -> str | None:
    """The legacy encoding a page's characters suggest when no font names one."""
    return guess_encoding(" ".join(wd["text"] for wd in words))


def _unicode_words(words: list[dict], page_guess: str | None) -> list[dict]:
    """Words typed in a TCVN3 or VNI font, decoded (by the font's name, or by the page's characters
    when no font names an encoding) before anything reads them."""
    for wd in words:
        font = wd.get("fontname")
        encoding = encoding_of_font(font) or page_guess
        if encoding:
            wd["text"] = decode_legacy(wd["text"], encoding, is_capitals_font(font))
    return words


def _text_layer_tables(
    layer: PageLayer, page_no: int, words: list[dict], encoding: str | None
) -> tuple[list[_Found], list[dict]]:
    """Ruled tables of a text-layer page (pdfplumber's finder on pdfium's rules), and the words
    left outside them. A page without rules has no ruled table: the finder is not run."""
    found = []
    if layer.edges:
        # the finder reads only the page attributes that a PageLayer has (chars, edges, bbox)
        finder = TableFinder(layer, TABLE_SETTINGS)  # type: ignore[arg-type]
        found = [t for t in finder.tables if len(t.rows) >= 1 and len(t.columns) >= 2]
    tables = []
    for t in found:
        x0, top, x1, bottom = t.bbox
        words = [
            wd
            for wd in words
            if not (
                x0 - 1 <= (wd["x0"] + wd["x1"]) / 2 <= x1 + 1
                and top - 1 <= (wd["top"] + wd["bottom"]) / 2 <= bottom + 1
            )
        ]
        table, edges = _table_cells(t, layer, page_no, encoding)
        tables.append(_Found(page_no, top, bottom, layer.height, table, edges))
    return tables, words


def _ocr_tables(ocr: OcrPage, page_no: int, height: float) -> list[_Found]:
    out = []
    for table, grid in ocr.tables:
        for c in table.cells:
            c.text = join_wrapped(fix_ocr_text(clean_text(c.text, keep_newlines=True)))
        _, top, _, bottom = grid.bbox
        out.append(_Found(page_no, top, bottom, height, table, tuple(round(x, 0) for x in grid.xs)))
    return out


def extract_pdf(path: str | Path) -> Document:
    """Read a PDF into the document model; pages without a usable text layer are OCRed."""
    warnings: list[ReadWarning] = []
    ocr_done: set[int] = set()
    pdf = open_pdf(path)
    try:
        pages: list[list[Line]] = []
        heights = []
        tables: list[_Found] = []
        unreadable = 0
        n_pages = len(pdf)
        for page_no in range(1, n_pages + 1):
            page = pdf[page_no - 1]
            layer = read_layer(page)
            heights.append(layer.height)
            words = words_of(layer.chars)
            encoding = page_encoding(words)
            words = _unicode_words(words, encoding)
            verdict = text_layer_verdict(" ".join(wd["text"] for wd in words), layer.image_share)
            if verdict is None:
                found, words = _text_layer_tables(layer, page_no, words, encoding)
            elif layer.blank:  # nothing on it can leave ink: blank without a render, and not OCRed
                found, words = [], []
            else:
                try:
                    ocr = ocr_page(page, page_no)
                except OcrUnavailable as exc:
                    warnings.append(
                        ReadWarning(exc.code, f"page {page_no}: {verdict}, and OCR is not possible: {exc}")
                    )
                    found, words = (
                        ([], [])
                        if verdict != "garbled"
                        else _text_layer_tables(layer, page_no, words, encoding)
                    )
                    unreadable += verdict != "garbled"
                else:
                    ocr_done.add(page_no)
                    words, found = ocr.words, _ocr_tables(ocr, page_no, layer.height)
            page.close()
            tables.extend(found)
            pages.append(words_to_lines(words, page_no, layer.width))
    finally:
        pdf.close()
    pages = remove_furniture(pages, heights)
    for f in tables:  # what else is on the table's page decides whether a page break cut it
        on_page = pages[f.page - 1]
        f.text_above = any(ln.top < f.top for ln in on_page)
        f.text_below = any(ln.top > f.bottom for ln in on_page)
    lines = [ln for page in pages for ln in page]
    body_lines = [ln for ln in lines if len(ln.segments) == 1] or lines
    left = Counter(round(ln.x0) for ln in body_lines).most_common(1)[0][0] if body_lines else 0
    right = sorted(ln.x1 for ln in body_lines)[int(len(body_lines) * 0.9)] if body_lines else 0
    head, body, signature, rest = _split_zones(lines)
    blocks = (
        _column_blocks(head, "header")
        + lines_to_blocks(body, left, right)
        + _column_blocks(signature, "signature")
        + lines_to_blocks(rest, left, right)
    )
    for stitched in stitch_tables(tables):
        blocks.append(
            Block(
                kind="table",
                text="",
                table=stitched.table,
                provenance=Provenance(page=stitched.page, bbox=(0, stitched.top, 0, stitched.bottom)),
            )
        )
    blocks.sort(key=lambda b: (b.provenance.page or 0, b.provenance.bbox[1] if b.provenance.bbox else 0))
    laid_out: list[Block] = []
    body_started = False
    for b in blocks:
        laid_out.extend(layout_blocks(b, body_started) if b.kind == "table" else [b])
        body_started = body_started or starts_body(b)
    blocks = laid_out
    for b in blocks:
        if b.provenance.page in ocr_done:
            b.ocr = True
            b.text = fix_ocr_text(b.text)
    if n_pages and unreadable == n_pages:
        warnings.append(
            ReadWarning("pdf.no_text", "no text layer on any page (a scan), and it could not be OCRed")
        )
    return Document(
        source_path=str(path),
        source_format="pdf",
        blocks=blocks,
        pages=n_pages,
        ocr_pages=len(ocr_done),
        warnings=warnings,
    )
