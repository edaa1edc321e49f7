"""pipeline/process.py and pipeline/tasks.py: one file's rows, with the provenance of each row
(page and box where its text is printed) and reading order (`ordinal`)."""

from __future__ import annotations

import pytest

from vnplan.normalizers.text import loose_key
from vnplan.pipeline.process import file_sha256, process_file

from .conftest import RAW, printed_in

SOC_TRANG_PDF = RAW / "soc-trang-bql-kcn-cchc-2024.pdf"


def _rows(path):
    return process_file(path, file_sha256(path)).rows


@pytest.fixture(scope="module")
def soc_trang_pdf():
    return _rows(SOC_TRANG_PDF)


@pytest.fixture(scope="module")
def soc_trang_docx():
    return _rows(RAW / "soc-trang-bql-kcn-cchc-2024.docx")


def _box(row):
    return (row.bbox.x0, row.bbox.top, row.bbox.x1, row.bbox.bottom)


def test_annex_tasks_report_the_page_their_row_starts_on(soc_trang_pdf):
    """soc-trang-bql-kcn-cchc-2024.pdf: the 25 annex tasks of a table over pages 5-10 all said 5."""
    annex = sorted((t for t in soc_trang_pdf["tasks"] if t.origin == "annex"), key=lambda t: t.ordinal)
    assert len(annex) == 25 and annex[0].page == 5 and annex[-1].page == 10
    assert {t.page for t in annex} == set(range(5, 11))
    for task in (annex[0], annex[-1]):
        printed = loose_key(printed_in(SOC_TRANG_PDF, task.page, _box(task)))
        assert " ".join(loose_key(f"{task.label}. {task.text}").split()[:4]) in printed


def test_table_row_blocks_report_their_own_page(soc_trang_pdf):
    rows = [b for b in soc_trang_pdf["blocks"] if b.kind == "table_row"]
    assert {b.page for b in rows} == set(range(5, 11))
    by_id = {b.block_id: b for b in rows}
    for task in soc_trang_pdf["tasks"]:
        if task.origin == "annex":  # a task is where the row it starts in is
            assert (by_id[task.block_id].page, by_id[task.block_id].bbox) == (task.page, task.bbox)


def test_citation_in_a_later_table_row_reports_its_own_page(soc_trang_pdf):
    """Citations inside annex tasks said page 5 (the table's first page), whichever page held them."""
    in_table = [c for c in soc_trang_pdf["citations"] if ".r" in c.block_id]
    later = [c for c in in_table if c.page > 5]
    assert later and {c.page for c in in_table} >= {7, 8}
    for c in later:  # the box is the cell that prints the mention's number
        assert c.number and c.number in printed_in(SOC_TRANG_PDF, c.page, _box(c))


@pytest.mark.parametrize(
    "name", ["soc-trang-bql-kcn-cchc-2024.pdf", "hai-duong-bql-kcn-cchc-2024.pdf", "cp_nd_45_2026.pdf"]
)
def test_every_citation_is_printed_in_its_box_on_its_page(name, corpus):
    """Read back with pdfplumber: each mention's number lies in the box on the page it reports,
    also a mention in the part of a paragraph continued overleaf (cp_nd_45_2026.pdf, pages 41-42)."""
    path = corpus(name) if name.startswith("cp_nd") else RAW / name
    rows = _rows(path)
    first_page = {b.block_id: b.page for b in rows["blocks"]}
    cited = [c for c in rows["citations"] if c.number]
    assert cited
    for c in cited:
        assert c.number in printed_in(path, c.page, _box(c)), (c.page, c.raw)
    if name.startswith("cp_nd"):
        assert any(c.page > first_page[c.block_id] for c in cited)  # a paragraph's later page


def test_tasks_ordinal_is_reading_order(soc_trang_pdf):
    """task_id numbers annex tasks first (and sorts t1, t10, t11, t2); ordinal follows the page."""
    block_at = {b.block_id: b.ordinal for b in soc_trang_pdf["blocks"]}
    tasks = sorted(soc_trang_pdf["tasks"], key=lambda t: t.ordinal)
    assert [t.ordinal for t in tasks] == list(range(1, len(tasks) + 1))
    places = [block_at[t.block_id] for t in tasks]
    assert places == sorted(places)
    assert [t.page for t in tasks] == sorted(t.page for t in tasks)
    assert tasks[0].origin == "body" and tasks[-1].origin == "annex"  # the annex is printed last


def test_citations_and_targets_ordinal_is_reading_order():
    rows = _rows(RAW / "hai-duong-bql-kcn-cchc-2024.docx")
    block_at = {b.block_id: b.ordinal for b in rows["blocks"]}
    for table, start in (("citations", "char_start"), ("targets", None)):
        items = sorted(rows[table], key=lambda r: r.ordinal)
        assert items and [r.ordinal for r in items] == list(range(1, len(items) + 1))
        places = [(block_at[r.block_id], getattr(r, start) if start else 0) for r in items]
        assert places == sorted(places), table


def test_docx_rows_have_no_box_but_a_paragraph(soc_trang_docx):
    """DOCX has no page coordinates: bbox is null, the paragraph index says where."""
    for table in ("blocks", "tasks", "citations"):
        assert soc_trang_docx[table] and all(r.bbox is None for r in soc_trang_docx[table]), table
    assert all(b.paragraph is not None for b in soc_trang_docx["blocks"] if b.part == "body")


def test_every_pdf_block_has_a_box_on_its_page(soc_trang_pdf):
    width, height = 842, 842  # A4 either way up, in points
    for b in soc_trang_pdf["blocks"]:
        assert b.page is not None and b.bbox is not None, b.block_id
        assert 0 <= b.bbox.x0 < b.bbox.x1 <= width and 0 <= b.bbox.top < b.bbox.bottom <= height, b.block_id


@pytest.mark.parametrize("name", ["luongminh_kh_16_bau_cu_2026.docx", "luongminh_kh_hiep_thuong_2026.docx"])
def test_luongminh_election_plans_run_over_the_years_of_their_deadlines(name, corpus):
    """The titles state 'nhiệm kỳ 2026 - 2031', the term of the councils elected; the plans' own
    activities run from November 2025 to early 2026, so their years are 2025–2026, inferred."""
    document = process_file(corpus(name), file_sha256(corpus(name))).document
    assert (document.plan_year_start, document.plan_year_end) == (2025, 2026)
    assert document.field_sources["plan_year_start"] == "inferred"


def test_a_plan_with_a_period_in_its_title_keeps_it(corpus):
    path = corpus("lamdong_kh_kmt_2026.doc")
    document = process_file(path, file_sha256(path)).document
    assert (document.plan_year_start, document.plan_year_end) == (2026, 2026)
    assert document.field_sources["plan_year_start"] == "text"
