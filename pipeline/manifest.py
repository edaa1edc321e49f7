"""What an output folder already holds: doc_id → the paths, status and read settings of each
document, so that re-runs skip what reading again would not change (`OUT/_manifest.json`,
rewritten whole and atomically).

Paths are kept exactly, whatever their bytes: a name that is not valid UTF-8 is held by Python as
surrogate escapes, which the JSON keeps as `\\udcXX` escapes and gives back unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .reading import ReadSettings
from .storage import Store

MANIFEST_NAME = "_manifest.json"


@dataclass
class Entry:
    paths: list[str]
    status: str
    vnplan_version: str
    source_format: str | None = None
    error_code: str | None = None
    settings: ReadSettings | None = None  # None: written by a version that did not record them

    def as_dict(self) -> dict:
        return {
            "paths": self.paths,
            "status": self.status,
            "vnplan_version": self.vnplan_version,
            "source_format": self.source_format,
            "error_code": self.error_code,
            "settings": self.settings.as_dict() if self.settings else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Entry:
        return cls(
            paths=list(data.get("paths", [])),
            status=data.get("status", "failed"),
            vnplan_version=data.get("vnplan_version", ""),
            source_format=data.get("source_format"),
            error_code=data.get("error_code"),
            settings=ReadSettings.from_dict(data.get("settings")),
        )


@dataclass
class Manifest:
    store: Store
    entries: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> Manifest:
        data = store.read(MANIFEST_NAME)
        if data is None:
            return cls(store)
        try:
            raw = json.loads(data.decode("utf-8"))
            return cls(store, {k: Entry.from_dict(v) for k, v in raw.get("documents", {}).items()})
        except (ValueError, AttributeError, TypeError):
            # a damaged manifest (never left by vnplan, which replaces it whole): start afresh;
            # every file is read again and its parts overwritten, so nothing is duplicated
            return cls(store)

    def save(self) -> None:
        data = {"documents": {k: v.as_dict() for k, v in sorted(self.entries.items())}}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        # a surrogate escape (a name's byte that is not UTF-8) becomes the JSON escape \udcXX
        self.store.write(MANIFEST_NAME, text.encode("utf-8", "backslashreplace"))

    def doc_for_path(self, path: str) -> str | None:
        for doc_id, entry in self.entries.items():
            if path in entry.paths:
                return doc_id
        return None
