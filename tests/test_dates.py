"""normalizers/dates.py: time cells of real annex tables and the forms listed in DOMAIN.md §5."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.normalizers.citations import mask_references
from vnplan.normalizers.dates import PlanYears, date_at, envelope, parse_date, parse_timeline

from .test_resources import CONTRACT_TIMELINE_KINDS

D = dt.date
P24, P26 = PlanYears(2024, 2024), PlanYears(2026, 2026)
P2630 = PlanYears(2026, 2030)

# (cell, plan, [(kind, start, end, recurrence), ...])
CASES = [
    # Sóc Trăng BQL KCN plan 2024 (annex)
    (
        "- Quý I/2024\n- Theo quy định",
        P24,
        [("quarter", D(2024, 1, 1), D(2024, 3, 31), None), ("per_regulation", None, None, None)],
    ),
    ("Trong năm 2024", P24, [("year", D(2024, 1, 1), D(2024, 12, 31), None)]),
    ("Quý I/2024", P24, [("quarter", D(2024, 1, 1), D(2024, 3, 31), None)]),
    ("Thường xuyên", P24, [("ongoing", None, None, None)]),
    ("Tháng 12/2024", P24, [("month", D(2024, 12, 1), D(2024, 12, 31), None)]),
    ("Ngay sau khi có kế hoạch của UBND tỉnh", P24, [("event", None, None, None)]),
    ("Tháng 7/2024", P24, [("month", D(2024, 7, 1), D(2024, 7, 31), None)]),
    (
        "- Tháng 12/2023\n- Tháng 12/2024",
        P24,
        [("month", D(2023, 12, 1), D(2023, 12, 31), None), ("month", D(2024, 12, 1), D(2024, 12, 31), None)],
    ),
    (
        "- Tháng 02/2024\n- Tháng 12/2024",
        P24,
        [("month", D(2024, 2, 1), D(2024, 2, 29), None), ("month", D(2024, 12, 1), D(2024, 12, 31), None)],
    ),
    ("Tháng 01/2024", P24, [("month", D(2024, 1, 1), D(2024, 1, 31), None)]),
    # Lâm Đồng CCHC plan 2026 (annex)
    (
        "Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ",
        P26,
        [("per_regulation", None, None, None)],
    ),
    ("Trước ngày 31/01 năm liền kề", P26, [("before", None, D(2027, 1, 31), None)]),
    ("Thường xuyên trong năm", P26, [("ongoing", D(2026, 1, 1), D(2026, 12, 31), None)]),
    ("Trong năm 2026", P26, [("year", D(2026, 1, 1), D(2026, 12, 31), None)]),
    (
        "Theo Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2026 của tỉnh",
        P26,
        [("per_regulation", None, None, None)],
    ),
    (
        "Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh",
        P26,
        [("per_regulation", None, None, None)],
    ),
    ("Định kỳ hằng tháng", P26, [("recurring", D(2026, 1, 1), D(2026, 12, 31), "monthly")]),
    ("Sau 03 tháng kể từ khi có văn bản của Trung ương", P26, [("event", None, None, None)]),
    ("Theo kế hoạch của tỉnh", P26, [("per_regulation", None, None, None)]),
    ("Theo hướng dẫn của Trung ương", P26, [("per_regulation", None, None, None)]),
    (
        "Ban hành kế hoạch chậm nhất là ngày 31/12/2025 và tổ chức mở lớp theo kế hoạch đề ra.",
        P26,
        [("before", None, D(2025, 12, 31), None), ("per_regulation", None, None, None)],
    ),
    (
        "Ban hành kế hoạch trong tháng 01/2026 và tổ chức thực hiện",
        P26,
        [("month", D(2026, 1, 1), D(2026, 1, 31), None)],
    ),
    ("Thực hiện thường xuyên khi có yêu cầu của bộ, ngành Trung ương.", P26, [("event", None, None, None)]),
    (
        "Báo cáo định kỳ theo thời gian quy định; thực hiện thường xuyên trong năm",
        P26,
        [("per_regulation", None, None, None), ("ongoing", D(2026, 1, 1), D(2026, 12, 31), None)],
    ),
    (
        "Ban hành kế hoạch chậm nhất là ngày 15/01/2026 và tổ chức thực hiện",
        P26,
        [("before", None, D(2026, 1, 15), None)],
    ),
    (
        "Ban hành kế hoạch trong tháng 01/2026, tổ chức kiểm tra chậm nhất trong tháng 6/2026 và báo cáo kết quả chậm nhất trong tháng 8/2026",
        P26,
        [
            ("month", D(2026, 1, 1), D(2026, 1, 31), None),
            ("before", None, D(2026, 6, 30), None),
            ("before", None, D(2026, 8, 31), None),
        ],
    ),
    ("Thường xuyên trong tháng", P26, [("ongoing", D(2026, 1, 1), D(2026, 12, 31), None)]),
    ("Trước ngày 05 của tháng liền kề", P26, [("recurring", D(2026, 1, 1), D(2026, 12, 31), "monthly")]),
    ("Hằng năm", P2630, [("recurring", D(2026, 1, 1), D(2030, 12, 31), "yearly")]),
    # multi-year plans: a month or a day of every year is one yearly item over the plan's years;
    # "năm liền kề" recurs every year of it; "từ năm N" runs to the plan's end
    ("Trong tháng 01 hằng năm", P2630, [("recurring", D(2026, 1, 1), D(2030, 12, 31), "yearly")]),
    ("Tháng 12 hàng năm", P26, [("recurring", D(2026, 1, 1), D(2026, 12, 31), "yearly")]),
    ("Trước ngày 31/01 hằng năm", P2630, [("recurring", D(2026, 1, 1), D(2030, 12, 31), "yearly")]),
    ("Trước ngày 31/01 năm liền kề", P2630, [("recurring", D(2026, 1, 1), D(2030, 12, 31), "yearly")]),
    ("Bắt đầu thực hiện từ năm 2026", P2630, [("range", D(2026, 1, 1), D(2030, 12, 31), None)]),
    ("Từ năm 2027 trở đi", P2630, [("range", D(2027, 1, 1), D(2030, 12, 31), None)]),
    ("Bắt đầu thực hiện từ năm 2026", PlanYears(), [("range", D(2026, 1, 1), None, None)]),
    # Other corpus documents
    ("Từ tháng 12/2025 đến quý I/2026.", P26, [("range", D(2025, 12, 1), D(2026, 3, 31), None)]),
    ("chậm nhất ngày 03/02/2026.", P26, [("before", None, D(2026, 2, 3), None)]),
    ("từ ngày 10/12/2023 đến ngày 09/3/2024", P24, [("range", D(2023, 12, 10), D(2024, 3, 9), None)]),
    ("6 tháng đầu năm 2024", P24, [("half_year", D(2024, 1, 1), D(2024, 6, 30), None)]),
    # DOMAIN.md §5 forms
    ("Quý IV/2026", P26, [("quarter", D(2026, 10, 1), D(2026, 12, 31), None)]),
    ("Quý IV năm 2020", P24, [("quarter", D(2020, 10, 1), D(2020, 12, 31), None)]),
    ("quý 1", P24, [("quarter", D(2024, 1, 1), D(2024, 3, 31), None)]),
    ("Quí I/2024", P24, [("quarter", D(2024, 1, 1), D(2024, 3, 31), None)]),
    ("Quý 1/2024", P24, [("quarter", D(2024, 1, 1), D(2024, 3, 31), None)]),
    ("Q1/2024", P24, [("quarter", D(2024, 1, 1), D(2024, 3, 31), None)]),
    ("QI/2024", P24, [("quarter", D(2024, 1, 1), D(2024, 3, 31), None)]),
    ("quý I-2024", P24, [("quarter", D(2024, 1, 1), D(2024, 3, 31), None)]),
    ("Quý III", P24, [("quarter", D(2024, 7, 1), D(2024, 9, 30), None)]),
    ("Quý I, II/2024", P24, [("range", D(2024, 1, 1), D(2024, 6, 30), None)]),
    ("Quý I - Quý II/2024", P24, [("range", D(2024, 1, 1), D(2024, 6, 30), None)]),
    ("quý IV hằng năm", P24, [("recurring", D(2024, 1, 1), D(2024, 12, 31), "yearly")]),
    ("06 tháng đầu năm", P24, [("half_year", D(2024, 1, 1), D(2024, 6, 30), None)]),
    ("6 tháng cuối năm 2024", P24, [("half_year", D(2024, 7, 1), D(2024, 12, 31), None)]),
    ("06 tháng cuối năm 2026", P24, [("half_year", D(2026, 7, 1), D(2026, 12, 31), None)]),
    ("9 tháng đầu năm 2024", P24, [("range", D(2024, 1, 1), D(2024, 9, 30), None)]),
    ("Tháng 6/2026", P24, [("month", D(2026, 6, 1), D(2026, 6, 30), None)]),
    ("tháng 1 năm 2024", P24, [("month", D(2024, 1, 1), D(2024, 1, 31), None)]),
    ("Từ tháng 3 đến tháng 6/2024", P24, [("range", D(2024, 3, 1), D(2024, 6, 30), None)]),
    ("Năm 2024", P24, [("year", D(2024, 1, 1), D(2024, 12, 31), None)]),
    ("Cả năm 2024", P24, [("year", D(2024, 1, 1), D(2024, 12, 31), None)]),
    ("Giai đoạn 2021 - 2025", P24, [("range", D(2021, 1, 1), D(2025, 12, 31), None)]),
    ("giai đoạn 2026–2030", P24, [("range", D(2026, 1, 1), D(2030, 12, 31), None)]),
    ("năm học 2024-2025", P24, [("range", D(2024, 9, 1), D(2025, 5, 31), None)]),
    ("năm học 2020 - 2021", P24, [("range", D(2020, 9, 1), D(2021, 5, 31), None)]),
    ("ngày 10 tháng 4 năm 2019", P24, [("date", D(2019, 4, 10), D(2019, 4, 10), None)]),
    ("19/12/2022", P24, [("date", D(2022, 12, 19), D(2022, 12, 19), None)]),
    ("ngày 01-10-1997", P24, [("date", D(1997, 10, 1), D(1997, 10, 1), None)]),
    ("Trước ngày 15/12/2024", P24, [("before", None, D(2024, 12, 15), None)]),
    ("Chậm nhất ngày 30/6", P24, [("before", None, D(2024, 6, 30), None)]),
    ("trước ngày 01 tháng 01", P24, [("before", None, D(2024, 1, 1), None)]),
    ("Liên tục", P24, [("ongoing", None, None, None)]),
    ("Cả năm", P24, [("ongoing", D(2024, 1, 1), D(2024, 12, 31), None)]),
    ("Định kỳ hằng quý", P24, [("recurring", D(2024, 1, 1), D(2024, 12, 31), "quarterly")]),
    ("hàng quý", P24, [("recurring", D(2024, 1, 1), D(2024, 12, 31), "quarterly")]),
    ("Định kỳ 6 tháng", P24, [("recurring", D(2024, 1, 1), D(2024, 12, 31), "half_yearly")]),
    ("Hằng tháng", P24, [("recurring", D(2024, 1, 1), D(2024, 12, 31), "monthly")]),
    ("Theo yêu cầu", P24, [("per_regulation", None, None, None)]),
    ("Theo chỉ đạo", P24, [("per_regulation", None, None, None)]),
    ("Năm 2024 và các năm tiếp theo", P24, [("range", D(2024, 1, 1), None, None)]),
    ("6/2024", P24, [("month", D(2024, 6, 1), D(2024, 6, 30), None)]),
    ("Khi được giao", P24, [("unknown", None, None, None)]),
]


@pytest.mark.parametrize("cell, plan, want", CASES)
def test_parse_timeline(cell, plan, want):
    got = [(i.kind, i.start, i.end, i.recurrence) for i in parse_timeline(cell, plan, mask_references)]
    assert got == want


def test_document_numbers_are_never_dates():
    items = parse_timeline("Theo Nghị định 30/2020/NĐ-CP", P24, mask_references)
    assert [i.kind for i in items] == ["per_regulation"]
    assert parse_timeline("30/2020/NĐ-CP", P24, mask_references)[0].kind == "unknown"


def test_items_keep_their_raw_text():
    items = parse_timeline("- Quý I/2024\n- Theo quy định", P24)
    assert [i.raw for i in items] == ["Quý I/2024", "Theo quy định"]


def test_envelope_spans_the_dated_items():
    items = parse_timeline("- Tháng 02/2024\n- Tháng 12/2024\n- Theo quy định", P24)
    assert envelope(items) == (D(2024, 2, 1), D(2024, 12, 31))
    assert envelope(parse_timeline("Thường xuyên", P24)) == (None, None)


def test_year_left_out_without_a_plan_year_gives_no_dates():
    assert [(i.kind, i.start) for i in parse_timeline("Quý II")] == [("quarter", None)]


@pytest.mark.parametrize(
    "text, want",
    [
        ("ngày 28 tháng 5 năm 2022", D(2022, 5, 28)),
        ("28/5/2022", D(2022, 5, 28)),
        ("31/02/2024", None),
        ("ngày 05 tháng 3 năm 2020", D(2020, 3, 5)),
        ("không có ngày", None),
    ],
)
def test_parse_date(text, want):
    assert parse_date(text) == want


def test_date_at_position():
    assert date_at("ngày 14/9/2020 của", 5) == (D(2020, 9, 14), 14)
    assert date_at("ngày 14/9/2020", 0) == (D(2020, 9, 14), 14)
    assert date_at("Quý I/2024", 0) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("0123456789/-IVQ ")
            + ["Quý ", "tháng ", "năm ", "ngày ", "Trước ", "hằng ", "quý", "đến ", "từ ", "\n", "; "]
        ),
        max_size=30,
    ).map("".join),
    st.sampled_from([PlanYears(), P24, P2630]),
)
def test_any_cell_gives_valid_items(cell, plan):
    for item in parse_timeline(cell, plan, mask_references):
        assert item.kind in CONTRACT_TIMELINE_KINDS
        if item.start and item.end:
            assert item.start <= item.end or item.kind == "range"
        if item.kind == "before":
            assert item.start is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_text_never_raises(text):
    parse_timeline(text, P24, mask_references)
