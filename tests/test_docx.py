"""DOCX extractor on real documents (and real documents repackaged, see docx_builders)."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.interpret.metadata import describe_document

from .conftest import RAW
from .docx_builders import FOOTNOTES, citations_in_footnotes, letterhead_in_textbox

SOCTRANG = RAW / "soc-trang-bql-kcn-cchc-2024.docx"


@pytest.fixture(scope="module")
def lamdong(corpus):
    return extract_docx(corpus("lamdong_kh_cchc_2026.docx"))


def _by_paragraph(doc, index):
    return next(b for b in doc.blocks if b.provenance.paragraph == index and b.kind != "table")


@pytest.mark.parametrize(
    "paragraph, label, text",
    [
        (10, "1.", "Cải cách thể chế"),  # numbering.xml numId 39, decimal "%1."
        (22, "2.", "Cải cách thủ tục hành chính"),
        (112, "7.", "Công tác chỉ đạo, điều hành"),
        (11, "a)", "Mục tiêu"),  # typed label split off the text
        (117, "đ)", "Thường xuyên kiểm tra, giám sát"),
        (
            124,
            "a)",
            "Các sở, ban, ngành",
        ),  # numId 2, lowerLetter "%1)", restarts under "1. Công tác triển khai"
        (126, "c)", "Sở Nội vụ có trách nhiệm"),
        (128, "a)", "Kinh phí thực hiện Kế hoạch"),  # numId 31: a new list starts again at a)
    ],
)
def test_auto_numbering_resolves_printed_labels(lamdong, paragraph, label, text):
    block = _by_paragraph(lamdong, paragraph)
    assert block.label == label
    assert block.text.startswith(text)


def test_merged_cells_are_one_cell_with_spans(lamdong):
    annex = [b for b in lamdong.blocks if b.kind == "table"][-1].table
    assert (annex.n_rows, annex.n_cols) == (60, 7)
    spans = {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in annex.cells}
    # STT and task cells of VII.2 merged over two rows (vMerge)
    rowspan, colspan, text = spans[(51, 0)]
    assert (rowspan, colspan, text) == (2, 1, "2")
    assert spans[(51, 1)][0] == 2 and spans[(51, 1)][2].startswith("Tham mưu ban hành")
    assert (52, 0) not in spans  # the continuation is not a second cell
    # "Theo phân công tại Quyết định số 1441/QĐ-UBND" spans Chủ trì and Phối hợp (gridSpan)
    rowspan, colspan, text = spans[(11, 4)]
    assert colspan == 2 and text.startswith("Theo phân công")
    grid = annex.grid()
    assert grid[52][0] == "2" and grid[11][5] == grid[11][4]


def test_letterhead_and_signature_tables_become_column_blocks(lamdong):
    headers = [b for b in lamdong.blocks if b.kind == "header"]
    assert headers[0].text.splitlines()[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]
    signature = [b for b in lamdong.blocks if b.kind == "signature"]
    assert signature[-1].text.splitlines() == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Ngọc Phúc"]


def test_bold_runs_and_centering(lamdong):
    kehoach = _by_paragraph(lamdong, 2)
    assert kehoach.text == "KẾ HOẠCH" and kehoach.bold and kehoach.centered
    assert not _by_paragraph(lamdong, 5).bold  # "Căn cứ Nghị quyết số 202/2025/QH15 ..."


def test_headers_and_footers_are_kept_apart_from_the_body(lamdong):
    assert all(
        b.provenance.part in ("body", "header", "footer", "textbox", "footnote") for b in lamdong.blocks
    )
    assert not any(b.kind == "page_furniture" and b.text.isdigit() for b in lamdong.blocks)


def test_letterhead_in_a_text_box_is_read_once(tmp_path):
    built = letterhead_in_textbox(SOCTRANG, tmp_path / "textbox.docx")
    doc = extract_docx(built)
    boxed = [b for b in doc.blocks if b.provenance.part == "textbox"]
    assert [b.text for b in boxed][:3] == ["UBND TỈNH SÓC TRĂNG", "BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP"]
    assert sum(b.text == "BAN QUẢN LÝ" for b in doc.blocks) == 1  # the VML fallback copy is skipped
    info = describe_document(doc)
    assert info.issuer == "Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng"
    assert (info.number, info.symbol, info.key) == ("15", "KH-BQL", "15/KH-BQL")
    assert info.issued_date.isoformat() == "2023-12-20"
    assert info.title == "Thực hiện cải cách hành chính năm 2024"


def test_footnotes_follow_the_paragraph_that_cites_them(tmp_path):
    built = citations_in_footnotes(SOCTRANG, tmp_path / "footnotes.docx")
    doc = extract_docx(built)
    notes = [b for b in doc.blocks if b.kind == "footnote"]
    assert [b.text for b in notes] == FOOTNOTES
    at = doc.blocks.index(notes[0])
    assert doc.blocks[at - 1].text.startswith("Thực hiện Kế hoạch số 218/KH-UBND")
    assert notes[0].provenance.paragraph == doc.blocks[at - 1].provenance.paragraph
