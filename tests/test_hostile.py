"""Hostile and broken input, each built by the test: the batch goes on, the file gets a plain reason."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vnplan.pipeline.isolate import Limits
from vnplan.pipeline.process import file_sha256, process_file
from vnplan.pipeline.run import ingest

from .conftest import RAW


def _row(path):
    return process_file(path, file_sha256(path)).document


def _rewrite_docx(source, target, replace: dict[str, bytes]):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, replace.get(item.filename, zin.read(item.filename)))
        for name, data in replace.items():
            if name not in zin.namelist():
                zout.writestr(name, data)


def _zip_bomb(folder):
    bomb = folder / "bomb.docx"
    with (
        zipfile.ZipFile(RAW / "soc-trang-bql-kcn-cchc-2024.docx") as zin,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            if item.filename == "word/document.xml":
                with zout.open("word/document.xml", "w") as part:  # 300 MB of spaces, ~300 KB compressed
                    for _ in range(300):
                        part.write(b" " * (1 << 20))
            else:
                zout.writestr(item, zin.read(item.filename))
    return bomb


def _with_doctype(folder, name, doctype: str, entity: str):
    """The Sóc Trăng plan with a DOCTYPE in its document.xml and an entity used in its title."""
    with zipfile.ZipFile(RAW / "soc-trang-bql-kcn-cchc-2024.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    xml = xml.replace("?>", "?>" + doctype, 1).replace("KẾ HOẠCH", f"KẾ HOẠCH &{entity};", 1)
    path = folder / name
    _rewrite_docx(RAW / "soc-trang-bql-kcn-cchc-2024.docx", path, {"word/document.xml": xml.encode("utf-8")})
    return path


def _xxe(folder, secret):
    return _with_doctype(
        folder, "xxe.docx", f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>', "xxe"
    )


def _billion_laughs(folder):
    """Ten entities each repeating the one before ten times (10⁹ "lol"s)."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return _with_doctype(folder, "laughs.docx", f"<!DOCTYPE w:document [{''.join(entities)}]>", "lol9")


def _macro(folder):
    macro = folder / "macro.docx"
    _rewrite_docx(
        RAW / "soc-trang-bql-kcn-cchc-2024.docx", macro, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64}
    )
    return macro


def _nested_tables(folder, depth: int = 60):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH Cải cách hành chính năm 2024")
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "Tầng 0"
    for level in range(1, depth):
        cell = cell.add_table(rows=1, cols=2).cell(0, 0)
        cell.text = f"Tầng {level}"
    nested = folder / "nested.docx"
    document.save(nested)
    return nested


def _huge_page(folder):
    pypdf = pytest.importorskip("pypdf")
    huge = folder / "200-inch.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=14400, height=14400)  # 200 inches, the largest a PDF allows
    with huge.open("wb") as f:
        writer.write(f)
    return huge


def test_zip_bomb_is_refused(tmp_path):
    row = _row(_zip_bomb(tmp_path))
    assert row.status == "failed" and "zip bomb" in row.error
    assert row.error_code == "docx.zip_bomb"
    assert "open it" not in row.error and "save it" not in row.error  # nothing for the user to repair


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MACHINE-FILE")
    out = tmp_path / "out"
    ingest([str(_xxe(tmp_path, secret))], out, workers=1, quiet=True)
    blob = b"".join(p.read_bytes() for p in out.rglob("*.parquet"))
    assert b"TOP-SECRET-MACHINE-FILE" not in blob


def test_entity_expansion_bomb_is_refused(tmp_path):
    row = _row(_billion_laughs(tmp_path))
    assert row.status == "failed" and "entity expansion bomb" in row.error
    assert row.error_code == "docx.entity_bomb" and "open it" not in row.error


def test_sixty_deep_nested_tables_keep_their_text(tmp_path):
    nested = _nested_tables(tmp_path)
    result = process_file(nested, file_sha256(nested))
    assert result.document.status == "ok"
    text = "\n".join(b.text for b in result.rows["blocks"])
    assert "Tầng 0" in text and "Tầng 59" in text


def test_macro_parts_are_ignored(tmp_path):
    row = _row(_macro(tmp_path))
    assert row.status == "ok" and row.doc_type == "Kế hoạch"


@pytest.mark.parametrize(
    "name, wrong",
    [("soc-trang-bql-kcn-cchc-2024.docx", "plan.pdf"), ("soc-trang-bql-kcn-cchc-2024.pdf", "plan.docx")],
)
def test_format_is_told_by_content_not_extension(tmp_path, name, wrong):
    shutil.copy(RAW / name, tmp_path / wrong)
    row = _row(tmp_path / wrong)
    assert row.status == "ok" and row.source_format == name.rsplit(".", 1)[1] and row.doc_type == "Kế hoạch"


def test_corrupt_zip_and_vietnamese_names_and_symlink_loops(tmp_path):
    inp = tmp_path / "Kế hoạch năm 2024"
    inp.mkdir()
    good = inp / "kế hoạch cải cách hành chính.docx"
    shutil.copy(RAW / "soc-trang-bql-kcn-cchc-2024.docx", good)
    (inp / "hỏng.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (inp / "loop").symlink_to(inp, target_is_directory=True)
    summary = ingest([str(inp)], tmp_path / "out", workers=2, quiet=True)
    docs = {d.source_path.split("/")[-1]: d for d in summary.processed}
    assert docs["kế hoạch cải cách hành chính.docx"].status == "ok"
    assert docs["hỏng.docx"].status == "failed" and docs["hỏng.docx"].error.startswith("hỏng.docx: ")
    assert len(docs) == 2


def test_huge_page_and_endless_pdf(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    row = _row(_huge_page(tmp_path))
    assert row.status == "failed" and row.error == "200-inch.pdf: no text could be read"

    reader = pypdf.PdfReader(RAW / "hai-duong-bql-kcn-cchc-2024.pdf")
    writer = pypdf.PdfWriter()
    for _ in range(3000):
        writer.add_page(reader.pages[1])
    endless = tmp_path / "3000-pages.pdf"
    with endless.open("wb") as f:
        writer.write(f)
    summary = ingest([str(endless)], tmp_path / "out", workers=1, quiet=True, limits=Limits(time_limit=5))
    [doc] = summary.processed
    assert doc.status == "failed" and "took longer than 5 s" in doc.error


def test_a_batch_of_hostile_files_exits_0_with_a_reason_for_each(tmp_path):
    """All of them in one `vnplan ingest`: exit 0, a row per file, a plain reason for each failure
    (never an internal error), every reader under 2.5 GB and under its time limit."""
    inp = tmp_path / "thư mục đầu vào"
    inp.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MACHINE-FILE")
    for build in (_zip_bomb, _billion_laughs, _macro, _nested_tables, _huge_page):
        build(inp)
    _xxe(inp, secret)
    (inp / "rỗng.pdf").write_bytes(b"")
    (inp / "ngẫu nhiên.pdf").write_bytes(bytes(range(256)) * 64)
    (inp / "cắt cụt.pdf").write_bytes((RAW / "hai-duong-bql-kcn-cchc-2024.pdf").read_bytes()[:5000])
    (inp / "trang web.docx").write_text("<html><body>not a document</body></html>")
    (inp / "zip hỏng.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    shutil.copy(RAW / "hai-duong-bql-kcn-cchc-2024.docx", inp / "thật ra là docx.pdf")
    shutil.copy(RAW / "hai-duong-bql-kcn-cchc-2024.docx", inp / "bản sao.docx")  # same bytes: one document
    report = tmp_path / "run.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vnplan",
            "ingest",
            str(inp),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
            "--report",
            str(report),
            "--time-limit",
            "120",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    files = json.loads(report.read_text())["files"]
    assert len(files) == 12  # 13 files, two of them the same bytes (one document, both paths recorded)
    names = {Path(f["path"]).name: f for f in files}
    assert {names[n]["status"] for n in ("macro.docx", "nested.docx", "xxe.docx")} == {"ok"}
    codes = {n: f["error_code"] for n, f in names.items()}
    assert codes["rỗng.pdf"] == codes["ngẫu nhiên.pdf"] == codes["trang web.docx"] == "file.unknown_format"
    assert codes["cắt cụt.pdf"] == "pdf.damaged" and codes["zip hỏng.docx"] == "file.unknown_format"
    for f in files:
        if f["status"] == "failed":
            assert (
                f["error"].startswith(Path(f["path"]).name + ": ") and "internal error" not in f["error"]
            ), f
        assert (f["error_code"] is None) == (f["status"] == "ok"), f
        assert f["seconds"] < 120 and f["peak_memory_mb"] < 2500, f
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 2500 * 1024  # the whole run, in KB
    blob = b"".join(p.read_bytes() for p in (tmp_path / "out").rglob("*.parquet"))
    assert b"TOP-SECRET-MACHINE-FILE" not in blob
