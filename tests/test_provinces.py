"""normalizers/provinces.py: detection in letterhead text and the 2025 merger."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# DOMAIN.md §4.2 (Nghị quyết 202/2025/QH15 mapping, from the NSO table): every old province and its
# merged unit from 1 July 2025, checked against provinces.json
MERGER_TABLE = [
    ("Hà Nội", "Hà Nội"),
    ("Hà Giang", "Tuyên Quang"),
    ("Cao Bằng", "Cao Bằng"),
    ("Bắc Kạn", "Thái Nguyên"),
    ("Tuyên Quang", "Tuyên Quang"),
    ("Lào Cai", "Lào Cai"),
    ("Điện Biên", "Điện Biên"),
    ("Lai Châu", "Lai Châu"),
    ("Sơn La", "Sơn La"),
    ("Yên Bái", "Lào Cai"),
    ("Hòa Bình", "Phú Thọ"),
    ("Thái Nguyên", "Thái Nguyên"),
    ("Lạng Sơn", "Lạng Sơn"),
    ("Quảng Ninh", "Quảng Ninh"),
    ("Bắc Giang", "Bắc Ninh"),
    ("Phú Thọ", "Phú Thọ"),
    ("Vĩnh Phúc", "Phú Thọ"),
    ("Bắc Ninh", "Bắc Ninh"),
    ("Hải Dương", "Hải Phòng"),
    ("Hải Phòng", "Hải Phòng"),
    ("Hưng Yên", "Hưng Yên"),
    ("Thái Bình", "Hưng Yên"),
    ("Hà Nam", "Ninh Bình"),
    ("Nam Định", "Ninh Bình"),
    ("Ninh Bình", "Ninh Bình"),
    ("Thanh Hóa", "Thanh Hóa"),
    ("Nghệ An", "Nghệ An"),
    ("Hà Tĩnh", "Hà Tĩnh"),
    ("Quảng Bình", "Quảng Trị"),
    ("Quảng Trị", "Quảng Trị"),
    ("Huế", "Huế"),
    ("Đà Nẵng", "Đà Nẵng"),
    ("Quảng Nam", "Đà Nẵng"),
    ("Quảng Ngãi", "Quảng Ngãi"),
    ("Bình Định", "Gia Lai"),
    ("Phú Yên", "Đắk Lắk"),
    ("Khánh Hòa", "Khánh Hòa"),
    ("Ninh Thuận", "Khánh Hòa"),
    ("Bình Thuận", "Lâm Đồng"),
    ("Kon Tum", "Quảng Ngãi"),
    ("Gia Lai", "Gia Lai"),
    ("Đắk Lắk", "Đắk Lắk"),
    ("Đắk Nông", "Lâm Đồng"),
    ("Lâm Đồng", "Lâm Đồng"),
    ("Bình Phước", "Đồng Nai"),
    ("Tây Ninh", "Tây Ninh"),
    ("Bình Dương", "Hồ Chí Minh"),
    ("Đồng Nai", "Đồng Nai"),
    ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("Hồ Chí Minh", "Hồ Chí Minh"),
    ("Long An", "Tây Ninh"),
    ("Tiền Giang", "Đồng Tháp"),
    ("Bến Tre", "Vĩnh Long"),
    ("Trà Vinh", "Vĩnh Long"),
    ("Vĩnh Long", "Vĩnh Long"),
    ("Đồng Tháp", "Đồng Tháp"),
    ("An Giang", "An Giang"),
    ("Kiên Giang", "An Giang"),
    ("Cần Thơ", "Cần Thơ"),
    ("Hậu Giang", "Cần Thơ"),
    ("Sóc Trăng", "Cần Thơ"),
    ("Bạc Liêu", "Cà Mau"),
    ("Cà Mau", "Cà Mau"),
]


@pytest.mark.parametrize("old, new", MERGER_TABLE)
def test_merger_table_of_domain(old, new):
    assert province_2025(find_province(f"UBND tỉnh {old}"), None) == new


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.dates()))
def test_any_text_gives_a_known_province_or_none(text, on):
    found = find_province(text)
    assert found is None or found in province_names()
    new = province_2025(found, on)
    assert (found is None) == (new is None)
