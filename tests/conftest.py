from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnplan.pipeline.run import ingest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"
DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"  # real files used by one test module each


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def ingested(tmp_path_factory) -> Path:
    """data/raw ingested once for the whole session (two workers, as on CI's two cores)."""
    out = tmp_path_factory.mktemp("out")
    ingest([str(RAW)], out, workers=2, quiet=True)
    return out


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
