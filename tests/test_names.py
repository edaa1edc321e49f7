"""normalizers/names.py: letterhead names to official spelling."""

from __future__ import annotations

import pytest

from vnplan.normalizers.names import expand_abbreviations, official_name, snap_deputy_title

NAMES = [
    ("UBND TỈNH SÓC TRĂNG", "Ủy ban nhân dân tỉnh Sóc Trăng"),
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "Ban Quản lý các khu công nghiệp"),
    ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("UỶ BAN NHÂN DÂN THỊ XÃ BỈM SƠN", "Ủy ban nhân dân thị xã Bỉm Sơn"),
    ("SỞ NỘI VỤ", "Sở Nội vụ"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("PHÓ TRƯỞNG BAN", "Phó Trưởng ban"),
    ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
    ("PHÓ THỦ TƯỚNG", "Phó Thủ tướng"),
    ("ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh"),
    ("TỈNH ỦY LÂM ĐỒNG", "Tỉnh ủy Lâm Đồng"),
    ("Sở Tư pháp", "Sở Tư pháp"),
]


@pytest.mark.parametrize("raw, want", NAMES)
def test_official_name(raw, want):
    assert official_name(raw) == want


def test_abbreviations_are_whole_words_and_case_sensitive():
    assert expand_abbreviations("UBND tỉnh") == "Ủy ban nhân dân tỉnh"
    assert expand_abbreviations("KCNX") == "KCNX"


@pytest.mark.parametrize(
    "line, office, want",
    [
        ("PHÓ Ắ ÔC", "GIÁM ĐỐC", "Phó Giám đốc"),  # tphcm_stp_cv_2021: the signature across the line
        ("PHÓ CHỦ TỊCH", "CHỦ TỊCH", "Phó Chủ tịch"),
        ("PHÒ CHU TỊCH", "CHỦ TỊCH", "Phó Chủ tịch"),
        ("CHÁNH VĂN PHÒNG", "GIÁM ĐỐC", None),  # not a deputy's title
        ("PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "GIÁM ĐỐC", None),  # a deputy of another office
    ],
)
def test_a_deputy_signing_for_an_office_has_its_title(line, office, want):
    assert snap_deputy_title(line, office) == want
