"""normalizers/text.py: (Vietnamese input, expected) tables and a property test."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnplan.normalizers.text import (
    clean_text,
    is_upper,
    loose_key,
    match_key,
    modern_spelling,
    split_list_items,
    strip_accents,
)

CLEAN = [
    ("Ủy ban\u00a0nhân   dân", "Ủy ban nhân dân"),  # no-break space, runs of spaces
    ("\uf0b7 Nội dung", "• Nội dung"),  # Symbol-font bullet (private use)
    ("\uf02d Kế hoạch", "- Kế hoạch"),
    ("45/2026/NÐ-CP", "45/2026/NĐ-CP"),  # Eth used for D-stroke
    ("30\u20442020", "30/2020"),  # fraction slash from OCR
    ("Hoa\u0300 Bi\u0300nh", "Hoà Bình"),  # NFD input becomes NFC
    ("  \n ", ""),
    ("a\ue000b", "ab"),  # other private-use characters dropped
    ("cải\u200bcách", "cảicách"),  # zero-width space
    ("Sở\u202fNội vụ", "Sở Nội vụ"),  # narrow no-break space
    ("Sở\u2009Tư pháp", "Sở Tư pháp"),  # thin space
    ("phân\u00adcông", "phâncông"),  # soft hyphen
    ("\ufeffKẾ HOẠCH", "KẾ HOẠCH"),  # byte-order mark
    ("\uf0a7 Sản phẩm", "▪ Sản phẩm"),  # Wingdings square bullet
    ("\uf0d8 Mục tiêu", "➢ Mục tiêu"),  # Wingdings arrow bullet
    ("\uf076 Nhiệm vụ", "❖ Nhiệm vụ"),
    ("\uf0fc Hoàn thành", "✓ Hoàn thành"),
    ("NGHỊ ĐỊNH 45/2026/N\u0189-CP", "NGHỊ ĐỊNH 45/2026/NĐ-CP"),  # African D
    ("35\u22152022", "35/2022"),  # division slash
    ("KT\u2011XH", "KT-XH"),  # non-breaking hyphen
    ("2021\u20102025", "2021-2025"),  # Unicode hyphen
    ("\u22125%", "-5%"),  # minus sign
    ("Lâm \u0110o\u0302\u0300ng", "Lâm Đồng"),  # NFD with stacked marks
    ("Kế hoạch\nsố 218", "Kế hoạch số 218"),  # new lines collapse
    ("\tSở Tư pháp\t", "Sở Tư pháp"),
    ("Ban Quản lý các KCN", "Ban Quản lý các KCN"),  # nothing to repair
]


@pytest.mark.parametrize("raw, want", CLEAN)
def test_clean_text(raw, want):
    assert clean_text(raw) == want


@pytest.mark.parametrize(
    "a, b",
    [
        ("Hòa Bình", "Hoà Bình"),
        ("Ủy ban", "Uỷ ban"),
        ("Thanh Hóa", "Thanh Hoá"),
        ("thủy lợi", "thuỷ lợi"),
        ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("NĐ-СР", "NĐ-CP"),  # Cyrillic С/Р look-alikes
        ("KẾ HOẠCH", "kế hoạch"),
        ("Quí I", "Quí I"),
        ("hoà giải", "hòa giải"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("tuỳ", "tùy"),
        ("Thuỵ", "Thụy"),
        ("quy hoạch", "quy hoạch"),
        ("Sở Văn hoá", "Sở Văn hóa"),
    ],
)
def test_match_key_folds_variants(a, b):
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize("a, b", [("HD", "HĐ"), ("CT", "CTr"), ("Quy định", "Quyết định")])
def test_match_key_keeps_what_differs(a, b):
    assert match_key(a) != match_key(b)


def test_loose_key_ignores_punctuation_spacing():
    assert loose_key("Cải cách thủ tục hành chính (TTHC)") == loose_key("cải cách thủ tục hành chính TTHC")


@pytest.mark.parametrize(
    "text, upper", [("KẾ HOẠCH", True), ("Kế hoạch", False), ("2024", False), ("I. MỤC TIÊU", True)]
)
def test_is_upper(text, upper):
    assert is_upper(text) is upper


def test_strip_accents():
    assert strip_accents("Nghị định Đắk Lắk") == "Nghi dinh Dak Lak"


@given(st.text())
def test_clean_text_never_fails_and_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert not any(0xE000 <= ord(ch) <= 0xF8FF for ch in once)


@pytest.mark.parametrize(
    "raw, want",
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("tỉnh Thanh Hoá", "tỉnh Thanh Hóa"),
        ("Sở Văn hoá, Thể thao", "Sở Văn hóa, Thể thao"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("35/2022/NĐ-CP", "35/2022/NĐ-CP"),
        ("Phòng QL Quy hoạch, XD", "Phòng QL Quy hoạch, XD"),
        ("thuỷ lợi", "thủy lợi"),
        ("Hoà Bình", "Hòa Bình"),
    ],
)
def test_modern_spelling_moves_tone_marks_and_keeps_punctuation(raw, want):
    assert modern_spelling(raw) == want


@pytest.mark.parametrize(
    "cell, want",
    [
        ("- Quý I/2024\n- Theo quy định", ["Quý I/2024", "Theo quy định"]),
        ("- Kế hoạch\n- Báo cáo kết quả", ["Kế hoạch", "Báo cáo kết quả"]),
        ("Kế hoạch; Báo cáo", ["Kế hoạch", "Báo cáo"]),
        ("Quý I - Quý II/2024", ["Quý I - Quý II/2024"]),
        ("Giai đoạn 2021 - 2025", ["Giai đoạn 2021 - 2025"]),
        ("+ Báo cáo\n+ Hội nghị", ["Báo cáo", "Hội nghị"]),
        ("", []),
    ],
)
def test_split_list_items(cell, want):
    assert split_list_items(cell) == want


@given(st.text())
def test_modern_spelling_keeps_length_of_ascii_and_never_fails(text):
    out = modern_spelling(text)
    assert [w for w in out.split() if w.isascii()] == [w for w in text.split() if w.isascii()]
