"""Throughput of the citation and date pass, on one core.

Reads every paragraph block and table row of the documents benchmarked (the sample plans of data/raw
and four real documents of the corpus, `VNPLAN_CORPUS`; or the files and folders given), then times
the citation pass the pipeline runs (`cite_blocks`, document by document: mentions joined across
blocks, the document's own number, repairs) + `find_time_expressions` over all of them, repeated
until at least `--seconds` have passed. Prints blocks per second; the target (issue 3) is ≥ 5,000.

    python bench/bench_normalizers.py
    python bench/bench_normalizers.py ../shared/corpus --seconds 10
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from vnplan.normalizers.citations import CitingContext, find_citations
from vnplan.normalizers.dates import PlanYears, find_time_expressions
from vnplan.normalizers.document_citations import CitingBlock, cite_blocks
from vnplan.pipeline.inputs import discover
from vnplan.pipeline.process import extract_document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/corpus.py: where the real documents are

from tests.corpus import CorpusMissing, documents_with_samples  # noqa: E402


def document_blocks(inputs: list[str]) -> list[list[CitingBlock]]:
    """Each readable document's paragraph blocks and table rows."""
    documents: list[list[CitingBlock]] = []
    for path in discover(inputs).files:
        try:
            document = extract_document(path)
        except Exception as exc:  # a file the pipeline would report as failed: not part of this pass
            print(f"skipped {Path(path).name}: {exc}", file=sys.stderr)
            continue
        blocks: list[CitingBlock] = []
        for b in document.blocks:
            if b.table is not None:
                blocks.extend(CitingBlock(t, b.ocr) for t in b.table.row_texts())
            elif b.full_text:
                blocks.append(CitingBlock(b.full_text, b.ocr, b.kind == "page_furniture"))
        documents.append(blocks)
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "inputs", nargs="*", help="files and folders (default: data/raw and four real documents)"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="minimum time to measure (default 5)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    if not args.inputs:
        try:
            args.inputs = [str(p) for p in documents_with_samples()]
        except CorpusMissing as exc:
            raise SystemExit(f"bench_normalizers.py: {exc}") from None
    documents = document_blocks(args.inputs)
    n_blocks = sum(len(d) for d in documents)
    ctx, plan = CitingContext("Lâm Đồng", dt.date(2026, 1, 1)), PlanYears(2026, 2026)
    find_citations("Nghị định số 30/2020/NĐ-CP", ctx)  # load the pipeline outside the timing
    done, citations, times = 0, 0, 0
    start, cpu_start = time.perf_counter(), time.process_time()
    while True:
        for blocks in documents:
            citations += sum(len(found) for found in cite_blocks(blocks, ctx))
            times += sum(len(find_time_expressions(b.text, plan)) for b in blocks)
        done += n_blocks
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        if elapsed >= args.seconds:
            break
    print(f"{n_blocks} blocks from {len(args.inputs)} input(s); {done} blocks in {elapsed:.2f} s on one core")
    print(
        f"citation + date pass: {done / elapsed:,.0f} blocks/s "
        f"({citations} citations, {times} time expressions)"
    )
    # on a shared machine the wall clock counts other processes' turns too: CPU time does not
    print(f"per second of CPU time: {done / cpu:,.0f} blocks/s")


if __name__ == "__main__":
    main()
