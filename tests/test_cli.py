"""pipeline/cli.py: the real subcommand registry (as sqlite-utils tests its docs): every subcommand
has `--help` with examples that parse, and the README's command block names exactly these."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

from vnplan.pipeline.cli import build_parser, main

README = Path(__file__).resolve().parents[1] / "README.md"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


SUBCOMMANDS = sorted(_subcommands())


def _examples(help_text: str, name: str) -> list[list[str]]:
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
    examples = _examples(help_text, name)
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
