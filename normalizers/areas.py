"""Reform areas for people: the Vietnamese name of each `tasks.reform_area` slug, and the slug a
person means by words typed with or without accents ("cải cách thủ tục hành chính", "thu tuc
hanh chinh", "tthc"). The names are data: `resources/reform_areas.json`."""

from __future__ import annotations

from functools import lru_cache

from .data import load_resource
from .text import loose_key, strip_accents


@lru_cache(maxsize=1)
def area_names() -> dict[str, str]:
    """slug → Vietnamese name, in the contract's order."""
    return {slug: a["name"] for slug, a in load_resource("reform_areas")["areas"].items()}


def area_name(slug: str | None) -> str | None:
    """`tthc` → `Cải cách thủ tục hành chính`; an unknown slug is returned as it is."""
    if slug is None:
        return None
    return area_names().get(slug, slug)


def _folded(text: str) -> str:
    words = loose_key(strip_accents(text).replace("_", " "))  # a slug's underscores are spaces
    return f" {words} "


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, str], ...]:
    """(folded phrase, slug), longest first: names, slugs and further words."""
    out = []
    for slug, a in load_resource("reform_areas")["areas"].items():
        for phrase in (a["name"], slug.replace("_", " "), *a["words"]):
            out.append((_folded(phrase), slug))
    return tuple(sorted(out, key=lambda p: -len(p[0])))


def find_area(text: str) -> str | None:
    """The slug of the area named by `text` (its name, a part of it, a slug or a further word),
    accents optional; None when it names none, or more than one ("cải cách")."""
    wanted = _folded(text)
    if not wanted.strip():
        return None
    for phrase, slug in _phrases():
        if phrase == wanted:
            return slug
    # a part of a name ("thu tuc hanh chinh"), or words that hold a name
    partial = {slug for phrase, slug in _phrases() if wanted in phrase or phrase in wanted}
    return partial.pop() if len(partial) == 1 else None
