"""Hostile and broken input, each built by the test: the batch goes on, the file gets a plain reason."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pyarrow.dataset as ds
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


# ---- the reliability probes' recipes (../shared/reliability/): each failure they found, fixed


def _vnplan(*args: str, env: dict | None = None, timeout: float = 90) -> subprocess.CompletedProcess:
    """`vnplan …` as a user runs it; a hang fails the test at `timeout` instead of holding the suite."""
    return subprocess.run(
        [sys.executable, "-m", "vnplan", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def _documents(out: Path) -> list[dict]:
    return ds.dataset(str(out / "documents"), format="parquet").to_table().to_pylist()


def _all_text(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in out.rglob("*.parquet")) + (out / "_manifest.json").read_bytes()


def test_special_files_and_bad_links_are_rows_and_nothing_hangs(tmp_path):
    """make_paths.py: a FIFO, /dev/zero and /dev/urandom named .pdf/.docx, dangling and looping
    links, links to /etc/passwd and to a canary outside the inputs, a name of invalid UTF-8 — in
    a folder and named directly. The parent used to hash them all before any limit applied (a
    hang), and crash on the name and the links (every good file lost with them)."""
    inp, secret = tmp_path / "in", tmp_path / "secret"
    inp.mkdir()
    secret.mkdir()
    (secret / "canary.txt").write_text("CANARY-vnplan-outside-input root:x:0:0:root:/root:/bin/bash")
    os.mkfifo(inp / "x.pdf")
    (inp / "zero.pdf").symlink_to("/dev/zero")
    (inp / "rnd.docx").symlink_to("/dev/urandom")
    (inp / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (inp / "self.pdf").symlink_to("self.pdf")
    (inp / "passwd.pdf").symlink_to("/etc/passwd")
    (inp / "canary.pdf").symlink_to(secret / "canary.txt")
    shutil.copyfile(
        RAW / "soc-trang-bql-kcn-cchc-2024.docx", os.path.join(os.fsencode(inp), b"ke\xe1hoach.docx")
    )
    shutil.copy(RAW / "hai-duong-bql-kcn-cchc-2024.docx", inp / "plan.docx")
    out = tmp_path / "out"
    done = _vnplan("ingest", str(inp), str(inp / "x.pdf"), "--out", str(out), "--quiet", "--workers", "2")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    docs = {os.path.basename(d["source_path"]): d for d in _documents(out)}
    assert len(docs) == 9
    assert {n: d["error_code"] for n, d in docs.items() if d["status"] == "failed"} == {
        "x.pdf": "file.special",
        "zero.pdf": "file.outside_inputs",
        "rnd.docx": "file.outside_inputs",
        "gone.pdf": "file.dangling_link",
        "self.pdf": "file.link_loop",
        "passwd.pdf": "file.outside_inputs",
        "canary.pdf": "file.outside_inputs",
    }
    named = docs["ke\\xe1hoach.docx"]  # stored, and its bytes kept whole beside the readable form
    assert named["status"] == "ok" and named["raw_paths"] == [
        os.path.join(os.fsencode(inp), b"ke\xe1hoach.docx")
    ]
    assert docs["plan.docx"]["status"] == "ok"
    blob = _all_text(out)
    assert b"CANARY" not in blob and b"root:x:0" not in blob
    # one line per refused file on stderr, even with --quiet
    assert sum(line.startswith("failed: ") for line in done.stderr.splitlines()) == 7
    again = _vnplan("ingest", str(inp), str(inp / "x.pdf"), "--out", str(out), "--quiet")
    assert again.returncode == 0 and "0 processed" in again.stdout and "9 unchanged" in again.stdout


def test_a_paragraph_over_a_million_characters_is_read(tmp_path):
    """make_long_para.py: one paragraph of 1,001,000 characters failed its document as an internal
    error (spaCy's max_length of 1,000,000); it is read, its mentions found across the pieces."""
    with zipfile.ZipFile(RAW / "hai-duong-bql-kcn-cchc-2024.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    sentence = "Thực hiện Nghị định số 61/2018/NĐ-CP của Chính phủ về cơ chế một cửa. "
    text = (sentence * (1_001_000 // len(sentence) + 1))[:1_001_000]
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{text[k : k + 4000]}</w:t></w:r>' for k in range(0, len(text), 4000)
    )
    at = xml.index("<w:body>") + len("<w:body>")
    long_docx = tmp_path / "para_1001000.docx"
    _rewrite_docx(
        RAW / "hai-duong-bql-kcn-cchc-2024.docx",
        long_docx,
        {"word/document.xml": (xml[:at] + f"<w:p>{runs}</w:p>" + xml[at:]).encode("utf-8")},
    )
    result = process_file(long_docx, file_sha256(long_docx))
    assert result.document.status == "ok", result.document.error
    [block] = [b for b in result.rows["blocks"] if len(b.text) > 1_000_000]
    mentions = [c for c in result.rows["citations"] if c.block_id == block.block_id]
    assert len(mentions) == text.count("61/2018/NĐ-CP")
    assert all(block.text[c.char_start : c.char_end] == c.raw for c in mentions)


def _ole_random(path: Path, size: int, seed: int = 1) -> Path:
    """fuzz_mutate.py's doc_garbage: the OLE magic, then random bytes."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(seed).randbytes(size - 8))
    return path


def test_random_bytes_after_an_ole_header_are_not_an_ok_document(tmp_path):
    """LibreOffice reads such a file as text and gave CJK garbage, which came out `ok`."""
    row = _row(_ole_random(tmp_path / "garbage.doc", 4096))
    assert row.status == "failed" and row.error_code == "doc.not_text", row
    assert "is not Vietnamese or other Latin-script text" in row.error


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if text in cmdline and str(os.getpid()) != proc.name:
                found.append(f"{proc.name}: {cmdline[:200]}")
    return found


def _private_tmpdir(monkeypatch, folder: Path) -> Path:
    """TMPDIR for this test's run (and its readers and programs), restored afterwards."""
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_dies_with_a_reader_stopped_at_its_limit(tmp_path, monkeypatch):
    """A reader killed at its time limit left soffice.bin running for minutes; its temp folder
    (profile, copies) stayed for ever."""
    work = _private_tmpdir(monkeypatch, tmp_path / "tmp")
    slow = _ole_random(tmp_path / "slow.doc", 1_000_000, seed=3)  # LibreOffice chews on it past 2 s
    [doc] = ingest(
        [str(slow)], tmp_path / "out", workers=1, quiet=True, limits=Limits(time_limit=2)
    ).processed
    assert doc.error_code == "limit.time"
    deadline = time.monotonic() + 5
    while _processes_mentioning(str(work)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_mentioning(str(work)) == []
    assert list(work.iterdir()) == []


def test_temp_folders_of_a_killed_run_are_removed_by_the_next_run(tmp_path, monkeypatch):
    work = _private_tmpdir(monkeypatch, tmp_path / "tmp")
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = work / f"vnplan-run-{dead.pid}-x1" / "reader-y2"  # what a run killed with kill -9 leaves
    left.mkdir(parents=True)
    (left / "page.pgm").write_bytes(b"P5 1 1 255 \0")
    alive = work / f"vnplan-run-{os.getpid()}-x3"  # a run still going: not touched
    alive.mkdir()
    ingest([str(RAW / "soc-trang-bql-kcn-cchc-2024.docx")], tmp_path / "out", workers=1, quiet=True)
    assert sorted(p.name for p in work.iterdir()) == [alive.name]


def _docx_with_linked_picture(folder: Path, url: str) -> Path:
    """make_extrels.py's ext-image: a picture whose r:link is an External relationship."""
    with zipfile.ZipFile(RAW / "hai-duong-bql-kcn-cchc-2024.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    picture = (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="901" name="p"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
        '<pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdX1"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    rel = (
        '<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        f'Target="{url}" TargetMode="External"/>'
    )
    at = xml.index("<w:body>") + len("<w:body>")
    linked = folder / "linked.docx"
    _rewrite_docx(
        RAW / "hai-duong-bql-kcn-cchc-2024.docx",
        linked,
        {
            "word/document.xml": (xml[:at] + picture + xml[at:]).encode("utf-8"),
            "word/_rels/document.xml.rels": rels.replace("</Relationships>", rel + "</Relationships>").encode(
                "utf-8"
            ),
        },
    )
    return linked


class _Listener:
    """A TCP listener on 127.0.0.1 counting the connections it gets (listen.py)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    served = _Listener()
    yield served
    served.close()


@pytest.fixture(scope="module")
def linked_doc(tmp_path_factory, listener) -> Path:
    """make_extrels.py's .doc variant: a picture linked to http://127.0.0.1:PORT/img.png."""
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice")
    from vnplan.extractors.doc import _without_network

    folder = tmp_path_factory.mktemp("linked")
    linked = _docx_with_linked_picture(folder, f"http://127.0.0.1:{listener.port}/img.png")
    subprocess.run(  # made without a network, so that making it fetches nothing either
        [
            *_without_network(),
            "soffice",
            f"-env:UserInstallation={(folder / 'p').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(folder),
            str(linked),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return folder / "linked.doc"


@pytest.mark.parametrize("network", ["none (namespace)", "blocked in the profile only"])
def test_a_doc_with_a_linked_picture_fetches_nothing(linked_doc, listener, monkeypatch, network):
    """LibreOffice fetched a .doc's linked picture from 127.0.0.1. Both guards are tested: no
    network at all, and, for systems that allow no network namespace, the profile alone."""
    from vnplan.extractors import doc

    before = listener.hits
    if network != "none (namespace)":
        monkeypatch.setattr(doc, "_without_network", lambda: ())
    document = doc.extract_doc(linked_doc)
    assert any("Hải Dương" in b.full_text for b in document.blocks)
    time.sleep(0.3)
    # (making the file may have fetched it: the fixture's LibreOffice has no blocking profile, and
    # not every system allows a network namespace)
    assert listener.hits == before


def test_the_no_network_prefix_is_given_when_and_only_when_it_has_no_network(listener):
    """`unshare -rn` is used where the system allows it (not in a chroot, nor where user namespaces
    are off), and then it really has no network; elsewhere the profile guard above stands alone."""
    from vnplan.extractors.doc import _without_network

    prefix = _without_network()
    if not prefix:
        unshare = shutil.which("unshare")
        assert (
            unshare is None or subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode != 0
        )
        return
    before = listener.hits
    probe = f"import socket; socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)"
    done = subprocess.run([*prefix, sys.executable, "-c", probe], capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and listener.hits == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_a_relative_tmpdir_still_reads_doc_files(corpus, tmp_path, monkeypatch):
    """Every .doc failed as "damaged" with TMPDIR=tmp: LibreOffice got a relative profile URL."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", "tmp")
    monkeypatch.setattr(tempfile, "tempdir", None)
    [doc] = ingest([str(corpus("lamdong_kh_kmt_2026.doc"))], "out", workers=1, quiet=True).processed
    assert doc.status == "ok", doc.error
    assert os.environ["TMPDIR"] == str(tmp_path / "tmp")


def _pdf_of_pages(path: Path, contents: list[bytes]) -> Path:
    """A PDF with one page per content stream (A4), written by hand."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for content in contents:
        kids.append(f"{len(objects) + 1} 0 R".encode())
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects) + 2} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(contents)
    data, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(data)
    return path


def test_blank_pages_are_blank_without_a_render(tmp_path, monkeypatch):
    """A 3,000-page blank PDF took 417 s, every page rendered and reported as OCRed. A page with no
    content objects, or only white fills, is blank without a render; a page with ink is not."""
    import vnplan.extractors.pdf as pdf

    rendered = []
    real_ocr = pdf.ocr_page
    monkeypatch.setattr(pdf, "ocr_page", lambda page, n, **kw: rendered.append(n) or real_ocr(page, n, **kw))
    pages = [b"", b"1 1 1 rg 0 0 595 842 re f", b"1 g 50 50 100 100 re f 1 1 1 RG 0 0 m 595 842 l S"]
    blank = pdf.extract_pdf(_pdf_of_pages(tmp_path / "blank.pdf", pages * 1000))
    assert (blank.pages, blank.ocr_pages, rendered) == (3000, 0, [])
    inked = pdf.extract_pdf(_pdf_of_pages(tmp_path / "inked.pdf", [b"", b"0 0 0 rg 100 100 300 20 re f"]))
    assert rendered == [2] and inked.pages == 2  # the black bar is looked at (it could be a scan's text)
