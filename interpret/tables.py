"""What a table that is not a task table is: statistics, schedule, form, list, other — or a
letterhead/signature layout table, which is not kept (`task_tables.json`, `table_kinds`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..extractors.model import Table
from ..normalizers.data import load_resource
from ..normalizers.text import clean_text

_NUMBER = re.compile(r"^[\d.,%\s\-–]+$")
_HEADING_MAX = 60  # longer "headings" are paragraphs in a bordered frame


@dataclass(frozen=True)
class _KindRule:
    kind: str
    header: re.Pattern[str] | None
    cells: re.Pattern[str] | None
    numeric: float | None
    max_rows: int | None


@lru_cache(maxsize=1)
def _rules() -> tuple[_KindRule, ...]:
    out = []
    for r in load_resource("task_tables")["table_kinds"]:
        out.append(
            _KindRule(
                r["kind"],
                re.compile(r["header"], re.IGNORECASE) if "header" in r else None,
                re.compile(r["cells"], re.IGNORECASE | re.MULTILINE) if "cells" in r else None,
                r.get("numeric"),
                r.get("max_rows"),
            )
        )
    return tuple(out)


def table_kind(table: Table) -> str:
    """`layout` (not kept), `form`, `statistics`, `list`, `schedule` or `other`."""
    grid = table.grid(carry=True)
    header = [h for h in (clean_text(h).lower() for h in (grid[0] if grid else [])) if len(h) <= _HEADING_MAX]
    body = [clean_text(c) for row in grid[1:] for c in row[1:] if clean_text(c)]  # column 0 is often a number
    texts = [clean_text(c.text) for c in table.cells if c.text]
    for rule in _rules():
        if rule.max_rows is not None and table.n_rows > rule.max_rows:
            continue
        if rule.header is not None and any(rule.header.search(h) for h in header):
            return rule.kind
        if rule.cells is not None and any(rule.cells.search(t) for t in texts):
            return rule.kind
        if (
            rule.numeric is not None
            and body
            and sum(bool(_NUMBER.match(c)) for c in body) / len(body) >= rule.numeric
        ):
            return rule.kind
    return "other"
