"""pipeline/inputs.py: which paths a run reads, and which it refuses without opening them (the
cases of ../shared/reliability/make_paths.py)."""

from __future__ import annotations

import os
import shutil

import pytest

from vnplan.pipeline.inputs import discover, group_by_content
from vnplan.pipeline.records import path_text, raw_paths

from .conftest import RAW

PLAN = RAW / "soc-trang-bql-kcn-cchc-2024.docx"


def _codes(found) -> dict[str, str]:
    return {os.path.basename(r.path): r.code for r in found.refused}


def test_fifos_and_devices_are_refused_without_being_opened(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    os.mkfifo(inp / "x.pdf")  # nobody writes to it: opening it would block for ever
    (inp / "zero.pdf").symlink_to("/dev/zero")
    (inp / "rnd.docx").symlink_to("/dev/urandom")
    shutil.copy(PLAN, inp / "plan.docx")
    found = discover([str(inp)])
    assert [os.path.basename(p) for p in found.files] == ["plan.docx"]
    codes = _codes(found)
    assert codes["x.pdf"] == "file.special"
    # a device reached through a link is refused as a link out of the inputs, before its type is asked
    assert codes["zero.pdf"] == codes["rnd.docx"] == "file.outside_inputs"
    [fifo] = [r for r in found.refused if r.code == "file.special"]
    assert fifo.row().error == "x.pdf: a FIFO (named pipe), not a document; it is not opened"


def test_a_fifo_named_directly_is_refused_not_reported_missing(tmp_path):
    os.mkfifo(tmp_path / "x.pdf")
    found = discover([str(tmp_path / "x.pdf")])
    assert (found.files, _codes(found)) == ([], {"x.pdf": "file.special"})


def test_dangling_and_looping_links_get_a_row(tmp_path):
    (tmp_path / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (tmp_path / "self.pdf").symlink_to("self.pdf")
    (tmp_path / "a.docx").symlink_to("b.docx")
    (tmp_path / "b.docx").symlink_to("a.docx")
    (tmp_path / "loop").symlink_to(".", target_is_directory=True)  # a folder link: not followed
    found = discover([str(tmp_path)])
    assert found.files == []
    assert _codes(found) == {
        "gone.pdf": "file.dangling_link",
        "self.pdf": "file.link_loop",
        "a.docx": "file.link_loop",
        "b.docx": "file.link_loop",
    }
    gone = next(r for r in found.refused if r.code == "file.dangling_link")
    assert "nowhere.pdf, which does not exist" in gone.reason


def test_links_out_of_the_inputs_are_refused_and_links_within_are_read(tmp_path):
    inp, secret = tmp_path / "in", tmp_path / "secret"
    inp.mkdir()
    secret.mkdir()
    (secret / "canary.txt").write_text("CANARY root:x:0:0:root:/root:/bin/bash")
    (inp / "z.pdf").symlink_to(secret / "canary.txt")
    (inp / "x.pdf").symlink_to("/etc/passwd")
    (inp / "sub").mkdir()
    shutil.copy(PLAN, inp / "sub" / "plan.docx")
    (inp / "alias.docx").symlink_to(inp / "sub" / "plan.docx")  # inside the input folder: read
    found = discover([str(inp)])
    assert _codes(found) == {"z.pdf": "file.outside_inputs", "x.pdf": "file.outside_inputs"}
    assert [os.path.basename(p) for p in found.files] == ["alias.docx"]  # one path per real file
    for refused in found.refused:
        assert "CANARY" not in refused.reason and "root:" not in refused.reason
    # named directly, a link is judged against the folder it is in
    assert _codes(discover([str(inp / "x.pdf")])) == {"x.pdf": "file.outside_inputs"}


def test_names_of_any_bytes_are_kept_losslessly(tmp_path):
    folder = os.fsencode(tmp_path)
    for raw in (b"bad\xff\xfe.pdf", b"ke\xe1hoach.docx"):
        shutil.copyfile(PLAN, os.path.join(folder, raw))
    found = discover([str(tmp_path)])
    items, unreadable = group_by_content(found.files)
    assert unreadable == [] and len(items) == 1 and len(items[0].paths) == 2
    texts = sorted(os.path.basename(path_text(p)) for p in items[0].paths)
    assert texts == ["bad\\xff\\xfe.pdf", "ke\\xe1hoach.docx"]
    kept = raw_paths(items[0].paths)
    assert kept is not None and sorted(os.path.basename(b) for b in kept) == [
        b"bad\xff\xfe.pdf",
        b"ke\xe1hoach.docx",
    ]
    assert raw_paths([str(PLAN), "Kế hoạch.docx"]) is None  # valid UTF-8: nothing extra is stored


def test_a_missing_input_is_a_usage_error(tmp_path):
    from vnplan.errors import UsageError

    with pytest.raises(UsageError, match="input not found"):
        discover([str(tmp_path / "missing.pdf")])


def test_a_file_gone_before_it_is_hashed_is_a_row_not_a_crash(tmp_path):
    shutil.copy(PLAN, tmp_path / "plan.docx")
    found = discover([str(tmp_path)])
    (tmp_path / "plan.docx").unlink()  # deleted by someone else between the listing and the hash
    items, unreadable = group_by_content(found.files)
    assert items == [] and [r.code for r in unreadable] == ["file.unreadable"]
    assert unreadable[0].row().error == "plan.docx: could not be read (No such file or directory)"
