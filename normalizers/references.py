"""What people type to name a document → a query on the citations table.

"NĐ 130/2005", "nghi dinh 130/2005/ND-CP", "QĐ 1847 TTg", "18-NQ/TW", "Luật Ngân sách nhà nước 2015",
"luat ngan sach nha nuoc 2015": accents, Đ/D, spacing and word order are forgiven. Laws named in
words resolve through the law registry; everything else becomes (number, year, type, issuer codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .data import load_resource
from .laws import law_names, skeleton
from .text import strip_accents


@dataclass(frozen=True)
class Reference:
    number: str | None = None  # without leading zeros
    year: int | None = None
    doc_type: str | None = None
    codes: tuple[str, ...] = ()  # symbol segments given, accent-folded upper case ("ND", "CP", "TTG")
    keys: tuple[str, ...] = field(default=())  # exact keys (a law named in words)
    name: str | None = None


def _fold(text: str) -> str:
    return strip_accents(text).upper()


@lru_cache(maxsize=1)
def _type_words() -> list[tuple[str, str]]:
    """(accent-folded word or code, canonical type), longest first."""
    out = []
    for t in load_resource("doc_types")["types"]:
        out.append((_fold(t["name"]), t["name"]))
        if t["code"]:
            out.append((_fold(t["code"]), t["name"]))
    for alias, name in load_resource("citations")["type_aliases"].items():
        out.append((_fold(alias), name))
    return sorted(set(out), key=lambda x: -len(x[0]))


_NUMBER = re.compile(r"(?<![\w.])(\d{1,5}(?:\.\d{1,3})?[A-Za-z]?)(?:\s*[/-]\s*((?:19|20)\d\d))?(?![\d])")


_NAME_WORD = re.compile(r"[^\W\d_]+")


def _law_by_name(text: str) -> Reference | None:
    """A law named in words, in any case and with or without accents ("luat to chuc chinh quyen dia
    phuong 2025"): the registry's versions of the longest name it holds, those of the year it gives."""
    words = " " + " ".join(skeleton(w) for w in _NAME_WORD.findall(text)) + " "
    year = re.search(r"(?:19|20)\d\d", text)
    for name, versions in law_names():  # the longest name first
        if f" {name} " not in words:
            continue
        wanted = [v for v in versions if year and v.year == int(year.group(0))]
        chosen = [v for v in (wanted or list(versions)) if v.key]
        if chosen:
            return Reference(
                keys=tuple(v.key for v in chosen if v.key),
                name=versions[-1].name,
                doc_type=versions[-1].doc_type,
            )
    return None


def parse_reference(text: str) -> Reference:
    """A typed reference → what to look for. Raises ValueError when it names no document."""
    text = text.strip()
    if not text:
        raise ValueError("empty reference")
    if re.search(r"\b(?:bo\s+)?luat\b", strip_accents(text).lower()) and not re.search(
        r"\d+\s*/\s*\d{4}\s*/", text
    ):
        law = _law_by_name(text)
        if law is not None:
            return law
    folded = _fold(text)
    m = _NUMBER.search(folded)
    if m is None:
        raise ValueError(
            f"no document number in {text!r} (write it as on the page: 'NĐ 130/2005', '18-NQ/TW')"
        )
    number = re.sub(r"^0+(?=\d)", "", m.group(1)).lower()  # letters in numbers are lower case: 30c, 522b
    year = int(m.group(2)) if m.group(2) else None
    rest = (folded[: m.start()] + " " + folded[m.end() :]).replace("/", " ").replace("-", " ")
    doc_type = None
    for word, name in _type_words():
        if re.search(rf"(?<![A-Z]){re.escape(word)}(?![A-Z])", rest):
            doc_type = name
            rest = re.sub(rf"(?<![A-Z]){re.escape(word)}(?![A-Z])", " ", rest, count=1)
            break
    codes = tuple(c for c in re.findall(r"[A-Z][A-Z0-9&]*", rest) if c not in ("SO", "NGAY", "CUA", "NAM"))
    return Reference(number=number, year=year, doc_type=doc_type, codes=codes)


def matches(
    ref: Reference,
    key: str | None,
    doc_type: str | None,
    number: str | None,
    year: int | None,
    symbol: str | None,
) -> bool:
    """Does a citation row answer the reference?"""
    if ref.keys:
        return key in ref.keys
    if number is None or re.sub(r"^0+(?=\d)", "", number).lower() != (ref.number or "").lower():
        return False
    if ref.year is not None and year != ref.year:
        return False
    if ref.doc_type is not None and doc_type != ref.doc_type:
        return False
    segments = set(_fold(symbol or "").replace("/", "-").split("-"))
    return all(code in segments for code in ref.codes)
