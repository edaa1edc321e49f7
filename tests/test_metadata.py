"""Document metadata against the hand-made gold, from every rendering of the sample plans and from
real documents of the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.model import Block
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.metadata import DocumentInfo, describe_document
from vnplan.normalizers.doc_types import document_key, type_by_code, type_by_name
from vnplan.normalizers.text import loose_key

from .conftest import gold

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


def _extract(path):
    return extract_pdf(path) if path.suffix == ".pdf" else extract_docx(path)


@pytest.mark.parametrize("gold_name, file_name", CASES)
def test_document_fields_match_gold(corpus, gold_name, file_name):
    want = gold(gold_name)["document"]
    info = describe_document(_extract(corpus(file_name)))
    for field in FIELDS:
        got = getattr(info, field)
        if isinstance(want[field], str):
            assert loose_key(got) == loose_key(want[field]), field
        else:
            assert got == want[field], field
    assert info.issued_date is None  # drafts: the day is blank


def test_numbered_normative_document(corpus):
    info = describe_document(extract_pdf(corpus("cp_nd_45_2026.pdf")))
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


def test_letterhead_drawn_as_a_double_ruled_grid(corpus):
    """Cao Bằng's resolution draws its letterhead with double rules: an 8 × 6 grid with text in
    4 rows and 2 columns. It is read as a letterhead (number, date, province), and the title
    stops before the enacting body's name that follows it."""
    from vnplan.normalizers.citations import CitingContext, find_citations

    document = extract_pdf(corpus("caobang_nq_33_2022_hdnd.pdf"))
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


@pytest.mark.parametrize(
    "name, number, key, issued",
    [
        ("bimson_kh_3070_bmnn_2024.pdf", "3070", "3070/KH-UBND", "2024-09-09"),  # printed "3070."
        ("hanoi_qd_2858_quy_hoach_2025.pdf", "2858", "2858/QĐ-UBND", "2025-06-10"),
        ("lamdong_ttr_666_snv_kh_cchc_2026.pdf", "666", "666/TTr-SNV", "2025-12-22"),
    ],
)
def test_number_and_date_in_form_fields_are_read(corpus, name, number, key, issued):
    """E-signed PDFs keep `Số:` and the day of `ngày … tháng` in form widgets, which pdfium's text
    page ignores; the page (and pdftotext) shows them, so they are read in place."""
    info = describe_document(extract_pdf(corpus(name)))
    assert (info.number, info.key, info.issued_date) == (number, key, dt.date.fromisoformat(issued))
    assert info.field_sources["number"] == "widget" and info.field_sources["issued_date"] == "widget"


def test_issuer_qualified_by_the_parent_line_and_province_of_a_town(corpus):
    info = describe_document(extract_pdf(corpus("lamdong_ttr_666_snv_kh_cchc_2026.pdf")))
    assert (info.issuer, info.parent_issuer) == ("Sở Nội vụ tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng")
    assert (
        info.title == "Về việc trình ký dự thảo Kế hoạch cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng"
    )
    town = describe_document(extract_pdf(corpus("bimson_kh_3070_bmnn_2024.pdf")))
    assert (town.issuer, town.province, town.province_2025) == (
        "Ủy ban nhân dân thị xã Bỉm Sơn",
        "Thanh Hóa",
        "Thanh Hóa",
    )
    assert town.field_sources["province"] == "inferred"  # the page names the town, not the province


def test_organ_of_a_commune_front_named_after_it_and_placed_in_its_province(corpus):
    info = describe_document(extract_docx(corpus("luongminh_kh_16_bau_cu_2026.docx")))
    assert info.issuer == "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh"
    assert (info.province, info.province_2025) == ("Quảng Ninh", "Quảng Ninh")


def test_signature_table_with_one_recipient_per_row(corpus):
    info = describe_document(extract_pdf(corpus("caobang_nq_33_2022_hdnd.pdf")))
    assert (info.signer_title, info.signer_name) == ("Chủ tịch", "Triệu Đình Lê")


def test_scan_with_e_signature_banner_and_unreadable_handwriting(corpus):
    """tphcm_stp_cv_2021: the 'Ký bởi: … Thời gian ký: …' banner stays out of the letterhead; the
    handwritten number (a crossed 7) is not guessed; the letter's subject is its title."""
    info = describe_document(extract_pdf(corpus("tphcm_stp_cv_2021_garbled_ocr_layer.pdf")))
    assert loose_key(info.issuer) == loose_key("Sở Tư pháp Thành phố Hồ Chí Minh")
    assert loose_key(info.parent_issuer) == loose_key("Ủy ban nhân dân Thành phố Hồ Chí Minh")
    assert info.number is None and info.field_sources["number"] == "ocr-digits"
    assert info.title.startswith("Về Chương trình hỗ trợ pháp lý liên ngành")
    # the place as printed (OCR: "Thành phô Hô"); the handwritten day is not read, so no date
    assert (info.place, info.issued_date) == ("Thành phố Hồ Chí Minh", None)
    # "KT. GIÁM ĐỐC" above it: the title the signature crossed ("PHÓ Ắ ÔC") is the deputy's
    assert (info.signer_title, info.signer_name) == ("Phó Giám đốc", "Nguyễn Thị Hồng Hạnh")


def test_ocr_letterhead_spelled_as_the_province_and_signer_title_through_the_seal(corpus):
    info = describe_document(extract_pdf(corpus("laichau_qd_1629_tthc_khcn_2025.pdf")))
    assert info.issuer == "Ủy ban nhân dân tỉnh Lai Châu"  # OCR read "LAI CHÁU"
    assert (info.signer_title, info.signer_name) == ("Chủ tịch", "Lê Văn Lương")


def test_receiving_stamp_and_banner_kept_out_of_the_letterhead():
    from vnplan.extractors.model import Provenance
    from vnplan.interpret.metadata import _lines

    block = Block(
        kind="header",
        text="ĐẾN Số: 1234\nNgày: 12/3/2024\nChuyển: Phòng KT\nKý bởi: Sở Tư pháp\nUBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ",
        provenance=Provenance(page=1),
    )
    info = DocumentInfo()
    assert _lines(block, info) == ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"]
    assert info.received_date == dt.date(2024, 3, 12)


def test_lamdong_ttr_91_scan_symbol_and_date_read_through_the_ink(police_scan):
    """lamdong_ttr_91 p. 1 (a scan): OCR reads the symbol "TIr-CAT-PC04" and the date line "Lâm
    Đồng. ngài: … tháng 02" (a full stop for the comma; the handwritten 03 bends "ngày"). The type
    line TỜ TRÌNH settles the type code; the handwritten number and day are read as digits (the
    number's second reading cut to its ink: read whole, the blank gave "9#")."""
    info = describe_document(police_scan)
    assert (info.doc_type, info.symbol, info.key) == ("Tờ trình", "TTr-CAT-PC04", "91/TTr-CAT-PC04")
    assert (info.place, str(info.issued_date)) == ("Lâm Đồng", "2026-02-03")
    assert info.field_sources["issued_date"] == info.field_sources["number"] == "ocr-digits"
