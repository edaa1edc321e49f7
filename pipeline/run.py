"""`ingest`: find the input files, skip what the output already holds, process the rest in
parallel, write each document's rows as soon as it is done.

A re-run reads a file again only when that could change its rows (`_why_read`): new or changed
bytes, a new path, its format's reader changed, or — for a failed or partial file — other limits
or OCR now available, or `retry_failed`. One run at a time writes to a folder (its lock); a write
error (a full disk) stops the run with one sentence, after recording what was done.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from vnplan import __version__

from ..errors import OutputError, UsageError
from ..extractors.programs import MissingProgram, find_missing_programs
from .inputs import InputFile, Inputs, Refused, discover, fallback_row, group_by_content
from .isolate import Limits, cpu_count, remove_dead_runs_temp, run_isolated
from .manifest import Entry, Manifest
from .process import process_file, warm_up
from .reading import ocr_available, settings_for
from .records import DocResult, DocumentRow, path_text
from .storage import Store
from .works import merge_works
from .write import (
    ensure_tables,
    merge_units,
    remove_document,
    warm_up_writer,
    write_result,
    written_documents,
)

MANIFEST_EVERY = 2.0  # seconds between saves of the manifest during a run
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class FileTiming:
    """Seconds from start to finish of one file's reader, and its peak resident memory (MB; the
    forked reader's own figure, which includes the pages it shares with the parent)."""

    seconds: float
    peak_memory_mb: float | None


@dataclass
class RunSummary:
    found: int = 0
    skipped: int = 0
    pruned: list[str] = field(default_factory=list)  # paths whose documents were removed (--prune)
    processed: list[DocumentRow] = field(default_factory=list)
    timings: dict[str, FileTiming] = field(default_factory=dict)  # by doc_id; local engine only
    seconds: float = 0.0
    missing: list[MissingProgram] = field(default_factory=list)  # programs this machine lacks

    def count(self, status: str) -> int:
        return sum(1 for d in self.processed if d.status == status)

    def affected_by(self, program: MissingProgram) -> list[DocumentRow]:
        """The processed files that a missing program left partial or failed (their error says so)."""
        return [d for d in self.processed if d.error and program.reason in d.error]

    @property
    def problems(self) -> list[DocumentRow]:
        """The files of this run that failed or were read in part."""
        return [d for d in self.processed if d.status != "ok"]

    @property
    def pages(self) -> int:
        return sum(d.pages or 0 for d in self.processed)

    @property
    def ocr_pages(self) -> int:
        return sum(d.ocr_pages or 0 for d in self.processed)

    def as_dict(self) -> dict:
        """The `--report` JSON: totals, then one entry per processed file."""
        return {
            "found": self.found,
            "processed": len(self.processed),
            "skipped": self.skipped,
            "ok": self.count("ok"),
            "partial": self.count("partial"),
            "failed": self.count("failed"),
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "pruned": [path_text(p) for p in self.pruned],
            "seconds": round(self.seconds, 2),
            "missing_programs": [
                {
                    "reason": m.reason,
                    "affects": m.affects,
                    "files": [d.source_path for d in self.affected_by(m)],
                }
                for m in self.missing
            ],
            "files": [
                {
                    "path": d.source_path,
                    "doc_id": d.doc_id,
                    "status": d.status,
                    "error": d.error,
                    "error_code": d.error_code,
                    "pages": d.pages,
                    "ocr_pages": d.ocr_pages,
                    "doc_type": d.doc_type,
                    "key": d.key,
                    **(asdict(self.timings[d.doc_id]) if d.doc_id in self.timings else {}),
                }
                for d in self.processed
            ],
        }


@dataclass(frozen=True)
class _Plan:
    """What this run does: files to read, refused paths to record, documents to remove."""

    todo: list[InputFile]
    refused: list[Refused]
    remove: dict[str, list[str]]  # doc_id → its paths that are gone (empty: its files hold other bytes now)
    skipped: int
    found: int


def _run_and_write(item: InputFile, out: Store) -> DocumentRow:
    """Process one file and write its parts where it runs (a Dask worker writes to the shared
    output folder itself; only the small documents row travels back)."""
    result = process_file(item.path, item.sha256, item.other_paths)
    write_result(out, result)
    return result.document


@dataclass
class DaskCluster:
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` single-threaded
    processes; connected before any file is read, so that a wrong address is one line at once."""

    client: Any
    local: Any = None

    @classmethod
    def connect(cls, workers: int, scheduler: str | None) -> DaskCluster:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError("the dask engine needs Dask: pip install 'vnplan[cluster]'") from exc
        if not scheduler:
            local = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            return cls(Client(local), local)
        try:
            return cls(Client(scheduler))
        except (OSError, ValueError, TypeError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UsageError(
                f"cannot reach the Dask scheduler at {scheduler} ({reason})",
                hint="check the address (tcp://HOST:8786) and that the scheduler is running, "
                "or leave out --scheduler to use a local cluster",
            ) from exc

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()


def run_on_dask(todo: list[InputFile], out: Store, cluster: DaskCluster):
    """Files as Dask tasks; yields each document row as its file is done."""
    from dask.distributed import as_completed as dask_completed

    futures = [cluster.client.submit(_run_and_write, it, out, pure=False) for it in todo]
    for fut in dask_completed(futures):
        yield fut.result()


def _why_read(
    item: InputFile,
    entry: Entry | None,
    written: set[str],
    named: set[str],
    limits: Limits,
    ocr: bool,
    retry_failed: bool,
) -> str | None:
    """Why the file must be read (again), or None when its rows in the output stay as they are."""
    if entry is None:
        return "new"
    if item.doc_id not in written:
        return "not written"  # e.g. a run killed while it was being read again
    if not set(item.paths) <= set(entry.paths) or (set(entry.paths) & named) - set(item.paths):
        return "paths"  # a new path holds these bytes, or one of its paths now holds others
    now = settings_for(entry.source_format, limits, ocr)
    if entry.settings is None or entry.settings.reader != now.reader:
        return "reader changed"
    if entry.status != "ok" and (retry_failed or entry.settings.limits_or_tools_differ(now)):
        return "retry"
    return None


def _plan(
    found: Inputs,
    manifest: Manifest,
    written: set[str],
    limits: Limits,
    ocr: bool,
    *,
    prune: bool,
    retry_failed: bool,
    reprocess: bool,
) -> _Plan:
    items, unreadable = group_by_content(found.files)
    refused = found.refused + unreadable
    named = {p for it in items for p in it.paths} | {r.path for r in refused}
    todo = [
        it
        for it in items
        if reprocess
        or _why_read(it, manifest.entries.get(it.doc_id), written, named, limits, ocr, retry_failed)
    ]
    to_record = []
    for r in refused:
        entry = manifest.entries.get(r.doc_id)
        if reprocess or entry is None or entry.paths != [r.path] or r.doc_id not in written:
            to_record.append(r)
    current = {it.doc_id for it in items} | {r.doc_id for r in refused}
    remove: dict[str, list[str]] = {}
    for doc_id, entry in manifest.entries.items():
        if doc_id in current:
            continue
        unseen = [p for p in entry.paths if p not in named]
        if not unseen:  # every path of it was read in this run and holds other bytes now
            remove[doc_id] = []
        elif prune and all(not os.path.lexists(p) and found.holds(p) for p in unseen):
            remove[doc_id] = unseen  # its files are gone from the input folders
        # otherwise a path of it that this run did not name still holds it: never touched
    skipped = len(items) - len(todo) + len(refused) - len(to_record)
    return _Plan(todo, to_record, remove, skipped, len(items) + len(refused))


def _absolute_tmpdir() -> None:
    """A relative TMPDIR names another folder in every process that changes its directory (and gave
    LibreOffice a profile URL it could not use): make it absolute once, for this run's processes."""
    tmp = os.environ.get("TMPDIR")
    if tmp and not os.path.isabs(tmp):
        os.environ["TMPDIR"] = os.path.abspath(tmp)
        tempfile.tempdir = None  # computed again from the environment


def ingest(
    inputs: list[str],
    out: str | Path,
    workers: int | None = None,
    quiet: bool = False,
    prune: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    retry_failed: bool = False,
    reprocess: bool = False,
    wait: float = 0.0,
) -> RunSummary:
    """Ingest files and folders into the Parquet dataset at `out`. With `prune`, documents whose
    files are gone from the input folders lose their rows. `retry_failed` reads failed and partial
    files again, `reprocess` every file. `wait` is how long to wait for another run's lock on
    `out`. `engine="dask"` runs the files on a Dask cluster (`scheduler` address, or a local
    cluster); the output is the same as the local engine's."""
    started = time.monotonic()
    _absolute_tmpdir()
    remove_dead_runs_temp()
    store = Store.open(out)
    store.check_writable()
    with store.lock(wait):
        store.remove_stale()  # parts a killed run left half-written (the lock says none is running)
        found = discover(inputs)
        manifest = Manifest.load(store)
        ocr = ocr_available()
        plan = _plan(
            found,
            manifest,
            written_documents(store),
            limits,
            ocr,
            prune=prune,
            retry_failed=retry_failed,
            reprocess=reprocess,
        )
        summary = RunSummary(found=plan.found, skipped=plan.skipped, missing=find_missing_programs())
        try:
            for doc_id, gone in sorted(plan.remove.items()):
                remove_document(store, doc_id)
                del manifest.entries[doc_id]
                summary.pruned.extend(gone)
            manifest.save()  # also marks the folder as a vnplan output for queries from the start
            _read(plan, store, manifest, summary, limits, ocr, workers, quiet, engine, scheduler)
        except BaseException:
            _save_after_error(manifest)
            raise
        manifest.save()
        merge_units(store)
        merge_works(store)
        ensure_tables(store)
    summary.seconds = time.monotonic() - started
    return summary


def _save_after_error(manifest: Manifest) -> None:
    """Record what was done before the run stopped; if that cannot be written either (the disk is
    still full), the first error is the one the user hears of, and the old manifest stays whole."""
    try:
        manifest.save()
    except OutputError:
        pass


def _read(
    plan: _Plan,
    store: Store,
    manifest: Manifest,
    summary: RunSummary,
    limits: Limits,
    ocr: bool,
    workers: int | None,
    quiet: bool,
    engine: str,
    scheduler: str | None,
) -> None:
    todo = plan.todo
    workers = max(1, workers or cpu_count())
    cluster = DaskCluster.connect(workers, scheduler) if engine == "dask" and todo else None
    bar = tqdm(total=len(todo), unit="file", disable=quiet or not todo, file=sys.stderr, dynamic_ncols=True)
    pages = 0
    saved, unsaved = time.monotonic(), False

    def record() -> None:
        """Save the manifest if documents were done since it was last saved, at most every
        MANIFEST_EVERY seconds (rewriting it per file would cost the square of a large batch),
        also while a long file is still being read, and at the end. A document written but not
        yet recorded when a run dies is simply read again by the next run, and its parts are
        overwritten, not duplicated."""
        nonlocal saved, unsaved
        if unsaved and time.monotonic() - saved >= MANIFEST_EVERY:
            manifest.save()
            saved, unsaved = time.monotonic(), False

    def done(d: DocumentRow, paths: list[str]) -> None:
        """One document's parts are written: record it."""
        nonlocal unsaved
        settings = settings_for(d.source_format, limits, ocr)
        manifest.entries[d.doc_id] = Entry(
            paths, d.status, __version__, d.source_format, d.error_code, settings
        )
        unsaved = True
        record()
        summary.processed.append(d)

    def progressed(d: DocumentRow) -> None:
        nonlocal pages
        pages += d.pages or 0
        bar.set_postfix_str(f"{pages} pages · {Path(d.source_path).name[:40]}")
        bar.update(1)

    try:
        for refused in plan.refused:  # never opened: their rows are written here
            row = refused.row()
            write_result(store, DocResult(row))
            done(row, [refused.path])
        paths = {it.doc_id: it.paths for it in todo}
        if cluster is not None:
            for d in run_on_dask(todo, store, cluster):
                done(d, paths[d.doc_id])
                progressed(d)
            return
        if engine == "dask":
            return  # nothing to read
        # the largest files first, so that a long scan does not start last and hold up the end
        ordered = sorted(todo, key=lambda it: -_size(it.path))
        if todo:  # loaded once here, shared by every forked reader
            warm_up()
            warm_up_writer()
        jobs = [(functools.partial(_run_and_write, it, store), fallback_row(it)) for it in ordered]
        for finished in run_isolated(jobs, min(workers, len(todo)), limits, idle=record):
            if finished.stopped:  # the reader was stopped before writing: its failed row is written here
                write_result(store, DocResult(finished.row))
            summary.timings[finished.row.doc_id] = FileTiming(
                round(finished.seconds, 3), finished.peak_memory_mb and round(finished.peak_memory_mb, 1)
            )
            done(finished.row, paths[finished.row.doc_id])
            progressed(finished.row)
    finally:
        bar.close()
        if cluster is not None:
            cluster.close()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
