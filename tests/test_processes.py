"""extractors/processes.py: an outside program never outlives its timeout or the reader that ran it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from vnplan.extractors.processes import run_program


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"  # a zombie is dead, only not yet reaped
    except OSError:
        return False


def _wait_gone(pid: int, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid)


def test_a_timeout_kills_the_program_and_what_it_started(tmp_path):
    """As `soffice` starts `soffice.bin`: killing the first alone left the second running."""
    pidfile = tmp_path / "grandchild"
    script = f"sleep 60 & echo $! > {pidfile}; wait"
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        run_program(["sh", "-c", script], timeout=1)
    assert time.monotonic() - started < 10
    assert _wait_gone(int(pidfile.read_text()))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_program_dies_with_the_process_that_ran_it(tmp_path):
    """A reader killed at its time limit (or with the whole run) takes its program with it."""
    pidfile = tmp_path / "program"
    reader = os.fork()
    if reader == 0:  # the reader: runs a long program and is killed while it waits
        try:
            run_program(["sh", "-c", f"echo $$ > {pidfile}; exec sleep 60"], timeout=120)
        finally:
            os._exit(0)
    deadline = time.monotonic() + 10
    while not (pidfile.exists() and pidfile.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    program = int(pidfile.read_text())
    assert _alive(program)
    os.kill(reader, signal.SIGKILL)
    os.waitpid(reader, 0)
    assert _wait_gone(program)


def test_a_program_that_ends_gives_its_output_and_status():
    done = run_program(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout=10)
    assert (done.returncode, done.stdout, done.stderr) == (3, b"out\n", b"err\n")
