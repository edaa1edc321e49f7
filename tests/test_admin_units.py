"""normalizers/admin_units.py: towns, communes and wards placed in their province, before and
after the 1 July 2025 reorganisation, from the vietnamadminunits dataset."""

from __future__ import annotations

import datetime as dt

import pytest

from vnplan.normalizers.admin_units import unit_province

BEFORE, AFTER = dt.date(2024, 9, 9), dt.date(2025, 11, 18)


@pytest.mark.parametrize(
    "kind, name, on, want",
    [
        ("thị xã", "Bỉm Sơn", BEFORE, ("Thanh Hóa", "Thanh Hóa")),  # bimson_kh_3070: UBND THỊ XÃ BỈM SƠN
        ("xã", "Lương Minh", AFTER, ("Quảng Ninh", "Quảng Ninh")),  # luongminh_kh_16: xã Lương Minh
        (None, "Lương Minh", AFTER, ("Quảng Ninh", "Quảng Ninh")),  # the place line names no kind
        ("xã", "Lượng Minh", AFTER, ("Nghệ An", "Nghệ An")),  # one tone mark apart, another province
        ("thị trấn", "Ngãi Giao", BEFORE, ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh")),
        ("xã", "Ngãi Giao", AFTER, ("Hồ Chí Minh", "Hồ Chí Minh")),
        ("xã", "Tân Thành", None, (None, None)),  # a name of many provinces' communes places nothing
        ("xã", "Không Có Tên Này", None, (None, None)),
    ],
)
def test_unit_province(kind, name, on, want):
    assert unit_province(kind, name, on) == want
