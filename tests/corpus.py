"""Where the real documents are: the one setting `VNPLAN_CORPUS`, the folder that holds `real/`
(default `../shared/corpus`; a relative path is taken from the repository root).

Real documents are never copied into the repository. Tests read them through the `corpus` fixture
(tests/conftest.py), benchmarks through `documents_with_samples`; both come here.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"  # the sample plans: the project's own renderings, in the repository
SETTING = "VNPLAN_CORPUS"
DEFAULT = "../shared/corpus"
# real documents read with the sample plans, by the tests' session ingest and by the benchmarks:
# the nine files data/raw held until issue 12 (BENCHMARKS.md was measured on them)
REAL_WITH_SAMPLES = (
    "bimson_kh_3070_bmnn_2024.pdf",
    "cp_nd_45_2026.pdf",
    "lamdong_kh_cchc_2026.docx",
    "lamdong_kh_kmt_2026.doc",
)


class CorpusMissing(Exception):
    """A real document is not where the setting says; the message says what to do, in one sentence."""


def corpus_root() -> Path:
    path = Path(os.environ.get(SETTING) or DEFAULT).expanduser()
    return path if path.is_absolute() else (ROOT / path).resolve()


def corpus_folder() -> Path:
    """The corpus folder (with real/ and samples/), or CorpusMissing."""
    root = corpus_root()
    if not (root / "real").is_dir():
        raise _missing(f"the real documents are not here ({root / 'real'})")
    return root


def real_document(name: str) -> Path:
    """The path of the real document `name` (e.g. "cp_nd_45_2026.pdf"), or CorpusMissing."""
    path = corpus_folder() / "real" / name
    if not path.is_file():
        raise _missing(f"{name} is not in {path.parent}")
    return path


def _missing(what: str) -> CorpusMissing:
    return CorpusMissing(
        f"{what}: point {SETTING} at the corpus folder that holds real/, "
        f"e.g. export {SETTING}=/path/to/shared/corpus"
    )


def documents_with_samples() -> list[Path]:
    """The sample plans of data/raw and the real documents REAL_WITH_SAMPLES, or CorpusMissing."""
    return sorted(RAW.iterdir()) + [real_document(name) for name in REAL_WITH_SAMPLES]
