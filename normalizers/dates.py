"""Dates and time expressions of plans → the contract's `timeline` items.

`parse_timeline` reads a time cell or phrase ("- Quý I/2024\\n- Theo quy định") into ordered
`TimelineItem`s. The grammar is data (`resources/time.json`); this module only splits a cell into
items, finds the rules' matches, and turns their groups into start/end dates. Years left out
("Quý II", "Trước ngày 15/12") come from the plan year. Document numbers are masked before any
date rule runs, so `30/2020` in `30/2020/NĐ-CP` is never read as a month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .data import load_resource
from .text import split_list_items

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MACRO = re.compile(r"<<(\w+):(\w*)>>")


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: str | None = None
    raw: str = ""


@dataclass(frozen=True)
class PlanYears:
    """The years a plan covers; they resolve phrases that leave the year out."""

    start: int | None = None
    end: int | None = None

    @property
    def first(self) -> int | None:
        return self.start or self.end

    @property
    def last(self) -> int | None:
        return self.end or self.start


@dataclass(frozen=True)
class TimeRule:
    id: str
    kind: str
    regex: re.Pattern[str]
    recurrence: str | None
    flags: frozenset[str]
    requires: tuple[str, ...]
    examples: tuple[str, ...]
    counter: tuple[str, ...]


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: macros[m.group(1)].replace("#", m.group(2)), pattern)


@lru_cache(maxsize=1)
def time_rules() -> tuple[TimeRule, ...]:
    data = load_resource("time")
    rules = []
    for r in data["rules"]:
        flags = frozenset(
            k for k in ("school_year", "open_end", "to_plan_end", "recurs_in_multi_year") if r.get(k)
        )
        rules.append(
            TimeRule(
                r["id"],
                r["kind"],
                re.compile(_expand(r["pattern"], data["macros"]), re.IGNORECASE),
                r.get("recurrence"),
                flags,
                tuple(r.get("requires", ())),
                tuple(r.get("examples", ())),
                tuple(r.get("counter", ())),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, str]:
    return {k: v for k, v in load_resource("time")["frequencies"].items()}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None:
        return None
    try:
        return dt.date(year, month, day or 1)
    except ValueError:
        return None


def _group(m: re.Match[str], name: str, suffixes: str | Iterable[str]) -> str | None:
    index = m.re.groupindex
    for s in (suffixes,) if isinstance(suffixes, str) else suffixes:
        if name + s in index and m.group(name + s):
            return m.group(name + s)
    return None


class _Reader:
    """Turns one rule match into start/end, filling omitted years from the plan."""

    def __init__(self, m: re.Match[str], plan: PlanYears):
        self.m, self.plan = m, plan

    def year(self, s: str) -> int | None:
        y = _group(self.m, "y", s)
        if y:
            return int(y)
        if _group(self.m, "next", s):
            return self.plan.last + 1 if self.plan.last else None
        second = _group(self.m, "y", "2") if s == "1" else None
        if second:
            return int(second)  # "Quý I, II/2024", "từ tháng 3 đến tháng 6/2024"
        return self.plan.first

    def day_span(self, s: str) -> tuple[dt.date | None, dt.date | None]:
        d, mo = _group(self.m, "d", s), _group(self.m, "m", s)
        day = _safe_date(self.year(s), int(mo) if mo else None, int(d) if d else None)
        return day, day

    def month_span(self, s: str) -> tuple[dt.date | None, dt.date | None]:
        mo, y = _group(self.m, "m", s), self.year(s)
        if not mo or y is None or not 1 <= int(mo) <= 12:
            return None, None
        return dt.date(y, int(mo), 1), _month_end(y, int(mo))

    def quarter_span(self, s: str) -> tuple[dt.date | None, dt.date | None]:
        q, y = _group(self.m, "q", s), self.year(s)
        if not q or y is None:
            return None, None
        n = _ROMAN[q.lower()]
        return dt.date(y, 3 * n - 2, 1), _month_end(y, 3 * n)

    def any_span(self, s: str) -> tuple[dt.date | None, dt.date | None]:
        if _group(self.m, "d", s):
            return self.day_span(s)
        if _group(self.m, "q", s):
            return self.quarter_span(s)
        if _group(self.m, "m", s):
            return self.month_span(s)
        y = self.year(s)
        return (dt.date(y, 1, 1), dt.date(y, 12, 31)) if y else (None, None)


def _spans_years(plan: PlanYears) -> bool:
    return plan.first is not None and plan.last is not None and plan.last > plan.first


def _plan_bounds(plan: PlanYears) -> tuple[dt.date | None, dt.date | None]:
    if plan.first is None or plan.last is None:
        return None, None
    return dt.date(plan.first, 1, 1), dt.date(plan.last, 12, 31)


def _item(rule: TimeRule, m: re.Match[str], plan: PlanYears, raw: str) -> TimelineItem:
    r = _Reader(m, plan)
    kind = rule.kind
    start = end = None
    recurrence = rule.recurrence
    if kind == "date":
        start, end = r.day_span("")
    elif kind == "month":
        start, end = r.month_span("")
    elif kind == "quarter":
        start, end = r.quarter_span("")
    elif kind == "half_year":
        y = r.year("")
        if y:
            first = (_group(m, "half", ("",)) or "").lower() == "đầu"
            start, end = (
                (dt.date(y, 1, 1), dt.date(y, 6, 30)) if first else (dt.date(y, 7, 1), dt.date(y, 12, 31))
            )
    elif kind == "year":
        y = int(_group(m, "y", ("", "b")) or 0)  # the rule always holds a year: "năm 2024" or a bare "2024"
        start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
    elif kind == "before":
        if "recurs_in_multi_year" in rule.flags and _group(m, "next", "") and _spans_years(plan):
            start, end = _plan_bounds(plan)  # "Trước ngày 31/01 năm liền kề": each year of the plan
            return TimelineItem("recurring", start, end, "yearly", raw)
        _, end = r.any_span("")
    elif kind == "range":
        if rule.id == "months_span":
            y = r.year("")
            n = int(m.group("n"))
            start, end = (dt.date(y, 1, 1), _month_end(y, n)) if y else (None, None)
        elif "school_year" in rule.flags:
            start, end = dt.date(int(m.group("y1")), 9, 1), dt.date(int(m.group("y2")), 5, 31)
        elif "open_end" in rule.flags:
            start = dt.date(int(m.group("y")), 1, 1)
        elif "to_plan_end" in rule.flags:
            year = int(m.group("y"))
            start = dt.date(year, 1, 1)
            end = dt.date(plan.last, 12, 31) if plan.last and plan.last >= year else None
        else:
            start, _ = r.any_span("1")  # a year written once, after the second part, counts for both
            _, end = r.any_span("2")
    elif kind == "recurring":
        freq = _group(m, "freq", ("", "2"))
        if freq:
            recurrence = _frequencies().get(
                re.sub(r"\s+", " ", freq.lower()).replace("quí", "quý"), recurrence
            )
        start, end = _plan_bounds(plan)
    elif kind == "ongoing":
        if _group(m, "scope", ("",)) or "cả năm" in m.group(0).lower():
            start, end = _plan_bounds(plan)
    return TimelineItem(kind, start, end, recurrence, raw)


Masker = Callable[[str], str]


def parse_timeline(
    cell: str | None, plan: PlanYears = PlanYears(), mask_references: Masker | None = None
) -> list[TimelineItem]:
    """Every time expression of a cell, in order. `mask_references` blanks document numbers
    (citations.mask_references) so that their digits are not read as dates."""
    if not cell or not cell.strip():
        return []
    out: list[TimelineItem] = []
    for item in split_list_items(cell):
        text = mask_references(item) if mask_references else item
        found = find_time_expressions(text, plan, item)
        out.extend(found or [TimelineItem("unknown", raw=item)])
    return out


def find_time_expressions(
    text: str, plan: PlanYears = PlanYears(), raw_source: str | None = None
) -> list[TimelineItem]:
    """Non-overlapping matches of the time rules, earlier rules winning, in text order."""
    raw_source = raw_source if raw_source is not None else text
    taken: list[tuple[int, int]] = []
    hits: list[tuple[int, TimelineItem]] = []
    lowered = text.lower()
    for rule in time_rules():
        if rule.requires and not any(word in lowered for word in rule.requires):
            continue
        for m in rule.regex.finditer(text):
            a, b = m.span()
            if a == b or any(a < e and s < b for s, e in taken):
                continue
            taken.append((a, b))
            hits.append((a, _item(rule, m, plan, raw_source[a:b].strip())))
    return [item for _, item in sorted(hits, key=lambda h: h[0])]


def envelope(items: Iterable[TimelineItem]) -> tuple[dt.date | None, dt.date | None]:
    """due_start / due_end: the earliest start and the latest end of the dated items."""
    items = list(items)
    starts = [i.start for i in items if i.start]
    ends = [i.end for i in items if i.end]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def date_at(text: str, pos: int = 0) -> tuple[dt.date, int] | None:
    """A full date written at `pos` ("ngày 10 tháng 4 năm 2019", "19/12/2022", "01-10-1997"):
    the date and where it ends, or None."""
    for rule in time_rules():
        if rule.kind == "date":
            m = rule.regex.match(text, pos)
            if m:
                day = _Reader(m, PlanYears()).day_span("")[0]
                if day:
                    return day, m.end()
    return None


def parse_date(text: str) -> dt.date | None:
    """The first full date in `text`, or None."""
    for item in find_time_expressions(text):
        if item.kind == "date":
            return item.start
    return None
