"""pipeline/works.py: one document over its renderings and versions, and the one rendering counted."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd

from vnplan.pipeline.run import ingest
from vnplan.pipeline.works import assign_works, primary_rank

from .conftest import RAW


def _doc(doc_id: str, **fields) -> dict:
    row = {
        "doc_id": doc_id,
        "status": "ok",
        "source_format": "docx",
        "pages": 10,
        "ocr_pages": 0,
        "doc_type": "Kế hoạch",
        "number": None,
        "key": None,
        "symbol": "KH-UBND",
        "issued_date": None,
        "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng",
        "province": "Lâm Đồng",
        "title": "Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng",
        "plan_year_start": 2026,
        "plan_year_end": 2026,
    }
    return {**row, **fields}


def _works(documents, minhashes=None) -> dict[str, tuple[str, bool, str]]:
    return {
        r.doc_id: (r.work_id, r.is_primary, r.matched_by) for r in assign_works(documents, minhashes or {})
    }


def test_a_draft_joins_its_final_by_title_and_the_final_is_counted():
    final = _doc("b", number="218", key="218/KH-UBND", issued_date=dt.date(2026, 1, 5), source_format="pdf")
    draft = _doc("a")  # the number left blank, as in a draft
    works = _works([draft, final])
    assert works["a"][0] == works["b"][0] and works["a"][2] == "title"
    assert works["b"][1] and not works["a"][1]  # final over draft, though DOCX ranks before PDF


def test_two_numbered_plans_with_one_title_stay_two_works():
    first = _doc("a", number="12", key="12/KH-UBND", issued_date=dt.date(2026, 1, 5))
    second = _doc("b", number="40", key="40/KH-UBND", issued_date=dt.date(2026, 3, 2))
    draft = _doc("c")
    works = _works([first, second, draft])
    assert works["a"][0] != works["b"][0]
    assert works["c"][0] in (works["a"][0], works["b"][0])  # the draft joins one of them, never both


def test_the_same_key_of_two_issuers_or_years_is_two_documents():
    a = _doc("a", number="5", key="5/KH-UBND", issued_date=dt.date(2024, 1, 5), title="Một")
    b = _doc("b", number="5", key="5/KH-UBND", issued_date=dt.date(2025, 1, 5), title="Hai")
    c = _doc(
        "c", number="5", key="5/KH-UBND", issued_date=dt.date(2024, 3, 1), title="Ba", issuer="Sở Nội vụ"
    )
    d = _doc(
        "d", number="5", key="5/KH-UBND", issued_date=dt.date(2024, 1, 5), title="Một", source_format="pdf"
    )
    works = _works([a, b, c, d])
    assert len({works[x][0] for x in "abc"}) == 3
    assert works["d"][0] == works["a"][0] and works["d"][2] == "key"


def test_near_identical_text_joins_a_scan_whose_fields_were_misread():
    text_layer = _doc("a")
    scan = _doc("b", title="Cải cách hành chinh nhà nuớc năm 2026", source_format="pdf", ocr_pages=10)
    tờ_trình = _doc("c", doc_type="Tờ trình", title=None)
    same = list(range(128))
    works = _works([text_layer, scan, tờ_trình], {"a": same, "b": same[:120] + [0] * 8, "c": same})
    assert works["a"][0] == works["b"][0] and works["b"][2] == "text"
    assert works["a"][1] and not works["b"][1]  # the text layer over the scan
    assert works["c"][0] != works["a"][0]  # a Tờ trình carrying the plan's text is not the plan


def test_primary_rank_prefers_readable_text_layers():
    ok_docx, ok_pdf = _doc("a"), _doc("b", source_format="pdf")
    scan, failed = _doc("c", source_format="pdf", ocr_pages=10), _doc("d", status="failed")
    assert sorted([failed, scan, ok_pdf, ok_docx], key=primary_rank) == [ok_docx, ok_pdf, scan, failed]


def test_soc_trang_in_three_renderings_is_one_work(ingested):
    works = pd.read_parquet(ingested / "works").merge(
        pd.read_parquet(ingested / "documents")[["doc_id", "source_path"]]
    )
    works["file"] = works["source_path"].map(lambda p: p.rsplit("/", 1)[-1])
    soc = works[works["file"].str.startswith("soc-trang")]
    assert len(soc) == 3 and soc["work_id"].nunique() == 1 and (soc["renderings"] == 3).all()
    assert soc.loc[soc["is_primary"], "file"].tolist() == ["soc-trang-bql-kcn-cchc-2024.docx"]
    assert works.groupby("work_id")["is_primary"].sum().eq(1).all()  # one counted rendering per work
    others = works[~works["file"].str.startswith(("soc-trang", "hai-duong"))]
    assert others["work_id"].is_unique  # different plans stay apart


def test_works_follow_new_and_pruned_renderings(tmp_path):
    """The works table is recomputed from every part after each run: a rendering that arrives later
    joins the work without changing its id; the document parts stay as written."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(RAW / "hai-duong-bql-kcn-cchc-2024.pdf", inp / "a.pdf")
    ingest([str(inp)], out, workers=1, quiet=True)
    first = pd.read_parquet(out / "works")
    part = next((out / "documents").glob("part-*.parquet")).read_bytes()
    shutil.copy(RAW / "hai-duong-bql-kcn-cchc-2024.docx", inp / "a.docx")
    ingest([str(inp)], out, workers=1, quiet=True)
    both = pd.read_parquet(out / "works")
    assert both["work_id"].nunique() == 1 and set(both["work_id"]) == set(first["work_id"])
    assert both.set_index("doc_id").loc[first["doc_id"][0], "is_primary"] == False  # noqa: E712 (the DOCX now)
    assert (out / "documents" / f"part-{first['doc_id'][0]}.parquet").read_bytes() == part
    (inp / "a.docx").unlink()
    ingest([str(inp)], out, workers=1, quiet=True, prune=True)
    again = pd.read_parquet(out / "works")
    assert again.drop(columns="text_minhash").equals(first.drop(columns="text_minhash"))
