"""Which reader a file needs, decided by its bytes, not its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

PDF_SEARCH_BYTES = 1 << 20  # some real PDFs carry junk (e-mail headers, HTML) before %PDF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: str | Path) -> str | None:
    """`pdf`, `docx`, `doc`, or None when the content is none of these."""
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(PDF_SEARCH_BYTES)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return None
        return None
    if head.startswith(OLE_MAGIC):
        return "doc"
    if b"%PDF" in head:
        return "pdf"
    return None


def describe_bytes(path: str | Path) -> str:
    """A short, readable description of what a file starts with (for error messages)."""
    with Path(path).open("rb") as f:
        head = f.read(16)
    if not head:
        return "the file is empty (0 bytes)"
    printable = "".join(chr(b) if 32 <= b < 127 else "." for b in head)
    return f"it starts with {printable!r}"
