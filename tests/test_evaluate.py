import datetime as dt

import pytest

from vnplan.pipeline.evaluate import FileReport, _score_document


@pytest.mark.parametrize(
    "field, got, want, right",
    [
        ("issued_date", dt.date(2022, 7, 15), "2022-07-15", True),  # caobang_nq_33: was scored wrong
        ("issued_date", dt.date(2022, 7, 16), "2022-07-15", False),
        ("issued_date", None, None, True),
        ("issuer", "Ủy ban nhân dân tỉnh Lai Cháu : :", "Ủy ban nhân dân tỉnh Lai Châu", False),
        ("title", "Về việc phê duyệt", "về việc phê duyệt", True),  # case and spacing are ignored
        ("plan_year_start", 2025, 2025, True),
    ],
)
def test_document_fields_compare_as_printed(field, got, want, right):
    report = FileReport(gold="g.json", source="f.pdf")
    _score_document({"document": {field: want}}, {field: got}, report)
    assert report.accuracies[f"document.{field}"].right == int(right)
