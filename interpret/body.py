"""Tasks and targets written in the plan's body, found through its sections.

A block is a **body task** when the section holding it is a tasks heading ("b) Nhiệm vụ") under a
reform-area heading, or is itself a reform-area heading with no sub-sections ("2. Cải cách thể
chế" followed directly by its items). A block is a **target** when its section is a targets
heading ("a) Chỉ tiêu", "a) Mục tiêu") under a reform-area heading. Purposes, requirements and the
implementation part ("Mục đích", "Yêu cầu", "Tổ chức thực hiện") never give either. Headings are
told by `normalizers/resources/task_tables.json` (`body_headings`, `reform_areas`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..extractors.model import Block
from ..normalizers.data import load_resource
from ..normalizers.doc_types import plan_types
from ..normalizers.labels import split_label
from ..normalizers.text import clean_text
from .annex import reform_area
from .structure import Section

_ITEM_KINDS = ("paragraph", "list_item")
_ASIDE = re.compile(r"^\(.*\)\.?$", re.DOTALL)  # "(Phân công nhiệm vụ theo Phụ lục đính kèm)"


@dataclass(frozen=True)
class BodyItem:
    kind: str  # task · target
    block_index: int
    section_id: str
    reform_area: str
    area_title: str  # the reform-area heading it sits under
    label: str | None
    text: str  # without its bullet or label


@lru_cache(maxsize=1)
def _headings() -> dict[str, re.Pattern[str]]:
    data = load_resource("task_tables")["body_headings"]
    return {k: re.compile(v, re.IGNORECASE) for k, v in data.items()}


def _title(section: Section) -> str:
    return clean_text(section.title).lower()


def _roles(sections: list[Section]) -> dict[str, tuple[str, str, str]]:
    """Section id → (task · target, reform area, area heading) for the sections that hold items."""
    by_id = {s.section_id: s for s in sections}
    has_children = {s.parent_id for s in sections if s.parent_id}
    h = _headings()
    out: dict[str, tuple[str, str, str]] = {}
    for s in sections:
        chain = [s]
        while chain[-1].parent_id in by_id:
            chain.append(by_id[chain[-1].parent_id])
        if any(h["not_tasks"].search(_title(x)) for x in chain):
            continue
        area_section = next((x for x in chain if reform_area(x.title) != "other"), None)
        if area_section is None:
            continue
        area = reform_area(area_section.title)
        if s is not area_section and h["targets"].search(_title(s)):
            out[s.section_id] = ("target", area, area_section.title)
        elif s is not area_section and h["tasks"].search(_title(s)):
            out[s.section_id] = ("task", area, area_section.title)
        elif s is area_section and s.section_id not in has_children:
            out[s.section_id] = ("task", area, area_section.title)
    return out


def extract_body_items(
    blocks: list[Block],
    sections: list[Section],
    owners: list[str | None],
    body_end: int | None = None,
    doc_type: str | None = None,
) -> list[BodyItem]:
    """Body tasks and targets in reading order; only plans have them (a decree's articles are not
    tasks), and a document whose type was not read is given the benefit of the doubt."""
    if doc_type is not None and doc_type not in plan_types():
        return []
    roles = _roles(sections)
    heading_at = {s.block_index for s in sections}
    stop = body_end if body_end is not None else len(blocks)
    out: list[BodyItem] = []
    for i, b in enumerate(blocks[:stop]):
        owner = owners[i]
        if owner not in roles or i in heading_at or b.kind not in _ITEM_KINDS or b.provenance.part != "body":
            continue
        text = clean_text(b.full_text)
        if not text or _ASIDE.match(text):
            continue
        label, rest = split_label(text)
        kind, area, area_title = roles[owner]
        out.append(
            BodyItem(
                kind, i, owner, area, area_title, label.value if label else None, rest if label else text
            )
        )
    return out
