"""What an output folder already holds: doc_id → paths, so re-runs skip unchanged files and
replace changed ones (`OUT/_manifest.json`, rewritten atomically after each document)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .storage import Store

MANIFEST_NAME = "_manifest.json"


@dataclass
class Entry:
    paths: list[str]
    status: str
    vnplan_version: str


@dataclass
class Manifest:
    store: Store
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> Manifest:
        data = store.read(MANIFEST_NAME)
        if data is None:
            return cls(store)
        raw = json.loads(data.decode("utf-8"))
        return cls(store, {k: Entry(**v) for k, v in raw.get("documents", {}).items()})

    def save(self) -> None:
        data = {"documents": {k: asdict(v) for k, v in sorted(self.entries.items())}}
        self.store.write(MANIFEST_NAME, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def doc_for_path(self, path: str) -> str | None:
        for doc_id, entry in self.entries.items():
            if path in entry.paths:
                return doc_id
        return None
