"""pipeline/manifest.py: what an output folder holds, kept exactly whatever the names' bytes."""

from __future__ import annotations

import json

from vnplan.pipeline.manifest import MANIFEST_NAME, Entry, Manifest
from vnplan.pipeline.reading import ReadSettings
from vnplan.pipeline.storage import Store


def test_names_of_any_bytes_and_read_settings_survive_a_save(tmp_path):
    store = Store.open(tmp_path)
    name = "/in/bad\udcff\udcfe.pdf"  # b"bad\xff\xfe.pdf" as Python holds it
    settings = ReadSettings(600.0, 2 * 1024**3, True, "0123456789abcdef")
    manifest = Manifest(
        store, {"a" * 16: Entry([name, "/in/Kế hoạch.pdf"], "ok", "0.3.0", "pdf", None, settings)}
    )
    manifest.save()
    raw = (tmp_path / MANIFEST_NAME).read_bytes()
    assert b"\\udcff" in raw and "Kế hoạch".encode() in raw  # valid UTF-8 JSON, the odd bytes escaped
    json.loads(raw.decode("utf-8"))
    assert Manifest.load(store).entries == manifest.entries


def test_a_manifest_of_an_older_version_loads_without_settings(tmp_path):
    old = {"documents": {"b" * 16: {"paths": ["/in/a.pdf"], "status": "failed", "vnplan_version": "0.3.0"}}}
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(old))
    [entry] = Manifest.load(Store.open(tmp_path)).entries.values()
    assert (entry.paths, entry.status, entry.settings) == (["/in/a.pdf"], "failed", None)


def test_a_damaged_manifest_starts_afresh(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text('{"documents": {"x": ')
    assert Manifest.load(Store.open(tmp_path)).entries == {}
