"""Which files a run reads: the files named, and the PDF/DOCX/DOC files under the folders named.

Nothing here opens a file it should not read. Every entry is looked at with `lstat`/`stat` (which
never open it) before it is hashed; a FIFO or a device would block or never end, a dangling or
looping link cannot be opened, and a link that leads out of the input folders (`x.pdf ->
/etc/passwd`) would read a file nobody asked for. Each of these is `Refused`: it gets a failed
documents row that says what it is, and is never opened.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from vnplan import __version__

from ..errors import UsageError
from .process import doc_id_of, file_sha256
from .records import DocumentRow, path_text, raw_paths

INPUT_SUFFIXES = (".pdf", ".docx", ".doc")


@dataclass
class InputFile:
    doc_id: str
    sha256: str
    path: str
    other_paths: list[str]

    @property
    def paths(self) -> list[str]:
        return [self.path, *self.other_paths]


@dataclass(frozen=True)
class Refused:
    """A path that is not read: what it is (`code`) and why, in words."""

    path: str
    code: str
    reason: str

    @property
    def doc_id(self) -> str:
        """From the path (there are no bytes to hash): the same path gets the same row every run."""
        return doc_id_of(hashlib.sha256(b"path\0" + os.fsencode(self.path)).hexdigest())

    def row(self) -> DocumentRow:
        return DocumentRow(
            doc_id=self.doc_id,
            source_path=path_text(self.path),
            status="failed",
            error=f"{path_text(os.path.basename(self.path))}: {self.reason}",
            error_code=self.code,
            vnplan_version=__version__,
            raw_paths=raw_paths([self.path]),
        )


@dataclass
class Inputs:
    files: list[str]
    refused: list[Refused]
    roots: list[str]  # the real paths of the folders named, and of the folders of the files named

    def holds(self, path: str) -> bool:
        """Whether `path` lies in one of the input folders (where a file of a past run may be gone)."""
        real = os.path.realpath(os.path.dirname(os.path.abspath(path)))
        return any(_inside(real, root) for root in self.roots)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _refusal(path: str, roots: list[str]) -> Refused | None:
    """Why `path` must not be opened, or None for a regular file within the inputs."""
    try:
        link = os.path.islink(path)
        info = os.stat(path)  # follows links, opens nothing
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Refused(path, "file.link_loop", "a link that leads back to itself; it is not read")
        if link:
            target = path_text(os.readlink(path))
            return Refused(path, "file.dangling_link", f"a link to {target}, which does not exist")
        return Refused(path, "file.unreadable", f"cannot be looked at ({exc.strerror or exc})")
    if link and not any(_inside(os.path.realpath(path), root) for root in roots):
        return Refused(
            path,
            "file.outside_inputs",
            "a link to a file outside the input folders; it is not read (name the file itself to read it)",
        )
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        return Refused(path, "file.special", f"{kind}, not a document; it is not opened")
    return None


def discover(inputs: list[str]) -> Inputs:
    """Files named directly, and the PDF/DOCX/DOC files under named folders (recursively; links to
    folders are not followed), each once; the special ones refused."""
    roots: list[str] = []
    candidates: list[str] = []
    for given in inputs:
        if os.path.isdir(given):
            roots.append(os.path.realpath(given))
            for root, dirs, files in os.walk(given, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(INPUT_SUFFIXES) and not name.startswith((".", "~$")):
                        candidates.append(os.path.join(root, name))
        elif os.path.lexists(given):
            roots.append(os.path.realpath(os.path.dirname(os.path.abspath(given))))
            candidates.append(given)
        else:
            raise UsageError(f"input not found: {path_text(given)}")
    found, refused, seen = [], [], set()
    for path in candidates:
        problem = _refusal(path, roots)
        key = os.path.abspath(path) if problem else os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        if problem:
            refused.append(problem)
        else:
            found.append(path)
    return Inputs(found, refused, roots)


def group_by_content(paths: list[str]) -> tuple[list[InputFile], list[Refused]]:
    """One entry per distinct content (the first path seen is the source path), and the files that
    could not be read to hash them (gone since they were found, no permission)."""
    by_id: dict[str, InputFile] = {}
    unreadable = []
    for path in paths:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            unreadable.append(Refused(path, "file.unreadable", f"could not be read ({exc.strerror or exc})"))
            continue
        doc_id = doc_id_of(sha)
        if doc_id in by_id:
            by_id[doc_id].other_paths.append(path)
        else:
            by_id[doc_id] = InputFile(doc_id, sha, path, [])
    return list(by_id.values()), unreadable


def fallback_row(item: InputFile) -> DocumentRow:
    """The documents row a file gets when its reader is stopped (time or memory limit)."""
    try:
        size: int | None = Path(item.path).stat().st_size
    except OSError:
        size = None
    return DocumentRow(
        doc_id=item.doc_id,
        source_path=path_text(item.path),
        other_paths=[path_text(p) for p in item.other_paths],
        sha256=item.sha256,
        size_bytes=size,
        vnplan_version=__version__,
        raw_paths=raw_paths(item.paths),
    )
