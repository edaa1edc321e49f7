"""Running the outside programs a reader needs (LibreOffice, tesseract) so that none outlives it.

Each program runs in its own process group, so that a timeout kills the whole group (LibreOffice's
`soffice` starts `soffice.bin`; killing the first alone left the second running for minutes), and
with the kernel's parent-death signal, so that it is killed as soon as the reader that started it
dies — killed at its time limit, or with the whole run by `kill -9`.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from functools import lru_cache

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


@lru_cache(maxsize=1)
def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int) -> None:
    """In a child process just forked from `parent` (its pid): be sent SIGKILL when the parent dies
    (Linux; elsewhere nothing), or end now if it died before the signal was armed."""
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def run_program(
    cmd: Sequence[str], timeout: float, env: dict[str, str] | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run `cmd` to its end, or kill its whole process group after `timeout` seconds and raise
    `subprocess.TimeoutExpired`; it dies with the calling process either way."""
    parent = os.getpid()
    _prctl()  # looked up before the fork: the child only calls it
    proc = subprocess.Popen(
        list(cmd),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=True,
        preexec_fn=lambda: die_with_parent(parent),  # two system calls in the child, nothing else
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        kill_group(proc.pid)
        proc.communicate()
        raise
    kill_group(proc.pid)  # anything the program left running in its group
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
