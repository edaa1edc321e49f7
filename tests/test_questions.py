"""pipeline/questions.py and `vnplan tasks`: the README's three example questions, on data/raw."""

from __future__ import annotations

import datetime as dt

import pytest

from vnplan.errors import UsageError
from vnplan.pipeline.cli import main
from vnplan.pipeline.questions import TaskQuestion, find_tasks


def test_which_tasks_sở_nội_vụ_of_lâm_đồng_leads_due_by_the_second_quarter(ingested_with_real, capsys):
    """README question 1, typed without accents."""
    assert (
        main(
            [
                "tasks",
                "--data",
                str(ingested_with_real),
                "--lead",
                "so noi vu",
                "--province",
                "lam dong",
                "--due-before",
                "Quý II/2026",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "understood: lead: so noi vu; province: lam dong" in out and "due by 30/06/2026" in out
    answer = find_tasks(
        ingested_with_real, TaskQuestion(lead="so noi vu", province="lam dong", due_before="Quý II/2026")
    )
    assert len(answer.tasks) >= 2 and f"{len(answer.tasks)} tasks" in out
    assert all("Sở Nội vụ" in t.split("; ") for t in answer.tasks["Đơn vị chủ trì"])
    assert all(d <= dt.date(2026, 6, 30) for d in answer.tasks["Hạn hoàn thành"])
    assert (
        "Tham mưu ban hành Kế hoạch kiểm tra công tác cải cách hành chính trên địa bàn tỉnh năm 2026"
        in set(answer.tasks["Nhiệm vụ"])
    )


def test_administrative_procedure_tasks_of_cần_thơ_are_counted_once(ingested):
    """README question 2: the Sóc Trăng plan (Cần Thơ since 1/7/2025) in DOCX, PDF and scan."""
    answer = find_tasks(ingested, TaskQuestion(area="thu tuc hanh chinh", province="Cần Thơ"))
    assert set(answer.tasks["Tệp"]) == {"soc-trang-bql-kcn-cchc-2024.docx"}
    assert set(answer.tasks["Lĩnh vực"]) == {"Cải cách thủ tục hành chính"}
    assert len(answer.tasks) == 5  # 3 annex rows, 2 body items that restate none
    assert answer.understood == [
        "province: Cần Thơ (as named, or after 1/7/2025)",
        "area: Cải cách thủ tục hành chính",
    ]


def test_tasks_led_by_văn_phòng_ubnd_tỉnh_to_an_excel_file(ingested_with_real, tmp_path):
    """README question 3: an abbreviation typed in lower case, the answer written to Excel."""
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "vp.xlsx"
    assert (
        main(
            [
                "tasks",
                "--data",
                str(ingested_with_real),
                "--lead",
                "van phong ubnd tinh",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    leads = [r[header.index("Đơn vị chủ trì")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert leads and all("Văn phòng Ủy ban nhân dân tỉnh" in v for v in leads)


def test_a_question_that_cannot_be_read_says_why(ingested_with_real):
    with pytest.raises(UsageError, match="names no single reform area"):
        find_tasks(ingested_with_real, TaskQuestion(area="cải cách"))
    with pytest.raises(UsageError, match="cannot read 'Quý II' as a time with its year"):
        find_tasks(ingested_with_real, TaskQuestion(due_before="Quý II"))
    answer = find_tasks(ingested_with_real, TaskQuestion(lead="so noi vy"))
    assert answer.tasks.empty and "close names: Sở Nội vụ" in answer.notes[0]
    assert (
        "provinces in the data" in find_tasks(ingested_with_real, TaskQuestion(province="Hà Giang")).notes[0]
    )


def test_tasks_without_a_deadline(ingested):
    answer = find_tasks(ingested, TaskQuestion(province="Hải Dương", no_deadline=True))
    assert len(answer.tasks) and answer.tasks["Hạn hoàn thành"].isna().all()
