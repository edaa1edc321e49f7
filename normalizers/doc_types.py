"""Document types and document keys: a type line ("KẾ HOẠCH") or a symbol's type code ("KH-UBND")
→ the canonical type name (`doc_types.json`), and number/year/symbol → the contract's key."""

from __future__ import annotations

from functools import lru_cache

from .data import load_resource
from .text import match_key


def _types() -> list[dict]:
    return load_resource("doc_types")["types"]


@lru_cache(maxsize=1)
def plan_types() -> frozenset[str]:
    """The type names of documents that are plans (and so have tasks, targets and plan years)."""
    return frozenset(t["name"] for t in _types() if t.get("plan"))


def type_by_name(text: str) -> str | None:
    key = " ".join(match_key(text).split())
    for t in _types():
        if match_key(t["name"]) == key:
            return t["name"]
    return None


def code_of_type(name: str | None) -> str | None:
    """The symbol's type code of a type name ("Tờ trình" → "TTr"), None for types without one."""
    return next((t["code"] for t in _types() if t["name"] == name and t["code"]), None)


def type_by_code(symbol: str | None) -> str | None:
    if not symbol:
        return None
    first = symbol.split("-")[0]
    for t in _types():
        if t["code"] and t["code"] == first:
            return t["name"]
    return None


def document_key(number: str | None, year: int | None, symbol: str | None) -> str | None:
    """`{number}/{year}/{symbol}` or `{number}/{symbol}`; number without leading zeros."""
    if not number or not symbol:
        return None
    number = number.lstrip("0") or "0"
    return f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"
