from __future__ import annotations

import json
import os
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


class Corpus:
    """`corpus(name)`: the path of a document by file name: a sample of data/raw, else a real
    document of the corpus (the setting VNPLAN_CORPUS, default ../shared/corpus). A test that needs
    a document the corpus does not hold is skipped, saying what to set."""

    def __call__(self, name: str) -> Path:
        if (RAW / name).is_file():
            return RAW / name
        root = Path(os.environ.get("VNPLAN_CORPUS") or "../shared/corpus").expanduser()
        root = root if root.is_absolute() else (ROOT / root).resolve()
        for folder in ("real", "samples"):
            if (root / folder / name).is_file():
                return root / folder / name
        pytest.skip(f"{name} is not in {root}: point VNPLAN_CORPUS at the corpus folder that holds real/")


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return Corpus()
