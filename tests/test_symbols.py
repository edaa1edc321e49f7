"""normalizers/symbols.py: known codes, and codes OCR damaged repaired only when one known code is near."""

from __future__ import annotations

import pytest

from vnplan.normalizers.symbols import codes, codes_of_issuer, is_known_issuer, repair_issuer, repair_type

ISSUERS = [
    ("JGDĐT", frozenset(), "BGDĐT", False),  # a letter misread (the DOMAIN.md code, before Sở codes)
    ("BGIDĐT", frozenset(), "BGDĐT", False),  # a letter added
    ("JGDĐT", frozenset({"SGDĐT"}), "SGDĐT", False),  # "của Sở Giáo dục và Đào tạo" settles it
    ("UBNO", frozenset(), "UBND", False),
    ("STNMI", frozenset(), "STNMT", False),  # a provincial department's code
    ("BQT", frozenset(), None, True),  # BQP and BQL are both one letter away: ambiguous
    ("QHKT", frozenset(), None, False),  # a local unit's code no known one is near: kept as printed
    ("TI", frozenset(), None, False),  # two letters: too short to judge
    # lamdong_ttr_91 p. 1 "Quyết định số 28/QĐ-TT ngày 24/8/2025 của Thủ tướng Chính phủ": OCR lost
    # the g; the issuer the mention names settles even a two-letter code
    ("TT", frozenset({"TTg", "CP"}), "TTg", False),
    ("TT", frozenset(), None, False),  # without it, TT is too short to judge
]


@pytest.mark.parametrize("segment, preferred, code, ambiguous", ISSUERS)
def test_repair_issuer(segment, preferred, code, ambiguous):
    found = repair_issuer(segment, preferred)
    assert (found.code, found.ambiguous) == (code, ambiguous)


@pytest.mark.parametrize(
    "segment, wanted, code, ambiguous",
    [
        ("OĐ", "QĐ", "QĐ", False),  # "Quyết định số 12/OĐ-UBND": the type word names the code
        ("TI", "TTr", None, False),  # "Tờ trình số 6326/TI": two edits from TTr, too short for the rest
        ("KHH", None, "KH", False),
        ("TTT", None, None, True),  # TT, TTr, TTg-like neighbours
    ],
)
def test_repair_type(segment, wanted, code, ambiguous):
    found = repair_type(segment, wanted)
    assert (found.code, found.ambiguous) == (code, ambiguous)


def test_known_codes():
    assert is_known_issuer("UBTVQH14") and is_known_issuer("QH15") and is_known_issuer("SNV")
    assert not is_known_issuer("QHKT")
    assert "BGDĐT" in codes_of_issuer("Bộ trưởng Bộ Giáo dục và Đào tạo")
    assert codes_of_issuer("Sở Tài nguyên và Môi trường tỉnh Lâm Đồng") == {"STNMT"}
    assert codes().issuer_names["SNNMT"] == "Sở Nông nghiệp và Môi trường"
