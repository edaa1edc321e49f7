"""normalizers/areas.py: reform areas in words, typed with or without accents."""

from __future__ import annotations

import pytest

from vnplan.normalizers.areas import area_name, area_names, find_area


@pytest.mark.parametrize(
    "typed, slug",
    [
        ("cải cách thủ tục hành chính", "tthc"),
        ("cai cach thu tuc hanh chinh", "tthc"),
        ("thủ tục hành chính", "tthc"),
        ("TTHC", "tthc"),
        ("Cải cách thể chế", "the_che"),
        ("chuyen doi so", "chinh_quyen_so"),
        ("Xây dựng và phát triển chính quyền điện tử, chính quyền số", "chinh_quyen_so"),
        ("công tác chỉ đạo, điều hành", "chi_dao_dieu_hanh"),
        ("cong vu", "cong_vu"),
        ("tai_chinh_cong", "tai_chinh_cong"),
        ("cải cách", None),  # every area is a cải cách: ambiguous
        ("y tế", None),
    ],
)
def test_find_area(typed, slug):
    assert find_area(typed) == slug


def test_every_contract_area_has_a_name():
    assert area_name("tthc") == "Cải cách thủ tục hành chính"
    assert area_name("no_such_area") == "no_such_area"
    assert len(set(area_names().values())) == len(area_names())
