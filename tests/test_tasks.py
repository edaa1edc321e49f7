"""pipeline/tasks.py: body items that restate an annex row of the same plan are linked to it."""

from __future__ import annotations

import pandas as pd

from vnplan.pipeline.records import TaskRow
from vnplan.pipeline.tasks import link_restatements


def _task(task_id: str, origin: str, text: str) -> TaskRow:
    return TaskRow(
        doc_id="d",
        task_id=task_id,
        origin=origin,
        section_id=None,
        group=None,
        reform_area="tthc",
        label=None,
        text=text,
        page=None,
        block_id=None,
        paragraph=None,
        ordinal=int(task_id[1:]),
    )


def test_a_body_item_restating_an_annex_row_points_at_it():
    """Lâm Đồng CCHC 2026: body item 2.8 restates annex row 11 with "Định kỳ hằng tháng" and a
    sentence added; the next body item restates nothing."""
    tasks = [
        _task(
            "t1",
            "annex",
            "Tổ chức rà soát, công bố thủ tục hành chính nội bộ thuộc phạm vi quản lý đảm bảo kịp thời, đúng quy định.",
        ),
        _task(
            "t2",
            "annex",
            "Công khai trên Trang thông tin điện tử của cơ quan, đơn vị, địa phương kết quả đánh giá Bộ chỉ số theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ",
        ),
        _task(
            "t3",
            "body",
            "Định kỳ hằng tháng, công khai trên Trang thông tin điện tử của cơ quan, đơn vị, địa phương kết quả đánh giá Bộ chỉ số theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ. Căn cứ kết quả đánh giá của Bộ chỉ số để xem xét, đánh giá, xếp loại chất lượng.",
        ),
        _task(
            "t4",
            "body",
            "Các cơ quan Trung ương đóng trên địa bàn tỉnh phối hợp giải quyết các thủ tục hành chính của tỉnh đảm bảo đúng thời gian quy định.",
        ),
        _task("t5", "body", "Tổ chức rà soát"),  # too short to restate anything
    ]
    link_restatements(tasks)
    assert [t.same_as for t in tasks] == [None, None, "t2", None, None]


def test_lamdong_cchc_body_items_that_repeat_annex_rows(ingested_with_real):
    """32 of the 48 body items repeat an annex row word for word (once "UBND" is spelled out), 9 more
    with words added around it (a unit named, a sentence added): 41 are linked, 7 stay tasks."""
    tasks = pd.read_parquet(ingested_with_real / "tasks").merge(
        pd.read_parquet(ingested_with_real / "documents")[["doc_id", "source_path"]]
    )
    lam = tasks[tasks["source_path"].str.endswith("lamdong_kh_cchc_2026.docx")]
    body = lam[lam["origin"] == "body"]
    assert len(body) == 48 and body["same_as"].notna().sum() == 41
    annex_ids = set(lam.loc[lam["origin"] == "annex", "task_id"])
    assert set(body["same_as"].dropna()) <= annex_ids
    assert lam.loc[lam["origin"] == "annex", "same_as"].isna().all()
