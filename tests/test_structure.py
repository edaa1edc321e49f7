"""Section tree against gold; the DOCX and PDF renderings of one plan give the same sections."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.model import Block, Provenance
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.metadata import describe_document
from vnplan.interpret.structure import build_sections, is_heading
from vnplan.normalizers.text import loose_key

from .conftest import RAW, gold


def _sections(path):
    doc = extract_pdf(path) if path.suffix == ".pdf" else extract_docx(path)
    info = describe_document(doc)
    return build_sections(doc.blocks, info.body_start, info.body_end)


@pytest.mark.parametrize(
    "gold_name, file_name",
    [
        ("hai-duong-bql-kcn-cchc-2024", "hai-duong-bql-kcn-cchc-2024.docx"),
        ("hai-duong-bql-kcn-cchc-2024", "hai-duong-bql-kcn-cchc-2024.pdf"),
        ("soc-trang-bql-kcn-cchc-2024", "soc-trang-bql-kcn-cchc-2024.docx"),
        ("soc-trang-bql-kcn-cchc-2024", "soc-trang-bql-kcn-cchc-2024.pdf"),
        ("lamdong_kh_cchc_2026", "lamdong_kh_cchc_2026.docx"),
    ],
)
def test_sections_match_gold(corpus, gold_name, file_name):
    got = [(s.level, s.label, loose_key(s.title)) for s in _sections(corpus(file_name))]
    want = [(s["level"], s["label"], loose_key(s["title"])) for s in gold(gold_name)["sections"]]
    assert got == want


@pytest.mark.parametrize("plan", ["soc-trang-bql-kcn-cchc-2024", "hai-duong-bql-kcn-cchc-2024"])
def test_docx_and_pdf_give_the_same_sections(plan):
    def shape(name):
        return [(s.level, s.label, s.path, loose_key(s.title), s.parent_id) for s in _sections(RAW / name)]

    assert shape(f"{plan}.docx") == shape(f"{plan}.pdf")


def test_paths_and_parents(corpus):
    sections = _sections(corpus("lamdong_kh_cchc_2026.docx"))
    by_id = {s.section_id: s for s in sections}
    muc_tieu = next(s for s in sections if s.path == "I.2.a")
    assert muc_tieu.title == "Mục tiêu" and by_id[muc_tieu.parent_id].title == "Cải cách thủ tục hành chính"
    assert [s.path for s in sections if s.level == 1] == ["I", "II"]


def _block(text, label=None, bold=False):
    return Block(
        kind="list_item" if label else "paragraph",
        text=text,
        label=label,
        bold=bold,
        upper=text.isupper(),
        provenance=Provenance(paragraph=0),
    )


@pytest.mark.parametrize(
    "block, heading",
    [
        (_block("Mục tiêu", "a)"), True),
        (
            _block(
                "Các cơ quan, đơn vị, địa phương tổ chức quán triệt đến đội ngũ cán bộ, công chức, viên chức "
                "thuộc quyền quản lý các nội dung của Kế hoạch.",
                "a)",
            ),
            False,
        ),
        (
            _block(
                "Chánh Văn phòng, Trưởng các phòng chuyên môn nghiệp vụ căn cứ chức năng, nhiệm vụ được giao "
                "thực hiện và chịu trách nhiệm.",
                "1.",
            ),
            False,
        ),
        (_block("Kinh phí thực hiện", "9.", bold=True), True),
        (_block("Kế hoạch", "-"), False),
        (_block("TỔ CHỨC THỰC HIỆN", bold=True), True),
        (_block("(Theo phụ lục đính kèm)", bold=True), False),
    ],
)
def test_is_heading(block, heading):
    assert is_heading(block)[0] is heading
