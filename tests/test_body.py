"""extractors/body.py: body tasks and targets of real plans, found through their sections."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.body import extract_body_items
from vnplan.interpret.metadata import describe_document
from vnplan.interpret.structure import assign_sections, build_sections

from .conftest import RAW


def _items(name):
    document = extract_docx(RAW / name)
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
def test_counts(name, n_tasks, n_targets):
    items = _items(name)
    assert sum(i.kind == "task" for i in items) == n_tasks
    assert sum(i.kind == "target" for i in items) == n_targets


def test_items_carry_area_label_and_text_without_bullet():
    items = _items("lamdong_kh_cchc_2026.docx")
    first_task = next(i for i in items if i.kind == "task")
    assert (first_task.reform_area, first_task.label) == ("the_che", None)
    assert first_task.text.startswith("Thực hiện việc đăng tải, cập nhật văn bản quy phạm pháp luật")
    lettered = [i for i in items if i.reform_area == "chi_dao_dieu_hanh"]
    assert [i.label for i in lettered] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert not any(i.text.startswith("(Phân công") for i in items)


def test_purposes_requirements_and_implementation_give_no_items():
    items = _items("hai-duong-bql-kcn-cchc-2024.docx")
    assert not any(
        i.text.startswith("Tiếp tục triển khai thực hiện có hiệu quả Chương trình tổng thể") for i in items
    )
    # the implementation part gives assignments, never body tasks
    reports = [i for i in items if i.text.startswith("Báo cáo Quý I/2024")]
    assert reports and all(i.kind == "assignment" for i in reports)
    assert {i.reform_area for i in items if i.kind == "task"} >= {"danh_gia_tac_dong", "chi_dao_dieu_hanh"}


def test_a_decree_has_no_body_tasks():
    document = extract_pdf(RAW / "cp_nd_45_2026.pdf")
    info = describe_document(document)
    sections = build_sections(document.blocks, info.body_start, info.body_end)
    owners = assign_sections(len(document.blocks), sections)
    assert info.doc_type == "Nghị định"
    assert extract_body_items(document.blocks, sections, owners, info.body_end, info.doc_type) == []
