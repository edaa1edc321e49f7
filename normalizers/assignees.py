"""Who a plan's sentence or heading assigns a duty to.

"Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tham mưu …" → lead `Sở Tư pháp`, coordinating
`Sở Nội vụ`, duty `tham mưu …`; "- Ủy ban nhân dân các xã, phường: tổ chức …" → lead before the
colon; "Giao Công an tỉnh là cơ quan thường trực …" → lead `Công an tỉnh`; a heading "1.2. Ủy ban
nhân dân cấp xã" or "Đề nghị Viện Kiểm sát nhân dân tỉnh, Tòa án nhân dân tỉnh" names the lead of
the items under it. A sentence without such a subject ("Tham mưu Tỉnh ủy …") assigns nothing by
itself, but its "chủ trì, phối hợp với …" still names who coordinates.

The grammar is data (`resources/task_tables.json`, `assignees`): the words that open a unit's name
(case matters: "Ban Chỉ đạo" is a body, "Ban hành" a verb), the lower-case verbs that end a
subject, and the phrase that introduces the coordinating units. Unit names are split and
canonicalised later (`normalizers.units`), as for annex cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .data import load_resource
from .text import clean_text

MAX_SUBJECT_CHARS = 160  # a longer "subject" is a sentence that merely starts with a unit's name


@dataclass(frozen=True)
class Assignee:
    lead: str  # the units named as the subject, as printed
    coordinating: str | None  # the units after "phối hợp (với)", as printed
    duty: str  # the text after the subject


@dataclass(frozen=True)
class _Grammar:
    prefix: re.Pattern[str]
    head: re.Pattern[str]
    verbs: re.Pattern[str]
    role_verbs: re.Pattern[str]
    coordinating: re.Pattern[str]


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    data: dict[str, Any] = load_resource("task_tables")["assignees"]
    heads = "|".join(f"(?:{h['pattern']})" for h in data["heads"])
    return _Grammar(
        prefix=re.compile(data["prefix"]["pattern"]),
        head=re.compile(rf"^(?:{heads})"),
        verbs=re.compile(rf"(?<!\w)(?:{_words(data['verbs'] + data['role_verbs'])})(?!\w)"),
        role_verbs=re.compile(rf"(?<!\w)(?:{_words(data['role_verbs'])})(?!\w)"),
        coordinating=re.compile(data["coordinating"]["pattern"]),
    )


def head_patterns() -> list[dict[str, Any]]:
    """The unit-head records (with their examples), for the resource tests."""
    return load_resource("task_tables")["assignees"]["heads"]


def _after_prefix(text: str) -> str:
    """The text without "Giao" / "Đề nghị"; after them a unit's name may open in lower case
    ("Giao phòng Quản lý Công nghiệp …")."""
    g = _grammar()
    body = g.prefix.sub("", text, count=1)
    return body[:1].upper() + body[1:] if body != text else body


def names_a_unit(text: str) -> bool:
    """True when `text` (a heading or a sentence) opens with a unit's name."""
    return bool(_grammar().head.match(_after_prefix(clean_text(text))))


def read_assignee(text: str, heading: bool = False) -> Assignee | None:
    """The lead (and coordinating units) a sentence or heading names, or None.

    A sentence's subject ends at its first lower-case verb ("chủ trì", "tham mưu", "căn cứ") or at
    a colon; a heading's only at a role verb ("chủ trì", "phối hợp", "chỉ đạo") or a colon, since a
    heading may be the whole name ("Phó chủ tịch phụ trách lĩnh vực Công tác Xã hội")."""
    g = _grammar()
    body = _after_prefix(clean_text(text))
    if not g.head.match(body):
        return None
    ends = [m.start() for m in (g.role_verbs if heading else g.verbs).finditer(body)]
    colon = body.find(":")
    if colon > 0:
        ends.append(colon)
    end = min(ends) if ends else (len(body) if heading else -1)
    if end <= 0 or end > MAX_SUBJECT_CHARS:
        return None
    lead = body[:end].strip(" ,;:-–")
    duty = body[end:].lstrip(" :")
    if not lead:
        return None
    return Assignee(lead, coordinating_units(duty), duty)


def coordinating_units(text: str) -> str | None:
    """The units after an opening "(chủ trì,) phối hợp (chặt chẽ) với": up to the next verb, or
    the end of the clause."""
    g = _grammar()
    m = g.coordinating.match(clean_text(text))
    if not m:
        return None
    rest = clean_text(text)[m.end() :]
    stop = g.verbs.search(rest)
    clause = re.search(r"[;:.(]", rest)
    ends = [x for x in (stop.start() if stop else None, clause.start() if clause else None) if x]
    phrase = rest[: min(ends)] if ends else rest
    phrase = phrase.strip(" ,;:-–")
    return phrase if phrase and g.head.match(phrase[:1].upper() + phrase[1:]) else None
