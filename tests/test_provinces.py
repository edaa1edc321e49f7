"""normalizers/provinces.py: detection in letterhead text and the 2025 merger."""

from __future__ import annotations

import datetime as dt

import pytest

from vnplan.normalizers.provinces import find_province, province_2025, province_names

FIND = [
    ("UBND TỈNH SÓC TRĂNG", "Sóc Trăng"),
    ("Ủy ban nhân dân tỉnh Lâm Đồng", "Lâm Đồng"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Hà Nội"),
    ("Sở Nội vụ tỉnh Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("UBND TP. HCM", "Hồ Chí Minh"),
    ("tỉnh Thừa Thiên Huế", "Huế"),
    ("tỉnh Hoà Bình", "Hòa Bình"),
    ("Thanh Hoá, ngày 5 tháng 3 năm 2024", "Thanh Hóa"),
    ("Bỉm Sơn, ngày tháng năm 2024", None),
    ("Chính phủ", None),
]


@pytest.mark.parametrize("text, want", FIND)
def test_find_province(text, want):
    assert find_province(text) == want


MERGER = [
    ("Sóc Trăng", None, "Cần Thơ"),
    ("Hải Dương", None, "Hải Phòng"),
    ("Hậu Giang", None, "Cần Thơ"),
    ("Bình Dương", None, "Hồ Chí Minh"),
    ("Quảng Nam", None, "Đà Nẵng"),
    ("Lâm Đồng", dt.date(2026, 1, 1), "Lâm Đồng"),
    ("An Giang", dt.date(2024, 1, 1), "An Giang"),
    ("Kiên Giang", dt.date(2024, 6, 1), "An Giang"),
    ("Hà Giang", None, "Tuyên Quang"),
    ("Cao Bằng", None, "Cao Bằng"),
    ("Nowhere", None, None),
]


@pytest.mark.parametrize("name, on, want", MERGER)
def test_province_2025(name, on, want):
    assert province_2025(name, on) == want


def test_63_provinces_before_the_merger():
    assert len(province_names()) == 63
