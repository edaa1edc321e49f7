"""extractors/programs.py and every reader without its program: tesseract or LibreOffice hidden from
PATH (never uninstalled), vnplan still reads every file it can, says once what is missing and
what it costs, and never shows a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from vnplan.extractors.blanks import OPENCV_LIBRARIES
from vnplan.extractors.doc import LIBREOFFICE_INSTALL
from vnplan.extractors.ocr import TESSERACT_INSTALL
from vnplan.extractors.programs import find_missing_programs
from vnplan.pipeline.process import warm_up
from vnplan.pipeline.run import ingest

from .conftest import RAW, ROOT

TESSERACT = ("tesseract",)
LIBREOFFICE = ("soffice", "libreoffice")
TESSERACT_PACKAGES = "apt-get install tesseract-ocr tesseract-ocr-vie"
LIBREOFFICE_PACKAGE = "apt-get install libreoffice-writer-nogui"


def _hide(monkeypatch, tmp_path, hidden: tuple[str, ...], fake: dict[str, str] | None = None) -> dict:
    """PATH becomes one folder of links to every program on it except `hidden` (and with `fake`
    scripts, by name): for this process, the readers it forks and the commands it starts."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not Path(folder).is_dir():
            continue
        for program in Path(folder).iterdir():
            link = bin_dir / program.name
            if program.name not in hidden and not link.exists() and os.access(program, os.X_OK):
                link.symlink_to(program)
    for name, script in (fake or {}).items():
        (bin_dir / name).unlink(missing_ok=True)
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    return dict(os.environ, PATH=str(bin_dir))


def _cli_ingest(env: dict, inputs: list[Path], out: Path) -> tuple[subprocess.CompletedProcess, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "vnplan", "ingest", *map(str, inputs), "--out", str(out)]
        + ["--workers", "2", "--report", str(out.parent / "run.json")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return done, json.loads((out.parent / "run.json").read_text("utf-8"))


def _readme_command(marker: str) -> str:
    """The command in the code block under `<!-- marker` in README.md (as .ci/run reads it)."""
    after = (ROOT / "README.md").read_text("utf-8").split(f"<!-- {marker}", 1)[1]
    return after.split("```", 2)[1].strip()


def test_both_readme_commands_install_every_package_the_readers_name():
    ingest_command, test_command = _readme_command("setup:ingest"), _readme_command("setup:test")
    set_up = ingest_command.split(" && pip install")[0]
    assert test_command.split(" && pip install")[0] == set_up  # one set-up: CI runs only the second
    apt = set_up.split(" && ")[1].split()
    for install in (TESSERACT_INSTALL, LIBREOFFICE_INSTALL):
        assert set(install.removeprefix("apt-get install ").split()) <= set(apt), install
    # the system libraries the handwriting reader's OpenCV loads (a bare Debian has neither)
    assert {package for _, package in OPENCV_LIBRARIES} <= set(apt)
    assert ingest_command.endswith("vnplan ingest data/raw --out data/processed")
    assert test_command.endswith("python -m pytest -q")


def test_nothing_is_missing_where_the_readme_installed_everything():
    assert find_missing_programs() == []


def test_missing_programs_name_what_to_install(monkeypatch, tmp_path):
    _hide(monkeypatch, tmp_path, TESSERACT + LIBREOFFICE)
    ocr, doc = find_missing_programs()
    assert ocr.reason == f"tesseract is not installed ({TESSERACT_PACKAGES})"
    assert doc.reason == f"LibreOffice is not installed ({LIBREOFFICE_PACKAGE})"
    assert "scans" in ocr.affects and ".doc files" in doc.affects


def test_without_libgl_the_handwriting_reader_is_said_missing_up_front(monkeypatch):
    """On a bare Debian, OpenCV (under rapidocr) cannot load libGL.so.1: handwritten numbers went
    unread without a word, and dask's workers died; now the run says so first, with the fix."""
    import ctypes.util

    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "GL" else real(name))
    [handwriting] = find_missing_programs()
    assert handwriting.reason == (
        "the handwritten-digit reader cannot load, its OpenCV needs system libraries (apt-get install libgl1)"
    )
    assert "written by hand" in handwriting.affects


def test_tesseract_without_vietnamese_data(monkeypatch, tmp_path):
    """`tesseract-ocr` without `tesseract-ocr-vie`: OCR is not possible, and the reason says so."""
    _hide(monkeypatch, tmp_path, TESSERACT, {"tesseract": "#!/bin/sh\necho 'List of languages:'\necho eng\n"})
    [ocr] = find_missing_programs()
    assert ocr.reason == f"tesseract has no Vietnamese data ({TESSERACT_PACKAGES})"


def test_warm_up_never_raises_without_the_programs(monkeypatch, tmp_path):
    _hide(monkeypatch, tmp_path, TESSERACT + LIBREOFFICE)
    warm_up()  # it used to raise OcrUnavailable, and `vnplan ingest` ended in a traceback


def test_without_tesseract_the_bundled_files_are_read_and_the_scan_is_partial(monkeypatch, tmp_path):
    """The README's first command on a machine without tesseract: exit 0, every text file ok, the
    scan partial with the packages to install, said once up front, no traceback."""
    env = _hide(monkeypatch, tmp_path, TESSERACT)
    done, report = _cli_ingest(env, [RAW], tmp_path / "out")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    files = {Path(f["path"]).name: f for f in report["files"]}
    scan = files.pop("soc-trang-bql-kcn-cchc-2024-scan.pdf")
    assert (scan["status"], scan["pages"], scan["ocr_pages"]) == ("partial", 10, 0)
    assert scan["error"] == (
        "soc-trang-bql-kcn-cchc-2024-scan.pdf: it is a scan (no page has a text layer), and OCR is not "
        f"possible: tesseract is not installed ({TESSERACT_PACKAGES})"
    )
    assert {f["status"] for f in files.values()} == {"ok"} and len(files) == 4
    first, summary, *rest = done.stdout.splitlines()
    assert first.startswith(f"tesseract is not installed ({TESSERACT_PACKAGES}): pages that need OCR")
    assert first.endswith("1 file affected (partial): soc-trang-bql-kcn-cchc-2024-scan.pdf")
    assert summary.startswith("5 files: 5 processed (4 ok, 1 partial, 0 failed)")
    assert rest == []  # the scan is not listed again
    assert report["missing_programs"] == [
        {
            "reason": f"tesseract is not installed ({TESSERACT_PACKAGES})",
            "affects": "pages that need OCR (scans, stamp-only pages, garbled text layers) are not read",
            "files": [scan["path"]],
        }
    ]


def test_without_tesseract_the_text_pages_of_a_mixed_pdf_are_read(corpus, monkeypatch, tmp_path):
    """Lai Châu's decision: pages 1–2 are scanned, the rest has a text layer, which is still read."""
    _hide(monkeypatch, tmp_path, TESSERACT)
    out = tmp_path / "out"
    [row] = ingest([str(corpus("laichau_qd_1629_tthc_khcn_2025.pdf"))], out, quiet=True).processed
    assert row.status == "partial" and row.error.endswith(
        f"pages 1–2 need OCR (no text), and OCR is not possible: tesseract is not installed "
        f"({TESSERACT_PACKAGES})"
    )
    blocks = pq.read_table(out / "blocks").to_pylist()
    pages = {b["page"] for b in blocks}  # table rows say their own page (issue 13)
    assert min(pages) == 3 and pages <= set(range(3, row.pages + 1))  # nothing of the unread pages 1–2
    [table] = pq.read_table(out / "tables").to_pylist()
    assert table["pages"] == list(range(3, row.pages + 1))


def test_without_libreoffice_a_doc_fails_saying_what_to_install(corpus, monkeypatch, tmp_path):
    _hide(monkeypatch, tmp_path, LIBREOFFICE)
    summary = ingest(
        [str(corpus("lamdong_kh_kmt_2026.doc")), str(RAW / "soc-trang-bql-kcn-cchc-2024.docx")],
        tmp_path / "out",
        workers=2,
        quiet=True,
    )
    rows = {Path(d.source_path).name: d for d in summary.processed}
    assert rows["soc-trang-bql-kcn-cchc-2024.docx"].status == "ok"
    doc = rows["lamdong_kh_kmt_2026.doc"]
    assert doc.status == "failed" and doc.error == (
        f"lamdong_kh_kmt_2026.doc: LibreOffice is not installed ({LIBREOFFICE_PACKAGE}), "
        "and .doc files are read through it (or save this one as .docx)"
    )
    [missing] = summary.missing
    assert summary.affected_by(missing) == [doc]


def test_without_tesseract_the_corpus_exits_0_with_text_files_ok_and_scans_partial(
    corpus, monkeypatch, tmp_path
):
    env = _hide(monkeypatch, tmp_path, TESSERACT)
    done, report = _cli_ingest(env, [corpus.folder], tmp_path / "out")
    assert done.returncode == 0 and "Traceback" not in done.stderr + done.stdout, done.stderr
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert len(files) == report["found"] and not [f for f in files.values() if f["status"] == "failed"]
    for name, f in files.items():
        if not name.endswith(".pdf") or f["status"] == "ok":
            assert f["status"] == "ok" and f["error"] is None, f
        else:  # a PDF with pages that need OCR
            assert f["status"] == "partial" and f["error"].endswith(f"({TESSERACT_PACKAGES})"), f
    scans = {name for name in files if "scan" in name}
    assert scans and scans <= {name for name, f in files.items() if f["status"] == "partial"}
    [missing] = report["missing_programs"]
    assert {Path(p).name for p in missing["files"]} == {
        n for n, f in files.items() if f["status"] == "partial"
    }
    assert done.stdout.count("tesseract is not installed") == 1  # said once, up front
