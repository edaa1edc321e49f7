"""OCR seconds per page on this machine (issue 5 target: ≤ 2 s per page per core).

Runs the whole OCR path of one page (render at the OCR resolution, deskew, rule removal,
tesseract with one thread, ruled-table recovery) over every page of the given scans, one page at a
time on one core, and prints seconds per page.

    python bench/bench_ocr.py                       # data/raw/soc-trang-bql-kcn-cchc-2024-scan.pdf
    python bench/bench_ocr.py ../shared/corpus/real/lamdong_ttr_91_cat_kmt_2026_scan.pdf   # a real scan
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pypdfium2 as pdfium

from vnplan.extractors.ocr import DPI, ocr_page
from vnplan.extractors.pdf import pdf_bytes

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "pdfs", nargs="*", default=[str(ROOT / "data" / "raw" / "soc-trang-bql-kcn-cchc-2024-scan.pdf")]
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core (tesseract inherits it)
    pages, seconds = 0, 0.0
    for path in args.pdfs:
        document = pdfium.PdfDocument(pdf_bytes(path))
        for i in range(len(document)):
            start = time.perf_counter()
            ocr_page(document[i], i + 1)
            seconds += time.perf_counter() - start
            pages += 1
    print(f"{pages} pages at {DPI} dpi on one core: {seconds:.1f} s, {seconds / pages:.2f} s per page")


if __name__ == "__main__":
    main()
