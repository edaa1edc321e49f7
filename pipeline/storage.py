"""Where an output dataset lives: a local folder, or any fsspec URL (`s3://bucket/prefix`,
`gs://…`, `file:///…`) for cluster runs whose workers share no disk.

Everything the writers and the manifest put into a dataset goes through one `Store`, by paths
relative to its root. A local file is written under a temporary dot-name and renamed into place,
so no reader ever sees half a file; an object store writes each object whole (an object appears
complete or not at all), which gives the same guarantee without a rename. A write that fails (a
full disk) leaves nothing behind and stops the run with one sentence naming the folder.

One `vnplan ingest` at a time writes to a local folder: it holds a lock on `OUT/.vnplan-lock`
(released by the kernel however the run ends, so a killed run never leaves a stale lock). Object
stores have no such lock: run one ingest at a time on them.
"""

from __future__ import annotations

import errno
import fcntl
import fnmatch
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputBusy, OutputError

_TEMP_GLOB = ".*.tmp-*"  # what a killed local run can leave behind (never read: dot files)
LOCK_NAME = ".vnplan-lock"
_LOCK_POLL_S = 0.5


@dataclass
class Store:
    location: str
    fs: Any = None  # an fsspec filesystem, or None for a local folder
    root: str = ""

    @classmethod
    def open(cls, location: str | Path) -> Store:
        text = str(location)
        if "://" not in text:
            return cls(text, None, str(Path(text)))
        try:
            from fsspec.core import url_to_fs
        except ImportError as exc:
            raise OutputError(
                f"writing to {text} needs fsspec: pip install 'vnplan[cluster]' "
                "(and the filesystem's package, e.g. s3fs for s3://)"
            ) from exc
        try:
            fs, root = url_to_fs(text)
        except (ImportError, ValueError) as exc:
            raise OutputError(f"cannot open {text}: {exc}") from exc
        return cls(text, fs, root.rstrip("/"))

    def _full(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def check_writable(self) -> None:
        """Fail early, in words, when the dataset cannot be written."""
        try:
            self.write(".vnplan-write-test", b"ok")
            self.remove(".vnplan-write-test")
        except (OSError, OutputError) as exc:
            cause = exc.__cause__ if isinstance(exc, OutputError) and exc.__cause__ else exc
            why = getattr(cause, "strerror", None) or cause
            raise OutputError(
                f"cannot write to the output folder {self.location} ({why}): give another folder with --out, "
                f"or make this one writable (chmod u+w {self.location})"
            ) from exc

    def write(self, rel: str, data: bytes) -> None:
        """Write one file whole, or raise `OutputError` (nothing half-written is left)."""
        try:
            if self.fs is not None:
                self.fs.makedirs(self._full(rel).rsplit("/", 1)[0], exist_ok=True)
                self.fs.pipe_file(self._full(rel), data)
                return
            path = Path(self._full(rel))
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
            try:
                tmp.write_bytes(data)
                os.replace(tmp, path)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise self.write_error(exc) from exc

    def write_error(self, exc: OSError) -> OutputError:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return OutputError(
            f"cannot write to the output folder {self.location}: {reason}",
            hint="free some space or fix its permissions, then run again: "
            "the documents written so far are kept and the next run finishes the rest",
        )

    @contextmanager
    def lock(self, wait: float = 0.0) -> Iterator[None]:
        """Hold the folder's ingest lock; wait up to `wait` seconds for another run to release it,
        then raise `OutputBusy` naming that run. A no-op for object stores."""
        if self.fs is not None:
            yield
            return
        path = Path(self.root) / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise self.write_error(exc) from exc
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    # a POSIX record lock: held by this process only (the forked readers do not
                    # inherit it), released the moment it ends; it also works over NFS
                    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EACCES, errno.EAGAIN):
                        raise self.write_error(exc) from exc
                    if time.monotonic() >= deadline:
                        raise self._busy(path) from None
                    time.sleep(_LOCK_POLL_S)
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
            yield
        finally:
            os.close(fd)  # releases the lock

    def _busy(self, path: Path) -> OutputBusy:
        try:
            holder = path.read_text("utf-8", "replace").strip()
        except OSError:
            holder = ""
        return OutputBusy(
            f"another vnplan ingest{f' ({holder})' if holder else ''} is writing to {self.location}; "
            "this run stopped without changing anything",
            hint="run it again when that one is done, or give --wait SECONDS to wait for it",
        )

    def read(self, rel: str) -> bytes | None:
        try:
            if self.fs is not None:
                return self.fs.cat_file(self._full(rel))
            return Path(self._full(rel)).read_bytes()
        except FileNotFoundError:
            return None

    def remove(self, rel: str) -> None:
        if self.fs is None:
            Path(self._full(rel)).unlink(missing_ok=True)
        elif self.fs.exists(self._full(rel)):
            self.fs.rm_file(self._full(rel))

    def list(self, folder: str, pattern: str = "*.parquet") -> list[str]:
        """Names (relative to the root) of the files in `folder` that match `pattern`, sorted."""
        if self.fs is None:
            base = Path(self._full(folder))
            return sorted(f"{folder}/{p.name}" for p in base.glob(pattern)) if base.is_dir() else []
        try:
            names = self.fs.ls(self._full(folder), detail=False)
        except FileNotFoundError:
            return []
        return sorted(
            f"{folder}/{n.rsplit('/', 1)[-1]}"
            for n in names
            if fnmatch.fnmatch(n.rsplit("/", 1)[-1], pattern)
        )

    def remove_stale(self) -> None:
        """Temporary files a killed local run left half-written (object stores leave none)."""
        if self.fs is None and Path(self.root).is_dir():
            for stale in Path(self.root).rglob(_TEMP_GLOB):
                stale.unlink(missing_ok=True)

    def __str__(self) -> str:
        return self.location
