"""PDF extractor on real documents."""

from __future__ import annotations

import pytest

from vnplan.extractors.model import Provenance
from vnplan.extractors.pdf import Line, extract_pdf, lines_to_blocks, open_pdf
from vnplan.normalizers.text import loose_key

from .conftest import RAW, printed_in

SOCTRANG = RAW / "soc-trang-bql-kcn-cchc-2024.pdf"


@pytest.fixture(scope="module")
def soctrang():
    return extract_pdf(SOCTRANG)


def test_wrapped_lines_are_joined_into_one_paragraph(soctrang):
    texts = [b.text for b in soctrang.blocks]
    assert (
        "Thực hiện Kế hoạch số 218/KH-UBND ngày 19/12/2022 của Ủy ban nhân dân tỉnh Sóc Trăng thực hiện "
        "cải cách hành chính tỉnh Sóc Trăng năm 2024 và Kế hoạch số 01/KH-BQL ngày 04/01/2022 của Ban "
        "Quản lý các khu công nghiệp thực hiện cải cách hành chính giai đoạn 2021-2030,"
    ) in texts


def test_wrapped_heading_is_one_block_with_its_label(soctrang):
    heading = next(b for b in soctrang.blocks if b.label == "II.")
    assert heading.text == "CÁC NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN CẢI CÁCH HÀNH CHÍNH"
    assert heading.bold and heading.provenance.page == 1


def test_running_page_numbers_are_removed(soctrang):
    # page 4 prints "4" at the top; it must not appear as text anywhere
    assert not any(
        b.text.strip() in {str(n) for n in range(1, 11)} for b in soctrang.blocks if b.kind != "table"
    )


def test_paragraph_continuing_on_next_page_is_joined(soctrang):
    # "... những nhiệm vụ tại Chỉ thị số" ends page 3; "05/CT-UBND ngày 25/4/2023 ..." starts page 4
    block = next(b for b in soctrang.blocks if "Đề cao trách nhiệm của người đứng đầu" in b.text)
    assert "Chỉ thị số 05/CT-UBND ngày 25/4/2023 của Chủ tịch UBND tỉnh" in block.text
    assert block.provenance.page == 4 and block.label is None


def test_letterhead_columns_are_read_apart(soctrang):
    left, right = [b for b in soctrang.blocks if b.kind == "header"]
    assert left.text.splitlines() == [
        "UBND TỈNH SÓC TRĂNG",
        "BAN QUẢN LÝ",
        "CÁC KHU CÔNG NGHIỆP",
        "Số: /KH-BQL",
    ]
    assert right.text.splitlines()[-1] == "Sóc Trăng, ngày tháng 12 năm 2023"


def test_signature_block_is_separated_from_recipients(soctrang):
    recipients, signer = [b for b in soctrang.blocks if b.kind == "signature"]
    assert recipients.text.splitlines()[:2] == ["Nơi nhận:", "- Sở Nội vụ;"]
    assert signer.text.splitlines() == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]


def test_ruled_annex_tables_are_cell_grids(soctrang):
    tables = [b.table for b in soctrang.blocks if b.kind == "table"]
    assert len(tables) == 1  # the annex runs over pages 5-10 and is stitched into one table
    assert tables[0].pages == [5, 6, 7, 8, 9, 10] and tables[0].n_cols == 6
    first = tables[0].grid()
    assert (
        sum(row[0] == "Nhiệm vụ chung" for row in first) == 1
    )  # the header repeated on each page is dropped
    assert first[-1][1] == "5. Xác định chỉ số CCHC của Ban Quản lý các khu công nghiệp"  # last row, page 10
    assert first[0] == [
        "Nhiệm vụ chung",
        "Nhiệm vụ cụ thể",
        "Sản phẩm",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
    ]
    assert first[1][1].startswith("1. Xây dựng và triển khai kế hoạch thực hiện công tác pháp chế")
    assert first[1][5] == "- Quý I/2024\n- Theo quy định"
    group = next(c for c in tables[0].cells if c.text == "Cải cách thể chế")
    assert group.rowspan > 1  # the group cell is merged down over its tasks


def test_cells_of_a_table_stitched_across_pages_keep_their_own_page_and_box(soctrang):
    [table] = [b.table for b in soctrang.blocks if b.kind == "table"]
    assert {c.page for c in table.cells} == set(range(5, 11))
    assert all(c.bbox is not None and c.bbox[0] < c.bbox[2] and c.bbox[1] < c.bbox[3] for c in table.cells)
    last = next(c for c in table.cells if c.text.startswith("5. Xác định chỉ số CCHC"))
    group = next(c for c in table.cells if c.text == "Cải cách thể chế")
    assert (last.page, group.page) == (10, 5)
    for cell in (last, group):  # pdfplumber reads the cell's text in the cell's box on its page
        assert cell.page is not None and cell.bbox is not None
        assert loose_key(printed_in(SOCTRANG, cell.page, cell.bbox)) == loose_key(cell.text)
    rows = [table.row_provenance(r, Provenance()) for r in range(table.n_rows)]
    assert (
        rows[1].page == 5 and rows[-1].page == 10 and [r.page for r in rows] == sorted(r.page for r in rows)
    )


def test_a_paragraph_continued_overleaf_knows_where_each_part_is_printed(corpus):
    """cp_nd_45_2026.pdf: paragraphs run on over page breaks; the part on the later page starts
    where the text printed there starts, and each part's box holds its own words."""
    path = corpus("cp_nd_45_2026.pdf")
    continued = [b for b in extract_pdf(path).blocks if b.provenance.overleaf]
    assert len(continued) >= 5
    for block in continued[:3]:
        [part] = block.provenance.overleaf
        first, later = block.provenance, part
        assert first.page is not None and first.bbox is not None and later.page == first.page + 1
        before, after = loose_key(block.text[: part.start]), loose_key(block.text[part.start :])
        assert loose_key(printed_in(path, first.page, first.bbox)).endswith(before)  # label aside
        assert loose_key(printed_in(path, later.page, later.bbox)).startswith(after[:40])
        assert block.provenance_at(len(block.full_text) - 1).page == later.page


def test_landscape_annex_pages_keep_their_text(soctrang):
    width, height = open_pdf(SOCTRANG)[4].get_size()
    assert width > height  # the annex is printed landscape
    assert any(b.provenance.page == 5 and b.text == "PHỤ LỤC" for b in soctrang.blocks)


def test_junk_before_pdf_header_is_skipped(corpus):
    path = corpus("bimson_kh_3070_bmnn_2024.pdf")
    assert path.read_bytes().find(b"%PDF") == 21
    doc = extract_pdf(path)
    assert doc.pages == 6
    assert any(b.label == "I." and b.text == "MỤC ĐÍCH, YÊU CẦU" for b in doc.blocks)


def _body_line(top: float, x0: float, x1: float, text: str) -> Line:
    return Line(page=1, top=top, bottom=top + 12, x0=x0, x1=x1, text=text, bold=False, italic=False, size=13)


@pytest.mark.parametrize(
    "first_x0, want",
    [
        # lamdong_ttr_91 p. 3: the item opens indented, its line runs to the margin, "- Đà Lạt" is
        # the hyphen of "Phường Lang Biang - Đà Lạt" wrapped to the left margin
        (
            100,
            ["- Xây dựng mới 35 địa bàn cấp xã không ma túy, gồm: Phường Lang Biang - Đà Lạt; Xã Hàm Tân"],
        ),
        # items not indented: a dash at the margin is a new item
        (
            70,
            [
                "- Xây dựng mới 35 địa bàn cấp xã không ma túy, gồm: Phường Lang Biang",
                "- Đà Lạt; Xã Hàm Tân",
            ],
        ),
    ],
)
def test_a_dash_wrapped_to_the_margin_is_a_hyphen_only_after_an_indented_opening(first_x0, want):
    lines = [
        _body_line(
            100, first_x0, 540, "- Xây dựng mới 35 địa bàn cấp xã không ma túy, gồm: Phường Lang Biang"
        ),
        _body_line(116, 70, 200, "- Đà Lạt; Xã Hàm Tân"),
    ]
    assert [b.full_text for b in lines_to_blocks(lines, 70, 540)] == want


def test_bimson_kh_3070_white_paragraph_borders_make_no_table(corpus):
    """bimson_kh_3070 draws white borders and white fills around its paragraphs (pages 2, 4, 6):
    nothing a reader sees, so no table; its headings '2.', '2.1.', '2.3.' stay paragraphs of their own."""
    document = extract_pdf(corpus("bimson_kh_3070_bmnn_2024.pdf"))
    assert not [b for b in document.blocks if b.kind == "table"]
    texts = [b.full_text for b in document.blocks]
    assert any(t.startswith("2. Nội dung hạn chế, biện pháp khắc phục") for t in texts)
    assert any(t.startswith("2.3. Việc sao, chụp tài liệu mật") for t in texts)
