"""storage: a dataset in a local folder or behind an fsspec URL, written whole or not at all."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest

from vnplan.errors import OutputError
from vnplan.pipeline.run import ingest
from vnplan.pipeline.storage import Store

from .conftest import RAW


@pytest.mark.parametrize("location", ["local", "memory://vnplan-test/ds"])
def test_write_read_list_remove(tmp_path, location):
    store = Store.open(tmp_path / "ds" if location == "local" else location)
    store.write("documents/part-b.parquet", b"B")
    store.write("documents/part-a.parquet", b"A")
    store.write("documents/notes.txt", b"-")
    assert store.list("documents") == ["documents/part-a.parquet", "documents/part-b.parquet"]
    assert store.read("documents/part-a.parquet") == b"A" and store.read("documents/none.parquet") is None
    store.remove("documents/part-a.parquet")
    store.remove("documents/part-a.parquet")  # removing what is gone is fine
    assert store.list("documents") == ["documents/part-b.parquet"] and store.list("nowhere") == []
    if location == "local":
        assert not list((tmp_path / "ds").rglob(".*.tmp-*"))  # renamed into place, nothing left over


def test_unknown_scheme_and_unwritable_folder_are_refused_in_words(tmp_path):
    with pytest.raises(OutputError, match="cannot open nosuchfs://x"):
        Store.open("nosuchfs://x")
    blocked = tmp_path / "file"
    blocked.write_text("a file, not a folder")
    with pytest.raises(OutputError, match="cannot write to the output folder"):
        Store.open(blocked / "out").check_writable()


def test_ingest_through_an_fsspec_url_equals_a_local_folder(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("soc-trang-bql-kcn-cchc-2024.docx", "hai-duong-bql-kcn-cchc-2024.docx"):
        shutil.copy(RAW / name, inp / name)
    url = (tmp_path / "remote").as_uri()
    first = ingest([str(inp)], url, workers=2, quiet=True)
    ingest([str(inp)], tmp_path / "local", workers=2, quiet=True)
    assert first.count("ok") == 2
    for table in ("documents", "tasks", "citations", "units"):
        remote = sorted(map(str, pq.read_table(tmp_path / "remote" / table).to_pylist()))
        local = sorted(map(str, pq.read_table(tmp_path / "local" / table).to_pylist()))
        assert remote == local and remote, table
    (inp / "hai-duong-bql-kcn-cchc-2024.docx").unlink()
    again = ingest([str(inp)], url, workers=2, quiet=True, prune=True)  # the manifest is read back
    assert again.skipped == 1 and len(again.pruned) == 1
    assert [r["doc_id"] for r in pq.read_table(tmp_path / "remote" / "documents").to_pylist()] == [
        d.doc_id for d in first.processed if "soc-trang" in d.source_path
    ]
