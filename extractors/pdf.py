"""PDF → Document with pdfium (text layer, see `pdf_layer`), pdfplumber's table finder (ruled
tables) and tesseract (pages without a usable text layer).

Steps, each a small function: words → lines (with column segments, so a two-column letterhead
is not read across) → running page numbers and repeated headers/footers removed → lines joined
into paragraphs (indent, short last line, style and spacing decide) → blocks. Ruled tables are
found only on pages with ruling lines or rectangles, and their words are kept out of the text
flow. Junk before `%PDF` (seen in real files) is cut off before parsing.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder, TableSettings

from ..errors import OcrFailed, OcrUnavailable, PasswordProtected, ReadWarning
from ..normalizers.data import pattern
from ..normalizers.labels import split_label
from ..normalizers.legacy import decode_legacy, encoding_of_font, guess_encoding, is_capitals_font
from ..normalizers.text import clean_text, is_upper, loose_key
from .layout import layout_blocks, starts_body
from .model import BBox, Block, BlockKind, Cell, Document, FilledIn, PagePart, Provenance, Table, union_bbox
from .ocr import OcrPage, fix_ocr_text, ocr_page, text_layer_verdict
from .pdf_layer import Char, PageLayer, added_chars, chars_in, line_words, open_page, read_layer, words_of
from .pdf_settings import DEFAULT_LAYOUT, LayoutSettings

TABLE_SETTINGS = TableSettings.resolve(None)  # pdfplumber's defaults: cells from ruling lines


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
    bold_lead: str = ""  # the bold words the line opens with, when not all of it is bold


def open_pdf(path: str | Path) -> pdfium.PdfDocument:
    """Open a PDF, skipping junk bytes before the `%PDF` header when there are any. A PDF encrypted
    with an empty user password opens; one that needs a password raises `PasswordProtected`."""
    try:
        return pdfium.PdfDocument(pdf_bytes(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise PasswordProtected("it is protected by a password") from exc
        raise


def _style(words: list[dict], settings: LayoutSettings) -> tuple[bool, bool, float]:
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
    return bold > settings.style_share, italic > settings.style_share, size


def words_to_lines(
    words: list[dict], page_no: int, page_width: float, settings: LayoutSettings = DEFAULT_LAYOUT
) -> list[Line]:
    """Group words into lines by vertical position; split each line into column segments."""
    words = sorted(words, key=lambda wd: (round(wd["top"]), wd["x0"]))
    rows: list[list[dict]] = []
    for wd in words:
        tolerance = max(settings.line_tolerance, wd["size"] * settings.line_tolerance_size)
        if rows and abs(rows[-1][0]["top"] - wd["top"]) <= tolerance:
            rows[-1].append(wd)
        else:
            rows.append([wd])
    lines = []
    for row in rows:
        row.sort(key=lambda wd: wd["x0"])
        segments: list[list[dict]] = [[row[0]]]
        for prev, wd in zip(row, row[1:], strict=False):
            if wd["x0"] - prev["x1"] > settings.segment_gap:
                segments.append([wd])
            else:
                segments[-1].append(wd)
        bold, italic, size = _style(row, settings)
        lead = []
        for wd in row:
            if "bold" not in wd["fontname"].lower():
                break
            lead.append(wd["text"])
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
                bold_lead="" if bold or len(lead) == len(row) else clean_text(" ".join(lead)),
            )
        )
    return [ln for ln in lines if ln.text]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def remove_furniture(
    pages: list[list[Line]], heights: list[float], settings: LayoutSettings = DEFAULT_LAYOUT
) -> list[list[Line]]:
    """Drop running page numbers and lines repeated in the top/bottom margin of most pages."""
    page_number = pattern("metadata", "page_number")
    zone = settings.margin_zone
    in_margin = []
    for lines, height in zip(pages, heights, strict=True):
        in_margin.append([ln for ln in lines if ln.top < height * zone or ln.bottom > height * (1 - zone)])
    repeated = Counter(
        _furniture_key(ln.text) for lines in in_margin for ln in {ln.text: ln for ln in lines}.values()
    )
    threshold = max(settings.furniture_min_repeats, int(len(pages) * settings.furniture_share))
    out = []
    for lines, margin in zip(pages, in_margin, strict=True):
        drop = {
            id(ln)
            for ln in margin
            if page_number.match(ln.text)
            or (len(pages) >= settings.furniture_min_pages and repeated[_furniture_key(ln.text)] >= threshold)
        }
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


_SYMBOL_WRAP = re.compile(r"[A-ZĐ0-9/]-$")  # "…/QĐ-" at a line end, "UBND" on the next line


def join_lines(first: str, second: str) -> str:
    """Two wrapped lines as one: a space between them, except inside a document symbol cut after
    its hyphen ("01/2018/QĐ-" + "UBND" → "01/2018/QĐ-UBND")."""
    if _SYMBOL_WRAP.search(first[-2:]) and second[:1].isupper():  # (the end only: long paragraphs)
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
    box: BBox | None = None  # the table's box on its first page (`bottom` moves on when stitched)
    text_above: bool = True  # body text between the page head and the table
    text_below: bool = True  # body text between the table and the page foot


def _same_columns(a: _Found, b: _Found, settings: LayoutSettings) -> bool:
    """Same outer rules and about the same columns (a section of a long table may move an inner
    rule or add one: its cells are mapped onto the first page's columns)."""
    if a.edges and b.edges:
        return (
            abs(a.edges[0] - b.edges[0]) <= settings.rule_tolerance
            and abs(a.edges[-1] - b.edges[-1]) <= settings.rule_tolerance
            and abs(len(a.edges) - len(b.edges)) <= settings.column_slack
        )
    return a.table.n_cols == b.table.n_cols


def _remap_columns(
    more: Table, edges: tuple[float, ...], onto: tuple[float, ...], settings: LayoutSettings
) -> None:
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
        first, last = column(x0 + settings.cell_inset), column(x1 - settings.cell_inset)
        c.col, c.colspan = first, last - first + 1
        if (c.row, first) in placed:
            kept = placed[(c.row, first)]
            kept.text = " ".join(t for t in (kept.text, c.text) if t)
            kept.bbox = union_bbox([b for b in (kept.bbox, c.bbox) if b is not None])
            continue
        placed[(c.row, first)] = c
    more.cells = list(placed.values())
    more.n_cols = len(onto) - 1


def _continues(prev: _Found, nxt: _Found, settings: LayoutSettings) -> bool:
    """A table that ends its page (nothing but furniture below it) and one that starts the next page
    (nothing above it), with the same column rules: one table cut by the page break."""
    ends_page = not prev.text_below or prev.bottom > prev.page_height * settings.table_ends_page
    starts_page = not nxt.text_above or nxt.top < nxt.page_height * settings.table_starts_page
    return (
        nxt.page == prev.table.pages[-1] + 1
        and _same_columns(prev, nxt, settings)
        and ends_page
        and starts_page
    )


def _same_row(a: list[str], b: list[str], settings: LayoutSettings) -> bool:
    """The header repeated on a new page: equal cells, or (OCR) most cells equal up to noise."""
    if a == b:
        return True
    keys = [(loose_key(x), loose_key(y)) for x, y in zip(a, b, strict=False) if x or y]
    return bool(keys) and sum(x == y for x, y in keys) / len(keys) >= settings.header_repeat_share


def _cell_at(table: Table, row: int, col: int) -> Cell | None:
    for c in table.cells:
        if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
            return c
    return None


def _append_rows(into: Table, more: Table, settings: LayoutSettings) -> None:
    """Append `more` below `into`: a header row repeated on the new page is dropped, and a first row
    with an empty first column continues the last row of `into` — its text is joined to the cut
    row's cells (a row broken by the page), or, where it brings new text, it is a new row under
    cells merged down from above (they are extended over it)."""
    grid = more.grid(carry=False)
    skip = 1 if grid and any(grid[0]) and _same_row(grid[0], into.grid(carry=False)[0], settings) else 0
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


def stitch_tables(found: list[_Found], settings: LayoutSettings = DEFAULT_LAYOUT) -> list[_Found]:
    """Tables continued across pages become one table."""
    out: list[_Found] = []
    for f in found:
        if out and _continues(out[-1], f, settings):
            _remap_columns(f.table, f.edges, out[-1].edges, settings)
            _append_rows(out[-1].table, f.table, settings)
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
                    page=page_no,
                    bbox=_box(box),
                )
            )
    return Table(cells=cells, n_rows=max(1, len(ys) - 1), n_cols=max(1, len(xs) - 1), pages=[page_no]), tuple(
        xs
    )


def _box(box: tuple[float, ...]) -> BBox:
    x0, top, x1, bottom = (float(v) for v in box)
    return x0, top, x1, bottom


def _text_of(chars: list[Char], encoding: str | None) -> str:
    """Characters → text: words joined by blanks, lines by newlines (pdfplumber's `extract_text`)."""
    lines = []
    for words in line_words(chars):
        words = _unicode_words(words, encoding)
        lines.append("".join((" " if w["spaced"] and i else "") + w["text"] for i, w in enumerate(words)))
    return "\n".join(lines)


def _starts_new_paragraph(
    first: Line, prev: Line, line: Line, left: float, right: float, gap: float, settings: LayoutSettings
) -> bool:
    indented = line.x0 > left + settings.indent
    if line.page != prev.page:
        return bool(re.search(r"[.:;!?]$", prev.text)) or indented or split_label(line.text)[0] is not None
    label = split_label(line.text)[0]
    if label is not None and not _wrapped_dash(first, prev, line, left, right, settings, label.kind):
        return True
    if indented and not (
        prev.x0 > left + settings.indent
        and abs(line.x0 - prev.x0) < settings.centred_alignment
        and _centered(prev, left, right, settings)
    ):
        return True
    if prev.x1 < right - settings.short_line and not _centered(prev, left, right, settings):
        return True
    if abs(prev.size - line.size) > settings.size_change:
        return True
    if prev.bold != line.bold and not _runs_on(prev, line, left, right, settings):
        return True
    if _centered(prev, left, right, settings) != _centered(line, left, right, settings):
        return True
    return line.top - prev.bottom > gap * settings.paragraph_gap


def _wrapped_dash(
    first: Line, prev: Line, line: Line, left: float, right: float, settings: LayoutSettings, kind: str
) -> bool:
    """A dash at the left margin that is the hyphen of a wrapped name ("… Phường Lang Biang" /
    "- Đà Lạt; Xã Hàm Tân; …"), not a new item: the paragraph opened indented (so its own items
    are indented), the line before ran to the right margin mid-sentence, and this one is not
    indented."""
    return (
        kind == "dash"
        and first.x0 > left + settings.indent
        and line.x0 <= left + settings.indent
        and prev.x1 >= right - settings.short_line
        and not re.search(r"[.:;!?,]$", prev.text)
    )


def _lines_box(lines: list[Line]) -> BBox:
    """The box of consecutive lines of one page."""
    return min(x.x0 for x in lines), lines[0].top, max(x.x1 for x in lines), lines[-1].bottom


def _runs_on(prev: Line, line: Line, left: float, right: float, settings: LayoutSettings) -> bool:
    """A justified line that runs on into the next one at the left margin, mid-sentence: one
    paragraph, whether or not a bold emphasis starts or ends between them (titles are centred)."""
    return (
        not re.search(r"[.:;!?]$", prev.text)
        and line.x0 <= left + settings.indent
        and not _centered(prev, left, right, settings)
        and not _centered(line, left, right, settings)
        and not line.text.startswith("(")
    )


def _centered(line: Line, left: float, right: float, settings: LayoutSettings) -> bool:
    return (
        line.x0 > left + settings.centred_offset
        and abs((line.x0 - left) - (right - line.x1)) < settings.centred_balance
    )


def lines_to_blocks(
    lines: list[Line], left: float, right: float, settings: LayoutSettings = DEFAULT_LAYOUT
) -> list[Block]:
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < b.top - a.bottom < settings.line_gap_max
    ]
    gap = statistics.median(gaps) if gaps else settings.line_gap_default
    groups: list[list[Line]] = []
    for line in lines:
        group = groups[-1] if groups else None
        if group and not _starts_new_paragraph(group[0], group[-1], line, left, right, gap, settings):
            group.append(line)
        else:
            groups.append([line])
    blocks = []
    for group in groups:
        text, turns = group[0].text, []
        for prev, ln in zip(group, group[1:], strict=False):
            joined = join_lines(text, ln.text)
            if ln.page != prev.page:  # the paragraph goes on overleaf: where its next part starts
                turns.append((len(joined) - len(ln.text), ln.page))
            text = joined
        raw, text = text, clean_text(text)
        label, rest = split_label(text)
        first = group[0]
        cut = len(text) - len(rest) if label and text.endswith(rest) else 0  # the label leaves the text
        overleaf = tuple(
            PagePart(
                max(0, len(clean_text(raw[:at])) - cut),
                page,
                _lines_box([ln for ln in group if ln.page == page]),
            )
            for at, page in turns
        )
        bold_lead = _bold_lead(group)
        if bold_lead and label is not None:
            bold_lead = split_label(bold_lead)[1]
        blocks.append(
            Block(
                kind="list_item" if label else "paragraph",
                text=rest if label else text,
                label=label.printed if label else None,
                provenance=Provenance(
                    page=first.page,
                    bbox=_lines_box([ln for ln in group if ln.page == first.page]),
                    overleaf=overleaf,
                ),
                bold=all(ln.bold for ln in group),
                italic=all(ln.italic for ln in group),
                upper=is_upper(text),
                size=first.size,
                indent=first.x0,
                centered=all(_centered(ln, left, right, settings) for ln in group),
                bold_lead=bold_lead or None,
            )
        )
    return blocks


def _bold_lead(group: list[Line]) -> str:
    """The bold words a paragraph opens with when the rest is plain (a run-in heading): its whole
    bold lines, then the bold start of the first line that is not bold throughout."""
    if all(ln.bold for ln in group):
        return ""
    text = ""
    for ln in group:
        if not ln.bold:
            lead = join_lines(text, ln.bold_lead) if text and ln.bold_lead else text or ln.bold_lead
            return clean_text(lead)
        text = join_lines(text, ln.text) if text else ln.text
    return ""


def _column_blocks(lines: list[Line], kind: BlockKind) -> list[Block]:
    """A two-column zone (letterhead, signature) → one block per column, lines kept apart."""
    columns: dict[str, list[tuple[Line, str]]] = {"left": [], "right": []}
    extents: dict[str, list[tuple[int, BBox]]] = {"left": [], "right": []}
    for ln in lines:
        middle = ln.page_width / 2
        for x0, x1, text in ln.segments:
            side = "left" if (x0 + x1) / 2 < middle else "right"
            columns[side].append((ln, text))
            extents[side].append((ln.page, (x0, ln.top, x1, ln.bottom)))
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
        box = union_bbox([b for page, b in extents[side] if page == first.page])
        blocks.append(
            Block(
                kind=kind,
                text="\n".join(merged),
                provenance=Provenance(page=first.page, bbox=box),
                bold=all(ln.bold for ln, _ in items),
            )
        )
    return blocks


def _split_zones(
    lines: list[Line], settings: LayoutSettings
) -> tuple[list[Line], list[Line], list[Line], list[Line]]:
    """(letterhead, body, signature, after-signature) lines of the whole document."""
    motto = pattern("metadata", "motto")
    recipients = pattern("metadata", "recipients")
    head_end = 0
    first_page = [i for i, ln in enumerate(lines) if ln.page == lines[0].page] if lines else []
    for i in first_page[: settings.letterhead_lines]:
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
        and lines[start - 1].segments[0][0] > lines[start - 1].page_width / 2 - settings.signature_middle
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
    layer: PageLayer, page_no: int, words: list[dict], encoding: str | None, settings: LayoutSettings
) -> tuple[list[_Found], list[dict]]:
    """Ruled tables of a text-layer page (pdfplumber's finder on pdfium's rules), and the words
    left outside them. A page without rules has no ruled table: the finder is not run."""
    found = []
    if layer.edges:
        # the finder reads only the page attributes that a PageLayer has (chars, edges, bbox)
        finder = TableFinder(layer, TABLE_SETTINGS)  # type: ignore[arg-type]
        found = [
            t for t in finder.tables if len(t.rows) >= 1 and len(t.columns) >= settings.table_min_columns
        ]
    tables = []
    slack = settings.table_slack
    for t in found:
        x0, top, x1, bottom = t.bbox
        words = [
            wd
            for wd in words
            if not (
                x0 - slack <= (wd["x0"] + wd["x1"]) / 2 <= x1 + slack
                and top - slack <= (wd["top"] + wd["bottom"]) / 2 <= bottom + slack
            )
        ]
        table, edges = _table_cells(t, layer, page_no, encoding)
        tables.append(_Found(page_no, top, bottom, layer.height, table, edges, box=_box(t.bbox)))
    return tables, words


def _ocr_tables(ocr: OcrPage, page_no: int, height: float) -> list[_Found]:
    out = []
    for table, grid in ocr.tables:
        for c in table.cells:
            c.text = join_wrapped(fix_ocr_text(clean_text(c.text, keep_newlines=True)))
        _, top, _, bottom = grid.bbox
        edges = tuple(round(x, 0) for x in grid.xs)
        out.append(_Found(page_no, top, bottom, height, table, edges, box=_box(grid.bbox)))
    return out


def _page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] → "pages 1–3, 5"."""
    runs: list[list[int]] = []
    for p in sorted(pages):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"page{'s' if len(pages) > 1 else ''} {text}"


def _not_ocred_warning(not_ocred: dict[int, str], n_pages: int, unreadable: int, problem: str | None) -> str:
    """One sentence for all the pages that needed OCR and could not have it."""
    if unreadable == n_pages:
        return f"it is a scan (no page has a text layer), and OCR is not possible: {problem}"
    why = ", ".join(sorted(set(not_ocred.values())))
    return f"{_page_ranges(list(not_ocred))} need OCR ({why}), and OCR is not possible: {problem}"


def _filled_in(layer: PageLayer, added: list[Char], page_no: int) -> list[FilledIn]:
    """The text each flattened form field shows (the characters flattening added, in its box)."""
    out = []
    for box in layer.form_boxes:
        text = clean_text(_text_of(chars_in(added, box), page_encoding([])))
        if text:
            out.append(FilledIn(page_no, box, text, "widget"))
    return out


def extract_pdf(path: str | Path, settings: LayoutSettings = DEFAULT_LAYOUT) -> Document:
    """Read a PDF into the document model; pages without a usable text layer are OCRed. `settings`
    holds the layout thresholds (`LayoutSettings`; the defaults are what the corpus was read with)."""
    warnings: list[ReadWarning] = []
    ocr_done: set[int] = set()
    not_ocred: dict[int, str] = {}  # page → why it needed OCR, for pages OCR could not read
    ocr_problem: OcrUnavailable | OcrFailed | None = None
    filled_in: list[FilledIn] = []
    pdf = open_pdf(path)
    try:
        pages: list[list[Line]] = []
        heights = []
        tables: list[_Found] = []
        unreadable = 0
        n_pages = len(pdf)
        for page_no in range(1, n_pages + 1):
            opened = open_page(pdf, page_no - 1)
            page = opened.page
            layer = read_layer(page, opened.form_rects)
            heights.append(layer.height)
            words = words_of(layer.chars)
            encoding = page_encoding(words)
            words = _unicode_words(words, encoding)
            verdict = text_layer_verdict(" ".join(wd["text"] for wd in words), layer.image_share)
            if verdict is None:
                if opened.own_chars is not None:
                    filled_in.extend(_filled_in(layer, added_chars(layer.chars, opened.own_chars), page_no))
                found, words = _text_layer_tables(layer, page_no, words, encoding, settings)
            elif layer.blank:  # nothing on it can leave ink: blank without a render, and not OCRed
                found, words = [], []
            else:
                try:
                    ocr = ocr_page(page, page_no, letterhead=page_no == 1)
                except (OcrUnavailable, OcrFailed) as exc:  # missing, or failed on this page
                    not_ocred[page_no] = verdict
                    ocr_problem = ocr_problem or exc
                    found, words = (
                        ([], [])
                        if verdict != "garbled"
                        else _text_layer_tables(layer, page_no, words, encoding, settings)
                    )
                    unreadable += verdict != "garbled"
                else:
                    ocr_done.add(page_no)
                    words, found = ocr.words, _ocr_tables(ocr, page_no, layer.height)
                    filled_in.extend(ocr.filled)
            page.close()
            tables.extend(found)
            pages.append(words_to_lines(words, page_no, layer.width, settings))
    finally:
        pdf.close()
    pages = remove_furniture(pages, heights, settings)
    for f in tables:  # what else is on the table's page decides whether a page break cut it
        on_page = pages[f.page - 1]
        f.text_above = any(ln.top < f.top for ln in on_page)
        f.text_below = any(ln.top > f.bottom for ln in on_page)
    lines = [ln for page in pages for ln in page]
    body_lines = [ln for ln in lines if len(ln.segments) == 1] or lines
    left = Counter(round(ln.x0) for ln in body_lines).most_common(1)[0][0] if body_lines else 0
    ends = sorted(ln.x1 for ln in body_lines)
    right = ends[min(len(ends) - 1, int(len(ends) * settings.right_edge_quantile))] if ends else 0
    head, body, signature, rest = _split_zones(lines, settings)
    blocks = (
        _column_blocks(head, "header")
        + lines_to_blocks(body, left, right, settings)
        + _column_blocks(signature, "signature")
        + lines_to_blocks(rest, left, right, settings)
    )
    for stitched in stitch_tables(tables, settings):
        blocks.append(
            Block(
                kind="table",
                text="",
                table=stitched.table,
                provenance=Provenance(page=stitched.page, bbox=stitched.box),
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
            if b.provenance.overleaf:  # a repair may change the length of the text before a part
                parts = tuple(
                    dataclasses.replace(p, start=len(fix_ocr_text(b.text[: p.start])))
                    for p in b.provenance.overleaf
                )
                b.provenance = dataclasses.replace(b.provenance, overleaf=parts)
            b.text = fix_ocr_text(b.text)
    if not_ocred and ocr_problem is not None:
        message = _not_ocred_warning(not_ocred, n_pages, unreadable, str(ocr_problem))
        warnings.append(ReadWarning(ocr_problem.code, message))
    return Document(
        source_path=str(path),
        source_format="pdf",
        blocks=blocks,
        pages=n_pages,
        ocr_pages=len(ocr_done),
        warnings=warnings,
        missing_programs=["tesseract"] if not_ocred and isinstance(ocr_problem, OcrUnavailable) else [],
        filled_in=filled_in,
    )
