"""normalizers/laws.py: the law registry, laws' names in running text, and the version meant."""

from __future__ import annotations

import datetime as dt

import pytest

from vnplan.normalizers.laws import (
    LAW_FAMILY,
    defined_abbreviations,
    law_by_key,
    pick_version,
    read_law_name,
    registry,
)

D = dt.date


def _versions(key: str) -> tuple:
    """The registry's versions of the law with this key's name."""
    name = law_by_key()[key].name
    return tuple(sorted((v for v in registry() if v.name == name), key=lambda v: v.effective))


def test_keys_have_no_leading_zeros():
    law = law_by_key()["6/2022/QH15"]
    assert (law.number, law.name) == ("06/2022/QH15", "Luật Thi đua, khen thưởng")
    assert "06/2022/QH15" not in law_by_key()


# (stated date, stated year, citing document's date) → the version meant
LOCAL_GOVERNMENT = [
    (None, None, D(2025, 11, 25), "72/2025/QH15"),  # late 2025: the June 2025 law, not 77/2015/QH13
    (None, None, D(2025, 4, 1), "65/2025/QH15"),  # between the February and the June laws
    (None, None, D(2022, 1, 1), "77/2015/QH13"),
    (None, None, None, "72/2025/QH15"),  # date unknown: the latest
    (D(2015, 6, 19), 2015, D(2025, 12, 1), "77/2015/QH13"),  # "ngày 19 tháng 6 năm 2015": adopted that day
    (D(2025, 2, 19), 2025, D(2025, 12, 1), "65/2025/QH15"),
    (D(2025, 6, 16), 2025, D(2025, 6, 27), "72/2025/QH15"),
    (None, 2015, D(2025, 12, 1), "77/2015/QH13"),  # "năm 2015"
    (None, 2025, D(2025, 11, 1), "72/2025/QH15"),  # two laws of 2025: the one in force
    (None, 2025, D(2025, 4, 1), "65/2025/QH15"),
    (D(2029, 6, 16), 2029, D(2025, 6, 27), "72/2025/QH15"),  # a year OCR misread: the day and month
]


@pytest.mark.parametrize("stated, year, citing, key", LOCAL_GOVERNMENT)
def test_pick_version_of_the_local_government_law(stated, year, citing, key):
    assert pick_version(_versions("77/2015/QH13"), stated, year, citing).key == key


def test_effective_date_when_the_registry_has_none():
    """120/2025/QH15 (Luật Phòng, chống ma túy) has no dates in the registry: numbered among laws
    adopted on 10/12/2025, it is taken to take effect on 1/7/2026 — so a January 2026 plan still
    cites 73/2021/QH14."""
    law = law_by_key()["120/2025/QH15"]
    assert law.adopted is None and law.adoption_estimate == D(2025, 12, 10)
    assert law.effective == D(2026, 7, 1)
    assert pick_version(_versions("73/2021/QH14"), None, None, D(2026, 1, 8)).key == "73/2021/QH14"


NAMES = [
    # (text after the head word, expected name end, registry key or None, amending)
    (
        "Tổ chức chính quyền địa phương ngày 16/6/2025;",
        "Tổ chức chính quyền địa phương",
        "72/2025/QH15",
        False,
    ),
    (
        "Tổ chức chính quyên địa phương ngày 16/6/2029;",
        "Tổ chức chính quyên địa phương",
        "72/2025/QH15",
        False,
    ),
    ("phòng, chống ma túy.", "phòng, chống ma túy", "120/2025/QH15", False),
    ("Bảo vệ BMNN, Nghị định số", "Bảo vệ BMNN", "29/2018/QH14", False),
    ("MTTQ Việt Nam và", "MTTQ Việt Nam", "75/2015/QH13", False),
    (
        "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22",
        "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
        "47/2019/QH14",
        True,
    ),
    (
        "sưa đổi. bố sung một số điều của Bộ Luật hình sự liên quan tội phạm",  # lamdong_ttr_91 (scan)
        "sưa đổi. bố sung một số điều của Bộ Luật hình sự",
        "86/2025/QH15",
        True,
    ),
    ("Thuế sử dụng đất nông nghiệp và các văn bản", "Thuế sử dụng đất nông nghiệp", None, False),
    ("Phòng, chống thiên tai mới, Luật Đê điều", "Phòng, chống thiên tai", "33/2013/QH13", False),
]


@pytest.mark.parametrize("rest, name, key, amending", NAMES)
def test_read_law_name(rest, name, key, amending):
    text = "Luật " + rest
    found = read_law_name(text, len("Luật "), LAW_FAMILY)
    assert found is not None
    assert text[len("Luật ") : found.end] == name
    assert found.amending is amending
    if key is None:
        assert found.versions == ()
    else:
        assert key in {v.key for v in found.versions}


@pytest.mark.parametrize("rest", ["số 90/2025/QH15", "này có hiệu lực", "và các văn bản"])
def test_no_name_after_the_head_word(rest):
    assert read_law_name("Luật " + rest, len("Luật "), LAW_FAMILY) is None


def test_an_amending_law_lists_the_laws_it_amends():
    text = (
        "Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Đầu tư theo phương thức đối tác công tư, "
        "Luật Hải quan, Luật Quản lý, sử dụng tài sản công số 90/2025/QH15"
    )
    found = read_law_name(text, len("Luật "), LAW_FAMILY)
    assert text[: found.end].endswith("Luật Quản lý, sử dụng tài sản công")
    assert "15/2017/QH14" in {v.key for v in found.inner_versions}


def test_defined_abbreviations():
    """bimson_kh_3070 defines BMNN before using it in 'Luật Bảo vệ BMNN'."""
    text = (
        "về kiểm tra việc chấp hành các quy định của pháp luật về bảo vệ Bí mật Nhà nước (BMNN) đối với "
        "Tỉnh uỷ, UBND tỉnh Thanh Hoá; Cổng Thông tin điện tử (CTTĐT) và cơ quan nhà nước (CCHC)"
    )
    assert defined_abbreviations([text]) == {  # CCHC is not what the words before it spell
        "BMNN": ("bi", "mat", "nha", "nuoc"),
        "CTTĐT": ("cong", "thong", "tin", "dien", "tu"),
    }
