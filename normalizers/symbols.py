"""Type and issuer codes of document symbols, and the repair of codes that OCR damaged.

OCR misreads letters of a symbol ("QĐ-JGDĐT", "QĐ-BGIDĐT" for "QĐ-BGDĐT"). A code that is not known
is compared with the known ones (`doc_types.json` for types, `issuer_codes.json` for issuers) and
repaired only when exactly one of them lies within one edit: a code several known ones are near is
ambiguous, and a code no known one is near may be a local code the registry lacks (it stays as
printed). Issuer codes are tried in tiers: those of DOMAIN.md's registry first, then the provincial
department codes derived from ministries. Numbers are never touched here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data import load_resource
from .text import strip_accents

_MAX_EDITS = 1
_MIN_REPAIR_LENGTH = 3  # two-letter codes have too many neighbours one edit away ("TT", "TB", "TC")


@dataclass(frozen=True)
class Codes:
    types: frozenset[str]
    issuer_tiers: tuple[frozenset[str], ...]  # registered codes, then derived department codes
    issuer_names: dict[str, str]  # code → the body's name
    central: frozenset[str]
    d_stroke: dict[str, str]  # accent-folded code → the code with Đ ("ND" → "NĐ", "HDND" → "HĐND")

    @property
    def issuers(self) -> frozenset[str]:
        return frozenset().union(*self.issuer_tiers)


@lru_cache(maxsize=1)
def codes() -> Codes:
    types = frozenset(t["code"] for t in load_resource("doc_types")["types"] if t["code"])
    data = load_resource("issuer_codes")
    names = {c["code"]: c["name"] for c in data["codes"]}
    derived = {}
    for ministry in data["departments"]["ministries"]:
        derived["S" + ministry[1:]] = "Sở" + names[ministry].removeprefix("Bộ")
    registered = frozenset(names)
    with_d = {c for c in types | registered | set(derived) if "Đ" in c}
    return Codes(
        types=types,
        issuer_tiers=(registered, frozenset(derived) - registered),
        issuer_names={**derived, **names},
        central=frozenset(c["code"] for c in data["codes"] if c["central"]),
        d_stroke={strip_accents(c): c for c in with_d},
    )


_TERM_CODE = re.compile(r"(?:QH|UBTVQH)\d{0,2}")


def is_known_issuer(code: str) -> bool:
    return code in codes().issuers or bool(_TERM_CODE.fullmatch(code))


def _fold(code: str) -> str:
    return strip_accents(code).upper()


def bounded_edits(a: str, b: str) -> int:
    """Levenshtein distance, stopping early once it exceeds the repair limit."""
    if abs(len(a) - len(b)) > _MAX_EDITS:
        return _MAX_EDITS + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > _MAX_EDITS:
            return _MAX_EDITS + 1
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Repair:
    code: str | None  # the known code meant; None when none or several are near
    ambiguous: bool = False  # several known codes are near: too damaged to say which


def _nearest(segment: str, tiers: tuple[frozenset[str], ...], preferred: frozenset[str]) -> Repair:
    folded = _fold(segment)
    # the issuer the mention names settles it, even for a short code ("28/QĐ-TT … của Thủ tướng
    # Chính phủ": OCR lost the g of TTg); without it a two-letter code has too many neighbours
    stated = {c for c in preferred if bounded_edits(folded, _fold(c)) <= _MAX_EDITS}
    if len(stated) == 1:
        return Repair(stated.pop())
    if len(segment) < _MIN_REPAIR_LENGTH:
        return Repair(None)
    near = [[c for c in tier if bounded_edits(folded, _fold(c)) <= _MAX_EDITS] for tier in tiers]
    for tier in near:
        if len(tier) == 1:
            return Repair(tier[0])
        if len(tier) > 1:
            return Repair(None, ambiguous=True)
    return Repair(None)


def repair_issuer(segment: str, preferred: frozenset[str] = frozenset()) -> Repair:
    """An issuer code OCR damaged → the known code meant. `preferred`: codes of the issuer the
    mention names ("của Bộ Giáo dục và Đào tạo" → BGDĐT), which settle a tie."""
    return _nearest(segment, codes().issuer_tiers, preferred)


def repair_type(segment: str, wanted: str | None) -> Repair:
    """A type code OCR damaged → the known code: the one the type word before it names when it is
    within one edit ("Quyết định số 12/OĐ-UBND"), else the only known type code that near."""
    if wanted and bounded_edits(_fold(segment), _fold(wanted)) <= _MAX_EDITS:
        return Repair(wanted)
    return _nearest(segment, (codes().types,), frozenset())


def codes_of_issuer(issuer: str | None) -> frozenset[str]:
    """The codes whose body the stated issuer names ("Bộ trưởng Bộ Giáo dục và Đào tạo" → BGDĐT)."""
    if not issuer:
        return frozenset()
    lowered = issuer.lower()
    return frozenset(code for code, name in codes().issuer_names.items() if name.lower() in lowered)
