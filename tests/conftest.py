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
