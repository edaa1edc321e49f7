"""Section tree against gold; the DOCX and PDF renderings of one plan give the same sections."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.model import Block, Provenance
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.metadata import describe_document
from vnplan.interpret.structure import build_sections, is_heading, read_heading, title_type
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


def _real_sections(path):
    from vnplan.pipeline.process import extract_document

    doc = extract_document(path)
    info = describe_document(doc)
    return build_sections(doc.blocks, info.body_start, info.body_end)


def test_drug_control_plan_sections_match_gold(corpus):
    """lamdong_kh_kmt_2026.doc: the run-in heading 3.3 (only its opening words bold) and the long bold
    headings 4. and 5. (three lines each, a deeper heading after them) are sections."""
    got = [(s.level, s.label, loose_key(s.title)) for s in _real_sections(corpus("lamdong_kh_kmt_2026.doc"))]
    want = [
        (s["level"], s["label"], loose_key(s["title"])) for s in _gold_real("lamdong_kh_kmt_2026")["sections"]
    ]
    assert got == want
    run_in = next(s for s in _real_sections(corpus("lamdong_kh_kmt_2026.doc")) if s.label == "3.3")
    assert run_in.title == "Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng"
    assert run_in.rest.startswith("Phối hợp với cấp ủy, chính quyền địa phương khu vực biên giới")


def _gold_real(name):
    import json
    import os
    from pathlib import Path

    root = Path(os.environ.get("VNPLAN_CORPUS") or "../shared/corpus").parent / "gold"
    path = root / f"{name}.json"
    if not path.is_file():
        pytest.skip(f"no gold {path}: point VNPLAN_CORPUS at the corpus folder beside gold/")
    return json.loads(path.read_text("utf-8"))


def test_run_in_unit_headings_of_an_assignment_section(corpus):
    """lamdong_kh_tuyen_truyen_cchc_2026.docx, IV: '3. Sở Khoa học và Công nghệ: Chủ trì, phối hợp …'
    (the unit in bold, its duty after the colon)."""
    sections = _real_sections(corpus("lamdong_kh_tuyen_truyen_cchc_2026.docx"))
    under_iv = [s for s in sections if s.path.startswith("IV.")]
    assert [s.title for s in under_iv][:5] == [
        "Sở Nội vụ",
        "Văn phòng UBND tỉnh",
        "Sở Khoa học và Công nghệ",
        "Sở Tư pháp",
        "Sở Văn hóa, Thể thao và Du lịch",
    ]
    assert under_iv[2].rest.startswith("Chủ trì, phối hợp với các sở, ban, ngành")


@pytest.mark.parametrize("name", ["caobang_nq_33_2022_hdnd.pdf", "hanoi_qd_2858_quy_hoach_2025.pdf"])
def test_a_decision_made_of_articles_has_no_level_one_heading(corpus, name):
    """The enacting authority ('HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG'), the enacting word ('QUYẾT NGHỊ:',
    'QUYẾT ĐỊNH') are the title block, and an article (Điều) belongs in a chapter: no level 1."""
    sections = _real_sections(corpus(name))
    assert sections and not [s.title for s in sections if s.level == 1]
    assert sections[0].title.startswith(("Quy định mức thu", "Phê duyệt đồ án"))


@pytest.mark.parametrize(
    "line, want",
    [
        ("KẾ HOẠCH", "Kế hoạch"),
        ("KÉẺ HOẠCH", "Kế hoạch"),
        ("QUYẾT NGHỊ:", "Quyết nghị"),
        ("QUYẾT ĐỊNH", "Quyết định"),
    ],
)
def test_title_lines(line, want):
    assert title_type(line) == want


def test_title_lines_are_not_headings_of_the_body():
    assert title_type("MỤC ĐÍCH, YÊU CẦU") is None
    assert title_type("TỔ CHỨC THỰC HIỆN") is None


def _ocr(text, label=None, bold=True, upper=False):
    return Block(
        kind="list_item" if label else "paragraph",
        text=text,
        label=label,
        bold=bold,
        upper=upper,
        ocr=True,
        provenance=Provenance(page=1),
    )


def test_scanned_labels_are_repaired_from_their_place_in_the_sequence():
    """Lines of the Lâm Đồng police scan as OCR read them (the bold headings of III.3 and III.4)."""
    blocks = [
        _ocr("GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ", "II.", upper=True),  # printed III.
        _ocr("Tăng cường công tác tuyên truyền", "3."),
        _ocr("Các Sở, ban, ngành, địa phương", "q)"),  # a)
        _ocr("Công an tính", "b)"),
        _ocr("€) Bộ Chỉ huy quân sự tỉnh"),  # c)
        _ocr("Sở Văn hoá, Thể thao và Du lịch", "d)"),
        _ocr("Sở Giáo dục và Đào tạo", "e)"),
        _ocr("J) Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo"),  # f)
        _ocr("Sở tư pháp", "8)"),  # g)
        _ocr("- Tăng cường công tác tuyên truyền, phổ biến giáo dục pháp luật", "-", bold=False),
        _ocr("Sở Y tế ị", "h)", bold=False),  # weight not read: its place in the sequence says it
        _ocr(". Tăng cường đầu tư nguồn lực, hỗ trợ kinh phí"),  # 4. with its number lost
    ]
    blocks.insert(0, _ocr("MỤC ĐÍCH, YÊU CẦU", "II.", upper=True))  # printed II.; an I. before it
    blocks.insert(0, _ocr("CHỈ TIÊU", "I.", upper=True))
    got = [(s.label, s.title) for s in build_sections(blocks)]
    assert got == [
        ("I", "CHỈ TIÊU"),
        ("II", "MỤC ĐÍCH, YÊU CẦU"),
        ("III", "GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ"),
        ("3", "Tăng cường công tác tuyên truyền"),
        ("a", "Các Sở, ban, ngành, địa phương"),
        ("b", "Công an tính"),
        ("c", "Bộ Chỉ huy quân sự tỉnh"),
        ("d", "Sở Văn hoá, Thể thao và Du lịch"),
        ("e", "Sở Giáo dục và Đào tạo"),
        ("f", "Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo"),
        ("g", "Sở tư pháp"),
        ("h", "Sở Y tế"),
        ("4", "Tăng cường đầu tư nguồn lực, hỗ trợ kinh phí"),
    ]


def test_lamdong_ttr_91_scan_a_seven_read_as_one_is_the_seventh_heading():
    """III.7 of the Lâm Đồng police scan: OCR read the bold "7." as "1." after "6."."""
    blocks = [
        _ocr("GIẢI PHÁP THỰC HIỆN", "III.", upper=True),
        _ocr("Hoàn thiện thể chế", "5."),
        _ocr("Nâng cao hiệu quả phối hợp", "6."),
        _ocr("Tăng cường đầu tư nguồn lực, hỗ trợ kinh phí", "1."),
    ]
    got = [(s.label, s.title) for s in build_sections(blocks)]
    assert got[-1] == ("7", "Tăng cường đầu tư nguồn lực, hỗ trợ kinh phí")


@pytest.mark.parametrize(
    "labels, want",
    [
        (("5.", "6.", "9."), ["5", "6", "9"]),  # a step forward is the page's own gap
        (("5.", "6.", "2."), ["5", "6", "2"]),  # 2 does not look like 7
    ],
)
def test_scanned_decimal_labels_kept_as_read(labels, want):
    blocks = [_ocr("GIẢI PHÁP THỰC HIỆN", "III.", upper=True)]
    blocks += [_ocr(f"Nhiệm vụ thứ {n}", label) for n, label in enumerate(labels)]
    assert [s.label for s in build_sections(blocks)][1:] == want


def test_a_scanned_numbering_starts_again_under_an_unnumbered_heading():
    blocks = [
        _ocr("Nhiệm vụ chung", "6."),
        _ocr("PHẦN HAI NHIỆM VỤ CỤ THỂ", upper=True),
        _ocr("Công an tỉnh", "1."),
    ]
    assert [s.label for s in build_sections(blocks)][-1] == "1"


def test_a_scanned_numbered_line_needs_evidence_besides_its_number():
    """'1. hoạt động' (a '- 1 hoạt động' misread) in plain weight is no heading on a scan; in a
    text layer a short unpunctuated numbered line still is."""
    plain = _ocr("hoạt động", "1.", bold=False)
    assert read_heading(plain) is None
    assert read_heading(
        Block(kind="list_item", text="Mục tiêu", label="1.", provenance=Provenance(paragraph=0))
    )
