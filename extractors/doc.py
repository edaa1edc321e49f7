"""Legacy Word 97–2003 `.doc` → DOCX through LibreOffice headless, then the DOCX reader.

LibreOffice runs with a private profile folder (parallel workers must not share one) and a time
limit; a missing LibreOffice is reported as such, naming the Debian package to install.

A `.doc` may link to pictures, templates and other files, on the machine or on the web, and
LibreOffice fetches them while converting (a probe saw it ask 127.0.0.1 for a linked picture).
So it runs with linked content blocked in its profile, and without a network (in a network
namespace of its own, where the system allows one: `unshare -rn`). It runs as `soffice.bin`
itself, in its own process group and bound to the reader's life (`processes.run_program`):
through the `soffice` script, a killed `oosplash` left `soffice.bin` running.

LibreOffice reads any OLE file it is given, and random bytes come out as CJK characters; a
conversion whose letters are mostly not Latin (Vietnamese is written in Latin letters) fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from ..errors import MissingTool, UnreadableFile
from ..normalizers.text import latin_share
from .docx import extract_docx
from .model import Document
from .processes import run_program

CONVERT_TIMEOUT_S = 120
LIBREOFFICE_INSTALL = "apt-get install libreoffice-writer-nogui"
LIBREOFFICE_MISSING = f"LibreOffice is not installed ({LIBREOFFICE_INSTALL})"


FIRST_START = 81  # LibreOffice's exit status after it made a new profile: start it again
MIN_LATIN_SHARE = 0.5  # of the letters of a converted .doc; below it the text is not a document's
MIN_LETTERS = 20  # fewer letters than this say nothing about the script
# the profile: never load or update linked content (pictures, OLE links, templates, fields)
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop>
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop>
 <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>2</value></prop>
 <prop oor:name="Field" oor:op="fuse"><value>false</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Common/Misc">
 <prop oor:name="UseOpenCL" oor:op="fuse"><value>false</value></prop>
</item>
<item oor:path="/org.openoffice.Inet/Settings">
 <prop oor:name="ooInetProxyType" oor:op="fuse"><value>2</value></prop>
 <prop oor:name="ooInetHTTPProxyName" oor:op="fuse"><value>0.0.0.0</value></prop>
 <prop oor:name="ooInetHTTPProxyPort" oor:op="fuse"><value>9</value></prop>
 <prop oor:name="ooInetHTTPSProxyName" oor:op="fuse"><value>0.0.0.0</value></prop>
 <prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse"><value>9</value></prop>
 <prop oor:name="ooInetFTPProxyName" oor:op="fuse"><value>0.0.0.0</value></prop>
 <prop oor:name="ooInetFTPProxyPort" oor:op="fuse"><value>9</value></prop>
 <prop oor:name="ooInetNoProxy" oor:op="fuse"><value></value></prop>
</item>
</oor:items>
"""


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


@lru_cache(maxsize=4)
def _office_binary(soffice: str) -> str:
    """`soffice.bin` beside the `soffice` launcher (Debian, most Linux packages), else the launcher."""
    program = Path(os.path.realpath(soffice)).with_name("soffice.bin")
    return str(program) if program.is_file() and os.access(program, os.X_OK) else soffice


@lru_cache(maxsize=1)
def _without_network() -> tuple[str, ...]:
    """The command prefix that runs a program with no network: `unshare -rn` (a user and network
    namespace of its own, with nothing but a loopback that is down) when the system allows it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        done = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return (unshare, "-rn") if done.returncode == 0 else ()


def convert_doc_to_docx(path: str | Path, out_dir: Path, timeout: int = CONVERT_TIMEOUT_S) -> Path:
    soffice = _soffice()
    out_dir = out_dir.resolve()  # a relative TMPDIR gave LibreOffice a profile URL it could not use
    profile = out_dir / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    src = out_dir / "input.doc"  # a plain name: LibreOffice mishandles some characters in paths
    shutil.copyfile(path, src)
    cmd = [
        *_without_network(),
        _office_binary(soffice),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx",
        "--outdir",
        str(out_dir),
        str(src),
    ]
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(HOME=str(out_dir), TMPDIR=str(out_dir))
    try:
        for _ in range(3):  # a new profile makes LibreOffice exit with 81 and ask to be started again
            done = run_program(cmd, timeout, env=env, cwd=str(out_dir))
            if done.returncode != FIRST_START:
                break
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


def _check_script(document: Document) -> None:
    text = "".join(b.full_text for b in document.blocks)
    share, letters = latin_share(text)
    if letters >= MIN_LETTERS and share < MIN_LATIN_SHARE:
        raise UnreadableFile(
            code="doc.not_text",
            message=f"its text is not Vietnamese or other Latin-script text ({share:.0%} of its letters "
            "are Latin); it is damaged or not a Word document",
            hint="open it in Word or LibreOffice and save it as .docx",
        )


def extract_doc(path: str | Path) -> Document:
    with tempfile.TemporaryDirectory(prefix="vnplan-doc-") as tmp:
        converted = convert_doc_to_docx(path, Path(tmp))
        document = extract_docx(converted, source_format="doc")
    _check_script(document)
    document.source_path = str(path)
    return document
