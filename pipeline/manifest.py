"""What an output folder already holds: doc_id → paths, so re-runs skip unchanged files and
replace changed ones (`OUT/_manifest.json`, rewritten atomically after each document)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST_NAME = "_manifest.json"


@dataclass
class Entry:
    paths: list[str]
    status: str
    vnplan_version: str


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> "Manifest":
        path = out / MANIFEST_NAME
        if not path.exists():
            return cls(path)
        raw = json.loads(path.read_text("utf-8"))
        return cls(path, {k: Entry(**v) for k, v in raw.get("documents", {}).items()})

    def save(self) -> None:
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        data = {"documents": {k: asdict(v) for k, v in sorted(self.entries.items())}}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, self.path)

    def doc_for_path(self, path: str) -> str | None:
        for doc_id, entry in self.entries.items():
            if path in entry.paths:
                return doc_id
        return None
