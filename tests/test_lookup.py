"""pipeline/lookup.py and the query/cite commands, on data/raw (and real documents) ingested once."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pandas as pd
import pytest

from vnplan.errors import UsageError
from vnplan.pipeline.cli import main
from vnplan.pipeline.compare import write_compare
from vnplan.pipeline.lookup import _document_ref, cite, cite_answer, cited_by, query
from vnplan.pipeline.run import ingest

from .conftest import RAW


def test_query_sees_every_table(ingested_with_real):
    frame = query(ingested_with_real, "SELECT count(*) AS n FROM documents")
    assert int(frame["n"][0]) == 9
    tasks = query(
        ingested_with_real,
        "SELECT origin, count(*) AS n FROM tasks JOIN documents USING (doc_id) "
        "WHERE ocr_pages = 0 GROUP BY origin ORDER BY origin",
    )
    assert dict(zip(tasks["origin"], tasks["n"], strict=True)) == {
        "annex": 102,
        "assignment": 30,  # the duties of the implementation sections (Bỉm Sơn's three among them)
        "body": 286,  # with the drug-control plan's 77 and the Bỉm Sơn plan's 13 (its six remedies)
    }  # the text renderings


def test_bad_sql_is_a_usage_error(ingested):
    with pytest.raises(UsageError, match="the query failed"):
        query(ingested, "SELECT nothing FROM nowhere")


def test_cite_a_decree_lists_both_sample_plans(ingested):
    frame = cite(ingested, "NĐ 130/2005")
    files = set(frame["file"])
    assert {"soc-trang-bql-kcn-cchc-2024.docx", "hai-duong-bql-kcn-cchc-2024.docx"} <= files
    assert set(frame["key"]) == {"130/2005/NĐ-CP"}
    row = frame[frame["file"] == "hai-duong-bql-kcn-cchc-2024.docx"].iloc[0]
    assert row["province"] == "Hải Dương" and "130/2005/NĐ-CP" in row["sentence"]
    annex = frame[frame["task_id"].notna()]
    assert not annex.empty  # the Sóc Trăng annex row that cites it


def test_cite_a_law_typed_without_accents(ingested):
    frame = cite(ingested, "luat ngan sach nha nuoc 2015")
    assert set(frame["key"]) == {"83/2015/QH13"}
    assert "hai-duong-bql-kcn-cchc-2024.pdf" in set(frame["file"])


def test_cited_by_lists_what_a_document_cites(ingested_with_real):
    frame = cited_by(ingested_with_real, "lamdong_kh_cchc_2026.docx")
    assert {"52/2015/NĐ-CP", "76/NQ-CP", "1441/QĐ-UBND"} <= set(frame["key"])
    assert frame["in_dataset"].isna().all()  # none of them is in the dataset


def test_cli_cite_and_query(ingested, capsys, tmp_path):
    assert main(["cite", "QĐ 1847 TTg", "--data", str(ingested), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["key"] for r in rows} == {"1847/QĐ-TTg"}
    out = tmp_path / "t.parquet"
    assert (
        main(
            [
                "query",
                "SELECT * FROM targets",
                "--data",
                str(ingested),
                "--format",
                "parquet",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    assert out.stat().st_size > 0
    assert main(["cite", "--data", str(ingested)]) == 2  # neither a reference nor --cited-by
    assert main(["cite", "Nghị định", "--data", str(ingested)]) == 2
    assert "no document number" in capsys.readouterr().err


def test_compare_has_one_row_per_province_and_area(ingested_with_real, tmp_path):
    counts = write_compare(ingested_with_real, tmp_path / "cmp")
    table = pd.read_parquet(tmp_path / "cmp" / "by_province_area.parquet")
    present = query(
        ingested_with_real,
        "SELECT DISTINCT coalesce(d.province_2025, 'unknown') AS p, reform_area AS a "
        "FROM tasks JOIN documents d USING (doc_id) WHERE d.is_primary AND same_as IS NULL UNION "
        "SELECT DISTINCT coalesce(d.province_2025, 'unknown'), reform_area "
        "FROM targets JOIN documents d USING (doc_id) WHERE d.is_primary",
    )
    assert len(table) == counts["by_province_area"] == len(present)
    assert not table.duplicated(["province_2025", "reform_area"]).any()
    # a lead column for every kind of unit, persons too ("Chủ tịch UBND tỉnh" leads as a person)
    assert {"lead_office", "lead_department", "lead_person", "lead_other"} <= set(table.columns)
    lam = table[(table["province_2025"] == "Lâm Đồng") & (table["reform_area"] == "the_che")].iloc[0]
    # its 4 body items restate its 4 annex rows: counted once
    assert (lam["annex_tasks"], lam["body_tasks"], lam["targets"], lam["numeric_targets"]) == (4, 0, 5, 4)
    assert (
        lam["lead_department"] >= 4
        and lam["tasks"] == lam["due_q1"] + lam["due_q2"] + lam["due_q3"] + lam["due_q4"] + lam["due_none"]
    )
    soc = table[table["province_2025"] == "Cần Thơ"]  # the Sóc Trăng plan in DOCX, PDF and scan
    assert set(soc["documents"]) == {1} and soc["files"].max() == 3
    # its 25 annex rows, 3 body items that restate none and 2 assigned duties, once
    assert soc["tasks"].sum() == 30
    assert lam["reform_area_name"] == "Cải cách thể chế"
    shared = pd.read_csv(tmp_path / "cmp" / "shared_citations.csv")
    assert "60/2021/NĐ-CP" in set(shared["ref_id"])  # cited by the Sóc Trăng, Hải Dương and Lâm Đồng plans
    # a list in the CSV is its items joined, as `vnplan export` writes it (not numpy's "['A' 'B']")
    decree = shared[shared["ref_id"] == "60/2021/NĐ-CP"].iloc[0]
    assert decree["province_list"] == "Cần Thơ; Hải Phòng; Lâm Đồng"
    assert (tmp_path / "cmp" / "targets.csv").exists()


def test_cited_documents_in_the_dataset_are_found_by_ref_id(corpus, tmp_path):
    """A plan citing Nghị định 45/2026/NĐ-CP, ingested with that decree: --cited-by points at its file."""
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(corpus("cp_nd_45_2026.pdf"), inp / "cp_nd_45_2026.pdf")
    plan = docx.Document()
    plan.add_paragraph("KẾ HOẠCH")
    plan.add_paragraph(
        "Triển khai Nghị định số 45/2026/NĐ-CP ngày 26/01/2026 của Chính phủ và "
        "Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ."
    )
    plan.save(inp / "plan.docx")
    ingest([str(inp)], tmp_path / "out", workers=1, quiet=True)
    frame = cited_by(tmp_path / "out", "plan.docx")
    found = dict(zip(frame["key"], frame["in_dataset"], strict=True))
    assert found["45/2026/NĐ-CP"] == "cp_nd_45_2026.pdf"
    assert pd.isna(found["73/2019/NĐ-CP"])
    assert (
        _document_ref("218/KH-UBND", dt.date(2022, 12, 19), "Sóc Trăng") == "218/KH-UBND|2022-12-19|Sóc Trăng"
    )


def test_cite_reads_a_resolution_by_its_year_and_says_what_it_understood(ingested_with_real, capsys):
    """76/NQ-CP has no year in its number: "NQ 76/2021" finds it by the date of the mentions."""
    answer = cite_answer(ingested_with_real, "NQ 76/2021")
    assert answer.understood == "Nghị quyết số 76 (2021)"
    assert answer.found == ["Nghị quyết 76/NQ-CP (2021)"] and set(answer.mentions["key"]) == {"76/NQ-CP"}
    assert main(["cite", "NQ 76/2021", "--data", str(ingested_with_real)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("understood: Nghị quyết số 76 (2021)\n")
    assert f"found: Nghị quyết 76/NQ-CP (2021): {len(answer.mentions)} mentions" in out


def test_cite_of_nothing_names_the_nearest_keys(ingested_with_real, capsys):
    answer = cite_answer(ingested_with_real, "NQ 77/2021")
    assert answer.mentions.empty and answer.nearest[0] == "Nghị quyết 76/NQ-CP (2021)"
    assert main(["cite", "NĐ 130/2006", "--data", str(ingested_with_real), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""  # no mention, no rows; the explanation goes to stderr beside data
    assert (
        "no mention of Nghị định số 130 (2006); nearest keys in the dataset: Nghị định 130/2005/NĐ-CP"
        in captured.err
    )


def test_cite_a_law_version_by_year_finds_the_plans_citing_it(tmp_path):
    """Two plans name "Luật Tổ chức chính quyền địa phương" without year (luongminh_kh_hiep_thuong
    form): the one of late 2025 means 72/2025/QH15, the one of 2022 77/2015/QH13; the 2025 law in
    words finds the first only."""
    inp = tmp_path / "in"
    inp.mkdir()
    for name, year in (("late_2025.docx", 2025), ("plan_2022.docx", 2022)):
        plan = docx.Document()
        head = plan.add_table(rows=2, cols=2)
        head.cell(0, 0).text, head.cell(0, 1).text = (
            "ỦY BAN NHÂN DÂN\nXÃ LƯƠNG MINH",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        )
        head.cell(1, 0).text = "Số: 12/KH-UBND"
        head.cell(1, 1).text = f"Lương Minh, ngày 25 tháng 11 năm {year}"
        plan.add_paragraph("KẾ HOẠCH")
        plan.add_paragraph(
            "Căn cứ tiêu chuẩn đại biểu Hội đồng nhân dân quy định tại Điều 5 của Luật Tổ chức chính quyền "
            "địa phương, hội nghị thảo luận, nhận xét và biểu thị sự tín nhiệm."
        )
        plan.save(inp / name)
    ingest([str(inp)], tmp_path / "out", workers=1, quiet=True)
    frame = cite(tmp_path / "out", "luat to chuc chinh quyen dia phuong 2025")
    assert set(zip(frame["file"], frame["key"], strict=True)) == {("late_2025.docx", "72/2025/QH15")}
    assert set(cite(tmp_path / "out", "Luật Tổ chức chính quyền địa phương 2015")["file"]) == {
        "plan_2022.docx"
    }


def test_a_query_sees_whole_documents_only(ingested, tmp_path):
    """A document whose documents part is not (yet, or no longer) written is left out of every
    view, so a query during an ingest never joins half a document."""
    data = tmp_path / "data"
    shutil.copytree(ingested, data)
    docs = query(data, "SELECT doc_id, source_path FROM documents ORDER BY doc_id")
    half = docs["doc_id"][0]
    (data / "documents" / f"part-{half}.parquet").unlink()
    for table in ("blocks", "sections", "tasks", "citations"):
        seen = set(query(data, f"SELECT DISTINCT doc_id FROM {table}")["doc_id"])
        assert half not in seen and seen <= set(docs["doc_id"]), table


def test_a_folder_being_written_has_empty_views_before_its_first_document(tmp_path):
    (tmp_path / "_manifest.json").write_text('{"documents": {}}')  # an ingest has just started
    assert int(query(tmp_path, "SELECT count(*) AS n FROM tasks JOIN documents USING (doc_id)")["n"][0]) == 0


def test_queries_during_an_ingest_always_answer_consistently(tmp_path):
    """concurrency.py's query_during: `vnplan query` again and again while one ingest runs."""
    two = {"soc-trang-bql-kcn-cchc-2024.docx", "hai-duong-bql-kcn-cchc-2024.docx"}
    inp = Path(
        shutil.copytree(RAW, tmp_path / "in", ignore=lambda _, names: [n for n in names if n not in two])
    )
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "vnplan", "ingest", str(inp), "--out", str(out), "--workers", "1", "--quiet"]
    )
    answers = []
    while run.poll() is None:
        if not (out / "_manifest.json").exists():
            time.sleep(0.01)
            continue  # the ingest has not started yet: not an output folder
        frame = query(
            out,
            "SELECT (SELECT count(*) FROM documents) AS docs, "
            "(SELECT count(DISTINCT doc_id) FROM blocks WHERE doc_id NOT IN (SELECT doc_id FROM documents)) AS orphans",
        )
        answers.append((int(frame["docs"][0]), int(frame["orphans"][0])))
        time.sleep(0.05)
    assert run.returncode == 0
    assert answers and all(orphans == 0 for _, orphans in answers)
    assert [n for n, _ in answers] == sorted(n for n, _ in answers)  # documents only ever appear whole
