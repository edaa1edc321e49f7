"""Units (who leads, who coordinates) in responsibility cells → canonical units with stable ids.

`split_units` cuts a cell into unit mentions: on `;` and new lines always, on `,` and `và` only where
the text after them starts a new body (`resources/units.json` heads), never inside a collective name
("Các sở, ban, ngành") or a name that contains a comma ("Phòng Quản lý Quy hoạch, Xây dựng và Môi
trường"). A parenthesised qualifier ("Văn phòng (Bộ phận 1 cửa)") is kept as the mention's note.
Persons named as doers, one per line ("Đỗ Mạnh Cường\nVũ Việt Linh"), are units of their own.
`canonical_unit` expands abbreviations, normalises list punctuation and synonyms, classifies the
unit, scopes local bodies to a province and gives it an id that does not depend on spelling.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from .data import expand_letters, load_resource
from .provinces import find_province
from .text import clean_text, loose_key, modern_spelling


@dataclass(frozen=True)
class UnitMention:
    raw: str  # the mention as printed (with its qualifier)
    name: str  # the mention without its qualifier
    note: str | None  # "Bộ phận 1 cửa" of "Văn phòng (Bộ phận 1 cửa)"


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    kind: str
    province: str | None
    scope: str | None  # the issuing body for an internal division ("Văn phòng" of a Ban Quản lý)


@dataclass(frozen=True)
class UnitContext:
    province: str | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class _Tables:
    head: re.Pattern[str]
    collective: re.Pattern[str]
    synonyms: dict[str, str]
    abbreviations: tuple[tuple[re.Pattern[str], str], ...]
    kinds: tuple[tuple[str, str], ...]
    central: tuple[str, ...]
    internal: tuple[str, ...]
    not_units: tuple[re.Pattern[str], ...]
    person: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = load_resource("units")
    abbreviations = tuple(
        (re.compile(rf"(?<![\w&]){re.escape(a)}(?![\w&])"), full)
        for a, full in sorted(data["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    )
    return _Tables(
        head=re.compile(rf"(?:{_alternation(data['heads'])})(?!\w)", re.IGNORECASE),
        collective=re.compile(rf"(?<!\w)(?:{_alternation(data['collectives'])})(?!\w)", re.IGNORECASE),
        synonyms={loose_key(k): v for k, v in data["synonyms"].items()},
        abbreviations=abbreviations,
        kinds=tuple((loose_key(prefix), kind) for prefix, kind in data["kinds"]),
        central=tuple(loose_key(c) for c in data["central"]),
        internal=tuple(loose_key(c) for c in data["internal"]),
        not_units=tuple(re.compile(p, re.IGNORECASE) for p in data["not_units"]),
        person=re.compile(expand_letters(data["person"]["pattern"])),
    )


def _opens_person(text: str) -> bool:
    """The text after a comma or 'và' starts with a person's name ("…, Vũ Việt Linh và …")."""
    return is_person(re.split(r"\s*[,;]\s*|\s+và\s+", text, maxsplit=1)[0])


def is_person(name: str) -> bool:
    """A person named as a doer ("Đỗ Mạnh Cường", "Ông Nguyễn Văn An"), not a body."""
    t = _tables()
    name = clean_text(name)
    return bool(t.person.match(name)) and not t.head.match(name)


_PARENS = re.compile(r"\s*\(([^()]*)\)")
_JOINER = re.compile(r"\s*,\s*(?:và\s+)?|\s+và\s+", re.IGNORECASE)


def _protect(text: str, t: _Tables) -> tuple[str, list[str]]:
    """Replace collective names and parentheses by placeholders so their commas do not split."""
    kept: list[str] = []

    def keep(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _PARENS.sub(keep, text)
    return t.collective.sub(keep, text), kept


def _restore(text: str, kept: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


def split_units(cell: str | None) -> list[UnitMention]:
    """A responsibility cell → its unit mentions, in order."""
    t = _tables()
    text = clean_text(cell, keep_newlines=True)
    # a qualifier on its own line, or a line that ends in 'và' / ',' (a wrapped cell), continues the line
    text = re.sub(r"\n\s*(?=\()|(?<=,)\s*\n\s*|(?<=\svà)\s*\n\s*", " ", text)
    out: list[UnitMention] = []
    lines: list[str] = []
    for line in text.split("\n"):  # a line that does not start a body (or name a person) continues
        if lines and not t.head.match(line.strip()) and not (is_person(line) and is_person(lines[-1])):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line.strip())
    for piece in re.split(r";+", "\n".join(lines).replace("\n", ";")):
        protected, kept = _protect(piece, t)
        parts: list[str] = []
        at = 0
        for m in _JOINER.finditer(protected):
            after = _restore(protected[m.end() :], kept)
            if parts or protected[: m.start()].strip():
                before = _restore(protected[at : m.start()], kept).strip()
                if (t.head.match(after) and t.head.match(before)) or (
                    is_person(before) and _opens_person(after)
                ):
                    parts.append(protected[at : m.start()])
                    at = m.end()
        parts.append(protected[at:])
        for part in parts:
            raw = _restore(part, kept).strip(" .,;:-–")
            if not raw or any(p.search(raw) for p in t.not_units):
                continue
            notes = [n.strip() for n in _PARENS.findall(raw)]
            name = clean_text(re.sub(r"[()]", " ", _PARENS.sub("", raw))).strip(
                " .,;:-–"
            )  # stray brackets too
            if name:
                out.append(UnitMention(raw, name, "; ".join(notes) or None))
    return out


def expand_unit_abbreviations(name: str) -> str:
    for regex, full in _tables().abbreviations:
        name = regex.sub(full, name)
    return name


def canonical_name(name: str) -> str:
    """Abbreviations expanded, list punctuation and synonyms normalised, first letter upper."""
    t = _tables()
    name = modern_spelling(clean_text(expand_unit_abbreviations(clean_text(name))))
    name = re.sub(r"\s*,\s*", ", ", name).strip(" .,;:")
    name = t.synonyms.get(loose_key(name), name)
    return name[:1].upper() + name[1:]


def unit_kinds() -> tuple[str, ...]:
    """Every kind `unit_kind` gives, in the order of units.json, then `person` and `other`."""
    listed = dict.fromkeys(kind for _, kind in _tables().kinds)
    return (*listed, "person", "other")


def unit_kind(name: str) -> str:
    if is_person(name):
        return "person"
    key = loose_key(name)
    for prefix, kind in _tables().kinds:
        if key == prefix or key.startswith(prefix + " "):
            return kind
    return "other"


def _is_central(key: str, t: _Tables) -> bool:
    return any(key == c or key.startswith(c + " ") for c in t.central)


def _is_internal(key: str, t: _Tables) -> bool:
    """'Văn phòng', 'Phòng KHTH': a division of the issuing body itself, named without its parent."""
    if not any(key == c or key.startswith(c + " ") for c in t.internal):
        return False
    return not set(key.split()) & _parent_words()


@lru_cache(maxsize=1)
def _parent_words() -> set[str]:
    """Words that name a parent body or a place: 'Văn phòng UBND tỉnh' is not internal."""
    return {loose_key(w) for w in ("ủy", "uỷ", "tỉnh", "huyện", "xã", "phường", "sở", "thành phố")}


def canonical_unit(name: str, context: UnitContext = UnitContext()) -> Unit:
    """The canonical unit of a mention; the id depends on the canonical name's key and its scope."""
    t = _tables()
    canonical = canonical_name(name)
    key = loose_key(canonical)
    province = None
    scope = None
    if not _is_central(key, t):
        province = find_province(canonical) or context.province
        if _is_internal(key, t):
            scope = context.issuer
    ident = "|".join([key, province or "", loose_key(scope) if scope else ""])
    unit_id = "u" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[:12]
    return Unit(unit_id, canonical, unit_kind(canonical), province, scope)
