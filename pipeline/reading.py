"""What a file was read with, so that a re-run knows when reading it again could change its rows.

The manifest keeps, per document, the `ReadSettings` it was read with: the limits, whether OCR was
possible, and a fingerprint of the code that reads its format. A re-run reads a document again
when its format's reader changed (an upgrade re-reads only what the new version reads
differently: a change to the PDF reader leaves DOCX files alone), and a failed or partial one also
when the limits or the OCR availability changed — the larger `--time-limit` its message suggests,
or tesseract installed since.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from .isolate import Limits

# modules that only one format's reader runs; every other module of the stages counts for all formats
_FORMAT_ONLY = {
    "pdf": (
        "extractors/pdf.py",
        "extractors/pdf_layer.py",
        "extractors/pdf_settings.py",
        "extractors/ocr.py",
        "extractors/blanks.py",
    ),
    "docx": ("extractors/docx.py", "extractors/numbering.py"),
    "doc": ("extractors/doc.py",),
}
_USES = {"pdf": ("pdf",), "docx": ("docx",), "doc": ("doc", "docx")}  # a .doc is read as the DOCX it becomes
# modules that decide which files are read and where rows go, never what a file's rows are
_NOT_READING = frozenset(
    f"pipeline/{name}.py"
    for name in (
        "cli",
        "run",
        "inputs",
        "manifest",
        "storage",
        "write",
        "isolate",
        "reading",
        "lookup",
        "compare",
        "evaluate",
        "views",
        "export",
        "questions",
        "works",  # merges the works of all documents after they are read
    )
)
_STAGES = ("extractors", "interpret", "normalizers", "pipeline")


@dataclass(frozen=True)
class ReadSettings:
    time_limit: float
    memory_limit: int | None
    ocr: bool  # tesseract with its Vietnamese data was there
    reader: str  # fingerprint of the code that reads the file's format (`reader_fingerprint`)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> ReadSettings | None:
        try:
            return cls(**data) if data else None
        except TypeError:  # written by another version with other fields: unknown settings
            return None

    def limits_or_tools_differ(self, other: ReadSettings) -> bool:
        return (self.time_limit, self.memory_limit, self.ocr) != (
            other.time_limit,
            other.memory_limit,
            other.ocr,
        )


def settings_for(source_format: str | None, limits: Limits, ocr: bool) -> ReadSettings:
    return ReadSettings(limits.time_limit, limits.memory_limit, ocr, reader_fingerprint(source_format))


@lru_cache(maxsize=8)
def reader_fingerprint(source_format: str | None) -> str:
    """SHA-256 (first 16 hex digits) of the source and data files that read `source_format`; for a
    file of unknown format (or one whose reader was stopped before saying), of every reader."""
    return fingerprint(Path(__file__).resolve().parent.parent, source_format)


def fingerprint(root: Path, source_format: str | None) -> str:
    """`reader_fingerprint` of the stages installed at `root`."""
    formats = _USES.get(source_format or "", tuple(_FORMAT_ONLY))
    others = {f for fmt, files in _FORMAT_ONLY.items() if fmt not in formats for f in files}
    h = hashlib.sha256()
    for path in sorted(_reading_files(root)):
        rel = path.relative_to(root).as_posix()
        if rel not in others:
            h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _reading_files(root: Path) -> list[Path]:
    files = []
    for stage in _STAGES:
        for path in (root / stage).rglob("*"):
            rel = path.relative_to(root).as_posix()
            if path.suffix in (".py", ".json") and "__pycache__" not in rel and rel not in _NOT_READING:
                files.append(path)
    return files


def ocr_available() -> bool:
    """Whether tesseract and its Vietnamese data are installed (scanned pages can be read)."""
    from ..extractors.ocr import find_ocr_problem

    return find_ocr_problem() is None
