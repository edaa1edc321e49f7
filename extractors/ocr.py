"""OCR of PDF pages whose text layer is missing, only a stamp, or garbage (tesseract `vie`).

`text_layer_verdict` decides per page; `ocr_page` renders the page (pypdfium2), runs tesseract
with one thread and TSV output, and returns words in PDF points, shaped like pdfplumber's, so OCR
text goes through the same line, paragraph, heading and table logic as a text layer. Ruled tables
are found in the image itself (long dark runs → rules → a grid with merged cells) and OCR words
are placed in their cells. Known OCR confusions are repaired from `normalizers/resources/ocr.json`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image

from ..errors import OcrFailed, OcrUnavailable
from ..normalizers.data import load_resource
from ..normalizers.text import clean_text, common_words, vietnamese_score
from .blanks import fill_blanks
from .model import Cell, FilledIn, Table
from .processes import run_program

DPI = 250  # measured: see bench/README.md (accuracy on the Sóc Trăng scan and seconds per page)
PSM = "6"  # one block: words keep their positions; the line and table logic does the layout
INK = 160  # grey level below which a pixel is ink (rule detection)
PAPER = 150  # grey level above which a pixel is paper for tesseract (removes light shading)
RULE_MIN_POINTS = 40  # a table rule is at least this long
BLANK_INK = 0.0005  # share of ink pixels under which a rendered page is blank
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17.4 M; a poster-sized page is read at lower dpi
OCR_TIMEOUT = 120  # seconds per page
MIN_WORDS = 30  # fewer words than this on a page covered by an image: a stamp, not the text
MIN_SCORE = 0.4  # vietnamese_score below this: garbage (see its docstring)
COLOUR = 70  # a pixel whose channels spread by more than this is coloured ink (seal, stamp, pen)
COLOUR_CORE = 5  # pixels (at 250 dpi): a window that coloured ink fills and a scanner's fringe never does
COLOUR_SOLID = 0.6  # share of the window that must be coloured
PRINT_DARK, PRINT_NEUTRAL = 120, 40  # black print: darker than this grey, channels within this spread
BOLD_LINE = 1.15  # a line whose strokes average this much wider than the page's usual ones is bold
BOLD_WORD = 1.3  # a single word of a plain line must be this much wider to be bold


TESSERACT_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"  # the program, then its Vietnamese data


@dataclass
class OcrPage:
    words: list[dict[str, Any]]  # pdfplumber-shaped: text, x0, x1, top, bottom, fontname, size
    tables: list[tuple[Table, Grid]] = field(
        default_factory=list
    )  # each table with the rules it was read from
    filled: list[FilledIn] = field(default_factory=list)  # handwritten blanks of the letterhead


def text_layer_verdict(text: str, image_share: float) -> str | None:
    """Why a page's text layer cannot be used (`no text`, `stamp only`, `garbled`), or None."""
    score, n_words = vietnamese_score(text)
    if n_words == 0:
        return "no text"  # (images inside forms are not always listed: a blank render is skipped instead)
    if n_words < MIN_WORDS and image_share > 0.5:
        return "stamp only"
    if n_words >= MIN_WORDS and score < MIN_SCORE:
        return "garbled"
    return None


def _tesseract() -> str:
    """The tesseract program, if it is installed with Vietnamese data; else OcrUnavailable. Looked
    up on PATH at every call (cheap), so that a program installed or hidden later is seen."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable(f"tesseract is not installed ({TESSERACT_INSTALL})")
    if not _has_vietnamese(exe):
        raise OcrUnavailable(f"tesseract has no Vietnamese data ({TESSERACT_INSTALL})")
    return exe


@lru_cache(maxsize=4)
def _has_vietnamese(exe: str) -> bool:
    """Whether this tesseract lists `vie` (asked once per program path and process)."""
    try:  # a tesseract that hangs or cannot be run is no OCR, not a crash of the whole run
        done = run_program([exe, "--list-langs"], 30)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in done.stdout.decode("utf-8", "replace").split()


def find_ocr_problem() -> str | None:
    """Why pages cannot be OCRed on this machine, naming what to install; None when they can."""
    try:
        _tesseract()
    except OcrUnavailable as exc:
        return str(exc)
    return None


@lru_cache(maxsize=1)
def _fixes() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(f["pattern"]), f["replace"]) for f in load_resource("ocr")["fixes"])


def fix_ocr_text(text: str) -> str:
    """Repair the OCR confusions that matter downstream (`NĐ- CP`, `30⁄2020`, `Quý l/2024`, a lost
    stroke of đ: `dịa bàn`)."""
    for regex, replacement in _fixes():
        text = regex.sub(replacement, text)
    return _D_WORD.sub(_restore_dd, text)


_D_WORD = re.compile(r"(?<!\w)[dD]\w+")


def _restore_dd(m: re.Match[str]) -> str:
    word = m.group(0)
    common = common_words()
    if word.lower() in common or ("đ" + word[1:].lower()) not in common:
        return word
    return ("Đ" if word[0] == "D" else "đ") + word[1:]


def _run_tesseract(image) -> list[dict[str, str]]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread per process: files and pages run in parallel
    with tempfile.TemporaryDirectory(prefix="vnplan-ocr-") as tmp:
        png = os.path.join(
            tmp, "page.pgm"
        )  # uncompressed: encoding a PNG costs more than tesseract reading it
        image.save(png)
        # dies with its reader (a reader stopped at its time limit leaves no tesseract behind)
        done = run_program([_tesseract(), png, "-", "-l", "vie", "--psm", PSM, "tsv"], OCR_TIMEOUT, env=env)
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip()[:200] or f"exit status {done.returncode}"
        raise OcrFailed(f"tesseract could not read the page ({problem})")
    tsv = done.stdout.decode("utf-8", "replace")
    return list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))


def _box(row: dict[str, str]) -> tuple[int, int, int, int]:
    left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
    return left, top, left + width, top + height


def _stroke_width(ink: np.ndarray) -> float:
    """Mean length of the horizontal runs of ink in a word's box: the width of its strokes."""
    if ink.size == 0:
        return 0.0
    starts = int(np.count_nonzero(np.diff(ink.astype(np.int8), axis=1) == 1)) + int(ink[:, 0].sum())
    return float(ink.sum()) / starts if starts else 0.0


def bold_words(rows: list[dict[str, str]], ink: np.ndarray) -> set[int]:
    """Indexes of the TSV rows whose word is set in bold. Tesseract does not say, so the weight is
    measured: bold strokes are wider than the page's usual ones. On the Lâm Đồng scan a bold line
    averages 1.2–1.5× the page's median stroke and a body line 0.85–1.06× (italic is the thinnest),
    while single words scatter more (a bold "Nội" 1.10×): so a line is bold as a whole when its
    average says so, and a word of a plain line only when it is clearly heavier (a run-in title,
    an emphasis). Words of punctuation only ("-", "…") are left out: a dash is one long run."""
    widths: dict[int, tuple[float, int]] = {}
    lines: dict[tuple[str, str, str], list[int]] = {}
    for i, row in enumerate(rows):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or sum(c.isalpha() for c in text) < 2:
            continue
        x0, top, x1, bottom = _box(row)
        widths[i] = (_stroke_width(ink[top:bottom, x0:x1]), len(text))
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(i)
    usual = float(np.median([w for w, _ in widths.values()])) if widths else 0.0
    if not usual:
        return set()
    bold: set[int] = set()
    for members in lines.values():
        chars = sum(widths[i][1] for i in members)
        mean = sum(widths[i][0] * widths[i][1] for i in members) / chars / usual
        if mean >= BOLD_LINE:
            bold.update(members)
        else:
            bold.update(i for i in members if widths[i][0] >= BOLD_WORD * usual)
    return bold


def _words(
    rows: list[dict[str, str]], scale: float, bold: frozenset[int] | set[int] = frozenset()
) -> list[dict[str, Any]]:
    """TSV rows → pdfplumber-shaped words. A word gets its line's top and bottom, so accents and
    descenders do not scatter one printed line over several."""
    lines: dict[tuple[str, str, str], tuple[int, int, int, int]] = {}
    for row in rows:
        if row.get("level") == "4":
            lines[(row["block_num"], row["par_num"], row["line_num"])] = _box(row)
    words = []
    for n, row in enumerate(rows):
        text = clean_text(row.get("text") or "").strip("|")
        if row.get("level") != "5" or not text:
            continue
        x0, word_top, x1, word_bottom = _box(row)
        top, bottom = word_top, word_bottom
        line = lines.get((row["block_num"], row["par_num"], row["line_num"]))
        if line is not None:
            top, bottom = line[1], line[3]
        words.append(
            {
                "text": fix_ocr_text(text),
                "x0": x0 / scale,
                "x1": x1 / scale,
                "top": top / scale,
                "bottom": bottom / scale,
                "fontname": "OCR-Bold" if n in bold else "OCR",
                "size": round((bottom - top) / scale * 0.9, 1),
                "upright": True,
                "word_top": word_top / scale,
                "word_bottom": word_bottom / scale,
            }
        )
    _even_sizes(words)
    return words


def _even_sizes(words: list[dict[str, Any]]) -> None:
    """Lines of body text get one size (the median): an OCR line box grows with its accents, and
    a size change would otherwise start a new paragraph at every such line."""
    if not words:
        return
    sizes = sorted(w["size"] for w in words)
    usual = sizes[len(sizes) // 2]
    for w in words:
        if 0.75 * usual <= w["size"] <= 1.35 * usual:
            w["size"] = usual


def black_layer(rgb: np.ndarray) -> np.ndarray:
    """The grey image of what is printed in black: red and blue ink (seals, the receiving office's
    stamp, handwriting, signatures), whose channels spread apart, turned to paper. Measured on the
    scans of the corpus (bench/README.md): seals no longer break the signature block into noise.

    A colour scanner also leaves thin red and blue fringes along black strokes (on page 8 of
    lamdong_ttr_91, with no coloured ink at all, 3% of the dark pixels): removing those thins the
    print and OCR misreads it ("Sử tư pháp" for "Sở tư pháp"). A fringe is thin and touches neutral
    dark print; ink of another colour is solid (a seal) or stands apart from the print (a pen's
    stroke in a blank): a coloured pixel is ink when it lies in a solid coloured patch, or when no
    neutral dark pixel is near it."""
    grey = (rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114).astype(np.uint8)
    spread = rgb.max(axis=2).astype(np.int16) - rgb.min(axis=2)
    coloured = spread > COLOUR
    solid = _box_mean(_box_mean(coloured, COLOUR_CORE) > COLOUR_SOLID, COLOUR_CORE) > 0
    near_print = _box_mean((grey < PRINT_DARK) & (spread < PRINT_NEUTRAL), COLOUR_CORE) > 0
    ink = coloured & (solid | ~near_print)
    return np.where(ink, 255, grey).astype(np.uint8)


def _box_mean(mask: np.ndarray, k: int) -> np.ndarray:
    """The share of set pixels in the k × k window around each pixel (an integral image)."""
    half = k // 2
    sums = np.pad(np.pad(mask.astype(np.float32), half, mode="edge").cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    h, w = mask.shape
    return (sums[k : k + h, k : k + w] - sums[:h, k : k + w] - sums[k : k + h, :w] + sums[:h, :w]) / (k * k)


def ocr_page(page, page_no: int, letterhead: bool = False) -> OcrPage:
    """OCR one pypdfium2 page: words and ruled tables in PDF points. The image given to tesseract
    is the black print only (`black_layer`), with its rules removed and its shading thresholded
    away (shaded table headings are otherwise lost): measured on the Sóc Trăng scan, this reads
    every heading of the annex table. On the `letterhead` page, the handwritten number and day are
    read apart, as digits (`blanks.fill_blanks`)."""
    width, height = page.get_size()
    scale = render_scale(width, height)
    rgb_image = page.render(scale=scale).to_pil().convert("RGB")
    angle = skew_angle(rgb_image.convert("L"))
    if angle:
        rgb_image = rgb_image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=(255, 255, 255))
    rgb = np.asarray(rgb_image)
    pixels = black_layer(rgb)
    if (pixels < INK).mean() < BLANK_INK:
        return OcrPage([])  # a blank page: nothing for tesseract to read
    # rules are thick: find them at half resolution (four times less work), then scale the masks up
    half = pixels[::2, ::2] < INK
    min_len = int(RULE_MIN_POINTS * scale / 2)
    h_half, v_half = _runs(half, min_len), _runs(half.T, min_len).T
    rules = np.repeat(np.repeat(h_half | v_half, 2, axis=0), 2, axis=1)[: pixels.shape[0], : pixels.shape[1]]
    clean = np.where((pixels > PAPER) | rules, 255, 0).astype(np.uint8)
    rows = _run_tesseract(Image.fromarray(clean))
    words = _words(rows, scale, bold_words(rows, clean < 128))
    filled: list[FilledIn] = []
    if letterhead:
        words, filled = fill_blanks(words, rgb, scale, page_no, height)
    tables = []
    for grid in find_ruled_grids(h_half, v_half, scale / 2):
        table, used = _fill_grid(grid, words, page_no)
        if table is not None:
            tables.append((table, grid))
            words = [w for i, w in enumerate(words) if i not in used]
    return OcrPage(words, tables, filled)


def render_scale(width: float, height: float) -> float:
    """Pixels per point: DPI, lowered for an oversized page so its image stays under MAX_PIXELS."""
    scale = DPI / 72
    pixels = width * height * scale * scale
    return scale if pixels <= MAX_PIXELS else (MAX_PIXELS / (width * height)) ** 0.5


def skew_angle(image, limit: float = 3.0, step: float = 0.1) -> float:
    """The rotation (degrees) that makes the page's lines horizontal: the angle whose row profile of
    ink is the most peaked, searched on a quarter-size copy, coarse then fine. Scans are often
    0.3–0.7° off, enough to break every table rule into steps."""
    small = image.resize((max(1, image.width // 4), max(1, image.height // 4)))

    def peakedness(angle: float) -> float:
        return float(np.var((np.asarray(small.rotate(angle, fillcolor=255)) < 128).sum(axis=1)))

    coarse = max(np.arange(-limit, limit + 0.25, 0.5), key=lambda a: peakedness(float(a)))
    fine = max(np.arange(coarse - 0.4, coarse + 0.45, step), key=lambda a: peakedness(float(a)))
    return float(round(fine, 2))


# ---------------------------------------------------------------- ruled tables in an image


@dataclass
class Grid:
    xs: list[float]  # column rules, PDF points
    ys: list[float]  # row rules
    has_v: np.ndarray  # has_v[r, k]: a rule at xs[k] runs beside row r
    has_h: np.ndarray  # has_h[r, c]: a rule at ys[r] runs above column c

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _runs(mask: np.ndarray, min_len: int) -> np.ndarray:
    """Per row of `mask`: True where the pixel lies in a horizontal run of at least `min_len`."""
    height, width = mask.shape
    if width < min_len:
        return np.zeros_like(mask, dtype=bool)
    sums = np.concatenate([np.zeros((height, 1), np.int32), np.cumsum(mask, axis=1, dtype=np.int32)], axis=1)
    full = np.zeros((height, width), np.int32)
    full[:, : width - min_len + 1] = (sums[:, min_len:] - sums[:, :-min_len]) == min_len  # window starts
    starts = np.concatenate(
        [np.zeros((height, 1), np.int32), np.cumsum(full, axis=1, dtype=np.int32)], axis=1
    )
    j = np.arange(width)
    return (
        starts[:, j + 1] - starts[:, np.maximum(0, j - min_len + 1)]
    ) > 0  # a wholly dark window covers it


def _cluster(values: list[int], gap: int) -> list[float]:
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def find_ruled_grids(h_mask: np.ndarray, v_mask: np.ndarray, scale: float) -> list[Grid]:
    """Ruled tables of a page image from its horizontal and vertical rule pixels."""
    min_len = int(RULE_MIN_POINTS * scale)
    h_rows = [int(y) for y in np.nonzero(h_mask.sum(axis=1) > min_len)[0]]
    v_cols = [int(x) for x in np.nonzero(v_mask.sum(axis=0) > min_len)[0]]
    if len(h_rows) < 2 or len(v_cols) < 2:
        return []
    ys = _cluster(h_rows, int(3 * scale))
    xs = _cluster(v_cols, int(3 * scale))
    if len(ys) < 2 or len(xs) < 2:
        return []
    band = max(2, int(2 * scale))

    def v_present(x: float, y0: float, y1: float) -> bool:
        col = v_mask[int(y0) : int(y1), max(0, int(x) - band) : int(x) + band + 1]
        return col.size > 0 and col.any(axis=1).mean() > 0.8

    def h_present(y: float, x0: float, x1: float) -> bool:
        row = h_mask[max(0, int(y) - band) : int(y) + band + 1, int(x0) : int(x1)]
        return row.size > 0 and row.any(axis=0).mean() > 0.8

    def crossing(x: float, y: float) -> bool:
        near = v_mask[
            max(0, int(y) - 2 * band) : int(y) + 2 * band + 1, max(0, int(x) - band) : int(x) + band + 1
        ]
        return bool(near.any())

    # keep the rules that take part in a grid: a row rule crossed by two column rules and vice versa
    ys = [y for y in ys if sum(crossing(x, y) for x in xs) >= 2]
    xs = [x for x in xs if sum(crossing(x, y) for y in ys) >= 2]
    if len(ys) < 2 or len(xs) < 2:
        return []
    has_v = np.array([[v_present(x, ys[r] + band, ys[r + 1] - band) for x in xs] for r in range(len(ys) - 1)])
    has_h = np.array([[h_present(y, xs[c] + band, xs[c + 1] - band) for c in range(len(xs) - 1)] for y in ys])
    return [Grid([x / scale for x in xs], [y / scale for y in ys], has_v, has_h)]


def _fill_grid(grid: Grid, words: list[dict[str, Any]], page_no: int) -> tuple[Table | None, set[int]]:
    """Merge the grid slots not separated by a rule into cells and put the words in them."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    if n_rows < 1 or n_cols < 2:
        return None, set()
    owner = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]

    def find(rc: tuple[int, int]) -> tuple[int, int]:
        while owner[rc[0]][rc[1]] != rc:
            rc = owner[rc[0]][rc[1]]
        return rc

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and not grid.has_v[r, c + 1]:
                a, b = find((r, c)), find((r, c + 1))
                owner[b[0]][b[1]] = min(a, b)
                owner[a[0]][a[1]] = min(a, b)
            if r + 1 < n_rows and not grid.has_h[r + 1, c]:
                a, b = find((r, c)), find((r + 1, c))
                owner[b[0]][b[1]] = min(a, b)
                owner[a[0]][a[1]] = min(a, b)
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            spans.setdefault(find((r, c)), []).append((r, c))
    texts: dict[tuple[int, int], list[dict[str, Any]]] = {k: [] for k in spans}
    used: set[int] = set()
    for i, w in enumerate(words):
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        if not (grid.xs[0] <= cx <= grid.xs[-1] and grid.ys[0] <= cy <= grid.ys[-1]):
            continue
        c = next(k for k in range(n_cols) if cx <= grid.xs[k + 1])
        r = next(k for k in range(n_rows) if cy <= grid.ys[k + 1])
        texts[find((r, c))].append(w)
        used.add(i)
    cells = []
    for root, slots in spans.items():
        rows = [r for r, _ in slots]
        cols = [c for _, c in slots]
        cells.append(
            Cell(
                text=_cell_text(texts[root]),
                row=min(rows),
                col=min(cols),
                rowspan=max(rows) - min(rows) + 1,
                colspan=max(cols) - min(cols) + 1,
                page=page_no,
                bbox=(grid.xs[min(cols)], grid.ys[min(rows)], grid.xs[max(cols) + 1], grid.ys[max(rows) + 1]),
            )
        )
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols, pages=[page_no]), used


def _middle(line: list[dict[str, Any]]) -> float:
    return sum((w["word_top"] + w["word_bottom"]) / 2 for w in line) / len(line)


def _cell_text(words: list[dict[str, Any]]) -> str:
    """Words of a cell in reading order; a new line where the words start a new line. Inside a cell
    each word's own box counts (tesseract's lines run across the page and may join two cell lines)."""
    lines: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: ((w["word_top"] + w["word_bottom"]) / 2, w["x0"])):
        middle = (w["word_top"] + w["word_bottom"]) / 2
        if lines and abs(_middle(lines[-1]) - middle) <= max(3.0, (w["word_bottom"] - w["word_top"]) * 0.5):
            lines[-1].append(w)
        else:
            lines.append([w])
    return "\n".join(" ".join(w["text"] for w in sorted(line, key=lambda w: w["x0"])) for line in lines)
