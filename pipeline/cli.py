"""The `vnplan` command. Each subcommand parses its arguments, calls one library function and
turns a `VnplanError` into a one-line message and its exit status (2, or 75 for a folder another
run holds) — here and nowhere else. Nothing reaches the user as a traceback: a bug of ours is one
line asking to report it, and a closed pipe (`| head`) ends the command quietly."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from ..errors import UsageError, VnplanError

EXIT_STRICT = 1  # --strict and a file failed
EXIT_INTERNAL = 70  # a bug of ours (EX_SOFTWARE)
EXIT_BROKEN_PIPE = 141  # what a program killed by SIGPIPE exits with in a shell

INGEST_EPILOG = """examples:
  vnplan ingest data/raw --out data/processed
  vnplan ingest plans/2024 plans/2025/ke-hoach-218.pdf --out out --workers 2
  vnplan ingest inbox --out out --quiet --strict   # for cron: the summary, failures on stderr, exit 1 if any
  vnplan ingest plans --out out --prune --report run.json   # drop rows of deleted files, JSON summary
  vnplan ingest plans --out out --retry-failed --time-limit 1800   # read the failed files again
  vnplan ingest /shared/plans --out /shared/out --engine dask --scheduler tcp://10.0.0.5:8786
  vnplan ingest /shared/plans --out s3://bucket/plans --engine dask --scheduler tcp://10.0.0.5:8786

Re-running on the same folder skips files whose bytes have not changed, unless reading them again
could change their rows: a failed or partial file is read again when the limits or the OCR
availability changed (or with --retry-failed), any file when its format's reader changed in a new
vnplan (--reprocess reads every file again). Files that fail or are read in part are listed on
stderr, one line each (file, code, reason), even with --quiet.

Exit status: 0 when the run finished, also when some files failed (their rows say why); 1 with
--strict when a file failed; 2 for a usage error or an output folder that cannot be written;
75 when another vnplan ingest is writing to the same --out (see --wait); 130 when interrupted.

Read the tables:
  vnplan query "SELECT doc_type, symbol, title FROM documents" --data out
"""

EVAL_EPILOG = """examples:
  vnplan eval data/processed tests/fixtures/gold
  vnplan eval out ../shared/gold --json scores.json

Gold files are JSON annotations (format: docs/gold-format.md); each names the files it covers.
"""


QUERY_EPILOG = """examples:
  vnplan query 'SELECT "Tỉnh (từ 1/7/2025)", count(*) FROM task_list GROUP BY 1' --data out
  vnplan query "SELECT * FROM task_list WHERE \\"Lĩnh vực\\" = 'Cải cách thể chế'" --data out --output a.xlsx
  vnplan query "SELECT * FROM citations WHERE key = '130/2005/NĐ-CP'" --data out --output cites.csv
  vnplan query "SELECT * FROM targets" --data out --output targets.parquet

Views for people (each plan and each task counted once, Vietnamese column names):
  task_list, citation_list, document_list.
Raw tables of the contract: documents (with work_id, is_primary), sections, blocks, tasks,
  units, task_units, citations, tables, targets, works.
To count each plan once in SQL over the raw tables: WHERE is_primary (documents), and for tasks
  JOIN documents USING (doc_id) WHERE is_primary AND same_as IS NULL.
The format follows --output's extension (.csv .xlsx .json .parquet .txt) unless --format is given;
CSV is UTF-8 with a BOM (Excel reads it as Vietnamese), lists joined with "; ".
"""

EXPORT_EPILOG = """examples:
  vnplan export task_list --data out --out tasks.xlsx
  vnplan export citation_list --data out --out citations.csv
  vnplan export tasks --data out --out raw_tasks.csv            # a raw table, contract names
  vnplan export --sqlite plans.db --data out                    # and metadata.json beside it

To browse plans.db in a web browser: pip install datasette, then datasette plans.db -m
metadata.json, and open http://127.0.0.1:8001.

.xlsx: a header row frozen above typed cells (dates are dates), an autofilter. .csv: UTF-8 with a
BOM. Lists are joined with "; ". --sqlite writes every view and table, with full-text search on
task and citation text (accents optional) and facets on province, area, lead unit and deadline.
"""

TASKS_EPILOG = """examples:
  vnplan tasks --data out --lead "so noi vu" --province "Lâm Đồng" --due-before "Quý II/2026"
  vnplan tasks --data out --area "cải cách thủ tục hành chính" --province "Cần Thơ" --no-deadline
  vnplan tasks --data out --unit "UBND tỉnh" --text "một cửa" --output tasks.xlsx

Accents are optional (đ = d); units are read as the plans' units are (UBND = Ủy ban nhân dân);
times as the plans' time cells are, --due-before meaning due by the end of that period. Each plan
and each task is counted once (task_list).
"""

CITE_EPILOG = """examples:
  vnplan cite "NĐ 130/2005" --data out
  vnplan cite "NQ 76/2021" --data out                # finds 76/NQ-CP of 2021 (its year from its date)
  vnplan cite "nghi dinh 130/2005/ND-CP" --data out --format csv
  vnplan cite "QĐ 1847 TTg" --data out
  vnplan cite "luat ngan sach nha nuoc 2015" --data out
  vnplan cite --cited-by soc-trang-bql-kcn-cchc-2024.docx --data out

Accents, Đ/D and spacing do not matter; laws named in words resolve to their number. It says
what it understood, what it found, and the nearest keys of the dataset when nothing matches.
"""


COMPARE_EPILOG = """examples:
  vnplan compare --data out --out compare
  python -c "import pandas; print(pandas.read_parquet('compare/by_province_area.parquet').head())"

Writes by_province_area, targets and shared_citations, each as .parquet and .csv.
"""


def _cmd_compare(args: argparse.Namespace) -> int:
    from .compare import write_compare

    counts = write_compare(args.data, args.out)
    print(", ".join(f"{name}: {n} rows" for name, n in counts.items()) + f" → {args.out}")
    return 0


def check_output_file(path: str | None, option: str) -> None:
    """Refuse, before any work, a FILE option (--report, --json, --output) that cannot be written."""
    if not path:
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"{option} {path}: the folder {folder} does not exist; create it or name another")
    if os.path.isdir(path):
        raise UsageError(f"{option} {path} is a folder; name a file")
    if not os.access(path if os.path.exists(path) else folder, os.W_OK):
        raise UsageError(f"{option} {path} cannot be written (no permission); name another file")


def _write_json(path: str, data: dict, option: str) -> None:
    import json

    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
    except OSError as exc:
        raise UsageError(f"{option} {path} could not be written ({exc.strerror or exc})") from exc


def _cmd_query(args: argparse.Namespace) -> int:
    from .export import format_of, write_frame
    from .lookup import query

    format_of(args.format, args.output)  # a name that tells no format fails before the query runs
    check_output_file(args.output, "--output")
    text = write_frame(query(args.data, args.sql), args.format, args.output)
    if text is not None:
        print(text)
    return 0


def _say(args: argparse.Namespace, lines: list[str]) -> None:
    """Explanations: beside a table on the screen, on stderr when the output is data (csv, json)."""
    from .export import format_of

    on_screen = format_of(args.format, args.output) == "table" and not args.output
    for line in lines:
        print(line, file=sys.stdout if on_screen else sys.stderr)


def _cmd_cite(args: argparse.Namespace) -> int:
    from .export import format_of, write_frame
    from .lookup import cite_answer, cited_by

    if bool(args.reference) == bool(args.cited_by):
        raise UsageError("give either a reference to look up or --cited-by DOC")
    format_of(args.format, args.output)
    check_output_file(args.output, "--output")
    if args.cited_by:
        text = write_frame(cited_by(args.data, args.cited_by), args.format, args.output)
        if text is not None:
            print(text)
        return 0
    answer = cite_answer(args.data, args.reference)
    _say(args, [f"understood: {answer.understood}"])
    if len(answer.mentions):
        text = write_frame(answer.mentions, args.format, args.output)
        if text is not None:
            print(text)
    _say(args, [f"found: {answer.summary()}" if answer.found else answer.summary()])
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export_file, export_sqlite

    if bool(args.name) == bool(args.sqlite):
        raise UsageError("give either a view or table to export (with --out FILE) or --sqlite FILE")
    if args.sqlite:
        counts = export_sqlite(args.data, args.sqlite, args.metadata)
        metadata = args.metadata or str(Path(args.sqlite).with_name("metadata.json"))
        print(f"{len(counts)} tables and views, {sum(counts.values())} rows → {args.sqlite}, {metadata}")
        print(f"browse it: pip install datasette && datasette {args.sqlite} -m {metadata}")
        return 0
    if not args.out:
        raise UsageError("give --out FILE.xlsx or --out FILE.csv")
    rows = export_file(args.data, args.name, args.out)
    print(f"{args.name}: {rows} rows → {args.out}")
    return 0


def _cmd_tasks(args: argparse.Namespace) -> int:
    from .export import format_of, write_frame
    from .questions import SCREEN_COLUMNS, TaskQuestion, find_tasks

    format_of(args.format, args.output)
    check_output_file(args.output, "--output")
    question = TaskQuestion(
        lead=args.lead,
        unit=args.unit,
        province=args.province,
        area=args.area,
        due_before=args.due_before,
        due_after=args.due_after,
        no_deadline=args.no_deadline,
        text=args.text,
    )
    answer = find_tasks(args.data, question)
    _say(args, [f"understood: {'; '.join(answer.understood) or 'every task'}"])
    on_screen = not args.output and args.format in (None, "table")
    frame = answer.tasks[list(SCREEN_COLUMNS)] if on_screen else answer.tasks
    text = write_frame(frame, args.format, args.output)
    if text is not None:
        print(text)
    _say(args, [*answer.notes, f"{len(answer.tasks)} tasks (each task and each plan counted once)"])
    return 0


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def problem_line(d) -> str:
    """One stderr line for a file that failed or was read in part: status, file, code, reason."""
    reason = d.error or ""
    name = os.path.basename(d.source_path)
    if reason.startswith(name + ": "):
        reason = reason[len(name) + 2 :]
    return f"{d.status}: {d.source_path} [{d.error_code or 'unknown'}] {_one_line(reason)}"


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .isolate import Limits
    from .records import path_text
    from .run import ingest

    check_output_file(args.report, "--report")
    limits = Limits(args.time_limit, int(args.memory_limit * 1024 * 1024) if args.memory_limit else None)
    summary = ingest(
        args.inputs,
        args.out,
        workers=args.workers,
        quiet=args.quiet,
        prune=args.prune,
        engine=args.engine,
        scheduler=args.scheduler,
        limits=limits,
        retry_failed=args.retry_failed,
        reprocess=args.reprocess,
        wait=args.wait,
    )
    said: set[str] = set()  # files named under a missing program are not listed again below
    for program in summary.missing:  # once, up front: what is missing, what it costs, how to install it
        affected = summary.affected_by(program)
        said.update(d.doc_id for d in affected)
        print(f"{program.reason}: {program.affects}; {_files_affected(affected)}")
    ocr = f", {summary.ocr_pages} of them OCRed" if summary.ocr_pages else ""
    pruned = f"; {len(summary.pruned)} gone files pruned" if summary.pruned else ""
    print(
        f"{summary.found} files: {len(summary.processed)} processed "
        f"({summary.count('ok')} ok, {summary.count('partial')} partial, {summary.count('failed')} failed), "
        f"{summary.skipped} unchanged and skipped{pruned}; {summary.pages} pages{ocr} in "
        f"{summary.seconds:.1f} s → {path_text(args.out)}"
    )
    for gone in summary.pruned:
        print(f"  pruned (file gone): {path_text(gone)}")
    sys.stdout.flush()
    for d in summary.problems:  # on stderr, even with --quiet: what a cron mail should show
        print(problem_line(d), file=sys.stderr)
    if args.report:
        _write_json(args.report, summary.as_dict(), "--report")
    return EXIT_STRICT if args.strict and summary.count("failed") else 0


def _files_affected(rows: list) -> str:
    if not rows:
        return "no file of this run needed it"
    names = [Path(d.source_path).name for d in rows]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    statuses = ", ".join(sorted({d.status for d in rows}))
    return f"{len(rows)} file{'s' if len(rows) > 1 else ''} affected ({statuses}): {shown}"


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    check_output_file(args.json, "--json")
    report = evaluate(args.out_dir, args.gold_dir)
    print(format_report(report))
    if args.json:
        _write_json(args.json, report, "--json")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnplan",
        description="Turn Vietnamese government plans (PDF, DOCX, DOC) into Parquet tables.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n  vnplan ingest data/raw --out data/processed\n"
            "  vnplan eval data/processed tests/fixtures/gold\n"
            '  vnplan cite "NĐ 130/2005" --data data/processed\n'
            '  vnplan query "SELECT * FROM tasks LIMIT 5" --data data/processed'
        ),
    )
    from vnplan import __version__

    parser.add_argument("--version", action="version", version=f"vnplan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = _subcommand(
        sub,
        "ingest",
        "read files and folders into Parquet tables",
        INGEST_EPILOG,
        "Read PDF, DOCX and DOC files (folders are searched recursively) "
        "into the Parquet tables of the output contract.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files and/or folders")
    p.add_argument(
        "--out",
        required=True,
        metavar="OUT_DIR",
        help="output folder (created if missing), or an fsspec URL such as s3://bucket/plans",
    )
    p.add_argument(
        "--workers", type=int, default=None, metavar="N", help="parallel workers (default: all cores)"
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar: the summary line, and on stderr the files that failed",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when any file failed (a plain run exits 0: each failure is a row saying why)",
    )
    p.add_argument(
        "--prune",
        action="store_true",
        help="remove the rows of documents whose files are gone from the input folders "
        "(files that still exist but are not named in this run are never touched)",
    )
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="read failed and partial files again, even if nothing changed since",
    )
    p.add_argument("--reprocess", action="store_true", help="read every file again")
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another vnplan ingest on the same --out to finish (default: refuse at once)",
    )
    p.add_argument(
        "--report",
        metavar="FILE",
        help="also write the run's summary as JSON (for scripts); checked before the run starts",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="stop reading a file after this long; it is reported as failed (default: 600)",
    )
    p.add_argument(
        "--memory-limit",
        type=float,
        default=2048.0,
        metavar="MB",
        help="memory a file's reader may use; 0 for no limit (default: 2048)",
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes (default) or a Dask cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786); without it a local Dask cluster is started",
    )
    p.set_defaults(func=_cmd_ingest)

    p = _subcommand(
        sub,
        "eval",
        "score an output folder against gold annotations",
        EVAL_EPILOG,
        "Compare an output folder with hand-made gold annotations and print "
        "precision, recall and F1 per kind.",
    )
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("gold_dir", metavar="GOLD_DIR")
    p.add_argument("--json", metavar="FILE", help="also write the scores as JSON")
    p.set_defaults(func=_cmd_eval)

    p = _subcommand(
        sub,
        "query",
        "run SQL over the tables (DuckDB)",
        QUERY_EPILOG,
        "Run a SQL query over an output folder; every table is a view.",
    )
    p.add_argument("sql", metavar="SQL")
    _output_options(p)
    p.set_defaults(func=_cmd_query)

    p = _subcommand(
        sub,
        "cite",
        "which documents cite a document (or what one cites)",
        CITE_EPILOG,
        "List every mention of a document across the dataset, with the citing "
        "file, province, date, task and sentence; or, with --cited-by, what one "
        "document cites and which of those are in the dataset.",
    )
    p.add_argument(
        "reference", nargs="?", metavar="REF", help='as people write it: "NĐ 130/2005", "18-NQ/TW"'
    )
    p.add_argument("--cited-by", metavar="DOC", help="a doc_id, file name or key: list what it cites")
    _output_options(p)
    p.set_defaults(func=_cmd_cite)

    p = _subcommand(
        sub,
        "compare",
        "compare provinces by reform area (Parquet and CSV)",
        COMPARE_EPILOG,
        "Build the cross-province tables: tasks, deadlines by quarter, lead-unit "
        "kinds and targets per province (after the 2025 merger) and reform area; "
        "numeric targets side by side; citations shared between provinces.",
    )
    p.add_argument("--data", required=True, metavar="DIR", help="an output folder of vnplan ingest")
    p.add_argument("--out", required=True, metavar="OUT_DIR", help="folder for the comparison tables")
    p.set_defaults(func=_cmd_compare)

    p = _subcommand(
        sub,
        "export",
        "a view or table as Excel/CSV, or everything as SQLite for Datasette",
        EXPORT_EPILOG,
        "Write a view (task_list, citation_list, document_list) or a raw table to an .xlsx or .csv "
        "file; or, with --sqlite, every view and table into one SQLite database with full-text "
        "search and a Datasette metadata file.",
    )
    p.add_argument("name", nargs="?", metavar="VIEW_OR_TABLE", help="task_list, citation_list, tasks, …")
    p.add_argument("--data", required=True, metavar="DIR", help="an output folder of vnplan ingest")
    p.add_argument("--out", metavar="FILE", help="FILE.xlsx or FILE.csv (the extension decides)")
    p.add_argument("--sqlite", metavar="DB", help="write every view and table into this SQLite file")
    p.add_argument(
        "--metadata", metavar="FILE", help="Datasette metadata file (default: metadata.json beside DB)"
    )
    p.set_defaults(func=_cmd_export)

    p = _subcommand(
        sub,
        "tasks",
        "find tasks by lead unit, province, area and deadline (no SQL)",
        TASKS_EPILOG,
        "List the tasks that answer every condition given, from task_list (each plan and each task "
        "counted once); print them or write them to a file.",
    )
    p.add_argument("--lead", metavar="UNIT", help='the lead unit: "Sở Nội vụ", "so noi vu", "UBND tỉnh"')
    p.add_argument("--unit", metavar="UNIT", help="a unit that leads or coordinates")
    p.add_argument("--province", metavar="NAME", help="the province, as named then or after 1/7/2025")
    p.add_argument("--area", metavar="WORDS", help='a reform area in words: "cải cách thủ tục hành chính"')
    p.add_argument("--due-before", metavar="TIME", help='due by the end of: "Quý II/2026", "30/6/2026"')
    p.add_argument("--due-after", metavar="TIME", help='due on or after the start of: "2026", "Tháng 3/2026"')
    p.add_argument("--no-deadline", action="store_true", help="only tasks without a deadline")
    p.add_argument("--text", metavar="WORDS", help="words of the task text (accents optional)")
    _output_options(p)
    p.set_defaults(func=_cmd_tasks)
    return parser


def _subcommand(sub, name: str, help_text: str, epilog: str, description: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help_text,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, metavar="DIR", help="an output folder of vnplan ingest")
    p.add_argument(
        "--format",
        choices=("table", "csv", "xlsx", "json", "parquet"),
        default=None,
        help="table (default on the screen), csv, xlsx, json or parquet; else --output's extension decides",
    )
    p.add_argument(
        "--output",
        metavar="FILE",
        help="write the result to FILE (.csv .xlsx .json .parquet .txt) instead of the screen",
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "workers", None) is not None and args.workers < 1:
        parser.error("--workers must be 1 or more")
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except VnplanError as exc:
        print(f"vnplan: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print(
            "vnplan: interrupted; what was written so far is kept and the next run goes on from there",
            file=sys.stderr,
        )
        return 130
    except Exception as exc:  # a bug of ours: one line, the trace only on request
        if os.environ.get("VNPLAN_DEBUG"):
            raise
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        print(
            f"vnplan: internal error ({_one_line(last)}); please report it (VNPLAN_DEBUG=1 shows the trace)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """The reader of our output went away (`| head`): send what is left nowhere, so that Python's
    own flush at exit does not complain about the pipe either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
