"""extractors/body.py: body tasks and targets of real plans, found through their sections."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.body import extract_body_items
from vnplan.interpret.metadata import describe_document
from vnplan.interpret.structure import assign_sections, build_sections

from .conftest import RAW


def _items(path):
    document = extract_docx(path)
    info = describe_document(document)
    sections = build_sections(document.blocks, info.body_start, info.body_end)
    owners = assign_sections(len(document.blocks), sections)
    return extract_body_items(document.blocks, sections, owners, info.body_end)


@pytest.mark.parametrize(
    "name, n_tasks, n_targets",
    [
        ("lamdong_kh_cchc_2026.docx", 48, 43),
        ("hai-duong-bql-kcn-cchc-2024.docx", 52, 24),
        (
            "soc-trang-bql-kcn-cchc-2024.docx",
            22,
            0,
        ),  # its "1. Mục tiêu" is the plan's aim, not a reform area's
    ],
)
def test_counts(corpus, name, n_tasks, n_targets):
    items = _items(corpus(name))
    assert sum(i.kind == "task" for i in items) == n_tasks
    assert sum(i.kind == "target" for i in items) == n_targets


def test_items_carry_area_label_and_text_without_bullet(corpus):
    items = _items(corpus("lamdong_kh_cchc_2026.docx"))
    first_task = next(i for i in items if i.kind == "task")
    assert (first_task.reform_area, first_task.label) == ("the_che", None)
    assert first_task.text.startswith("Thực hiện việc đăng tải, cập nhật văn bản quy phạm pháp luật")
    lettered = [i for i in items if i.reform_area == "chi_dao_dieu_hanh"]
    assert [i.label for i in lettered] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert not any(i.text.startswith("(Phân công") for i in items)


def test_purposes_requirements_and_implementation_give_no_items():
    items = _items(RAW / "hai-duong-bql-kcn-cchc-2024.docx")
    assert not any(
        i.text.startswith("Tiếp tục triển khai thực hiện có hiệu quả Chương trình tổng thể") for i in items
    )
    # the implementation part gives assignments, never body tasks
    reports = [i for i in items if i.text.startswith("Báo cáo Quý I/2024")]
    assert reports and all(i.kind == "assignment" for i in reports)
    assert {i.reform_area for i in items if i.kind == "task"} >= {"danh_gia_tac_dong", "chi_dao_dieu_hanh"}


def test_a_decree_has_no_body_tasks(corpus):
    document = extract_pdf(corpus("cp_nd_45_2026.pdf"))
    info = describe_document(document)
    sections = build_sections(document.blocks, info.body_start, info.body_end)
    owners = assign_sections(len(document.blocks), sections)
    assert info.doc_type == "Nghị định"
    assert extract_body_items(document.blocks, sections, owners, info.body_end, info.doc_type) == []


def _plan_items(path):
    from vnplan.interpret import interpret
    from vnplan.pipeline.process import extract_document

    plan = interpret(extract_document(path))
    return plan, plan.body


@pytest.fixture(scope="module")
def drug_plan(corpus):
    """The Lâm Đồng drug-control plan 2026: a plan of another kind than CCHC, whose tasks part is
    'III. GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ' with a unit heading over each list of duties."""
    return _plan_items(corpus("lamdong_kh_kmt_2026.doc"))[1]


def _task(items, prefix):
    return next(i for i in items if i.text.startswith(prefix))


def test_drug_control_plan_gives_its_77_body_tasks(drug_plan):
    tasks = [i for i in drug_plan if i.kind == "task"]
    assert len(tasks) == 77  # gold: every item under III (bullets, the lone paragraphs, 3.3's run-in text)
    assert {i.reform_area for i in tasks} == {"other"}
    assert tasks[0].text.startswith("Tham mưu Tỉnh ủy, Ủy ban nhân dân tỉnh lãnh đạo")
    assert tasks[-1].text.startswith("Đẩy mạnh xã hội hóa và khuyến khích các cơ quan")
    # purposes (I), targets (II), funding (IV) give no task
    assert not any(i.text.startswith("Nắm chắc tình hình tội phạm") for i in drug_plan)
    assert not any(i.text.startswith("Kinh phí thực hiện kế hoạch chi từ") for i in drug_plan)
    assert [i.text[:20] for i in drug_plan if i.kind == "target"] == [
        "Đối với 29 xã, phườn",
        "Xây dựng mới 35 địa ",
        "Các địa bàn cấp xã c",
    ]


@pytest.mark.parametrize(
    "prefix, lead, coordinating",
    [
        # "2.2. Công an tỉnh" above a lone paragraph
        ("Kiểm tra, đôn đốc các sở, ban, ngành, địa phương", "Công an tỉnh", None),
        # a group of units, linked as printed
        ("Tham mưu Tỉnh ủy, Ủy ban nhân dân tỉnh lãnh đạo", "Các sở, ban, ngành", None),
        # two departments in one heading
        (
            "Chỉ đạo tăng cường công tác tập huấn",
            "Sở Nông nghiệp và Môi trường, Sở Dân tộc và Tôn giáo",
            None,
        ),
        # "Đề nghị …" is not part of the names
        # … and the task's own "phối hợp với" names who coordinates
        (
            "Phối hợp chặt chẽ với Công an tỉnh nâng cao",
            "Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh",
            "Công an tỉnh",
        ),
        # "8.1. Sở Tài chính chủ trì, phối hợp các sở, ban, ngành"
        ("Ưu tiên nguồn lực đầu tư, hỗ trợ kinh phí", "Sở Tài chính", "các sở, ban, ngành"),
        # the run-in heading 3.3 "Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng: …"
        ("Phối hợp với cấp ủy, chính quyền địa phương khu vực biên giới", "Bộ Chỉ huy quân sự tỉnh", None),
    ],
)
def test_drug_control_tasks_are_led_by_the_unit_above_them(drug_plan, prefix, lead, coordinating):
    item = _task(drug_plan, prefix)
    assert item.cells.get("lead") == lead
    assert item.cells.get("coordinating") == coordinating


def test_drug_control_assignment_section_gives_tasks_with_their_leads(drug_plan):
    duties = [i for i in drug_plan if i.kind == "assignment"]
    assert len(duties) == 2  # V. TỔ CHỨC THỰC HIỆN 1. and 2.; the gold keeps them out of tasks_body
    first, second = duties
    assert first.cells["lead"] == ("Các sở, ban, ngành, đoàn thể và Ủy ban nhân dân các xã, phường, đặc khu")
    assert "trước ngày 15/3/2026" in first.cells["timeline"]  # the deadline the sentence states
    assert second.text.startswith("Giao Công an tỉnh là cơ quan thường trực")
    assert second.cells["lead"] == "Công an tỉnh"


def test_election_plan_fields_make_each_numbered_heading_a_task(corpus):
    """Lương Minh election plan: '1.1. Xây dựng và ban hành Hướng dẫn …' followed by its bullets and
    the fields '- Thời gian hoàn thành: …', '- Đơn vị chủ trì: …', '- Đơn vị phối hợp: …', '- Kết quả: …'."""
    _, items = _plan_items(corpus("luongminh_kh_16_bau_cu_2026.docx"))
    first = next(i for i in items if i.label == "1.1")
    assert first.text.startswith("Xây dựng và ban hành Hướng dẫn của Ban Thường trực")
    assert first.cells["lead"].startswith("Đồng chí Phó chủ tịch Thường trực")
    assert first.cells["coordinating"].startswith("Các đ/c Phó chỉ tịch")
    assert first.cells["timeline"].startswith("Dự kiến tháng 11/2025")
    assert first.cells["products"] == "Dự thảo Hướng dẫn trình Ban Thường trực ban hành."
    # the bullets under 1.1 describe the task, they are not tasks of their own
    assert not any(i.text.startswith("Bảo đảm thống nhất với hướng dẫn") for i in items)
    # 3.1–3.3 share the fields printed after 3.3
    assert {i.label for i in items if i.cells.get("timeline", "").startswith("Từ tháng 12/2025")} >= {
        "3.1",
        "3.3",
    }
    # III. TỔ CHỨC THỰC HIỆN: "1. Ban Thường trực Ủy ban MTTQ Việt Nam xã" heads its duties
    duties = [i for i in items if i.kind == "assignment"]
    assert duties and any(i.cells.get("lead") == "Ban Thường trực Ủy ban MTTQ Việt Nam xã" for i in duties)
    assert not any(i.text.startswith("Trên đây là Kế hoạch") for i in items)


def test_a_submission_carrying_a_draft_plan_gives_its_tasks(corpus):
    """The scanned Tờ trình of the Lâm Đồng police carries the draft plan after its first page."""
    from vnplan.extractors.model import Block, Provenance
    from vnplan.interpret.body import embeds_plan

    title = Block(
        kind="paragraph", text="KÉẺ HOẠCH", provenance=Provenance(page=2), upper=True
    )  # as OCR read it
    body = Block(kind="paragraph", text="Thực hiện Nghị quyết số 50/NQ-CP", provenance=Provenance(page=2))
    assert embeds_plan([body, title, body], 0, 3)
    assert not embeds_plan([body, body], 0, 2)


def test_a_plan_attached_to_the_decision_that_enacts_it():
    """'QUYẾT ĐỊNH Ban hành Kế hoạch …' with the plan after the signature: the plan's headings are
    sections and its items tasks (lines of lamdong_kh_cchc_2026; the decision's wording is the usual
    one of Nghị định 30/2020 Phụ lục III)."""
    from vnplan.extractors.model import Block, Document, Provenance
    from vnplan.interpret import interpret

    def line(text, kind="paragraph", label=None, **style):
        return Block(kind=kind, text=text, label=label, provenance=Provenance(paragraph=0), **style)

    blocks = [
        line("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/QĐ-UBND", kind="header"),
        line("QUYẾT ĐỊNH", bold=True, upper=True, centered=True),
        line("Ban hành Kế hoạch cải cách hành chính nhà nước năm 2026", bold=True, centered=True),
        line("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", bold=True, upper=True, centered=True),
        line("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;"),
        line("QUYẾT ĐỊNH:", bold=True, upper=True, centered=True),
        line(
            "Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính nhà nước năm 2026.",
            "list_item",
            "Điều 1.",
        ),
        line("Quyết định này có hiệu lực kể từ ngày ký.", "list_item", "Điều 2."),
        line("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", kind="signature"),
        line("KẾ HOẠCH", bold=True, upper=True, centered=True),
        line("Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng", bold=True, centered=True),
        line(
            "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND tỉnh)", italic=True
        ),
        line("MỤC TIÊU, NHIỆM VỤ", "list_item", "I.", bold=True, upper=True),
        line("Cải cách thể chế", "list_item", "1.", bold=True),
        line("Nhiệm vụ", "list_item", "b)"),
        line(
            "Thường xuyên kiểm tra, rà soát, hệ thống hóa các văn bản quy phạm pháp luật.", "list_item", "-"
        ),
        line("Sở Tư pháp tham mưu Ủy ban nhân dân tỉnh triển khai ứng dụng AI.", "list_item", "-"),
        line("TỔ CHỨC THỰC HIỆN", "list_item", "II.", bold=True, upper=True),
        line("Sở Nội vụ có trách nhiệm giúp Ủy ban nhân dân tỉnh theo dõi, kiểm tra.", "list_item", "1."),
    ]
    plan = interpret(Document(source_path="qd.docx", source_format="docx", blocks=blocks))
    assert plan.info.doc_type == "Quyết định"
    assert [(s.level, s.label, s.title) for s in plan.sections if s.level == 1] == [
        (1, "I", "MỤC TIÊU, NHIỆM VỤ"),
        (1, "II", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert [(i.kind, i.reform_area, i.text[:20]) for i in plan.body] == [
        ("task", "the_che", "Thường xuyên kiểm tr"),
        ("task", "the_che", "Sở Tư pháp tham mưu "),
        ("assignment", "other", "Sở Nội vụ có trách n"),
    ]
    assert plan.body[1].cells["lead"] == "Sở Tư pháp" and plan.body[2].cells["lead"] == "Sở Nội vụ"


def test_lamdong_ttr_91_scan_targets_under_a_misread_heading(police_scan):
    """The scanned draft's 'II. CHỈ TIÊU …' (OCR: 'CHÍ TIỂU', its last words 'TÚY NĂM 2026' a line of
    their own) holds three targets, as in the final .doc: the wrapped title line is not a target, and
    '- Đà Lạt; Xã Hàm Tân; …', the hyphen of 'Phường Lang Biang - Đà Lạt' wrapped to the margin, is
    not a new item."""
    from vnplan.interpret import interpret

    plan = interpret(police_scan)
    targets = [i for i in plan.body if i.kind == "target"]
    assert [t.text[:25] for t in targets] == [
        "Đối với 29 xã, phường, đặ",
        "Xây dựng mới 35 địa bàn c",
        "Các địa bàn cấp xã còn lạ",
    ]
    assert "Lang Biang - Đà Lạt; Xã Hàm Tân" in targets[1].text
    [heading] = [s for s in plan.sections if s.title.startswith("CHỈ TIÊU")]
    assert heading.title.endswith("KHÔNG MA TÚY NĂM 2026")
