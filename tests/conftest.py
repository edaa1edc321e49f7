from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from vnplan.extractors.pdf import extract_pdf
from vnplan.pipeline.run import ingest

from .corpus import RAW, REAL_WITH_SAMPLES, CorpusMissing, corpus_folder, real_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"  # gold of the sample plans
GOLD_REAL = Path(__file__).resolve().parent / "fixtures" / "gold_real"  # gold of real documents we test
NO_SKIP = "VNPLAN_NO_SKIP"  # set by .ci/run: there a skipped test is a failed one


def gold(name: str) -> dict:
    path = GOLD / f"{name}.json"
    return json.loads((path if path.exists() else GOLD_REAL / f"{name}.json").read_text("utf-8"))


def _forbid_skip(report) -> None:
    """Under VNPLAN_NO_SKIP, a skip (a corpus that is not there, a program or a test dependency that
    is not installed) fails the test, with the skip's reason: CI must run every test."""
    if os.environ.get(NO_SKIP) and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, and {NO_SKIP} is set, so that is a failure: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _forbid_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _forbid_skip(outcome.get_result())


class Corpus:
    """`corpus(name)`: the path of a document by file name, a sample plan from data/raw or else a
    real document from the corpus (the setting VNPLAN_CORPUS); `corpus.folder`: the corpus folder.
    A test that needs what the corpus does not hold is skipped, with the reason and the fix."""

    def __call__(self, name: str) -> Path:
        if (RAW / name).is_file():
            return RAW / name
        return self._or_skip(real_document, name)

    @property
    def folder(self) -> Path:
        return self._or_skip(corpus_folder)

    @staticmethod
    def _or_skip(find, *args) -> Path:
        try:
            return find(*args)
        except CorpusMissing as exc:
            pytest.skip(str(exc))


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return Corpus()


@pytest.fixture(scope="session")
def ingested(tmp_path_factory) -> Path:
    """data/raw ingested once for the whole session (two workers, as on CI's two cores)."""
    out = tmp_path_factory.mktemp("out")
    ingest([str(RAW)], out, workers=2, quiet=True)
    return out


@pytest.fixture(scope="session")
def ingested_with_real(ingested, corpus, tmp_path_factory) -> Path:
    """data/raw and the real documents REAL_WITH_SAMPLES in one output folder: the sample plans' rows
    copied from `ingested` (a re-run skips them), the real documents read once for the session."""
    out = tmp_path_factory.mktemp("out-real")
    shutil.copytree(ingested, out, dirs_exist_ok=True)
    ingest([str(RAW), *(str(corpus(name)) for name in REAL_WITH_SAMPLES)], out, workers=2, quiet=True)
    return out


@pytest.fixture(scope="session")
def police_scan(corpus):
    """lamdong_ttr_91: a Tờ trình, then the scanned draft plan on pages 2–15 (15 pages OCRed, so
    read once for the session)."""
    return extract_pdf(corpus("lamdong_ttr_91_cat_kmt_2026_scan.pdf"))


def printed_in(path: Path, page: int, bbox: tuple[float, float, float, float]) -> str:
    """The text pdfplumber (pdfminer, a reader independent of ours) finds inside `bbox` on `page`,
    a character counted where its centre is (as in pdfplumber's table cells): the check that a
    reported page and box are where the text is printed."""
    import pdfplumber

    x0, top, x1, bottom = bbox

    def inside(obj: dict) -> bool:
        return (
            obj.get("object_type") == "char"
            and x0 <= (obj["x0"] + obj["x1"]) / 2 <= x1
            and top <= (obj["top"] + obj["bottom"]) / 2 <= bottom
        )

    with pdfplumber.open(path) as pdf:
        return pdf.pages[page - 1].filter(inside).extract_text()
