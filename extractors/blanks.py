"""Numbers and days written by hand into the blanks of a scanned letterhead, read as digits.

A document is typed with blanks (`Số:      /QĐ-UBND`, `ngày    tháng   năm 2024`) that are
filled in by hand, often in blue ink, when it is signed. Tesseract, trained on print, misreads
most of them ("280" → "80", "22" → "&ˆ@"). Here each blank is found from the printed words around
it (after `Số:` up to the symbol's slash; between `ngày`, `tháng` and `năm`), cropped from the
colour page image and read by a second recognizer, PP-OCR (its weights ship inside the
`rapidocr-onnxruntime` wheel, Apache-2.0; nothing is downloaded), keeping digits only.

A reading is kept only when the recognizer is confident and two readings of the blank (the
recognizer's own detection of the ink, and the ink's box read as one line) agree; otherwise the
blank is left empty and recorded as unreadable (`FilledIn.text` None): a number is never guessed.
A blank without ink is a blank: nothing is read into it.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..normalizers.symbols import bounded_edits
from ..normalizers.text import strip_accents
from .model import FilledIn

MIN_CONFIDENCE = 0.8  # the recognizer's score under which a reading is not kept (measured: bench/README.md)
NOISE = 0.5  # a reading scored under this is no reading at all (a speck read as "双")
INK_SHARE = 0.004  # share of dark or coloured pixels under which a blank holds no writing
MAX_DIGITS = {"number": 5, "day": 2, "month": 2}


@dataclass(frozen=True)
class Blank:
    kind: str  # number · day · month
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    words: tuple[int, ...]  # indices of the OCR words inside the blank (tesseract's reading of it)
    line: tuple[float, float, float]  # the printed line's top, bottom and size
    head: int = -1  # index of the printed word before the blank ("ngày", "tháng", "Số:")


_NUMBER_HEAD = re.compile(r"^S[ốô]\s*:?$")
_SLASH = re.compile(r"^[/|lI1]?/|^/")


def find_blanks(words: list[dict[str, Any]], page_height: float) -> list[Blank]:
    """The number blank after `Số:` and the day and month blanks of the date line, located by the
    printed words around them in the top third of the page."""
    top_words = sorted(
        ((i, w) for i, w in enumerate(words) if w["top"] < page_height * 0.35),
        key=lambda iw: (iw[1]["top"] + iw[1]["bottom"]) / 2,
    )
    lines: list[list[tuple[int, dict[str, Any]]]] = []
    for i, w in top_words:  # words whose middles lie within half a line of each other
        middle = (w["top"] + w["bottom"]) / 2
        last = lines[-1][-1][1] if lines else None
        if (
            last is not None
            and abs((last["top"] + last["bottom"]) / 2 - middle) < (w["bottom"] - w["top"]) / 2
        ):
            lines[-1].append((i, w))
        else:
            lines.append([(i, w)])
    blanks = []
    for line in lines:
        line.sort(key=lambda iw: iw[1]["x0"])
        texts = [w["text"] for _, w in line]
        for k, text in enumerate(texts):
            if _NUMBER_HEAD.match(text):
                end = next((j for j in range(k + 1, len(line)) if "/" in texts[j]), None)
                if end is not None:
                    blanks.append(_between("number", line, k, end))
            if _reads_as(text, "thang"):
                # the day blank: back from "tháng" to the nearest "ngày" (the ink written after it
                # often bends the word: "ngài:", "ngàt"; the nearest, not a place like "Ngãi")
                head = next(
                    (j for j in range(k - 1, max(-1, k - 5), -1) if _reads_as(texts[j], "ngay")), None
                )
                if head is not None:
                    blanks.append(_between("day", line, head, k))
                elif not _reads_as(text, "thang", edits=0):
                    continue  # one letter from "tháng" and no "ngày" before it: another word ("Thành phố")
                end = next((j for j in range(k + 1, len(line)) if _reads_as(texts[j], "nam")), None)
                if end is not None:
                    blanks.append(_between("month", line, k, end))
    return blanks


_PRINTED_HEADS = {"day": "ngày", "month": "tháng"}  # the words printed before the date blanks
_MERGED_DATE_WORDS = re.compile(r"^(?P<day>ng[aà]y)(?P<ink>.+?)(?P<month>th[aá]ng)$")


def split_date_words(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Words with "ngày…tháng" read as one word split into its three parts: tesseract joins the
    day written by hand between the printed words ("ngày-“Ôtháng", tphcm_stp_cv_2021), which
    then hides both the day blank and the month's head word. Each part gets its share of the box."""
    out: list[dict[str, Any]] = []
    for w in words:
        m = _MERGED_DATE_WORDS.match(strip_accents(w["text"]).lower()) if len(w["text"]) > 9 else None
        if m is None:
            out.append(w)
            continue
        width = (w["x1"] - w["x0"]) / len(w["text"])
        for part in ("day", "ink", "month"):
            start, end = m.span(part)
            x0, x1 = w["x0"] + start * width, w["x0"] + end * width
            out.append(dict(w, text=w["text"][start:end], x0=x0, x1=x1))
    return out


def _reads_as(word: str, printed: str, edits: int = 1) -> bool:
    """An OCR'd word that is the printed date word (`ngay`, `thang`, `nam`, accents folded), or one
    letter from it: the handwriting beside it and the seal often change a letter."""
    folded = strip_accents(word.lower().rstrip(":;,."))
    return folded[:2] == printed[:2] and bounded_edits(folded, printed) <= edits


def _between(kind: str, line: list[tuple[int, dict[str, Any]]], left: int, right: int) -> Blank:
    a, b = line[left][1], line[right][1]
    inside = tuple(i for i, _ in line[left + 1 : right])
    x1 = b["x0"]
    if kind == "number" and not b["text"].startswith("/"):
        inside += (line[right][0],)  # "2/ /TTr-…": the slash word carries part of the number
        x1 += b["text"].find("/") / max(1, len(b["text"])) * (b["x1"] - b["x0"])
    height = b["bottom"] - b["top"]
    # the blank starts where the head word ends, or where tesseract saw writing (it sometimes
    # stretches "Số:" over the first handwritten digit); handwriting rises above the printed line
    head_end = min(a["x1"], a["x0"] + 1.3 * height) if kind == "number" else a["x1"]  # "Số:" is short
    x0 = min([head_end + 1, *(w["x0"] - 1 for _, w in line[left + 1 : right])])
    box = (x0, a["top"] - 0.6 * height, x1 - 1, b["bottom"] + 0.4 * height)
    return Blank(kind, box, inside, (a["top"], a["bottom"], a["size"]), line[left][0])


def _ink(crop: np.ndarray) -> np.ndarray:
    """Dark or coloured pixels: writing in any colour (crop: H × W × 3, uint8)."""
    darkest = crop.min(axis=2)
    spread = crop.max(axis=2).astype(np.int16) - darkest
    return (darkest < 150) | (spread > 80)


def has_ink(crop: np.ndarray) -> bool:
    """Dark or coloured pixels enough for writing (crop: H × W × 3, uint8)."""
    return crop.size > 0 and bool(_ink(crop).mean() > INK_SHARE)


INK_MARGIN = 6  # pixels of paper kept around the writing


def ink_box(crop: np.ndarray) -> np.ndarray:
    """The crop cut to the box of its ink, with a margin of paper."""
    ys, xs = np.nonzero(_ink(crop))
    if len(ys) == 0:
        return crop
    top, left = max(0, ys.min() - INK_MARGIN), max(0, xs.min() - INK_MARGIN)
    return np.ascontiguousarray(crop[top : ys.max() + INK_MARGIN + 1, left : xs.max() + INK_MARGIN + 1])


_RECOGNIZER: list[Any] = []  # loaded once per reader process
_RECOGNIZER_PROBLEM: list[str] = []  # why it could not be loaded, found once per process


def _recognizer() -> Any:
    """PP-OCR through rapidocr-onnxruntime, one thread (files and pages run in parallel). Loaded
    in the reader that needs it, never before the readers are forked (not an lru_cache, which
    warm-up would load): onnxruntime starts threads, and a fork must not copy a process's threads;
    most files have no scan."""
    if not _RECOGNIZER:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        path = list(sys.path)
        try:
            from rapidocr_onnxruntime import RapidOCR
        finally:
            # opencv's loader leaves its own folder on sys.path when it fails (libGL.so.1 missing on
            # a bare Debian): every process spawned after that imported cv2/typing for `typing`
            sys.path[:] = path
        _RECOGNIZER.append(RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, print_verbose=False))
    return _RECOGNIZER[0]


OPENCV_LIBRARIES = (("GL", "libgl1"), ("glib-2.0", "libglib2.0-0"))  # (library, Debian package)


def find_handwriting_problem() -> str | None:
    """Why handwritten digits cannot be read on this machine, told without loading the reader (it
    starts threads, which must not run before the readers fork): its package, and the system
    libraries its OpenCV loads, which a bare Debian lacks."""
    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        return "the handwritten-digit reader is not installed (pip install rapidocr-onnxruntime)"
    missing = [package for library, package in OPENCV_LIBRARIES if ctypes.util.find_library(library) is None]
    if missing:
        return (
            "the handwritten-digit reader cannot load, its OpenCV needs system libraries "
            f"(apt-get install {' '.join(missing)})"
        )
    return None


def recognizer_problem() -> str | None:
    """Why handwritten digits cannot be read here (the recognizer or a system library it loads is
    missing), or None when they can. Tried once per process."""
    if not _RECOGNIZER and not _RECOGNIZER_PROBLEM:
        try:
            _recognizer()
        except Exception as exc:  # noqa: BLE001 (not installed, or its runtime cannot load)
            _RECOGNIZER_PROBLEM.append(f"{type(exc).__name__}: {exc}")
    return _RECOGNIZER_PROBLEM[0] if _RECOGNIZER_PROBLEM else None


def recognizer_available() -> bool:
    return recognizer_problem() is None


def read_digits(crop: np.ndarray, kind: str) -> str | None:
    """The digits written in a blank, or None when they cannot be read with confidence."""
    if not recognizer_available():
        return None
    engine = _recognizer()
    detected, _ = engine(crop)  # the recognizer's own detection of the writing, then its reading
    # the writing's own box read as one line: the blank's margins around a short number make the
    # recognizer read marks ("9#" for 91 on lamdong_ttr_91); cut to the ink, it reads the digits
    whole, _ = engine(ink_box(crop), use_det=False, use_cls=False)
    readings = [(text.strip(), float(score)) for _, text, score in detected or [] if text.strip()]
    if len(readings) > 1:
        return None  # several pieces of writing: not one number
    readings += [(text.strip(), float(score)) for text, score in whole or [] if text.strip()]
    readings = [(text, score) for text, score in readings if score >= NOISE]
    digits = {_digits(text) for text, _ in readings}
    confident = [text for text, score in readings if score >= MIN_CONFIDENCE and _digits(text)]
    if not confident or len(digits) != 1:
        return None  # nothing read with confidence, or two readings that disagree ("89" / "68十")
    digits_read = _digits(confident[0])
    if len(digits_read) > MAX_DIGITS[kind]:
        return None
    if kind in ("day", "month") and not 1 <= int(digits_read) <= (31 if kind == "day" else 12):
        return None
    return digits_read


def _digits(text: str) -> str:
    """The digits of a reading, when it is digits (a trailing dot or slash is the blank's edge)."""
    text = text.strip().rstrip("./|")
    return text if text.isascii() and text.isdigit() else ""  # not "²" or "①", which int() refuses


def fill_blanks(
    words: list[dict[str, Any]], rgb: np.ndarray, scale: float, page_no: int, page_height: float
) -> tuple[list[dict[str, Any]], list[FilledIn]]:
    """The OCR words with each handwritten blank replaced by its digits (or emptied when they
    cannot be read), and what was filled in."""
    drop: set[int] = set()
    added: list[dict[str, Any]] = []
    filled: list[FilledIn] = []
    words = split_date_words(words)
    for blank in find_blanks(words, page_height):
        x0, top, x1, bottom = blank.box
        crop = rgb[max(0, int(top * scale)) : int(bottom * scale), max(0, int(x0 * scale)) : int(x1 * scale)]
        if x1 <= x0 or not has_ink(crop):
            continue  # a blank left blank
        digits = read_digits(np.ascontiguousarray(crop), blank.kind)
        filled.append(FilledIn(page_no, blank.box, digits, "ocr-digits", blank.kind))
        for i in blank.words:  # a slash word that carried part of the number keeps only its slash
            if "/" in words[i]["text"] and blank.kind == "number":
                words[i] = dict(words[i], text=words[i]["text"][words[i]["text"].find("/") :])
            else:
                drop.add(i)
        if digits:
            printed = _PRINTED_HEADS.get(blank.kind)
            if printed and blank.head >= 0:  # the date word the ink bent ("ngài:") as printed
                words[blank.head] = dict(words[blank.head], text=printed)
            line_top, line_bottom, size = blank.line
            added.append(
                {
                    "text": digits,
                    "x0": x0 + 1,
                    "x1": x1 - 1,
                    "top": line_top,
                    "bottom": line_bottom,
                    "fontname": "OCR",
                    "size": size,
                    "upright": True,
                    "word_top": line_top,
                    "word_bottom": line_bottom,
                }
            )
    kept = [w for i, w in enumerate(words) if i not in drop]
    return kept + added, filled
