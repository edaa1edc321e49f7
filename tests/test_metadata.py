"""Document metadata against the hand-made gold, from every rendering in data/raw."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.metadata import describe_document
from vnplan.normalizers.doc_types import document_key, type_by_code, type_by_name
from vnplan.normalizers.text import loose_key

from .conftest import RAW, gold

FIELDS = (
    "doc_type",
    "number",
    "symbol",
    "key",
    "place",
    "issuer",
    "parent_issuer",
    "province",
    "province_2025",
    "title",
    "plan_year_start",
    "plan_year_end",
    "signer_name",
    "signer_title",
)
CASES = [
    ("hai-duong-bql-kcn-cchc-2024", "hai-duong-bql-kcn-cchc-2024.docx"),
    ("hai-duong-bql-kcn-cchc-2024", "hai-duong-bql-kcn-cchc-2024.pdf"),
    ("soc-trang-bql-kcn-cchc-2024", "soc-trang-bql-kcn-cchc-2024.docx"),
    ("soc-trang-bql-kcn-cchc-2024", "soc-trang-bql-kcn-cchc-2024.pdf"),
    ("lamdong_kh_cchc_2026", "lamdong_kh_cchc_2026.docx"),
]


def _extract(name):
    path = RAW / name
    return extract_pdf(path) if name.endswith(".pdf") else extract_docx(path)


@pytest.mark.parametrize("gold_name, file_name", CASES)
def test_document_fields_match_gold(gold_name, file_name):
    want = gold(gold_name)["document"]
    info = describe_document(_extract(file_name))
    for field in FIELDS:
        got = getattr(info, field)
        if isinstance(want[field], str):
            assert loose_key(got) == loose_key(want[field]), field
        else:
            assert got == want[field], field
    assert info.issued_date is None  # drafts: the day is blank


def test_numbered_normative_document():
    info = describe_document(extract_pdf(RAW / "cp_nd_45_2026.pdf"))
    assert (info.doc_type, info.number, info.symbol, info.key) == (
        "Nghị định",
        "45",
        "NĐ-CP",
        "45/2026/NĐ-CP",
    )
    assert info.issued_date.isoformat() == "2026-01-26"
    # a central body belongs to no province; `place` stays the city it signed in
    assert (info.issuer, info.place, info.province, info.province_2025) == ("Chính phủ", "Hà Nội", None, None)
    assert info.signer_title == "Phó Thủ tướng" and info.signer_name == "Nguyễn Chí Dũng"
    assert info.title.startswith("Quy định quản lý đầu tư ứng dụng công nghệ thông tin")
    assert info.plan_year_start is None  # not a plan


@pytest.mark.parametrize(
    "number, year, symbol, key",
    [
        ("01", None, "KH-BQL", "1/KH-BQL"),
        ("45", 2026, "NĐ-CP", "45/2026/NĐ-CP"),
        ("05", 2023, "QĐ-UBND", "5/2023/QĐ-UBND"),
        (None, None, "KH-UBND", None),
    ],
)
def test_document_key(number, year, symbol, key):
    assert document_key(number, year, symbol) == key


@pytest.mark.parametrize(
    "text, name",
    [
        ("KẾ HOẠCH", "Kế hoạch"),
        ("NGHỊ ĐỊNH", "Nghị định"),
        ("TỜ TRÌNH", "Tờ trình"),
        ("QUYẾT  ĐỊNH", "Quyết định"),
        ("Ban hành", None),
    ],
)
def test_type_by_name(text, name):
    assert type_by_name(text) == name


@pytest.mark.parametrize(
    "symbol, name",
    [
        ("KH-UBND", "Kế hoạch"),
        ("HD-SNV", "Hướng dẫn"),
        ("HĐ-UBND", "Hợp đồng"),
        ("CT-TTg", "Chỉ thị"),
        ("CTr-UBND", "Chương trình"),
        ("UBND-HCC", None),
    ],
)
def test_type_by_code_is_case_and_diacritic_sensitive(symbol, name):
    assert type_by_code(symbol) == name


def test_letterhead_drawn_as_a_double_ruled_grid():
    """Cao Bằng's resolution draws its letterhead with double rules: an 8 × 6 grid with text in
    4 rows and 2 columns. It is read as a letterhead (number, date, province), and the title
    stops before the enacting body's name that follows it."""
    from vnplan.normalizers.citations import CitingContext, find_citations

    from .conftest import DOCS

    document = extract_pdf(DOCS / "caobang_nq_33_2022_hdnd.pdf")
    info = describe_document(document)
    assert (info.doc_type, info.number, info.symbol, info.key) == (
        "Nghị quyết",
        "33",
        "NQ-HĐND",
        "33/2022/NQ-HĐND",
    )
    assert info.issued_date.isoformat() == "2022-07-15" and info.province == "Cao Bằng"
    assert info.title.endswith("làm việc trên địa bàn tỉnh Cao Bằng")
    text = " ".join(b.full_text for b in document.blocks)
    assert "33/2022/NQ-HĐND" not in {c.key for c in find_citations(text, CitingContext(own_key=info.key))}
