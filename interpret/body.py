"""Tasks, assignments and targets written in the plan's body, found through its sections.

Each section gets a role from the nearest heading at or above it that names one
(`normalizers/resources/task_tables.json`, `body_headings`):

- a **tasks** heading ("NHIỆM VỤ VÀ GIẢI PHÁP", "GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ",
  "NỘI DUNG", "b) Nhiệm vụ"): its items are body tasks, of any kind of plan;
- a **targets** heading ("a) Chỉ tiêu", "II. CHỈ TIÊU XÂY DỰNG XÃ …"): its items are targets;
- an **assignments** heading ("TỔ CHỨC THỰC HIỆN", "PHÂN CÔNG NHIỆM VỤ"): each duty is a task of
  origin `assignment`;
- a purpose, requirement, background or funding heading ("MỤC ĐÍCH, YÊU CẦU", "Căn cứ …", "Kinh
  phí") at or above a section gives it nothing.

A reform-area heading with no sub-sections holds tasks too ("2. Cải cách thể chế" followed by its
items), as in plans that have no tasks heading. The reform area is that of the nearest heading
naming one, else `other`.

Items are the list items and paragraphs of a section, and the text of a run-in heading after its
title. A paragraph that continues the one before (it opens in lower case: a page break or an OCR
line split it) is joined to it. A lead-in line ending in a colon ("Sở Tài chính chủ trì, phối hợp
với Công an tỉnh tham mưu Ủy ban nhân dân tỉnh:") is not a task; it names the unit of the items
after it. A field bullet ("- Đơn vị chủ trì: …", "- Thời gian hoàn thành: …") is not a task either:
it gives a field of the task above it, which may be the heading itself ("1.1. Xây dựng và ban hành
Hướng dẫn …" followed by its fields).

Who does each task: the subject of its sentence ("Sở Tư pháp chủ trì, phối hợp với …"), else the
unit its section heading names ("1.1. Các sở, ban, ngành", "2. Công an tỉnh:"), else a lead-in's;
its deadline: the time expressions of its sentence. Values stay raw here (`cells`, keyed by the
annex column roles); the normalizers read them as they read annex cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..extractors.model import Block
from ..normalizers.assignees import coordinating_units, read_assignee
from ..normalizers.citations import mask_references
from ..normalizers.data import load_resource
from ..normalizers.dates import find_time_expressions
from ..normalizers.doc_types import plan_types
from ..normalizers.labels import split_label
from ..normalizers.text import clean_text
from .annex import column_roles, reform_area
from .structure import Section, title_type

_ITEM_KINDS = ("paragraph", "list_item")
_ASIDE = re.compile(r"^\(.*\)\.?$", re.DOTALL)  # "(Phân công nhiệm vụ theo Phụ lục đính kèm)"
_FIELD_ROLES = ("lead", "coordinating", "monitoring", "timeline", "products")
# time expressions of a sentence that say when; "theo quy định …" and "sau khi …" run to the end
# of the sentence and say nothing about it
_SENTENCE_TIME_KINDS = frozenset(
    {"date", "month", "quarter", "half_year", "year", "range", "before", "recurring", "ongoing"}
)
TASK, TARGET, ASSIGNMENT = "task", "target", "assignment"
LEAD_IN_MAX_CHARS = 200
INDENT_STEP = 15.0  # points: a line starting this far left of the paragraph's first line continues it


@dataclass
class BodyItem:
    kind: str  # task · target · assignment
    block_index: int
    section_id: str
    reform_area: str
    area_title: str  # the reform-area heading it sits under ("" when none)
    label: str | None
    text: str  # without its bullet or label
    cells: dict[str, str] = field(default_factory=dict)  # role → raw text, as for an annex row
    blocks: list[int] = field(default_factory=list)  # every block the item's text comes from
    filled: set[str] = field(default_factory=set)  # cells given by field bullets ("- Đơn vị chủ trì: …")


@dataclass(frozen=True)
class _Role:
    kind: str
    area: str
    area_title: str


@lru_cache(maxsize=1)
def _headings() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (h["role"], re.compile(h["pattern"], re.IGNORECASE))
        for h in load_resource("task_tables")["body_headings"]
    )


@lru_cache(maxsize=1)
def _field_line() -> re.Pattern[str]:
    return re.compile(load_resource("task_tables")["body_fields"]["pattern"])


def heading_role(title: str) -> str | None:
    """`not_tasks` · `tasks` · `targets` · `assignments` for a heading's title, or None."""
    text = clean_text(title).lower()
    for role, regex in _headings():
        if regex.search(text):
            return role
    return None


def _roles(sections: list[Section]) -> dict[str, _Role]:
    """Section id → role of the items directly under it."""
    by_id = {s.section_id: s for s in sections}
    has_children = {s.parent_id for s in sections if s.parent_id}
    kinds = {"tasks": TASK, "targets": TARGET, "assignments": ASSIGNMENT}
    out: dict[str, _Role] = {}
    for s in sections:
        chain = [s]
        while chain[-1].parent_id in by_id:
            chain.append(by_id[chain[-1].parent_id])
        found = [heading_role(x.title) for x in chain]
        if "not_tasks" in found:
            continue
        area_section = next((x for x in chain if reform_area(x.title) != "other"), None)
        area = reform_area(area_section.title) if area_section else "other"
        area_title = area_section.title if area_section else ""
        kind = next((kinds[r] for r in found if r in kinds), None)
        if kind is None and s is area_section and s.section_id not in has_children:
            kind = TASK  # "2. Cải cách thể chế" and its items, in a plan without a tasks heading
        if kind is not None:
            out[s.section_id] = _Role(kind, area, area_title)
    return out


def _unit_cells(text: str, heading: bool = False) -> dict[str, str]:
    """Lead and coordinating units named by a sentence's subject (or a heading), as printed."""
    who = read_assignee(text, heading=heading)
    if who is None:
        coordinating = coordinating_units(text)
        return {"coordinating": coordinating} if coordinating else {}
    cells = {"lead": who.lead}
    if who.coordinating:
        cells["coordinating"] = who.coordinating
    return cells


def _section_units(sections: list[Section]) -> dict[str, dict[str, str]]:
    """Section id → the units its heading (or the nearest heading above naming some) assigns."""
    by_id = {s.section_id: s for s in sections}
    own = {
        s.section_id: _unit_cells(s.title, heading=True)
        for s in sections
        if heading_role(s.title) is None and reform_area(s.title) == "other"
    }
    out: dict[str, dict[str, str]] = {}
    for s in sections:
        x: Section | None = s
        while x is not None and "lead" not in own.get(x.section_id, {}):
            x = by_id.get(x.parent_id) if x.parent_id else None
        if x is not None:
            out[s.section_id] = own[x.section_id]
    return out


def _sentence_time(text: str) -> str | None:
    """The time expressions of a sentence that say when it is due, one per line (a timeline cell),
    or None. Dates of cited documents are masked first; a bare "năm 2025" is a qualifier of
    something named ("địa bàn … năm 2025"), not a deadline, unless "trong"/"cả"/"hết" makes it one."""
    found = [
        i.raw
        for i in find_time_expressions(mask_references(text), raw_source=text)
        if i.kind in _SENTENCE_TIME_KINDS and i.raw and not _qualifier(i.kind, i.raw)
    ]
    return "\n".join(found) or None


def _qualifier(kind: str, raw: str) -> bool:
    """A year or a span of years that qualifies a name ("… năm 2025", "nhiệm kỳ 2026-2031"), not a
    deadline: a bare year without "trong"/"cả"/"hết", a span of years without "từ"."""
    first = raw.split()[0].lower() if raw.split() else ""
    if kind == "year":
        return first == "năm"
    return kind == "range" and first != "từ" and bool(re.fullmatch(r"[\d\s\-–]+|năm[\d\s\-–]+", raw.lower()))


def _field(text: str) -> tuple[str, str] | None:
    """(role, value) of a field bullet ("Đơn vị chủ trì: Ban Thường trực …")."""
    m = _field_line().match(text)
    if not m:
        return None
    role = column_roles([m.group("field")]).get(0)
    return (role, m.group("value").strip()) if role in _FIELD_ROLES else None


def _continues(block: Block, text: str, before: Block, before_text: str) -> bool:
    """A paragraph cut from the one before (a page break, an OCR line split): no label, and it opens
    in lower case, or (on a PDF page) it starts left of where the one before started while that
    one did not end a sentence ("… rà soát TTHC năm" / "2024.")."""
    if block.kind != "paragraph" or block.label:
        return False
    if text.lstrip(" :;,.")[:1].islower():
        return True
    return (
        block.indent is not None
        and before.indent is not None
        and block.indent < before.indent - INDENT_STEP
        and not before_text.endswith((".", ";", ":", "!", "?"))
    )


def _lead_in(text: str) -> bool:
    """A short line that ends in a colon introduces the items after it (a long one that does is an
    item whose list follows, or a colon OCR read into a full stop)."""
    return text.endswith(":") and not text.endswith(" :") and len(text) <= LEAD_IN_MAX_CHARS


def _is_fragment(text: str) -> bool:
    """A stray mark read as a block (a page number OCR'd as "L0" or "II", a speck): not an item."""
    return sum(1 for w in text.split() if sum(c.isalpha() for c in w) >= 2) < 2


def embeds_plan(blocks: list[Block], start: int, stop: int) -> bool:
    """A document that is not a plan but carries one (a Tờ trình with the draft plan after it): a
    plan type's name stands alone as a title line in its body ("KẾ HOẠCH")."""
    return any(
        b.kind == "paragraph" and b.upper and title_type(b.text) in plan_types() for b in blocks[start:stop]
    )


def extract_body_items(
    blocks: list[Block],
    sections: list[Section],
    owners: list[str | None],
    body_end: int | None = None,
    doc_type: str | None = None,
    attached: list[tuple[int, int]] | None = None,
) -> list[BodyItem]:
    """Body tasks, assignments and targets in reading order, of the body and of the plans attached
    after the signature (`attached`). Only plans have them (a decree's articles are not tasks), or
    documents that carry one; a document whose type was not read is given the benefit of the doubt."""
    stop = body_end if body_end is not None else len(blocks)
    plan_like = doc_type is None or doc_type in plan_types() or embeds_plan(blocks, 0, stop)
    ranges = ([(0, stop)] if plan_like else []) + list(attached or [])
    out: list[BodyItem] = []
    for a, z in ranges:
        reader = _Reader(blocks, sections, owners, z)
        for i in range(a, z):
            reader.read(i)
        out.extend(reader.out)
    for item in out:
        if item.kind != TARGET and "timeline" not in item.cells:
            when = _sentence_time(item.text)
            if when:
                item.cells["timeline"] = when
    return out


class _Reader:
    """Reads the blocks of a document's body one by one into items (state: the last lead-in's units,
    the tasks that field bullets fill)."""

    def __init__(self, blocks: list[Block], sections: list[Section], owners: list[str | None], stop: int):
        self.blocks, self.sections, self.owners, self.stop = blocks, sections, owners, stop
        self.roles = _roles(sections)
        self.units = _section_units(sections)
        self.heading_of = {s.block_index: s for s in sections}
        self.title_lines = {s.block_index + k for s in sections for k in range(1, s.title_blocks)}
        self.out: list[BodyItem] = []
        self.lead_in: dict[str, str] = {}  # units of the last lead-in line, for the items after it
        self.last_owner: str | None = None
        self.filled: dict[str, list[BodyItem]] = {}  # section → the heading tasks its fields fill

    def read(self, i: int) -> None:
        b, owner = self.blocks[i], self.owners[i]
        if owner != self.last_owner:
            self.lead_in, self.last_owner = {}, owner
        if owner is None or owner not in self.roles or b.provenance.part != "body":
            return
        role = self.roles[owner]
        if i in self.title_lines:
            return  # the wrapped end of a heading's title ("TÚY NĂM 2026")
        section = self.heading_of.get(i)
        if section is not None:  # a run-in heading's text is an item of its own section
            if section.rest and role.kind != TARGET and not _is_field_title(section.title):
                self.out.append(_item(role, i, owner, None, section.rest, self.units.get(owner, {})))
            return
        text = clean_text(b.full_text)
        if b.kind not in _ITEM_KINDS or not text or _ASIDE.match(text) or _is_fragment(text):
            return
        if _not_item().match(text):
            return
        label, rest = split_label(text)
        body = rest if label else text
        previous = self.out[-1] if self.out and self.out[-1].section_id == owner else None
        if previous is not None and _continues(b, text, self.blocks[previous.blocks[0]], previous.text):
            previous.text = f"{previous.text} {body.lstrip(' :;,.')}"
            previous.blocks.append(i)
            if _lead_in(previous.text) and self._items_follow(i):
                self.out.pop()  # the joined lines are a lead-in after all
                self.lead_in = _unit_cells(previous.text.rstrip(":"))
            return
        found = _field(body) if role.kind != TARGET and label and label.kind in ("dash", "plus") else None
        if found is not None:
            self._fill(owner, role, found)
            return
        if role.kind != TARGET and _lead_in(body) and self._items_follow(i):
            self.lead_in = _unit_cells(body.rstrip(":"))
            return
        cells = {**self.units.get(owner, {}), **self.lead_in} if role.kind != TARGET else {}
        self.out.append(_item(role, i, owner, label.value if label else None, body, cells))

    def _items_follow(self, i: int) -> bool:
        nxt = self.blocks[i + 1] if i + 1 < self.stop else None
        return nxt is not None and self.owners[i + 1] == self.owners[i] and nxt.kind in _ITEM_KINDS

    def _fill(self, owner: str, role: _Role, found: tuple[str, str]) -> None:
        """A field bullet ("- Đơn vị chủ trì: …") makes its section's heading the task and fills it:
        the section's other items describe that task and are folded into it; numbered headings just
        before it that hold nothing share its fields ("3.1. …", "3.2. …", "3.3. …" then the fields)."""
        tasks = self.filled.get(owner)
        if tasks is None:
            self.out = [x for x in self.out if x.section_id != owner]
            tasks = self.filled[owner] = [self._heading_task(s, role) for s in self._bare_siblings(owner)]
        name, value = found
        for task in tasks:
            if name in task.filled:
                task.cells[name] = f"{task.cells[name]}\n{value}"
            else:
                task.cells[name] = value  # a field overrides what the heading or a lead-in implied
                task.filled.add(name)

    def _bare_siblings(self, owner: str) -> list[Section]:
        """The section and the sibling headings right before it that hold no item, in order."""
        at = next(k for k, s in enumerate(self.sections) if s.section_id == owner)
        run = [self.sections[at]]
        held = {x.section_id for x in self.out}
        for s in reversed(self.sections[:at]):
            if s.parent_id != run[0].parent_id or s.section_id in held or s.section_id in self.filled:
                break
            run.insert(0, s)
        return run

    def _heading_task(self, section: Section, role: _Role) -> BodyItem:
        task = BodyItem(
            role.kind,
            section.block_index,
            section.section_id,
            role.area,
            role.area_title,
            section.label,
            section.title,
            dict(self.units.get(section.section_id, {})),
            [section.block_index],
        )
        self.out.append(task)
        self.out.sort(key=lambda x: x.block_index)
        return task


def _item(
    role: _Role, i: int, owner: str, label: str | None, text: str, inherited: dict[str, str]
) -> BodyItem:
    cells = dict(inherited)
    if role.kind != TARGET:
        cells.update(_unit_cells(text))
    return BodyItem(role.kind, i, owner, role.area, role.area_title, label, text, cells, [i])


@lru_cache(maxsize=1)
def _not_item() -> re.Pattern[str]:
    return re.compile(load_resource("task_tables")["not_items"]["pattern"])


@lru_cache(maxsize=1)
def _descriptor_heading() -> re.Pattern[str]:
    return re.compile(load_resource("task_tables")["not_task_tables"]["pattern"], re.IGNORECASE)


def _is_field_title(title: str) -> bool:
    """A run-in heading that gives a field, not a duty: "Thời gian kiểm tra:", "Địa điểm:", "Đối tượng:"."""
    text = clean_text(title).lower()
    return (
        column_roles([title]).get(0) in _FIELD_ROLES
        or bool(_descriptor_heading().search(text))
        or heading_role(title) == "not_tasks"
    )
