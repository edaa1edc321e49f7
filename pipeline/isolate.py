"""Each file in its own process, under a time limit and a memory limit.

A file that hangs or balloons must not take the batch with it: the child that reads it is killed
when it runs past `time_limit` seconds, and its address space may grow by at most `memory_limit`
bytes over what it starts with (an allocation beyond it fails inside the child, which reports
it). Either way the file gets a `failed` documents row that says which limit it hit; the batch
goes on. Children are forked, so the parent's loaded modules (spaCy, tables) are shared, not
loaded again per file.

A reader dies with the run (the kernel's parent-death signal), and the programs it starts die
with it (`extractors/processes.py`). Each reader has its own temporary folder (OCR images,
LibreOffice profiles) inside the run's, `$TMPDIR/vnplan-run-<pid>-*`: removed when the reader
ends however it ends, and, for a run that was killed, by the next run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from ..errors import INTERNAL, OutputError
from ..extractors.processes import die_with_parent
from .records import DocumentRow

DEFAULT_TIME_LIMIT = 600.0  # seconds per file: a 50-page scan takes about 100 s on one core
DEFAULT_MEMORY_LIMIT = 2 * 1024**3  # bytes of address space per file
_POLL_S = 0.2  # how often time limits are checked while no child reports


@dataclass(frozen=True)
class Limits:
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT

    def describe_memory(self) -> str:
        limit = self.memory_limit or 0
        return f"{limit / 1024**3:g} GB" if limit >= 1024**3 else f"{limit / 1024**2:g} MB"


@dataclass(frozen=True)
class Finished:
    """One file done: its documents row, whether its reader was stopped (then the parent writes
    the row itself), how long it took and the reader's peak resident memory (MB, when known)."""

    row: DocumentRow
    stopped: bool
    seconds: float
    peak_memory_mb: float | None = None


RUN_TEMP_PREFIX = "vnplan-run-"


def _child(work: Callable[[], DocumentRow], conn, memory_limit: int | None, parent: int, temp: str) -> None:
    die_with_parent(parent)
    # everything this reader and its programs write goes to its own folder, removed after it
    os.environ["TMPDIR"] = tempfile.tempdir = temp
    try:
        if memory_limit:
            # the limit counts on top of what the forked child already maps (the parent's modules)
            cap = _address_space() + memory_limit
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        row = work()
        conn.send(("ok", row, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    except MemoryError:
        conn.send(("memory", None, None))
    except OutputError as exc:  # the output folder, not the file, is the problem: the batch stops
        conn.send(("output", str(exc), None))
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which writes the row)
        conn.send(("error", traceback.format_exception_only(type(exc), exc)[-1].strip(), None))
    finally:
        conn.close()


def _address_space() -> int:
    """Bytes of virtual address space this process maps now (VmSize), 0 when unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _stopped(job: _Running, code: str, reason: str) -> Finished:
    """The job's fallback row, failed with `reason` (its reader wrote nothing)."""
    row = job.row
    row.status, row.error, row.error_code = "failed", f"{Path(row.source_path).name}: {reason}", code
    return Finished(row, True, time.monotonic() - job.started)


@dataclass
class _Running:
    process: BaseProcess
    conn: Connection
    started: float
    row: DocumentRow
    temp: str  # the reader's temporary folder


def run_isolated(
    jobs: Sequence[tuple[Callable[[], DocumentRow], DocumentRow]],
    workers: int,
    limits: Limits = Limits(),
    idle: Callable[[], None] | None = None,
) -> Iterator[Finished]:
    """Run `(work, fallback row)` jobs, at most `workers` at a time, each in a forked child under
    `limits`; yield each as it is done (with the failed fallback row when it was stopped). The
    work writes its own output, so only the documents row travels back. `idle` is called whenever
    a wait ends with no reader done (every _POLL_S seconds). Readers still running when the
    caller stops (an error, an interrupt) are killed."""
    ctx = mp.get_context("fork")
    pending = list(reversed(jobs))
    running: list[_Running] = []
    run_temp = tempfile.mkdtemp(prefix=f"{RUN_TEMP_PREFIX}{os.getpid()}-")
    try:
        while pending or running:
            while pending and len(running) < max(1, workers):
                work, row = pending.pop()
                temp = tempfile.mkdtemp(prefix="reader-", dir=run_temp)
                parent, child = ctx.Pipe(duplex=False)
                process = ctx.Process(
                    target=_child, args=(work, child, limits.memory_limit, os.getpid(), temp), daemon=True
                )
                process.start()
                child.close()
                running.append(_Running(process, parent, time.monotonic(), row, temp))
            # sleep until a child reports (or its pipe closes because it died), at most until the
            # next time limit could be due
            ready = wait([j.conn for j in running], timeout=_POLL_S)
            if not ready and idle is not None:
                idle()
            for job in list(running):
                if job.conn in ready:
                    finished = _reported(job, limits)
                elif time.monotonic() - job.started > limits.time_limit:
                    job.process.kill()
                    finished = _stopped(
                        job,
                        "limit.time",
                        f"took longer than {limits.time_limit:g} s (the limit per file); "
                        "the file may be damaged, or raise the limit with --time-limit",
                    )
                else:
                    continue
                _end(job)
                running.remove(job)
                yield finished
    finally:
        for job in running:
            job.process.kill()
            _end(job)
        shutil.rmtree(run_temp, ignore_errors=True)


def _end(job: _Running) -> None:
    job.process.join(timeout=5)
    job.conn.close()
    shutil.rmtree(job.temp, ignore_errors=True)


def remove_dead_runs_temp() -> list[str]:
    """The temporary folders of runs that were killed (their process is gone): removed. Returns
    their names."""
    removed = []
    base = Path(tempfile.gettempdir())
    for folder in base.glob(f"{RUN_TEMP_PREFIX}*-*"):
        pid = folder.name[len(RUN_TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and folder.is_dir() and not folder.is_symlink() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive (and its folder not ours to remove)
        return True
    return True


def _reported(job: _Running, limits: Limits) -> Finished:
    """What a child sent: its row, or why it stopped (a child that dies closes its pipe)."""
    try:
        kind, payload, peak_mb = job.conn.recv()
    except (EOFError, OSError):
        job.process.join(timeout=5)
        return _stopped(
            job,
            "reader.crashed",
            f"the reader stopped unexpectedly (exit code {job.process.exitcode}); "
            "it may have run out of memory",
        )
    if kind == "ok":
        return Finished(payload, False, time.monotonic() - job.started, peak_mb)
    if kind == "output":
        raise OutputError(payload)
    if kind == "memory":
        return _stopped(
            job,
            "limit.memory",
            f"needed more than {limits.describe_memory()} of memory "
            "(the limit per file); the file may be damaged or crafted",
        )
    return _stopped(job, INTERNAL, f"internal error ({payload}); please report it")


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
