"""pipeline/views.py: the people's views count each plan and each task once, in Vietnamese."""

from __future__ import annotations

from vnplan.pipeline.export import fetch
from vnplan.pipeline.lookup import connect, query


def test_task_list_has_one_row_per_distinct_task(ingested):
    con = connect(ingested)
    tasks = fetch(con, "SELECT * FROM task_list")
    distinct = query(
        ingested,
        "SELECT count(*) AS n FROM tasks t JOIN documents d USING (doc_id) WHERE d.is_primary AND t.same_as IS NULL",
    )
    assert len(tasks) == int(distinct["n"][0])
    assert not tasks.duplicated(["Mã văn bản", "Mã nhiệm vụ"]).any()
    soc = tasks[tasks["Tệp"].str.startswith("soc-trang")]
    assert set(soc["Tệp"]) == {"soc-trang-bql-kcn-cchc-2024.docx"}  # one rendering of three
    raw = query(
        ingested,
        "SELECT count(*) AS n FROM tasks JOIN documents USING (doc_id) WHERE source_path LIKE '%soc-trang%'",
    )
    assert len(soc) < int(raw["n"][0]) / 3  # and its body items that restate annex rows once
    row = soc[soc["Nhiệm vụ"].str.startswith("Xây dựng và triển khai thực hiện Kế hoạch kiểm soát")].iloc[0]
    assert row["Lĩnh vực"] == "Cải cách thủ tục hành chính" and row["Tỉnh (từ 1/7/2025)"] == "Cần Thơ"
    assert "[" not in (row["Đơn vị chủ trì"] or "") and row["Nguồn"] == "Phụ lục"
    several = tasks[tasks["Đơn vị phối hợp"].fillna("").str.contains("; ")]
    assert not several.empty  # lists joined with "; "
    dated = tasks.dropna(subset=["Hạn hoàn thành"]).iloc[0]
    assert dated["Quý hạn"].startswith("Quý ") and hasattr(dated["Hạn hoàn thành"], "isoformat")
    assert set(tasks.loc[tasks["Hạn hoàn thành"].isna(), "Quý hạn"]) == {"Không có hạn"}


def test_document_list_is_one_row_per_work_with_its_other_renderings(ingested):
    docs = fetch(connect(ingested), "SELECT * FROM document_list")
    assert docs["Mã tác phẩm"].is_unique
    soc = docs[docs["Tệp"].str.startswith("soc-trang")].iloc[0]
    assert soc["Số bản"] == 3
    assert soc["Bản khác"] == "soc-trang-bql-kcn-cchc-2024-scan.pdf; soc-trang-bql-kcn-cchc-2024.pdf"


def test_citation_list_reads_the_primary_renderings(ingested):
    cites = fetch(connect(ingested), "SELECT * FROM citation_list")
    assert (
        set(cites["Tệp trích dẫn"])
        & {"soc-trang-bql-kcn-cchc-2024.pdf", "soc-trang-bql-kcn-cchc-2024-scan.pdf"}
        == set()
    )
    row = cites[cites["Văn bản được dẫn"] == "130/2005/NĐ-CP"].iloc[0]
    assert "130/2005/NĐ-CP" in row["Câu"] and row["Loại"] == "Nghị định"
