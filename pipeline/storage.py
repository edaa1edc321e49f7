"""Where an output dataset lives: a local folder, or any fsspec URL (`s3://bucket/prefix`,
`gs://…`, `file:///…`) for cluster runs whose workers share no disk.

Everything the writers and the manifest put into a dataset goes through one `Store`, by paths
relative to its root. A local file is written under a temporary dot-name and renamed into place,
so no reader ever sees half a file; an object store writes each object whole (an object appears
complete or not at all), which gives the same guarantee without a rename.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError

_TEMP_GLOB = ".*.tmp-*"  # what a killed local run can leave behind (never read: dot files)


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
        except OSError as exc:
            why = getattr(exc, "strerror", None) or exc
            raise OutputError(
                f"cannot write to the output folder {self.location} ({why}): give another folder with --out, "
                f"or make this one writable (chmod u+w {self.location})"
            ) from exc

    def write(self, rel: str, data: bytes) -> None:
        if self.fs is not None:
            self.fs.makedirs(self._full(rel).rsplit("/", 1)[0], exist_ok=True)
            self.fs.pipe_file(self._full(rel), data)
            return
        path = Path(self._full(rel))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, path)

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
