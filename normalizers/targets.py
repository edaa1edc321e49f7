"""The number a target states: "Tối thiểu 98% hồ sơ ..." → 98.0, "%", ">=".

The first percentage of the item counts (gold notes); the words just before it (or "trở lên" just
after it) give the comparator, from `resources/targets.json`. An item without a percentage may state
a count instead ("Xây dựng mới 35 địa bàn cấp xã …" → 35.0, "địa bàn cấp xã").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data import load_resource


@dataclass(frozen=True)
class TargetValue:
    value: float
    unit: str
    comparator: str
    raw: str  # the words that state it: "Tối thiểu 98%"


@dataclass(frozen=True)
class _Comparator:
    regex: re.Pattern[str]
    after: bool
    comparator: str


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern[str], tuple[_Comparator, ...]]:
    data = load_resource("targets")
    comparators = tuple(
        _Comparator(re.compile(c["pattern"], re.IGNORECASE), bool(c.get("after")), c["comparator"])
        for c in data["comparators"]
    )
    return re.compile(data["number"]), comparators


@lru_cache(maxsize=1)
def count_pattern() -> re.Pattern[str]:
    return re.compile(load_resource("targets")["count"]["pattern"])


def parse_target_value(text: str | None) -> TargetValue | None:
    """The first percentage of a target item, or None when it states none."""
    if not text:
        return None
    number, comparators = _tables()
    m = number.search(text) or count_pattern().search(text)
    if not m:
        return None
    before, after = text[max(0, m.start() - 30) : m.start()], text[m.end() : m.end() + 20]
    comparator, start, end = "=", m.start(), m.end()
    for c in comparators:
        found = c.regex.search(after) if c.after else c.regex.search(before)
        if found:
            comparator = c.comparator
            if c.after:
                end = m.end() + found.end()
            else:
                start = m.start() - (len(before) - found.start())
            break
    value = float(m.group("value").replace(",", "."))
    return TargetValue(value, m.group("unit"), comparator, text[start:end].strip())
