"""normalizers/references.py: references as people type them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.normalizers.references import Reference, matches, parse_reference
from vnplan.normalizers.text import strip_accents

CASES = [
    ("NĐ 130/2005", Reference("130", 2005, "Nghị định")),
    ("Nghị định 130/2005/NĐ-CP", Reference("130", 2005, "Nghị định", ("ND", "CP"))),
    ("nghi dinh 130/2005/ND-CP", Reference("130", 2005, "Nghị định", ("ND", "CP"))),
    ("ND-CP 130/2005", Reference("130", 2005, "Nghị định", ("CP",))),
    ("QĐ 1847 TTg", Reference("1847", None, "Quyết định", ("TTG",))),
    ("quyet dinh so 1847/QD-TTg", Reference("1847", None, "Quyết định", ("QD", "TTG"))),
    ("18-NQ/TW", Reference("18", None, "Nghị quyết", ("TW",))),
    ("Công điện 968", Reference("968", None, "Công điện")),
    ("cong dien 968/CD-TTg", Reference("968", None, "Công điện", ("CD", "TTG"))),
    ("Kế hoạch 218/KH-UBND", Reference("218", None, "Kế hoạch", ("KH", "UBND"))),
    ("TTLT 71/2014 BTC BNV", Reference("71", 2014, "Thông tư liên tịch", ("BTC", "BNV"))),
    ("Thông tư 32/2017/TT-BTTTT", Reference("32", 2017, "Thông tư", ("TT", "BTTTT"))),
    ("01/KH-BQL", Reference("1", None, "Kế hoạch", ("BQL",))),
    ("30c/NQ-CP", Reference("30c", None, "Nghị quyết", ("CP",))),
]


@pytest.mark.parametrize("text, want", CASES)
def test_parse_reference(text, want):
    assert parse_reference(text) == want


@pytest.mark.parametrize(
    "text, keys",
    [
        ("Luật Ngân sách nhà nước 2015", ("83/2015/QH13",)),
        ("luat ngan sach nha nuoc 2015", ("83/2015/QH13",)),
        ("Luật Ngân sách nhà nước", ("1/2002/QH11", "83/2015/QH13", "89/2025/QH15")),
        ("luat to chuc chinh quyen dia phuong 2025", ("65/2025/QH15", "72/2025/QH15")),
        ("Luật Tổ chức chính quyền địa phương 2015", ("77/2015/QH13",)),
        ("luat thi dua khen thuong 2022", ("6/2022/QH15",)),  # the registry's 06/2022/QH15, keyed
        # the amending law is its own entry, not the law it amends
        (
            "luat sua doi bo sung mot so dieu cua luat to chuc chinh phu va luat to chuc chinh quyen dia phuong",
            ("47/2019/QH14",),
        ),
        ("bo luat lao dong 2019", ("45/2019/QH14",)),
        ("Luật An toàn, vệ sinh lao động", ("84/2015/QH13",)),
    ],
)
def test_laws_in_words(text, keys):
    assert parse_reference(text).keys == keys


@pytest.mark.parametrize("text", ["", "Nghị định", "kế hoạch cải cách hành chính"])
def test_no_number_is_an_error(text):
    with pytest.raises(ValueError):
        parse_reference(text)


@pytest.mark.parametrize(
    "ref, row, hit",
    [
        ("NĐ 130/2005", ("130/2005/NĐ-CP", "Nghị định", "130", 2005, "NĐ-CP"), True),
        ("NĐ 130/2005", ("130/2015/NĐ-CP", "Nghị định", "130", 2015, "NĐ-CP"), False),
        ("QĐ 1847 TTg", ("1847/QĐ-TTg", "Quyết định", "1847", None, "QĐ-TTg"), True),
        ("QĐ 1847 TTg", ("1847/QĐ-UBND", "Quyết định", "1847", None, "QĐ-UBND"), False),
        ("01/KH-BQL", ("1/KH-BQL", "Kế hoạch", "01", None, "KH-BQL"), True),
        ("18-NQ/TW", ("18-NQ/TW", "Nghị quyết", "18", None, "NQ/TW"), True),
        ("luat ngan sach nha nuoc 2015", ("83/2015/QH13", "Luật", None, None, None), True),
        ("luat to chuc chinh quyen dia phuong 2025", ("72/2025/QH15", "Luật", None, None, None), True),
        ("luat to chuc chinh quyen dia phuong 2025", ("77/2015/QH13", "Luật", None, None, None), False),
    ],
)
def test_matches(ref, row, hit):
    assert matches(parse_reference(ref), *row) is hit


_REFERENCE_LIKE = st.builds(
    lambda kind, number, year, symbol: " ".join(p for p in (kind, f"{number}{year}{symbol}") if p),
    st.sampled_from(["", "NĐ", "Nghị định", "QĐ", "quyet dinh so", "Kế hoạch", "TTLT", "Luật"]),
    st.integers(0, 99999).map(str) | st.sampled_from(["01", "30c", "0"]),
    st.sampled_from(["", "/2015", "-2024", "/1899"]),
    st.sampled_from(["", "/NĐ-CP", "/QĐ-UBND", "-NQ/TW", " TTg", "/KH-BQL"]),
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | _REFERENCE_LIKE)
def test_any_text_parses_or_says_why(text):
    """Any text either raises ValueError or gives a reference that finds the citations it names:
    a number printed in the text, a year printed in it, and a row built from the reference matches
    it while a row with another number does not."""
    try:
        ref = parse_reference(text)
    except ValueError:
        return
    if ref.keys:  # a law named in words: its registry numbers
        assert (
            ref.name
            and ref.doc_type
            and all(re.fullmatch(r"\d+/(?:19|20)\d\d/[A-Z0-9Đ-]+", k) for k in ref.keys)
        )
        return
    folded = strip_accents(text).upper()
    assert ref.number and re.search(re.escape(ref.number), folded, re.IGNORECASE)
    assert ref.year is None or (1900 <= ref.year <= 2099 and str(ref.year) in text)
    symbol = "-".join(ref.codes)
    assert matches(ref, None, ref.doc_type, ref.number, ref.year, symbol)
    assert not matches(ref, None, ref.doc_type, ref.number + "9", ref.year, symbol)
