"""A PDF page's text layer and vector rules, read with pdfium (C++, through pypdfium2).

pdfplumber parses every character through pdfminer in Python: on the 55-page decree
`cp_nd_45_2026.pdf` that was 6 s of the file's 7. pdfium reads the same characters in about
1 s. This module gives the rest of the PDF extractor what it used from pdfplumber, in the same
shapes: words as dicts (`text, x0, x1, top, bottom, fontname, size`, top-down coordinates) split by
pdfplumber's rules (a blank, a gap over 3 points, a new line, a change of font or size), and the
page's edges for pdfplumber's own table finder, which still finds the ruled tables.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

X_TOLERANCE = 3.0  # points: a wider gap between two characters starts a new word (pdfplumber's default)
Y_TOLERANCE = 3.0  # points: characters whose tops differ by more are on different lines
DESCENT = -0.216  # of the font size, below the baseline (Times New Roman's /Descent)
STRAIGHT = 0.01  # points: a segment this close to axis-parallel is a rule
# pdfium's text: a line-end hyphen comes back as U+FFFE; line breaks it adds itself carry no glyph
_HYPHEN_MARK = "\ufffe"
_NO_GLYPH = frozenset("\r\n\x00")


class Char(NamedTuple):
    """One character in top-down page coordinates (points), as pdfplumber measures them: the box
    spans from the font's descent below the baseline up by the font size. The descent is taken as
    Times New Roman's (nearly every government document is set in it): pdfium's own figure for
    italic fonts is twice the font descriptor's, which put an italic "Nơi nhận:" 4 points below
    the bold "KT. TRƯỞNG BAN" on the same baseline."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str
    size: float


@dataclass
class PageLayer:
    width: float
    height: float
    chars: list[Char]
    edges: list[dict] = field(default_factory=list)  # pdfplumber-shaped, for its table finder
    image_share: float = 0.0  # share of the page covered by images (a scan is close to 1)
    form_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # flattened fields
    blank: bool = False  # nothing on the page can put ink on it (see `_draws`): no render is needed

    @property
    def bbox(self) -> tuple[float, float, float, float]:  # what pdfplumber's table finder asks of a page
        return (0.0, 0.0, self.width, self.height)


@dataclass(frozen=True)
class _Frame:
    """Page coordinates turned so that the page's text reads left to right and top to bottom.
    `turn` is the angle (0, 90, 180, 270) at which most of the text runs in PDF space: a landscape
    page is often a portrait page whose text is drawn turned (and displayed turned back with
    /Rotate), or a page drawn upright and only displayed turned. Either way the words are read in
    the direction they were written. `width` and `height` are the page's own (unrotated) size."""

    turn: int
    width: float
    height: float

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height) if self.turn in (0, 180) else (self.height, self.width)

    def along(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float]:
        """A box's extent in the reading direction."""
        if self.turn == 0:
            return left, right
        if self.turn == 90:
            return bottom, top
        if self.turn == 180:
            return self.width - right, self.width - left
        return self.height - top, self.height - bottom

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point as (distance along the lines, distance down the page)."""
        if self.turn == 0:
            return x, self.height - y
        if self.turn == 90:
            return y, x
        if self.turn == 180:
            return self.width - x, y
        return self.height - y, self.width - x


# annotations whose appearance is text that the page shows: form fields (e-government systems fill
# `Số:` and the day of `ngày … tháng` into them when the document is signed) and free-text notes
_TEXT_ANNOTATIONS = frozenset((pdfium_c.FPDF_ANNOT_WIDGET, pdfium_c.FPDF_ANNOT_FREETEXT))
Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF space


@dataclass
class OpenedPage:
    page: pdfium.PdfPage
    form_rects: list[Rect] = field(default_factory=list)  # the flattened annotations' rectangles
    own_chars: list[Char] | None = None  # the page's characters before flattening (None: not flattened)


def open_page(pdf: pdfium.PdfDocument, index: int) -> OpenedPage:
    """Page `index` with its form fields and free-text annotations flattened into its content, so
    that their text is read in place, at their rectangle, like any other text. pdfium's text page
    ignores annotations, but every viewer (and `pdftotext`) shows them: e-signed documents such as
    `bimson_kh_3070_bmnn_2024.pdf` have their number and date only there."""
    page = pdf[index]
    rects = _text_annotation_rects(page)
    if not rects:
        return OpenedPage(page)
    own = read_layer(page).chars
    if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_SUCCESS:
        return OpenedPage(page)
    page.close()  # pdfium reads the flattened content only into a page loaded afresh
    return OpenedPage(pdf[index], rects, own)


def added_chars(chars: list[Char], own: list[Char]) -> list[Char]:
    """The characters that flattening added (the annotations' own text)."""
    left = Counter((c.text, round(c.x0), round(c.top)) for c in own)
    out = []
    for c in chars:
        key = (c.text, round(c.x0), round(c.top))
        if left[key]:
            left[key] -= 1
        elif c.text != " ":
            out.append(c)
    return out


def _text_annotation_rects(page: pdfium.PdfPage) -> list[Rect]:
    rects = []
    rect = pdfium_c.FS_RECTF()
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) not in _TEXT_ANNOTATIONS:
                continue
            normal = pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL
            has_appearance = pdfium_c.FPDFAnnot_GetAP(annot, normal, None, 0) > 2  # 2: an empty string
            if has_appearance and pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                if rect.right > rect.left and rect.top > rect.bottom:
                    rects.append((rect.left, rect.bottom, rect.right, rect.top))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return rects


def read_layer(page: pdfium.PdfPage, form_rects: list[Rect] | None = None) -> PageLayer:
    """The page's characters, rules and image cover, in the frame its text reads in; `form_rects`
    (from `open_page`) are turned into the same frame."""
    width, height = page.get_size()
    if page.get_rotation() in (90, 270):  # get_size is the displayed size: the page's own is the other way
        width, height = height, width
    textpage = page.get_textpage()
    try:
        text = _page_text(textpage)
        frame = _Frame(_text_turn(textpage, text), width, height)
        chars = _chars(textpage, text, frame)
    finally:
        textpage.close()
    edges, image_area, draws = _objects(page, frame)
    boxes = [_frame_box(frame, r) for r in form_rects or []]
    blank = not draws and not _has_annotations(page)
    image_share = min(1.0, image_area / ((width * height) or 1.0))
    return PageLayer(*frame.size, chars, edges, image_share, boxes, blank)


def _frame_box(frame: _Frame, rect: Rect) -> tuple[float, float, float, float]:
    """A PDF-space rectangle as (x0, top, x1, bottom) in the page's reading frame."""
    left, bottom, right, top = rect
    (a, b), (c, d) = frame.point(left, bottom), frame.point(right, top)
    return min(a, c), min(b, d), max(a, c), max(b, d)


def _plain(function, restype, *argtypes):
    """A pdfium function taking and giving plain C values: pypdfium2's typed pointers cost a
    conversion per call, and this runs several times per character."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


_P, _I = ctypes.c_void_p, ctypes.c_int
_text_object = _plain(pdfium_c.FPDFText_GetTextObject, _P, _P, _I)
_loose_box = _plain(pdfium_c.FPDFText_GetLooseCharBox, _I, _P, _I, _P)
_origin = _plain(pdfium_c.FPDFText_GetCharOrigin, _I, _P, _I, _P, _P)
_font_size = _plain(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _P, _I)
_font_info = _plain(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong, _P, _I, _P, ctypes.c_ulong, _P)
_char_matrix = _plain(pdfium_c.FPDFText_GetMatrix, _I, _P, _I, _P)
TURN_SAMPLES = 48  # characters whose angle decides which way a page's text runs


def _page_text(textpage) -> str:
    n = pdfium_c.FPDFText_CountChars(textpage.raw)
    buffer = ctypes.create_string_buffer((n + 1) * 2)
    pdfium_c.FPDFText_GetText(textpage.raw, 0, n, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    return buffer.raw[: n * 2].decode("utf-16-le", errors="replace").replace(_HYPHEN_MARK, "-")


def _text_turn(textpage, text: str) -> int:
    """The angle (0, 90, 180, 270) most of the page's text runs at, from a sample of characters."""
    raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    visible = [i for i, ch in enumerate(text) if not ch.isspace() and ch not in _NO_GLYPH]
    matrix = pdfium_c.FS_MATRIX()
    turns: Counter[int] = Counter()
    for i in visible[:: max(1, len(visible) // TURN_SAMPLES)]:
        if _char_matrix(raw, i, ctypes.addressof(matrix)):
            turns[round(math.degrees(math.atan2(matrix.b, matrix.a)) / 90) % 4 * 90] += 1
    return turns.most_common(1)[0][0] if turns else 0


def _chars(textpage, text: str, frame: _Frame) -> list[Char]:
    raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    box, ox, oy, flags = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double(), ctypes.c_int()
    p_box, p_ox, p_oy, p_flags = (ctypes.addressof(v) for v in (box, ox, oy, flags))
    name = ctypes.create_string_buffer(256)
    p_name = ctypes.addressof(name)
    upright = frame.turn == 0  # nearly every page: left and right need no turning
    chars: list[Char] = []
    last_object, font, size, top, bottom = None, "", 0.0, 0.0, 0.0
    new = tuple.__new__  # Char(...) without the generated __new__'s extra call: 140,000 times a file
    for i, ch in enumerate(text):
        if ch in _NO_GLYPH:
            continue
        if ch.isspace():
            # a blank only separates words; pdfium marks some real spaces as its own, with no
            # box, so every blank takes its place right after the character before it
            if chars:
                p = chars[-1]
                chars.append(new(Char, (" ", p.x1, p.x1, p.top, p.bottom, p.font, p.size)))
            continue
        text_object = _text_object(raw, i)
        if text_object != last_object:
            # a text object is one run of text on one baseline, in one font and size: ask once;
            # its characters span the font size up from the font's descent below the baseline
            last_object = text_object
            k = _font_info(raw, i, p_name, 256, p_flags)
            font = name.raw[: max(0, k - 1)].decode("utf-8", "replace")
            _origin(raw, i, p_ox, p_oy)
            size = round(_font_size(raw, i), 4)
            bottom = frame.point(ox.value, oy.value)[1] - DESCENT * size
            top = bottom - size
        _loose_box(raw, i, p_box)
        x0, x1 = (box.left, box.right) if upright else frame.along(box.left, box.bottom, box.right, box.top)
        chars.append(new(Char, (ch, x0, x1, top, bottom, font, size)))
    return chars


def _same_font(a: str, b: str) -> bool:
    """Font names equal once the subset tag ("ABCDEE+") is dropped: pdfium names a glyph taken
    from the unsubsetted font without it."""
    return a == b or a.split("+", 1)[-1] == b.split("+", 1)[-1]


def _lines_of(chars: list[Char]) -> list[list[Char]]:
    """Characters clustered into lines by their tops (as pdfplumber does), each left to right."""
    lines: list[list[Char]] = []
    last = None
    for c in sorted(chars, key=lambda c: c.top):
        if last is None or c.top - last > Y_TOLERANCE:
            lines.append([])
        lines[-1].append(c)
        last = c.top
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def line_words(chars: list[Char]) -> list[list[dict]]:
    """pdfplumber's `extract_words(extra_attrs=["fontname", "size"])` from pdfium's characters,
    line by line. `spaced` says whether a blank or a gap comes before the word (a word split only
    by a change of font is glued to the one before)."""
    lines = []
    for line in _lines_of(chars):
        words: list[tuple[list[Char], bool]] = []
        current: list[Char] = []
        spaced = True
        for c in line:
            if c.text == " ":
                if current:
                    words.append((current, spaced))
                    current = []
                spaced = True
                continue
            if current:
                p = current[-1]
                gap = c.x0 < p.x0 or c.x0 > p.x1 + X_TOLERANCE or c.top > p.top + Y_TOLERANCE
                # (a font name is one string per text object: `is` settles most comparisons)
                font_change = p.font is not c.font and not _same_font(p.font, c.font)
                if gap or p.size != c.size or font_change:
                    words.append((current, spaced))
                    current, spaced = [], gap
            current.append(c)
        if current:
            words.append((current, spaced))
        lines.append(
            [
                {
                    "text": "".join([c.text for c in w]),
                    "x0": w[0].x0,
                    "x1": max([c.x1 for c in w]),
                    "top": min([c.top for c in w]),
                    "bottom": max([c.bottom for c in w]),
                    "fontname": w[0].font,
                    "size": w[0].size,
                    "spaced": sp,
                }
                for w, sp in words
            ]
        )
    return lines


def words_of(chars: list[Char]) -> list[dict]:
    return [w for line in line_words(chars) for w in line]


def chars_in(chars: list[Char], bbox: tuple[float, float, float, float]) -> list[Char]:
    """The characters whose centre lies in the box (pdfplumber's rule for a table cell)."""
    x0, top, x1, bottom = bbox
    return [c for c in chars if x0 <= (c.x0 + c.x1) / 2 < x1 and top <= (c.top + c.bottom) / 2 < bottom]


# -- vector objects: rules for the table finder, images for the scan test -------------------------
def _objects(page: pdfium.PdfPage, frame: _Frame) -> tuple[list[dict], float, bool]:
    """The page's rules, the area its images cover, and whether any object can draw ink."""
    edges: list[dict] = []
    image_area = 0.0
    draws = False
    stack: list[tuple[Any, tuple[float, ...] | None]] = [
        (pdfium_c.FPDFPage_GetObject(page.raw, i), None)
        for i in range(pdfium_c.FPDFPage_CountObjects(page.raw))
    ]
    while stack:
        obj, outer = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        matrix = _matrix(obj, outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:  # a form's objects are placed by its own matrix
            stack.extend(
                (pdfium_c.FPDFFormObj_GetObject(obj, i), matrix)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            )
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if _path_draws(obj):  # a white rule or fill is not on the rendered page: no table border
                edges.extend(_path_edges(obj, matrix, frame))
                draws = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            draws = True
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in (left, bottom, right, top))):
                image_area += abs((right.value - left.value) * (top.value - bottom.value))
        else:  # text (even invisible: its characters are read), shading, unknown kinds
            draws = True
    return edges, image_area, draws


_WHITE = 250  # a fill or stroke this light (each of R, G, B) on white paper leaves no ink


def _path_draws(path) -> bool:
    """Whether a path leaves ink: filled or stroked in a colour that is not white (nor transparent).
    Pages of white rectangles (a blank page "cleared" by its producer) are blank without a render."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke)):
        return True
    for used, colour_of in (
        (fill.value, pdfium_c.FPDFPageObj_GetFillColor),
        (stroke.value, pdfium_c.FPDFPageObj_GetStrokeColor),
    ):
        if not used:
            continue
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        if not colour_of(path, *(ctypes.byref(v) for v in (r, g, b, a))):
            return True
        if a.value and min(r.value, g.value, b.value) < _WHITE:
            return True
    return False


def _has_annotations(page: pdfium.PdfPage) -> bool:
    """Annotations other than links and pop-ups (form fields, stamps, ink) draw over the page."""
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) not in (
                pdfium_c.FPDF_ANNOT_LINK,
                pdfium_c.FPDF_ANNOT_POPUP,
            ):
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def _matrix(obj, outer: tuple | None) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    own = (m.a, m.b, m.c, m.d, m.e, m.f)
    if outer is None:
        return own
    a, b, c, d, e, f = own
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_edges(path, matrix: tuple[float, ...], frame: _Frame) -> list[dict]:
    """The path's axis-parallel segments as pdfplumber edges. A path that is neither filled nor
    stroked (a clip) draws nothing and gives none, as with pdfminer."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if pdfium_c.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke)) and not (
        fill.value or stroke.value
    ):
        return []
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    segments = []
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        seg = pdfium_c.FPDFPath_GetPathSegment(path, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        point = frame.point(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif points:
            segments.append((points[-1], point))
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            segments.append((point, start))
    edges = []
    for (x0, y0), (x1, y1) in segments:
        if abs(x0 - x1) <= STRAIGHT:
            orientation = "v"
        elif abs(y0 - y1) <= STRAIGHT:
            orientation = "h"
        else:
            continue
        top, bottom = min(y0, y1), max(y0, y1)
        edges.append(
            {
                "object_type": "curve_edge",
                "orientation": orientation,
                "x0": min(x0, x1),
                "x1": max(x0, x1),
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": abs(x1 - x0),
                "height": bottom - top,
            }
        )
    return edges
