"""extractors/tables.py and the PDF table stitching: real tables of ../shared/corpus."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.model import Cell, Table
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.tables import table_kind

from .conftest import RAW


@pytest.fixture(scope="module")
def btp_tables(corpus):
    document = extract_pdf(corpus("btp_cv1043_danhmuc_vbqppl_2021.pdf"))
    return [b.table for b in document.blocks if b.kind == "table"]


def test_the_52_page_table_is_one_table(btp_tables):
    [table] = btp_tables
    assert table.pages == list(range(1, 53))
    grid = table.grid(carry=True)
    assert len(grid) == 112  # header + 111 rows
    assert grid[0][:3] == ["STT", "Tên văn bản/văn bản được quy định chi tiết", "Nội dung liên quan"]
    assert table_kind(table) == "list"


def test_a_row_continued_on_the_next_page_carries_its_merged_cells(btp_tables):
    grid = btp_tables[0].grid(carry=True)
    # page 2 starts with a row under "1 | Luật Đất đai (số 45/2013/QH13 ...)" of page 1
    row = next(r for r in grid if r[4].startswith("Thông tư số 33/2017/TT-BTNMT"))
    assert row[0] == "1" and row[1].startswith("Luật Đất đai (số 45/2013/QH13")
    assert any(c.carried for c in btp_tables[0].cells)


def test_a_section_with_moved_column_rules_stays_in_the_table(btp_tables):
    grid = btp_tables[0].grid(carry=True)
    labels = [r[0] for r in grid]
    assert "II." in labels and labels.index("II.") > labels.index("19")  # page 23 has an extra rule


@pytest.mark.parametrize(
    "name, kinds",
    [
        ("luongminh_kh_hiep_thuong_2026.docx", ["form", "form", "form"]),
    ],
)
def test_layout_tables_are_not_kept_and_forms_are_forms(corpus, name, kinds):
    document = extract_docx(corpus(name))
    got = [table_kind(b.table) for b in document.blocks if b.kind == "table"]
    assert [k for k in got if k != "layout"] == kinds
    assert got.count("layout") >= 10  # letterheads and signature blocks of the ballot forms


def _table(rows: list[list[str]]) -> Table:
    cells = [Cell(t, r, k) for r, row in enumerate(rows) for k, t in enumerate(row)]
    return Table(cells, len(rows), len(rows[0]))


@pytest.mark.parametrize(
    "rows, kind",
    [
        (
            [
                ["TT", "Chức năng sử dụng đất", "Ký hiệu", "Diện tích ô đất (m2)"],
                ["1", "Đất ở", "CQ2", "1.250"],
            ],
            "statistics",
        ),
        ([["Chỉ tiêu", "Đơn vị tính", "Kết quả"], ["Hồ sơ", "hồ sơ", "120"]], "statistics"),
        ([["Số thứ tự", "Tên mẫu biểu"], ["1", "Mẫu số 01"]], "list"),
        ([["Nội dung", "Thời gian"], ["Hội nghị", "Tháng 3"]], "schedule"),
        ([["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]], "layout"),
        ([["Nơi nhận:\n- Như trên;", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"]], "layout"),
        ([["Stt", "Họ và tên", "Chức vụ công tác"], ["1", "", ""]], "form"),
        ([["A", "B"], ["x", "y"]], "other"),
    ],
)
def test_table_kind(rows, kind):
    assert table_kind(_table(rows)) == kind


def test_soc_trang_pdf_annex_is_one_table_over_its_pages():
    document = extract_pdf(RAW / "soc-trang-bql-kcn-cchc-2024.pdf")
    [annex] = [b.table for b in document.blocks if b.kind == "table"]
    assert len(annex.pages) >= 2
