"""pipeline/write.py: what the process that runs a batch does with Parquet itself."""

from __future__ import annotations

import subprocess
import sys

from .conftest import RAW

_COUNT_THREADS = """
import os, sys, threading
from vnplan.pipeline.run import ingest
from vnplan.pipeline.write import warm_up_writer
warm_up_writer()
def native(): return len(os.listdir("/proc/self/task"))
before = (native(), threading.active_count())
ingest(sys.argv[1:2], sys.argv[2], workers=1, quiet=True)
ingest(sys.argv[1:2], sys.argv[2], workers=1, quiet=True)  # merges the units parts of the first run
print(native() - before[0], threading.active_count() - before[1])
"""


def test_a_run_starts_no_arrow_threads_in_its_own_process(tmp_path):
    """Arrow's pool threads, once started in the batch's process, now and then abort it at exit
    after all the work is done (exit -6, seen twice by the probes): the run reads its parts in
    its own thread, so the only threads it adds are Python's own (the progress bar's)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _COUNT_THREADS,
            str(RAW / "soc-trang-bql-kcn-cchc-2024.docx"),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    native, python = (int(n) for n in done.stdout.split())
    assert native <= python, done.stdout
