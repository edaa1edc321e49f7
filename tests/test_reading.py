"""pipeline/reading.py: an upgrade re-reads what the new version reads differently."""

from __future__ import annotations

import shutil
from pathlib import Path

from vnplan.pipeline.reading import _STAGES, fingerprint, reader_fingerprint

ROOT = Path(__file__).resolve().parents[1]


def _edited_copy(tmp_path: Path, rel: str) -> Path:
    root = tmp_path / "install"
    for stage in _STAGES:
        shutil.copytree(ROOT / stage, root / stage, ignore=shutil.ignore_patterns("__pycache__"))
    with (root / rel).open("a") as f:
        f.write("\n# a change in the new version\n")
    return root


def test_a_change_to_one_reader_changes_the_fingerprint_of_its_formats_only(tmp_path):
    before = {fmt: fingerprint(ROOT, fmt) for fmt in ("pdf", "docx", "doc", None)}
    assert before == {fmt: reader_fingerprint(fmt) for fmt in before}
    assert len(set(before.values())) == 4
    edited = _edited_copy(tmp_path, "extractors/docx.py")
    after = {fmt: fingerprint(edited, fmt) for fmt in before}
    # a .doc is read as the DOCX LibreOffice makes of it; an unknown format by any reader
    assert {fmt for fmt in before if before[fmt] != after[fmt]} == {"docx", "doc", None}


def test_a_change_to_a_later_stage_changes_every_format_and_one_elsewhere_none(tmp_path):
    before = {fmt: fingerprint(ROOT, fmt) for fmt in ("pdf", "docx", "doc")}
    stage = _edited_copy(tmp_path / "a", "normalizers/resources/ocr.json")
    assert all(fingerprint(stage, fmt) != before[fmt] for fmt in before)
    query_only = _edited_copy(tmp_path / "b", "pipeline/lookup.py")  # reads output, never files
    assert all(fingerprint(query_only, fmt) == before[fmt] for fmt in before)
