"""normalizers/products.py: product cells of the real annex tables (Sóc Trăng, Lâm Đồng)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.normalizers.products import split_products

CASES = [
    ("- Kế hoạch\n- Báo cáo kết quả", ["Kế hoạch", "Báo cáo kết quả"]),
    (
        "- Kế hoạch kiểm tra doanh nghiệp\n- Báo cáo kết quả",
        ["Kế hoạch kiểm tra doanh nghiệp", "Báo cáo kết quả"],
    ),
    ("Quyết định", ["Quyết định"]),
    ("Báo cáo kết quả thực hiện (có thể lồng ghép)", ["Báo cáo kết quả thực hiện (có thể lồng ghép)"]),
    (
        "- Kế hoạch\n- Báo cáo kết quả\n(lồng ghép kết quả\nCCHC)",
        ["Kế hoạch", "Báo cáo kết quả (lồng ghép kết quả CCHC)"],
    ),
    ("2.1. Thông báo\n2.2. Báo cáo kết quả thực hiện", ["2.1. Thông báo", "2.2. Báo cáo kết quả thực hiện"]),
    ("Quyết định của UBND tỉnh", ["Quyết định của UBND tỉnh"]),
    ("- Quyết định\n- Báo cáo kết quả", ["Quyết định", "Báo cáo kết quả"]),
    ("Hội nghị", ["Hội nghị"]),
    (
        "Kết quả xử lý hoặc tham mưu cấp có thẩm quyền xử lý các văn bản quy phạm pháp luật có dấu hiệu trái pháp luật. "
        "Nội dung kiến nghị sửa đổi, điều chỉnh.",
        [
            "Kết quả xử lý hoặc tham mưu cấp có thẩm quyền xử lý các văn bản quy phạm pháp luật có dấu hiệu trái pháp luật",
            "Nội dung kiến nghị sửa đổi, điều chỉnh",
        ],
    ),
    (
        "Báo cáo đánh giá tác động của thủ tục hành chính/Văn bản tham gia ý kiến",
        ["Báo cáo đánh giá tác động của thủ tục hành chính", "Văn bản tham gia ý kiến"],
    ),
    (
        "Các cuộc đối thoại định kỳ hằng tháng; văn bản trả lời",
        ["Các cuộc đối thoại định kỳ hằng tháng", "văn bản trả lời"],
    ),
    ("Báo cáo, Hội nghị tổng kết", ["Báo cáo", "Hội nghị tổng kết"]),
    (
        "Ứng dụng AI, tờ rơi, tờ gấp, infographic trong công tác phổ biến, giáo dục pháp luật",
        ["Ứng dụng AI, tờ rơi, tờ gấp, infographic trong công tác phổ biến, giáo dục pháp luật"],
    ),
    ("Hồ sơ trình hoặc Quyết định phê duyệt", ["Hồ sơ trình hoặc Quyết định phê duyệt"]),
    ("Kế hoạch của UBND tỉnh, UBND cấp xã", ["Kế hoạch của UBND tỉnh, UBND cấp xã"]),
    (
        "Kế hoạch kiểm tra hằng năm và báo cáo kết quả thực hiện",
        ["Kế hoạch kiểm tra hằng năm và báo cáo kết quả thực hiện"],
    ),
    (
        "Văn bản quy phạm pháp luật được thông qua/ban hành",
        ["Văn bản quy phạm pháp luật được thông qua/ban hành"],
    ),
    (
        "Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%. 100% thủ tục hành chính có giao dịch thanh toán",
        [
            "Tỷ lệ hồ sơ trực tuyến toàn trình đạt tối thiểu 80%",
            "100% thủ tục hành chính có giao dịch thanh toán",
        ],
    ),
    ("Theo Nghị định số 30/2020/NĐ-CP", ["Theo Nghị định số 30/2020/NĐ-CP"]),
    ("", []),
]


@pytest.mark.parametrize("cell, want", CASES)
def test_split_products(cell, want):
    assert split_products(cell) == want


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=150))
def test_items_are_trimmed_and_never_empty(cell):
    for item in split_products(cell):
        assert item and item == item.strip(" .;")
