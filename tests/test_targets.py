"""normalizers/targets.py: target items of the Lâm Đồng and Hải Dương plans (gold notes)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.normalizers.targets import parse_target_value

CASES = [
    ("100% văn bản quy phạm pháp luật được cập nhật trên cơ sở dữ liệu quốc gia", (100.0, "%", "=")),
    (
        "Tối thiểu 98% hồ sơ thủ tục hành chính tiếp nhận trong năm được giải quyết đúng hạn; 100% hồ sơ trễ hẹn",
        (98.0, "%", ">="),
    ),
    ("Tỷ lệ giải ngân kế hoạch đầu tư vốn ngân sách nhà nước năm 2026 đạt trên 90%", (90.0, "%", ">=")),
    ("Từ trên 70% văn bản được ký số.", (70.0, "%", ">=")),
    ("80% các biểu mẫu báo cáo định kỳ của cấp tỉnh, cấp xã được số hóa", (80.0, "%", "=")),
    (
        "Có Trung tâm dữ liệu phục vụ chuyển đổi số theo hướng sử dụng; 100% hệ thống thông tin dùng chung",
        (100.0, "%", "="),
    ),
    (
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính các cấp đạt tối thiểu 80%",
        (80.0, "%", ">="),
    ),
    ("Phấn đấu từ 90% trở lên người dân, doanh nghiệp đánh giá mức độ hài lòng", (90.0, "%", ">=")),
    ("Phấn đấu 60% người dân, doanh nghiệp thực hiện TTHC không phải nhập lại thông tin", (60.0, "%", "=")),
    ("85% hồ sơ công việc tại Ban được xử lý trên môi trường mạng", (85.0, "%", "=")),
    ("Tỷ lệ hồ sơ trễ hẹn không quá 2%", (2.0, "%", "<=")),
    ("Tỷ lệ hồ sơ trễ hẹn dưới 1,5%", (1.5, "%", "<=")),
    ("ít nhất 50% dịch vụ công", (50.0, "%", ">=")),
    ("Sử dụng không vượt quá số lượng biên chế hành chính được giao", None),
    ("Hoàn thành và đưa Trung tâm IOC vào hoạt động trong quý I năm 2026", None),
    ("Có ứng dụng AI hỗ trợ công tác phổ biến, giáo dục pháp luật", None),
    # Lâm Đồng drug-control plan 2026: counts of communes, with the counted noun as unit
    (
        "Đối với 29 xã, phường, đặc khu có Quyết định công nhận địa bàn không ma túy năm 2025",
        (29.0, "xã, phường, đặc khu", "="),
    ),
    (
        "Xây dựng mới 35 địa bàn cấp xã không ma túy, gồm: Phường Lang Biang - Đà Lạt",
        (35.0, "địa bàn cấp xã", "="),
    ),
    ("Các địa bàn cấp xã còn lại tiếp tục thực hiện các nội dung, nhiệm vụ, giải pháp", None),
]


@pytest.mark.parametrize("text, want", CASES)
def test_parse_target_value(text, want):
    got = parse_target_value(text)
    assert (None if got is None else (got.value, got.unit, got.comparator)) == want
    if got is not None:
        assert got.raw in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_any_text_gives_a_valid_value_or_none(text):
    got = parse_target_value(text)
    assert got is None or (got.comparator in ("=", ">=", "<=") and got.unit == "%" and got.value >= 0)
