"""A task's raw cells (as an annex row prints them) → its normalised values: text, products,
the units of each role, and the timeline with its envelope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .citations import mask_references
from .dates import PlanYears, TimelineItem, envelope, parse_timeline
from .labels import split_label
from .products import split_products
from .text import clean_text
from .units import Unit, UnitContext, canonical_unit, split_units

ROLES = ("lead", "coordinating", "monitoring")  # the cell roles that hold units, in output order


@dataclass(frozen=True)
class UnitLink:
    """One unit mention of a task cell: its role, the canonical unit, and the mention as printed."""

    role: str
    unit: Unit
    name: str  # the mention without its qualifier (an alias of the unit)
    raw: str
    note: str | None


@dataclass(frozen=True)
class NormalizedTask:
    text: str
    products: list[str]
    links: list[UnitLink]
    timeline_raw: str | None
    timeline: list[TimelineItem]
    due_start: dt.date | None
    due_end: dt.date | None
    notes: str | None

    def unit_names(self, role: str) -> list[str]:
        """Canonical names of the units in one role, each once, in order."""
        names: list[str] = []
        for link in self.links:
            if link.role == role and link.unit.name not in names:
                names.append(link.unit.name)
        return names


def normalize_task(cells: Mapping[str, str], plan: PlanYears, context: UnitContext) -> NormalizedTask:
    """Normalise one task's cells (role → raw text; roles as in `task_tables.json`)."""
    links = [
        UnitLink(role, canonical_unit(m.name, context), m.name, m.raw, m.note)
        for role in ROLES
        for m in split_units(cells.get(role))
    ]
    raw_time = clean_text(cells.get("timeline"), keep_newlines=True) or None
    timeline = parse_timeline(raw_time, plan, mask_references)
    due_start, due_end = envelope(timeline)
    return NormalizedTask(
        text=clean_text(cells.get("text")),
        products=[split_label(p)[1] or p for p in split_products(cells.get("products"))],
        links=links,
        timeline_raw=raw_time,
        timeline=timeline,
        due_start=due_start,
        due_end=due_end,
        notes=clean_text(cells.get("notes")) or None,
    )
