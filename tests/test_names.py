"""normalizers/names.py: letterhead names to official spelling."""

from __future__ import annotations

import pytest

from vnplan.normalizers.names import expand_abbreviations, official_name

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
