"""`ingest`: find the input files, skip what the output already holds, process the rest in
parallel, write each document's rows as soon as it is done."""

from __future__ import annotations

import functools
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from vnplan import __version__

from ..errors import UsageError
from ..extractors.programs import MissingProgram, find_missing_programs
from .isolate import Limits, cpu_count, run_isolated
from .manifest import Entry, Manifest
from .process import doc_id_of, file_sha256, process_file, warm_up
from .records import DocResult, DocumentRow
from .storage import Store
from .works import merge_works
from .write import ensure_tables, merge_units, remove_document, warm_up_writer, write_result

INPUT_SUFFIXES = (".pdf", ".docx", ".doc")


MANIFEST_EVERY = 2.0  # seconds between saves of the manifest during a run
DEFAULT_LIMITS = Limits()


@dataclass
class InputFile:
    doc_id: str
    sha256: str
    path: str
    other_paths: list[str]


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
    pruned: list[str] = field(default_factory=list)  # paths whose rows were removed (--prune)
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
            "pruned": self.pruned,
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


def discover(inputs: list[str]) -> list[str]:
    """Files named directly, and the PDF/DOCX/DOC files under named folders (recursively)."""
    found: list[str] = []
    for given in inputs:
        p = Path(given)
        if p.is_file():
            found.append(str(p))
        elif p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(INPUT_SUFFIXES) and not name.startswith((".", "~$")):
                        found.append(os.path.join(root, name))
        else:
            raise UsageError(
                f"input not found: {given} (no such file or folder): give the path of a PDF, DOCX or DOC "
                "file, or of a folder that holds them"
            )
    seen, unique = set(), []
    for f in found:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def group_by_content(paths: list[str]) -> list[InputFile]:
    """One entry per distinct content; the first path seen is the source path."""
    by_id: dict[str, InputFile] = {}
    for path in paths:
        sha = file_sha256(path)
        doc_id = doc_id_of(sha)
        if doc_id in by_id:
            by_id[doc_id].other_paths.append(path)
        else:
            by_id[doc_id] = InputFile(doc_id, sha, path, [])
    return list(by_id.values())


def _fallback_row(item: InputFile) -> DocumentRow:
    """The documents row a file gets when its reader is stopped (time or memory limit)."""
    size = Path(item.path).stat().st_size if Path(item.path).exists() else None
    return DocumentRow(
        doc_id=item.doc_id,
        source_path=item.path,
        other_paths=list(item.other_paths),
        sha256=item.sha256,
        size_bytes=size,
        vnplan_version=__version__,
    )


def _run_and_write(item: InputFile, out: Store) -> DocumentRow:
    """Process one file and write its parts where it runs (a Dask worker writes to the shared
    output folder itself; only the small documents row travels back)."""
    result = process_file(item.path, item.sha256, item.other_paths)
    write_result(out, result)
    return result.document


def run_on_dask(todo: list[InputFile], out: Store, workers: int, scheduler: str | None):
    """Files as Dask tasks: on the cluster at `scheduler`, or on a local cluster of `workers`
    single-threaded processes. Yields each document row as its file is done."""
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError as exc:
        raise UsageError("the dask engine needs Dask: pip install 'vnplan[cluster]'") from exc
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = [client.submit(_run_and_write, it, out, pure=False) for it in todo]
        for fut in dask_completed(futures):
            yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def ingest(
    inputs: list[str],
    out: str | Path,
    workers: int | None = None,
    quiet: bool = False,
    prune: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> RunSummary:
    """Ingest files and folders into the Parquet dataset at `out`. With `prune`, documents whose
    files are no longer among the inputs lose their rows. `engine="dask"` runs the files on a Dask
    cluster (`scheduler` address, or a local cluster); the output is the same as the local engine's."""
    started = time.monotonic()
    store = Store.open(out)
    store.check_writable()
    store.remove_stale()  # parts a killed run left half-written
    items = group_by_content(discover(inputs))
    manifest = Manifest.load(store)
    summary = RunSummary(found=len(items), missing=find_missing_programs())
    todo = []
    input_paths = {p for it in items for p in [it.path, *it.other_paths]}
    for it in items:
        entry = manifest.entries.get(it.doc_id)
        if (
            entry
            and sorted(entry.paths) == sorted([it.path, *it.other_paths])
            and entry.vnplan_version == __version__
        ):
            summary.skipped += 1
        else:
            todo.append(it)
    # a path whose bytes changed: its old document goes unless another input still holds it
    current = {it.doc_id for it in items}
    for doc_id, entry in list(manifest.entries.items()):
        if doc_id not in current and (prune or set(entry.paths) & input_paths):
            remove_document(store, doc_id)
            del manifest.entries[doc_id]
            if prune and not set(entry.paths) & input_paths:
                summary.pruned.extend(entry.paths)
    manifest.save()

    workers = max(1, workers or cpu_count())
    bar = tqdm(total=len(todo), unit="file", disable=quiet or not todo, file=sys.stderr, dynamic_ncols=True)
    pages = 0

    saved = time.monotonic()

    def done(d: DocumentRow) -> None:
        """One document's parts are written: record it. The manifest is saved at most every
        MANIFEST_EVERY seconds (rewriting it per file would cost the square of a large batch) and
        at the end; a document written but not yet recorded when a run dies is simply read again
        by the next run, and its parts are overwritten, not duplicated."""
        nonlocal pages, saved
        manifest.entries[d.doc_id] = Entry([d.source_path, *d.other_paths], d.status, __version__)
        if time.monotonic() - saved >= MANIFEST_EVERY:
            manifest.save()
            saved = time.monotonic()
        summary.processed.append(d)
        pages += d.pages or 0
        bar.set_postfix_str(f"{pages} pages · {Path(d.source_path).name[:40]}")
        bar.update(1)

    try:
        if engine == "dask":
            for d in run_on_dask(todo, store, workers, scheduler):
                done(d)
        else:
            # the largest files first, so that a long scan does not start last and hold up the end
            ordered = sorted(todo, key=lambda it: -Path(it.path).stat().st_size)
            if todo:  # loaded once here, shared by every forked reader
                warm_up()
                warm_up_writer()
            jobs = [(functools.partial(_run_and_write, it, store), _fallback_row(it)) for it in ordered]
            for finished in run_isolated(jobs, min(workers, len(todo)), limits):
                if finished.stopped:  # the reader was stopped before writing: its failed row is written here
                    write_result(store, DocResult(finished.row))
                summary.timings[finished.row.doc_id] = FileTiming(
                    round(finished.seconds, 3), finished.peak_memory_mb and round(finished.peak_memory_mb, 1)
                )
                done(finished.row)
    finally:
        bar.close()
        manifest.save()  # what was done is recorded even when the run stops on an error
    merge_units(store)
    merge_works(store)
    ensure_tables(store)
    summary.seconds = time.monotonic() - started
    return summary
