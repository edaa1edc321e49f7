"""Throughput (pages per second) and peak memory per worker: vnplan next to its peers (issue 7).

The files benchmarked are the sample plans of `data/raw` and four real documents of the corpus
(`VNPLAN_CORPUS`, default `../shared/corpus`; see tests/corpus.py). For each group of them
(text-layer PDFs, DOCX, scanned PDFs, and the first two together as `text-pdf+docx`) and each
scale (×1, ×4, ×16 copies, every copy with its own bytes so nothing is skipped as a duplicate), every tool
runs as a fresh command on the same files with the same number of worker processes, and its wall
time is measured from start to finish (imports and model loading included, as a user sees it):

- `vnplan`     `vnplan ingest DIR --out TMP --workers N` (everything: text, tables, OCR,
               normalizers, Parquet);
- `pdfplumber` `extract_text()` and `extract_tables()` on every page (PDF only);
- `pypdfium2`  the text of every page (the floor: no layout, no tables; PDF only);
- `docling`    docling's model-free conversion to Markdown (`NativePdfPipeline` for PDF, the Word
               backend for DOCX); needs `pip install 'vnplan[bench]'` and is skipped without it;
- `tesseract`  tesseract alone (`vie`, one thread) on every page rendered at vnplan's OCR
               resolution (scans only).

Peak memory per worker is the largest resident set of one worker process (for vnplan: of one
file's reader, from `--report`). Pages of a DOCX are the page count Word saved in it.

    python bench/bench_throughput.py                          # all groups, ×1 ×4 ×16, 2 workers
    python bench/bench_throughput.py --groups text-pdf,docx --scales 1 --tools vnplan,docling
    python bench/bench_throughput.py --write BENCHMARKS.md    # the table in BENCHMARKS.md
    python bench/bench_throughput.py --groups text-pdf+docx --tools vnplan,docling \\
        --write BENCHMARKS.md --name text
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/corpus.py: where the real documents are

from tests.corpus import CorpusMissing, documents_with_samples  # noqa: E402

TOOLS = ("vnplan", "pdfplumber", "pypdfium2", "docling", "tesseract")
GROUPS = ("text-pdf", "docx", "scan")
COMBINED = "text-pdf+docx"  # the two text groups in one run (issue 7's comparison with docling)
APPLIES = {
    "vnplan": (*GROUPS, COMBINED),
    "pdfplumber": ("text-pdf",),
    "pypdfium2": ("text-pdf",),
    "docling": ("text-pdf", "docx", COMBINED),
    "tesseract": ("scan",),
}


# -- the files ---------------------------------------------------------------------------------
def group_of(path: Path) -> str | None:
    """text-pdf, docx or scan, by content (a PDF whose pages carry almost no characters is a scan)."""
    if path.suffix.lower() == ".docx":
        return "docx"
    if path.suffix.lower() != ".pdf":
        return None
    import pypdfium2 as pdfium

    from vnplan.extractors.pdf import pdf_bytes

    document = pdfium.PdfDocument(pdf_bytes(path))
    chars = sum(document[i].get_textpage().count_chars() for i in range(len(document)))
    return "text-pdf" if chars > 200 * len(document) else "scan"


def pages_of(path: Path) -> int:
    if path.suffix.lower() == ".docx":
        from vnplan.extractors.docx import extract_docx

        return extract_docx(path).pages or 1
    import pypdfium2 as pdfium

    from vnplan.extractors.pdf import pdf_bytes

    return len(pdfium.PdfDocument(pdf_bytes(path)))


def scaled_copy(source: Path, target: Path, copy: int) -> None:
    """The file with bytes of its own: a PDF comment after the end, or a DOCX zip comment."""
    if source.suffix.lower() == ".docx":
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                zout.writestr(item, zin.read(item.filename))
            zout.comment = f"vnplan bench copy {copy}".encode()
    else:
        target.write_bytes(source.read_bytes() + f"\n%vnplan bench copy {copy}\n".encode())


# -- one tool on one folder (run in a fresh interpreter) ----------------------------------------
def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pdfplumber(path: str) -> float:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.flush_cache()
    return _peak_mb()


def _pypdfium2(path: str) -> float:
    import pypdfium2 as pdfium

    from vnplan.extractors.pdf import pdf_bytes

    document = pdfium.PdfDocument(pdf_bytes(path))
    for i in range(len(document)):
        document[i].get_textpage().get_text_range()
    return _peak_mb()


_CONVERTER = None


def _docling_init() -> None:
    global _CONVERTER
    from docling.datamodel.base_models import InputFormat
    from docling.datamodel.pipeline_options import NativePdfPipelineOptions
    from docling.document_converter import DocumentConverter, NativePdfFormatOption, WordFormatOption

    options = NativePdfPipelineOptions(generate_page_images=False, parser_threads=1)
    _CONVERTER = DocumentConverter(
        allowed_formats=[InputFormat.PDF, InputFormat.DOCX],
        format_options={
            InputFormat.PDF: NativePdfFormatOption(pipeline_options=options),
            InputFormat.DOCX: WordFormatOption(),
        },
    )


def _docling(path: str) -> float:
    _CONVERTER.convert(path).document.export_to_markdown()
    return _peak_mb()


def _tesseract(path: str) -> float:
    import pypdfium2 as pdfium

    from vnplan.extractors.ocr import render_scale
    from vnplan.extractors.pdf import pdf_bytes

    document = pdfium.PdfDocument(pdf_bytes(path))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    for i in range(len(document)):
        page = document[i]
        image = page.render(scale=render_scale(*page.get_size()), grayscale=True).to_pil()
        with tempfile.NamedTemporaryFile(suffix=".png") as png:
            image.save(png.name)
            subprocess.run(
                ["tesseract", png.name, "-", "-l", "vie"], env=env, check=True, capture_output=True
            )
    return _peak_mb()


def run_tool(tool: str, folder: Path, workers: int) -> dict:
    """Time one tool over every file of `folder` with `workers` processes (largest files first)."""
    files = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: -p.stat().st_size)
    start = time.perf_counter()
    if tool == "vnplan":
        with tempfile.TemporaryDirectory() as out:
            report = Path(out) / "report.json"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "vnplan",
                    "ingest",
                    str(folder),
                    "--out",
                    str(Path(out) / "data"),
                    "--workers",
                    str(workers),
                    "--quiet",
                    "--report",
                    str(report),
                ],
                check=True,
            )
            seconds = time.perf_counter() - start
            peaks = [f.get("peak_memory_mb") or 0 for f in json.loads(report.read_text())["files"]]
    else:
        work = {
            "pdfplumber": _pdfplumber,
            "pypdfium2": _pypdfium2,
            "docling": _docling,
            "tesseract": _tesseract,
        }[tool]
        with get_context("spawn").Pool(
            workers, initializer=_docling_init if tool == "docling" else None, maxtasksperchild=None
        ) as pool:
            peaks = pool.map(work, [str(f) for f in files], chunksize=1)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": max(peaks, default=0.0)}


# -- the whole table ---------------------------------------------------------------------------
def _docling_installed() -> bool:
    try:
        import docling  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", default=",".join(GROUPS))
    parser.add_argument("--scales", default="1,4,16")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--write", metavar="FILE", help="write the results as a Markdown section to FILE")
    parser.add_argument("--name", default="all", help="which section of FILE the results replace")
    parser.add_argument("--one", nargs=2, metavar=("TOOL", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # internal: one tool, one folder, in this fresh interpreter
        print(json.dumps(run_tool(args.one[0], Path(args.one[1]), args.workers)))
        return
    tools = [t for t in args.tools.split(",") if t != "docling" or _docling_installed()]
    if "docling" in args.tools.split(",") and "docling" not in tools:
        print("docling is not installed (pip install 'vnplan[bench]'): left out", file=sys.stderr)
    wanted = args.groups.split(",")
    groups: dict[str, list[Path]] = {}
    try:
        files = documents_with_samples()
    except CorpusMissing as exc:
        raise SystemExit(f"bench_throughput.py: {exc}") from None
    for path in files:
        g = group_of(path)
        if g in wanted:
            groups.setdefault(g, []).append(path)
        if g in ("text-pdf", "docx") and COMBINED in wanted:
            groups.setdefault(COMBINED, []).append(path)
    rows = []
    for group, files in groups.items():
        pages = sum(pages_of(f) for f in files)
        for scale in (int(s) for s in args.scales.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                for copy in range(scale):
                    for f in files:
                        target = folder / f"{f.stem}-{copy}{f.suffix}"
                        scaled_copy(f, target, copy) if scale > 1 else shutil.copy(f, target)
                for tool in tools:
                    if group not in APPLIES[tool]:
                        continue
                    done = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--workers",
                            str(args.workers),
                            "--one",
                            tool,
                            str(folder),
                        ],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                    row = {
                        "group": group,
                        "scale": scale,
                        "tool": tool,
                        "files": len(files) * scale,
                        "pages": pages * scale,
                        **result,
                        "pages_per_s": pages * scale / result["seconds"],
                    }
                    rows.append(row)
                    print(
                        f"{group:9s} ×{scale:<3d} {tool:10s} {row['files']:4d} files {row['pages']:5d} pages "
                        f"{row['seconds']:7.1f} s {row['pages_per_s']:7.1f} pages/s  "
                        f"peak {row['peak_mb']:6.0f} MB/worker",
                        flush=True,
                    )
    if args.write:
        _write(Path(args.write), rows, args)


def _marginal(rows: list[dict], row: dict) -> float | None:
    """Pages per second between the previous scale and this one: the rate once start-up (imports,
    models, worker processes) is paid, which is what a large batch sees."""
    before = [
        r
        for r in rows
        if r["group"] == row["group"] and r["tool"] == row["tool"] and r["scale"] < row["scale"]
    ]
    if not before:
        return None
    prev = max(before, key=lambda r: r["scale"])
    extra = row["seconds"] - prev["seconds"]
    return (row["pages"] - prev["pages"]) / extra if extra > 0 else None


def _write(path: Path, rows: list[dict], args: argparse.Namespace) -> None:
    lines = [
        "| group | scale | tool | files | pages | seconds | pages/s | pages/s beyond start-up "
        "| peak MB per worker |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        marginal = _marginal(rows, r)
        lines.append(
            f"| {r['group']} | ×{r['scale']} | {r['tool']} | {r['files']} | {r['pages']} | "
            f"{r['seconds']:.1f} | {r['pages_per_s']:.1f} | {f'{marginal:.1f}' if marginal else '—'} | "
            f"{r['peak_mb']:.0f} |"
        )
    command = "python bench/bench_throughput.py " + " ".join(a for a in sys.argv[1:])
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = f"<!-- bench_throughput:{args.name} -->"
    block = (
        f"{marker}\nCommand: `{command.strip()}` ({args.workers} workers, {time.strftime('%Y-%m-%d')})\n\n"
        + "\n".join(lines)
        + f"\n{marker}"
    )
    if text.count(marker) == 2:
        head, _, rest = text.partition(marker)
        _, _, tail = rest.partition(marker)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
