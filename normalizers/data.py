"""Loading of the resource files in `resources/` (patterns, type codes, provinces, names).

Every table the normalizers use lives in a JSON file beside this module so that it can be read,
reviewed and tested on its own (`tests/test_resources.py`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_resource(name: str) -> Any:
    """The parsed JSON of `resources/<name>.json`."""
    return json.loads(resources.files(__package__).joinpath(f"resources/{name}.json").read_text("utf-8"))


def expand_letters(pattern: str) -> str:
    """A pattern with `<<UP>>` / `<<LO>>` replaced by the Vietnamese upper- and lower-case letters
    (`task_tables.json`, `letters`), for patterns that must tell a capitalised word."""
    letters = load_resource("task_tables")["letters"]
    return re.sub(r"<<(\w+)>>", lambda m: letters[m.group(1)], pattern)


@dataclass(frozen=True)
class Pattern:
    id: str
    regex: re.Pattern[str]
    kind: str | None
    examples: tuple[str, ...]
    counter: tuple[str, ...]


def _compile(record: dict[str, Any]) -> Pattern:
    flags = re.IGNORECASE if "IGNORECASE" in record.get("flags", "") else 0
    return Pattern(
        id=record["id"],
        regex=re.compile(record["pattern"], flags),
        kind=record.get("kind"),
        examples=tuple(record.get("examples", ())),
        counter=tuple(record.get("counter", ())),
    )


@cache
def patterns(group: str) -> tuple[Pattern, ...]:
    """The compiled patterns of one group of `patterns.json` (`labels`, `metadata`)."""
    return tuple(_compile(r) for r in load_resource("patterns")[group])


def pattern(group: str, pattern_id: str) -> re.Pattern[str]:
    for p in patterns(group):
        if p.id == pattern_id:
            return p.regex
    raise KeyError(f"no pattern {pattern_id!r} in group {group!r}")
