"""Legacy Word 97–2003 `.doc` → DOCX through LibreOffice headless, then the DOCX reader.

LibreOffice runs with a private profile folder (parallel workers must not share one) and a time
limit; a missing LibreOffice is reported as such, naming the Debian package to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MissingTool, UnreadableFile
from .docx import extract_docx
from .model import Document

CONVERT_TIMEOUT_S = 120


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise MissingTool(
        code="doc.libreoffice_missing",
        message="LibreOffice is not installed, so .doc files cannot be read "
        "(install the Debian package libreoffice-writer-nogui)",
    )


def convert_doc_to_docx(path: str | Path, out_dir: Path, timeout: int = CONVERT_TIMEOUT_S) -> Path:
    soffice = _soffice()
    profile = out_dir / "profile"
    src = out_dir / "input.doc"  # a plain name: LibreOffice mishandles some characters in paths
    shutil.copyfile(path, src)
    cmd = [
        soffice,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(out_dir),
        str(src),
    ]
    try:
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(
            code="doc.timeout", message=f"LibreOffice took longer than {timeout} s to convert the .doc file"
        ) from exc
    result = out_dir / "input.docx"
    if not result.exists():
        raise UnreadableFile(
            code="doc.damaged",
            message="LibreOffice could not convert the .doc file (damaged or not a Word document)",
            hint="open it in Word or LibreOffice and save it as .docx",
        )
    return result


def extract_doc(path: str | Path) -> Document:
    with tempfile.TemporaryDirectory(prefix="vnplan-doc-") as tmp:
        converted = convert_doc_to_docx(path, Path(tmp))
        document = extract_docx(converted, source_format="doc")
    document.source_path = str(path)
    return document
