"""`vnplan tasks`: questions about tasks without SQL, answered from the `task_list` view (each plan
and each task counted once).

    who leads       --lead "so noi vu"         units as the units normalizer names them, accents optional
    where           --province "Lâm Đồng"      the province named, or the one after the 2025 merger
    which area      --area "thủ tục hành chính"  a reform area in words (normalizers.areas)
    when            --due-before "Quý II/2026"  read by the timeline parser: due by the end of that period
                    --due-after "2026"          due on or after its start; --no-deadline for the undated
    what            --text "một cửa"            words of the task, accents optional

Every comparison folds accents (đ = d), case and spacing, so what people type matches what plans print.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import UsageError
from ..normalizers.areas import area_name, area_names, find_area
from ..normalizers.dates import parse_timeline
from ..normalizers.text import loose_key, strip_accents
from ..normalizers.units import canonical_name
from .export import fetch
from .lookup import connect
from .views import LIST_SEPARATOR

# what `vnplan tasks` prints on the screen (an export gets every column of task_list)
SCREEN_COLUMNS = ("Tệp", "Lĩnh vực", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành", "Thời gian (nguyên văn)")
_PLACE_WORDS = ("tinh ", "thanh pho ", "tp ")


@dataclass
class TaskQuestion:
    lead: str | None = None
    unit: str | None = None  # in any role
    province: str | None = None
    area: str | None = None
    due_before: str | None = None
    due_after: str | None = None
    no_deadline: bool = False
    text: str | None = None


@dataclass
class TaskAnswer:
    tasks: pd.DataFrame
    understood: list[str] = field(default_factory=list)  # each condition as it was read
    notes: list[str] = field(default_factory=list)  # why an answer may be empty


def fold(text: str | None) -> str:
    """Accents (đ = d), case, punctuation and spacing folded, padded with spaces for whole words."""
    return f" {loose_key(strip_accents(text or ''))} "


def _unit_forms(typed: str) -> set[str]:
    """What a typed unit may stand for: as typed, and as the units normalizer names it (UBND →
    Ủy ban nhân dân), also when typed in lower case ("ubnd tinh": abbreviations are upper case)."""
    forms = (typed, canonical_name(typed), canonical_name(typed.upper()))
    return {fold(f) for f in forms if fold(f).strip()}


def _has_unit(cell: str | None, forms: set[str]) -> bool:
    units = [fold(u) for u in (cell or "").split(LIST_SEPARATOR) if u]
    return any(f in u for u in units for f in forms)


def _period(typed: str, edge: str) -> dt.date:
    """The start or end of the period a person typed, read as plans' time cells are."""
    items = [i for i in parse_timeline(typed) if getattr(i, edge)]
    if not items:
        raise UsageError(
            f"cannot read {typed!r} as a time with its year; write it as plans do: "
            "'Quý II/2026', 'Tháng 6/2026', '30/6/2026', '6 tháng đầu năm 2026', '2026'"
        )
    days = [getattr(i, edge) for i in items]
    return max(days) if edge == "end" else min(days)


def _province_form(typed: str) -> str:
    folded = fold(typed).strip() + " "
    for word in _PLACE_WORDS:
        if folded.startswith(word):
            folded = folded[len(word) :]
    return f" {folded.strip()} "


def _nearest(typed: str, names: list[str]) -> list[str]:
    folded = {fold(n).strip(): n for n in names if n}
    return [folded[k] for k in difflib.get_close_matches(fold(typed).strip(), list(folded), n=3, cutoff=0.5)]


def find_tasks(data_dir: str | Path, q: TaskQuestion) -> TaskAnswer:
    """The tasks of `task_list` that answer every condition given."""
    frame = fetch(connect(data_dir), "SELECT * FROM task_list")
    answer = TaskAnswer(frame)
    keep = pd.Series(True, index=frame.index)
    if q.lead or q.unit:
        for typed, columns, role in (
            (q.lead, ("Đơn vị chủ trì",), "lead"),
            (q.unit, ("Đơn vị chủ trì", "Đơn vị phối hợp"), "unit"),
        ):
            if not typed:
                continue
            forms = _unit_forms(typed)
            hit = pd.Series(False, index=frame.index)
            for column in columns:
                hit |= frame[column].map(lambda cell, forms=forms: _has_unit(cell, forms))
            keep &= hit
            named = canonical_name(typed)
            answer.understood.append(
                f"{role}: {typed}" + (f" ({named})" if fold(named) != fold(typed) else "")
            )
            if not hit.any():
                names = sorted(
                    {u for c in columns for cell in frame[c].dropna() for u in cell.split(LIST_SEPARATOR)}
                )
                close = _nearest(typed, names)
                answer.notes.append(
                    f"no {role} unit matches {typed!r}"
                    + (f"; close names: {', '.join(close)}" if close else "")
                )
    if q.province:
        wanted = _province_form(q.province)
        hit = frame["Tỉnh"].map(lambda p: fold(p) == wanted) | frame["Tỉnh (từ 1/7/2025)"].map(
            lambda p: fold(p) == wanted
        )
        keep &= hit
        answer.understood.append(f"province: {q.province} (as named, or after 1/7/2025)")
        if not hit.any():
            there = sorted(set(frame["Tỉnh"].dropna()) | set(frame["Tỉnh (từ 1/7/2025)"].dropna()))
            answer.notes.append(
                f"no plan of {q.province!r}; provinces in the data: {', '.join(there) or 'none'}"
            )
    if q.area:
        slug = find_area(q.area)
        if slug is None:
            raise UsageError(
                f"{q.area!r} names no single reform area; name one of: {'; '.join(area_names().values())}"
            )
        keep &= frame["Lĩnh vực"] == area_name(slug)
        answer.understood.append(f"area: {area_name(slug)}")
    due = pd.Series(
        [d if isinstance(d, dt.date) else None for d in frame["Hạn hoàn thành"]], index=frame.index
    )
    if q.due_before:
        end = _period(q.due_before, "end")
        keep &= due.map(lambda d: d is not None and d <= end)
        answer.understood.append(f"due by {end:%d/%m/%Y} (end of {q.due_before})")
    if q.due_after:
        start = _period(q.due_after, "start")
        keep &= due.map(lambda d: d is not None and d >= start)
        answer.understood.append(f"due from {start:%d/%m/%Y} (start of {q.due_after})")
    if q.no_deadline:
        keep &= due.isna()
        answer.understood.append("without a deadline")
    if q.text:
        words = fold(q.text)
        keep &= frame["Nhiệm vụ"].map(lambda t: words in fold(t))
        answer.understood.append(f"text: {q.text}")
    answer.tasks = frame[keep].reset_index(drop=True)
    return answer
