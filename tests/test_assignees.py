"""normalizers/assignees.py: who a plan's sentence or heading assigns a duty to (real sentences and
headings of the Lâm Đồng drug-control, propaganda and CCHC plans, the Sóc Trăng and Hải Dương
plans and the Lương Minh election plan)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.normalizers.assignees import coordinating_units, names_a_unit, read_assignee

SENTENCES = [
    # (sentence, lead, coordinating)
    (
        "Sở Tư pháp tham mưu Ủy ban nhân dân tỉnh triển khai ứng dụng AI, tờ rơi, tờ gấp và infographic",
        "Sở Tư pháp",
        None,
    ),
    (
        "Giao Công an tỉnh là cơ quan thường trực, có trách nhiệm quản lý và giám sát tổng thể",
        "Công an tỉnh",
        None,
    ),
    (
        "Các sở, ban, ngành, đoàn thể và Ủy ban nhân dân các xã, phường, đặc khu căn cứ chức năng, nhiệm vụ",
        "Các sở, ban, ngành, đoàn thể và Ủy ban nhân dân các xã, phường, đặc khu",
        None,
    ),
    (
        "Báo và Phát thanh, Truyền hình tỉnh chủ trì, phối hợp với các sở, ban, ngành liên quan tiếp tục tổ chức",
        "Báo và Phát thanh, Truyền hình tỉnh",
        "các sở, ban, ngành liên quan",
    ),
    (
        "Sở Nội vụ chủ trì, phối hợp với Báo và Phát thanh, Truyền hình tỉnh, Tạp chí Diễn đàn doanh nghiệp",
        "Sở Nội vụ",
        "Báo và Phát thanh, Truyền hình tỉnh, Tạp chí Diễn đàn doanh nghiệp",
    ),
    ("Văn phòng có trách nhiệm theo dõi, đôn đốc các đơn vị thực hiện kế hoạch này", "Văn phòng", None),
    (
        "Giao Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh) tham mưu",
        "Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh)",
        None,
    ),
    (
        "Giao phòng Quản lý Công nghiệp triển khai, thực hiện các công việc liên quan",
        "Phòng Quản lý Công nghiệp",
        None,
    ),
    ("Ủy ban nhân dân các xã, phường: tổ chức tuyên truyền", "Ủy ban nhân dân các xã, phường", None),
    ("Sở Xây dựng chủ trì thực hiện", "Sở Xây dựng", None),  # the capital X is the name's, not the verb's
]


@pytest.mark.parametrize("text, lead, coordinating", SENTENCES)
def test_sentence_subjects(text, lead, coordinating):
    who = read_assignee(text)
    assert who is not None and (who.lead, who.coordinating) == (lead, coordinating)


@pytest.mark.parametrize(
    "text",
    [
        "Tham mưu Tỉnh ủy, Ủy ban nhân dân tỉnh lãnh đạo, chỉ đạo triển khai",
        "Tổ chức các lớp tuyên truyền, phổ biến giáo dục pháp luật năm 2024",
        "Ban hành và tổ chức thực hiện Quy chế chi tiêu nội bộ",
        "Cơ cấu, sắp xếp lại đội ngũ cán bộ, công chức",
        "Phòng, chống ma túy là nhiệm vụ của cả hệ thống chính trị",
        "Hội nghị tiếp xúc cử tri được tổ chức theo hướng dẫn",
        "Báo cáo kết quả thực hiện về Sở Nội vụ",
    ],
)
def test_sentences_without_a_unit_as_subject(text):
    assert read_assignee(text) is None and not names_a_unit(text)


HEADINGS = [
    ("Công an tỉnh", "Công an tỉnh", None),
    ("Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng", "Bộ Chỉ huy quân sự tỉnh", None),
    (
        "Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh",
        "Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh",
        None,
    ),
    ("Sở Tài chính chủ trì, phối hợp các sở, ban, ngành", "Sở Tài chính", "các sở, ban, ngành"),
    ("Chủ tịch Ủy ban nhân dân địa bàn cấp xã chỉ đạo", "Chủ tịch Ủy ban nhân dân địa bàn cấp xã", None),
    (
        "Phó chủ tịch phụ trách lĩnh vực Công tác Xã hội",
        "Phó chủ tịch phụ trách lĩnh vực Công tác Xã hội",
        None,
    ),
    ("Ban Thường trực Ủy ban MTTQ Việt Nam xã", "Ban Thường trực Ủy ban MTTQ Việt Nam xã", None),
]


@pytest.mark.parametrize("text, lead, coordinating", HEADINGS)
def test_unit_headings(text, lead, coordinating):
    who = read_assignee(text, heading=True)
    assert who is not None and (who.lead, who.coordinating) == (lead, coordinating)


@pytest.mark.parametrize(
    "heading",
    ["Công tác tham mưu, triển khai thực hiện", "Tăng cường công tác tuyên truyền", "Ban hành kế hoạch"],
)
def test_headings_that_name_no_unit(heading):
    assert read_assignee(heading, heading=True) is None


def test_coordinating_units_of_a_sentence_without_subject():
    assert coordinating_units("Chủ trì, phối hợp với các đơn vị liên quan chịu trách nhiệm giúp Ủy ban") == (
        "các đơn vị liên quan"
    )
    assert coordinating_units("Tham mưu Ủy ban nhân dân tỉnh") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    read_assignee(text)
    read_assignee(text, heading=True)
    coordinating_units(text)
