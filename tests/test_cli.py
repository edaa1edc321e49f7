"""pipeline/cli.py: the real subcommand registry (as sqlite-utils tests its docs): every subcommand
has `--help` with examples that parse, the README's command block names exactly these; every
example of every --help runs with what the install provides, and every error is one line, never a
traceback."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vnplan.pipeline.cli import build_parser, main

from .conftest import GOLD, RAW

README = Path(__file__).resolve().parents[1] / "README.md"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


SUBCOMMANDS = sorted(_subcommands())


def _help_examples(help_text: str, name: str) -> list[list[str]]:
    """The `vnplan NAME …` lines of a help's "examples:" section, as argument lists (a shell
    redirection or pipe and what follows it left out)."""
    section = help_text.split("examples:\n", 1)[1]
    out = []
    for line in section.splitlines():
        if not line.strip():
            break  # the section ends at its first blank line
        words = shlex.split(line, comments=True)
        if words[:2] != ["vnplan", name]:
            continue
        cut = next((i for i, w in enumerate(words) if w in (">", "|", ">>")), len(words))
        out.append(words[1:cut])
    return out


def test_the_registry_has_the_commands_of_the_contract():
    assert {"ingest", "eval", "query", "cite", "compare"} <= set(SUBCOMMANDS)


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help_with_examples_that_parse(name, capsys):
    with pytest.raises(SystemExit) as stop:
        main([name, "--help"])
    assert stop.value.code == 0
    help_text = capsys.readouterr().out
    assert f"usage: vnplan {name}" in help_text and "\nexamples:\n" in help_text
    examples = _help_examples(help_text, name)
    assert examples, f"vnplan {name} --help shows no example of itself"
    parser = build_parser()
    for argv in examples:
        args = parser.parse_args(argv)  # an example that no longer parses exits here
        assert args.command == name


def test_readme_command_block_names_exactly_the_subcommands():
    text = README.read_text("utf-8")
    section = text.split("## Command line", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None
    named = set(re.findall(r"(?:^|\| )vnplan (\w+)", block.group(1), re.M))
    assert named == set(SUBCOMMANDS)


def _parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    """The top-level parser, then each subcommand's (in the order --help lists them)."""
    top = build_parser()
    [sub] = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)]
    return [("vnplan", top), *sub.choices.items()]


def _examples() -> list[str]:
    """Every line of every help's "examples:" section (which ends at its first blank line)."""
    found = []
    for _, parser in _parsers():
        section = (
            (parser.epilog or "").split("examples:\n", 1)[-1] if "examples:" in (parser.epilog or "") else ""
        )
        for line in section.splitlines():
            if not line.strip():
                break
            if re.match(r"^  \S", line):
                found.append(line.strip())
    return found


@pytest.fixture(scope="module")
def scheduler():
    """A live Dask scheduler for the examples that name one (the one in the help is an example address)."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    )
    yield cluster.scheduler_address
    cluster.close()


def _sandbox(root: Path) -> Path:
    """The folders and files the examples name, holding small real plans."""
    work = root / "work"
    plan_a, plan_b = RAW / "soc-trang-bql-kcn-cchc-2024.docx", RAW / "hai-duong-bql-kcn-cchc-2024.docx"
    for folder, files in {
        "data/raw": (plan_a, plan_b),
        "plans/2024": (plan_a,),
        "inbox": (plan_a,),
        "../shared/plans": (plan_a, plan_b),
    }.items():
        (work / folder).mkdir(parents=True)
        for f in files:
            shutil.copy(f, work / folder / f.name)
    (work / "plans/2025").mkdir()
    shutil.copy(plan_b, work / "plans/2025/ke-hoach-218.pdf")  # a DOCX named .pdf: read by its bytes
    shutil.copytree(GOLD, work / "tests/fixtures/gold")
    shutil.copytree(GOLD, root / "shared/gold")
    return work


def _run_example(tokens: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """One example: `vnplan …` through `main` in this process (fast: nothing to import again),
    anything else as the shell would run it. `> FILE` sends the output to FILE."""
    out_file = None
    if ">" in tokens:
        tokens, out_file = tokens[: tokens.index(">")], tokens[tokens.index(">") + 1]
    if tokens[0] != "vnplan":
        done = subprocess.run(tokens, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        return done.returncode, done.stdout + done.stderr
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        status = main(tokens[1:])
    if out_file:
        (cwd / out_file).write_text(sink.getvalue())
    return status, sink.getvalue()


def test_every_example_of_every_help_runs(tmp_path, scheduler, monkeypatch):
    work = _sandbox(tmp_path)
    monkeypatch.chdir(work)
    # only what the install provides: the venv's programs, and the system's basic ones
    env = {**os.environ, "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/bin", "/bin"])}
    examples = _examples()
    assert len(examples) >= 15
    for example in examples:
        command = (
            re.sub(r"(?<= )/shared/", f"{tmp_path}/shared/", example)  # the cluster's shared disk
            .replace("s3://bucket/plans", (tmp_path / "bucket" / "plans").as_uri())
            .replace("tcp://10.0.0.5:8786", scheduler)
        )
        tokens = shlex.split(command, comments=True)
        assert shutil.which(tokens[0], path=env["PATH"]), (
            f"{example}: {tokens[0]} is not installed with vnplan"
        )
        status, output = _run_example(tokens, env, work)
        assert status == 0, f"{example}\n{output[-2000:]}"
        assert "Traceback" not in output, example


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("vnplan: "), err
    return lines[0]


def test_a_closed_pipe_ends_quietly(ingested):
    done = subprocess.run(
        f'{sys.executable} -m vnplan query "SELECT * FROM blocks" --data {ingested} --format csv | head -1',
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.startswith("doc_id,block_id") and done.stderr == "", done.stderr


@pytest.mark.parametrize(
    "argv, message",
    [
        (["query", "", "--data", "{data}"], "the SQL query is empty"),
        (["query", "   ", "--data", "{data}"], "the SQL query is empty"),
        (["query", "SELECT 1", "--data", "{data}", "--output", "{tmp}/missing/x.csv"], "does not exist"),
        (["cite", "NĐ 130/2005", "--data", "{data}", "--output", "{tmp}/missing/x.csv"], "does not exist"),
        (["eval", "{data}", str(GOLD), "--json", "{tmp}/missing/scores.json"], "does not exist"),
        (
            [
                "ingest",
                str(RAW / "soc-trang-bql-kcn-cchc-2024.docx"),
                "--out",
                "{tmp}/o",
                "--report",
                "{tmp}/no/r.json",
            ],
            "does not exist",
        ),
    ],
)
def test_errors_are_one_line(ingested, tmp_path, capsys, argv, message):
    argv = [a.format(data=ingested, tmp=tmp_path) for a in argv]
    assert main(argv) == 2
    assert message in _one_error_line(capsys.readouterr().err)


def test_sql_errors_keep_duckdbs_help(ingested, capsys):
    assert main(["query", "SELECT doc_ix FROM documents", "--data", str(ingested)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vnplan: error: the query failed: Binder Error")
    assert 'Candidate bindings: "doc_id"' in err
    assert main(["query", "SELECT * FROM documnts", "--data", str(ingested)]) == 2
    assert 'Did you mean "documents"' in capsys.readouterr().err


@pytest.mark.parametrize(
    "content, why",
    [
        ('{"files": ["a.docx"', "not JSON (Expecting"),
        ("[1, 2]", "it holds a JSON list, not an object"),
        ('{"files": "a.docx"}', '"files" must be a list'),
        ('{"files": ["soc-trang-bql-kcn-cchc-2024.docx"], "sections": [1, 2]}', "not of the expected shape"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_a_malformed_gold_file_is_one_line(ingested, tmp_path, capsys, content, why):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bad.json").write_bytes(content if isinstance(content, bytes) else content.encode())
    assert main(["eval", str(ingested), str(gold)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert f"the gold file {gold / 'bad.json'} is malformed" in line and why in line


def test_an_unreachable_dask_scheduler_is_one_line(tmp_path):
    pytest.importorskip("dask.distributed")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vnplan",
            "ingest",
            str(RAW / "soc-trang-bql-kcn-cchc-2024.docx"),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )
    assert done.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in _one_error_line(done.stderr)


def test_a_bug_of_ours_is_one_line_asking_to_report_it(tmp_path, capsys, monkeypatch):
    import vnplan.pipeline.run as run

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(run, "discover", broken)
    assert main(["ingest", str(RAW), "--out", str(tmp_path / "out")]) == 70
    assert "internal error (KeyError: 'boom'); please report it" in _one_error_line(capsys.readouterr().err)
