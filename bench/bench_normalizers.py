"""Throughput of the citation and date pass, on one core.

Reads every paragraph block and table row of the bundled documents (data/raw, or the folders
given), then times `find_citations` + `find_time_expressions` over all of them, repeated until at
least `--seconds` have passed. Prints blocks per second; the target (issue 3) is ≥ 5,000.

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
from vnplan.pipeline.inputs import discover
from vnplan.pipeline.process import extract_document

ROOT = Path(__file__).resolve().parents[1]


def block_texts(inputs: list[str]) -> list[str]:
    texts: list[str] = []
    for path in discover(inputs).files:
        try:
            document = extract_document(path)
        except Exception as exc:  # a file the pipeline would report as failed: not part of this pass
            print(f"skipped {Path(path).name}: {exc}", file=sys.stderr)
            continue
        for b in document.blocks:
            if b.table is not None:
                texts.extend(b.table.row_texts())
            elif b.full_text:
                texts.append(b.full_text)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", nargs="*", default=[str(ROOT / "data" / "raw")])
    parser.add_argument("--seconds", type=float, default=5.0, help="minimum time to measure (default 5)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = block_texts(args.inputs)
    ctx, plan = CitingContext("Lâm Đồng", dt.date(2026, 1, 1)), PlanYears(2026, 2026)
    find_citations("Nghị định số 30/2020/NĐ-CP", ctx)  # load the pipeline outside the timing
    done, citations, times = 0, 0, 0
    start = time.perf_counter()
    while True:
        for text in texts:
            citations += len(find_citations(text, ctx))
            times += len(find_time_expressions(text, plan))
        done += len(texts)
        elapsed = time.perf_counter() - start
        if elapsed >= args.seconds:
            break
    print(
        f"{len(texts)} blocks from {len(args.inputs)} input(s); {done} blocks in {elapsed:.2f} s on one core"
    )
    print(
        f"citation + date pass: {done / elapsed:,.0f} blocks/s "
        f"({citations} citations, {times} time expressions)"
    )


if __name__ == "__main__":
    main()
