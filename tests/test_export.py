"""pipeline/export.py and `vnplan export`/`query --output`: Excel, CSV for Excel, SQLite for
Datasette (its own test client), and the Datasette tasks page in a real headless Chromium."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from vnplan.pipeline.cli import main
from vnplan.pipeline.export import export_sqlite, fetch, flat_value
from vnplan.pipeline.lookup import connect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
NO_CHROMIUM = (
    "no Chromium on this machine, so the Datasette tasks page is not opened in a real browser: "
    "install it with apt-get install -y chromium (Debian; .ci/run does)"
)


@pytest.mark.parametrize(
    "value, shown",
    [
        (["Sở Tư pháp"], "Sở Tư pháp"),
        (
            ["Sở Tư pháp", "Ủy ban nhân dân các xã, phường, đặc khu"],
            "Sở Tư pháp; Ủy ban nhân dân các xã, phường, đặc khu",
        ),
        ([], None),
        (
            [
                {
                    "kind": "quarter",
                    "start": dt.date(2026, 4, 1),
                    "end": dt.date(2026, 6, 30),
                    "recurrence": None,
                    "raw": "Quý II/2026",
                }
            ],
            "kind=quarter, start=2026-04-01, end=2026-06-30, raw=Quý II/2026",
        ),
        ([["STT", "Chỉ tiêu"], ["1", "100%"]], "STT | Chỉ tiêu; 1 | 100%"),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1)),
    ],
)
def test_flat_values_never_show_python_notation(value, shown):
    assert flat_value(value) == shown


def test_task_list_to_excel_has_typed_dates_and_a_vietnamese_header(ingested, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "tasks.xlsx"
    assert main(["export", "task_list", "--data", str(ingested), "--out", str(out)]) == 0
    expected = fetch(connect(ingested), "SELECT * FROM task_list")
    assert f"task_list: {len(expected)} rows" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Tệp", "Tỉnh", "Tỉnh (từ 1/7/2025)"] and "Hạn hoàn thành" in header
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(expected)  # one row per distinct task
    due = [r[header.index("Hạn hoàn thành")] for r in rows if r[header.index("Hạn hoàn thành")] is not None]
    assert due and all(isinstance(d, dt.datetime) for d in due)  # Excel dates, not text
    ids = [(r[header.index("Mã văn bản")], r[header.index("Mã nhiệm vụ")]) for r in rows]
    assert len(set(ids)) == len(ids)


def test_csv_starts_with_a_bom_and_joins_lists(ingested, tmp_path):
    out = tmp_path / "tasks.csv"
    assert main(["export", "tasks", "--data", str(ingested), "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "['" not in text and "datetime.date" not in text and "array(" not in text
    assert "kind=quarter" in text and "Sở Tư pháp" in text


def test_query_output_follows_its_extension_and_refuses_an_unknown_one(ingested, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    sql = "SELECT key, issued_date, other_paths FROM documents ORDER BY key"
    xlsx = tmp_path / "tasks.xlsx"
    assert main(["query", sql, "--data", str(ingested), "--output", str(xlsx)]) == 0
    assert openpyxl.load_workbook(xlsx).active["A1"].value == "key"  # a workbook, not text
    assert main(["query", sql, "--data", str(ingested), "--format", "csv"]) == 0
    printed = capsys.readouterr().out  # to the screen or a pipe: no BOM (it would be a stray character)
    assert printed.startswith("key,issued_date,other_paths") and "datetime" not in printed
    redirected = tmp_path / "redirected.csv"  # `> file.csv`: a file Excel may open, so with a BOM
    with redirected.open("w", encoding="utf-8") as f:
        subprocess.run(
            [sys.executable, "-m", "vnplan", "query", sql, "--data", str(ingested), "--format", "csv"],
            stdout=f,
            check=True,
        )
    assert redirected.read_text("utf-8").startswith("\ufeffkey,issued_date,other_paths")
    for bad in (
        ["--output", str(tmp_path / "tasks.xslx")],
        ["--format", "csv", "--output", str(tmp_path / "t.xlsx")],
    ):
        assert main(["query", sql, "--data", str(ingested), *bad]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "vnplan: error:" in err
    assert not (tmp_path / "tasks.xslx").exists() and not (tmp_path / "t.xlsx").exists()
    assert main(["export", "task_list", "--data", str(ingested), "--out", str(tmp_path / "t.json")]) == 2
    assert main(["export", "nothing", "--data", str(ingested), "--out", str(tmp_path / "t.csv")]) == 2
    assert "there are: task_list, citation_list, document_list" in capsys.readouterr().err


@pytest.fixture(scope="module")
def plans_db(ingested, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sqlite")
    assert main(["export", "--sqlite", str(out / "plans.db"), "--data", str(ingested)]) == 0
    return out / "plans.db"


def test_sqlite_holds_every_view_and_table(plans_db, ingested):
    import sqlite3

    db = sqlite3.connect(plans_db)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "task_list",
        "citation_list",
        "document_list",
        "documents",
        "tasks",
        "works",
        "task_list_fts",
    } <= names
    n = db.execute("SELECT count(*) FROM task_list").fetchone()[0]
    assert n == len(fetch(connect(ingested), "SELECT * FROM task_list"))
    meta = json.loads((plans_db.parent / "metadata.json").read_text("utf-8"))
    tasks = meta["databases"]["plans"]["tables"]["task_list"]
    assert {"Tỉnh (từ 1/7/2025)", "Lĩnh vực", "Đơn vị chủ trì", "Quý hạn"} <= set(tasks["facets"])
    assert tasks["fts_table"] == "task_list_fts"
    assert meta["databases"]["plans"]["tables"]["tasks"]["columns"]["text"].startswith("Nhiệm vụ")


def test_datasette_facets_and_searches_the_task_list(plans_db):
    datasette = pytest.importorskip("datasette.app")
    meta = json.loads((plans_db.parent / "metadata.json").read_text("utf-8"))
    ds = datasette.Datasette(files=[str(plans_db)], metadata=meta)

    async def ask(path: str) -> dict:
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        return response.json()

    facets = asyncio.run(ask("/plans/task_list.json?_shape=objects&_size=0"))["facet_results"]
    provinces = {f["value"]: f["count"] for f in facets["Tỉnh (từ 1/7/2025)"]["results"]}
    # the Sóc Trăng plan once: 25 annex rows, 3 body items of its own, 2 duties of its assignment section
    assert provinces["Cần Thơ"] == 30
    quarters = {f["value"] for f in facets["Quý hạn"]["results"]}
    assert "Không có hạn" in quarters and "Quý IV/2024" in quarters
    # a phrase in quotes, as Datasette's search box takes it; without accents
    found = asyncio.run(ask("/plans/task_list.json?_shape=objects&_search=%22so+noi+vu%22&_size=100"))["rows"]
    assert found and all(
        "Sở Nội vụ"
        in " ".join(str(r[c] or "") for c in ("Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm"))
        for r in found
    )
    accented = asyncio.run(
        ask("/plans/task_list.json?_shape=objects&_search=%22S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5%22&_size=100")
    )
    assert len(accented["rows"]) == len(found)  # "Sở Nội vụ" and "so noi vu" find the same tasks


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_tasks_page_in_headless_chromium(plans_db, tmp_path):
    pytest.importorskip("datasette")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(plans_db),
            "-m",
            str(plans_db.parent / "metadata.json"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/plans/task_list?_search=%22so+noi+vu%22"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1400,1200",
        ]
        shot = tmp_path / "task_list.png"
        dom = subprocess.run(
            [CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=60
        ).stdout
        subprocess.run([CHROMIUM, *flags, f"--screenshot={shot}", url], capture_output=True, timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Danh sách nhiệm vụ" in dom  # the view's description from metadata.json
    assert "Tỉnh (từ 1/7/2025)" in dom and "Lĩnh vực" in dom and "Đơn vị chủ trì" in dom  # columns, facet
    assert "Công tác chỉ đạo, điều hành" in dom  # a facet value: the area in words, not a slug
    assert "Sở Nội vụ" in dom and "chi_dao_dieu_hanh" not in dom
    assert shot.stat().st_size > 10_000
    if os.environ.get("VNPLAN_SCREENSHOT"):  # where to keep the screenshot, to look at it
        shutil.copy(shot, os.environ["VNPLAN_SCREENSHOT"])


def test_export_sqlite_replaces_an_old_file(ingested, tmp_path):
    db = tmp_path / "plans.db"
    db.write_bytes(b"not a database")
    counts = export_sqlite(ingested, db)
    assert counts["task_list"] > 0 and db.read_bytes().startswith(b"SQLite format 3")
