"""The programs the readers call: tesseract (OCR of pages without a usable text layer) and
LibreOffice (legacy `.doc` files), and the handwritten-digit reader with the system libraries its
OpenCV loads.

A missing program never stops a run: each reader reports it in the rows of the files it affects
(`partial` for pages left unread, `failed` for a `.doc`), with the same `reason` in their error.
`find_missing_programs` checks them once, before any file is read, so that the run can say once,
up front, what is missing, what it costs and the command that installs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .blanks import find_handwriting_problem
from .doc import find_doc_problem
from .ocr import find_ocr_problem


@dataclass(frozen=True)
class MissingProgram:
    reason: str  # e.g. "tesseract is not installed (apt-get install …)"; also in each affected row's error
    affects: str  # what is not read without it


def find_missing_programs() -> list[MissingProgram]:
    """The programs the readers need that this machine lacks (usually none)."""
    checks = (
        (find_ocr_problem, "pages that need OCR (scans, stamp-only pages, garbled text layers) are not read"),
        (find_doc_problem, ".doc files are not read"),
        (find_handwriting_problem, "numbers and days written by hand on scanned letterheads are not read"),
    )
    return [MissingProgram(reason, affects) for check, affects in checks if (reason := check())]
