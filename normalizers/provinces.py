"""Provinces before and after the 1 July 2025 merger (63 → 34 units).

`find_province` finds a province named in a piece of text (letterhead, place line, issuer);
`province_2025` maps a name to the merged unit, taking the document's date into account because
23 merged units reuse the name of one of their members (an "An Giang" of 2024 is not the
"An Giang" of 2026). Our spellings of the names are in `provinces.json`; which unit each province
went into comes from the administrative-units dataset (`admin_units`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .admin_units import admin_units
from .data import load_resource
from .text import loose_key


@dataclass(frozen=True)
class Province:
    name: str  # without the "Tỉnh"/"Thành phố" prefix, as the contract's columns hold it
    code: str
    kind: str  # tỉnh · thành phố
    new_name: str  # the merged unit from 1 July 2025


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Province], list[tuple[str, str]], set[str], dt.date]:
    data = load_resource("provinces")
    merged_into = admin_units().merged_into
    by_name = {}
    surface: list[tuple[str, str]] = []  # (loose key of a spelling, canonical old name)
    for row in data["before_2025"]:
        p = Province(row["name"], row["code"], row["kind"], merged_into[row["name"]])
        by_name[p.name] = p
        for spelling in [row["name"], *row["aliases"]]:
            surface.append((loose_key(spelling), p.name))
    surface.sort(key=lambda s: -len(s[0]))  # longest first: "Bà Rịa - Vũng Tàu" before "Vũng Tàu"
    new_names = set(admin_units().new_provinces)
    merger = dt.date.fromisoformat(data["merger_date"])
    return by_name, surface, new_names, merger


def find_province(text: str | None) -> str | None:
    """The first province (canonical old-list name) named in `text`, or None."""
    if not text:
        return None
    key = f" {loose_key(text)} "
    _, surface, _, _ = _tables()
    best: tuple[int, str] | None = None
    for spelling, name in surface:
        at = key.find(f" {spelling} ")
        if at >= 0 and (best is None or at < best[0]):
            best = (at, name)
    return best[1] if best else None


def province_2025(name: str | None, on: dt.date | None = None) -> str | None:
    """The post-merger unit for a province named in a document dated `on` (None: unknown date)."""
    if not name:
        return None
    by_name, _, new_names, merger = _tables()
    if on is not None and on >= merger and name in new_names:
        return name  # after the merger a reused name already means the merged unit
    province = by_name.get(name)
    return province.new_name if province else None


def province_names() -> list[str]:
    by_name, _, _, _ = _tables()
    return sorted(by_name)


_PLACE_PREFIX = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)


def strip_place_prefix(place: str) -> str:
    return _PLACE_PREFIX.sub("", place).strip()
