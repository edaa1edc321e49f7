"""normalizers/text.py: (Vietnamese input, expected) tables and a property test."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from vnplan.normalizers.text import clean_text, is_upper, loose_key, match_key, strip_accents

CLEAN = [
    ("Ủy ban\u00a0nhân   dân", "Ủy ban nhân dân"),          # no-break space, runs of spaces
    ("\uf0b7 Nội dung", "• Nội dung"),                      # Symbol-font bullet (private use)
    ("\uf02d Kế hoạch", "- Kế hoạch"),
    ("45/2026/NÐ-CP", "45/2026/NĐ-CP"),                       # Eth used for D-stroke
    ("30\u20442020", "30/2020"),                              # fraction slash from OCR
    ("Hoa\u0300 Bi\u0300nh", "Hoà Bình"),                     # NFD input becomes NFC
    ("  \n ", ""),
    ("a\ue000b", "ab"),                                       # other private-use characters dropped
    ("cải\u200bcách", "cảicách"),                             # zero-width space
]


@pytest.mark.parametrize("raw, want", CLEAN)
def test_clean_text(raw, want):
    assert clean_text(raw) == want


@pytest.mark.parametrize("a, b", [
    ("Hòa Bình", "Hoà Bình"), ("Ủy ban", "Uỷ ban"), ("Thanh Hóa", "Thanh Hoá"), ("thủy lợi", "thuỷ lợi"),
    ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"), ("NĐ-СР", "NĐ-CP"),  # Cyrillic С/Р look-alikes
    ("KẾ HOẠCH", "kế hoạch"),
])
def test_match_key_folds_variants(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize("a, b", [("HD", "HĐ"), ("CT", "CTr"), ("Quy định", "Quyết định")])
def test_match_key_keeps_what_differs(a, b):
    assert match_key(a) != match_key(b)


def test_loose_key_ignores_punctuation_spacing():
    assert loose_key("Cải cách thủ tục hành chính (TTHC)") == loose_key("cải cách thủ tục hành chính TTHC")


@pytest.mark.parametrize("text, upper", [("KẾ HOẠCH", True), ("Kế hoạch", False), ("2024", False), ("I. MỤC TIÊU", True)])
def test_is_upper(text, upper):
    assert is_upper(text) is upper


def test_strip_accents():
    assert strip_accents("Nghị định Đắk Lắk") == "Nghi dinh Dak Lak"


@given(st.text())
def test_clean_text_never_fails_and_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in once)
