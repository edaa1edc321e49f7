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
LIBREOFFICE_INSTALL = "apt-get install libreoffice-writer-nogui"
LIBREOFFICE_MISSING = f"LibreOffice is not installed ({LIBREOFFICE_INSTALL})"


def _find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _soffice() -> str:
    found = _find_soffice()
    if found is None:
        raise MissingTool(
            f"{LIBREOFFICE_MISSING}, and .doc files are read through it (or save this one as .docx)",
            code="doc.libreoffice_missing",
        )
    return found


def find_doc_problem() -> str | None:
    """Why .doc files cannot be read on this machine, naming what to install; None when they can."""
    return None if _find_soffice() else LIBREOFFICE_MISSING


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
