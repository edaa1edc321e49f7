"""extractors/blanks.py: handwritten numbers and days of scanned letterheads read as digits."""

from __future__ import annotations

import numpy as np
import pytest

from vnplan.extractors.blanks import (
    _reads_as,
    find_blanks,
    has_ink,
    read_digits,
    recognizer_available,
    recognizer_problem,
    split_date_words,
)
from vnplan.extractors.pdf import extract_pdf


def _word(text, x0, x1, top=100.0):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 14, "size": 12.0}


def test_blanks_are_found_between_the_printed_words():
    words = [
        _word("Số:", 113, 130),
        _word("80", 142, 158),
        _word("/BC-UBND", 166, 232),
        _word("ngày", 366, 391),
        _word("&ˆ@", 396, 410),
        _word("tháng", 419, 451),
        _word("năm", 472, 496),
    ]
    blanks = {b.kind: b for b in find_blanks(words, page_height=842)}
    assert set(blanks) == {"number", "day", "month"}
    assert blanks["number"].words == (1,) and blanks["day"].words == (4,) and blanks["month"].words == ()
    assert blanks["number"].box[0] < 142 and blanks["number"].box[2] < 166


def test_the_day_blank_starts_at_the_nearest_ngay_not_at_the_place():
    """quangngai_bc_280: "Quảng Ngãi, ngày 22 tháng 11": "Ngãi" is one letter from "ngay" too, but the
    day blank runs from the nearest date word before "tháng"; lamdong_ttr_91: "ngài:" bent by the ink."""
    line = [_word("Quảng", 300, 330), _word("Ngãi,", 333, 362), _word("ngày", 366, 391)]
    line += [_word("22", 396, 410), _word("tháng", 419, 451), _word("năm", 472, 496)]
    [day] = [b for b in find_blanks(line, page_height=842) if b.kind == "day"]
    assert day.head == 2 and day.words == (3,)
    bent = [_word("Lâm", 300, 330), _word("Đồng.", 333, 362), _word("ngài:", 366, 391), _word(";-", 396, 410)]
    bent += [_word("tháng", 419, 451), _word("02", 455, 468), _word("năm", 472, 496)]
    [day] = [b for b in find_blanks(bent, page_height=842) if b.kind == "day"]
    assert day.head == 2 and day.words == (3,)


def test_tphcm_stp_cv_2021_the_place_thanh_pho_is_no_month_and_a_merged_day_is_split():
    """OCR of "Thành phố Hồ Chí Minh, ngày 25 tháng 02 năm 2021", 25 and 02 by hand: "Thành" is one
    letter from "tháng" (the month blank ran from it, taking the place), and tesseract joined the
    handwritten day to the printed words ("ngày-“Ôtháng")."""
    line = [_word("Thành", 296, 326), _word("phô", 330, 350), _word("Hô", 354, 370), _word("Chí", 374, 392)]
    line += [_word("Minh,", 396, 426), _word("ngày-“Ôtháng", 430, 502), _word("0Ệ", 506, 517)]
    line += [_word("năm", 519, 540), _word("2021", 545, 570)]
    words = split_date_words(line)
    assert [w["text"] for w in words[5:8]] == ["ngày", "-“Ô", "tháng"]
    assert words[5]["x0"] == 430 and words[7]["x1"] == pytest.approx(502)
    blanks = {b.kind: b for b in find_blanks(words, page_height=842)}
    assert set(blanks) == {"day", "month"}
    assert [words[i]["text"] for i in blanks["day"].words] == ["-“Ô"]
    assert [words[i]["text"] for i in blanks["month"].words] == ["0Ệ"]


def test_a_blank_without_ink_is_left_blank():
    assert not has_ink(np.full((40, 80, 3), 250, np.uint8))
    assert has_ink(np.pad(np.zeros((20, 4, 3), np.uint8), ((10, 10), (38, 38), (0, 0)), constant_values=255))


@pytest.mark.skipif(not recognizer_available(), reason=f"no handwriting recognizer: {recognizer_problem()}")
def test_nothing_is_read_into_an_empty_blank():
    assert read_digits(np.full((60, 120, 3), 255, np.uint8), "number") is None


def test_handwritten_number_and_day_of_quangngai_bc_280(corpus):
    """'Số: 280 /BC-UBND', 'ngày 22 tháng 11': handwritten; tesseract read '80' and '&ˆ@'."""
    document = extract_pdf(corpus("quangngai_bc_280_du_toan_2024_scan.pdf"))
    read = {f.blank: f.text for f in document.filled_in if f.source == "ocr-digits"}
    if recognizer_available():
        assert read == {"number": "280", "day": "22", "month": "11"}
    else:
        assert set(read.values()) <= {None}  # without the recognizer nothing is guessed


@pytest.mark.parametrize(
    "word, printed, reads",
    [
        ("ngày", "ngay", True),
        ("ngày:", "ngay", True),  # "ngày:" as OCR may read it
        ("ngài:", "ngay", True),  # lamdong_ttr_91 p. 1: the handwritten 03 after it bent the word
        ("ngàt", "ngay", True),
        ("tháng", "thang", True),
        ("thảng", "thang", True),
        ("năm", "nam", True),
        ("người", "ngay", False),
        ("ngành", "ngay", False),
        ("thẳng", "thang", True),  # one letter off: in the date line it is the printed word
        ("nhân", "nam", False),
    ],
)
def test_the_printed_date_words_are_known_through_ocr_damage(word, printed, reads):
    assert _reads_as(word, printed) is reads


def test_a_recognizer_that_cannot_load_leaves_sys_path_as_it_was(monkeypatch):
    """On a Debian without libGL, opencv's loader failed and left its folder on sys.path; dask's
    worker processes, spawned after it, then found cv2/typing for `typing` and died."""
    import builtins
    import sys

    from vnplan.extractors import blanks

    real_import = builtins.__import__

    def failing(name, *args, **kwargs):
        if name.startswith("rapidocr_onnxruntime"):
            sys.path.insert(0, "/site-packages/cv2")
            raise ImportError("libGL.so.1: cannot open shared object file: No such file or directory")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(blanks, "_RECOGNIZER", [])
    monkeypatch.setattr(blanks, "_RECOGNIZER_PROBLEM", [])
    monkeypatch.setattr(builtins, "__import__", failing)
    before = list(sys.path)
    assert blanks.recognizer_problem() == (
        "ImportError: libGL.so.1: cannot open shared object file: No such file or directory"
    )
    assert sys.path == before and not blanks.recognizer_available()
