"""Mentions of other documents ("Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ") →
`Citation` records with character offsets.

The recogniser is a spaCy pipeline: a blank Vietnamese language (`use_pyvi=False`, so no model is
loaded) whose only component, `vnplan_citations`, applies the rule grammar of
`resources/citations.json` and the law registry (normalizers/laws.py) and puts the mentions on
`doc.spans["citations"]` and the records on `doc._.citations`. Rules, codes and law numbers are data;
this module only strings them together:

1. a number/symbol (normative `n/yyyy/TYPE-ISSUER`, administrative `n/TYPE-ISSUER`, Party `n-TYPE/BODY`;
   after "Văn bản số" the free symbols of công văn: `12/YH/KT-TC`);
2. the nearest type word before it ("Công điện số"), which names the type and corrects a misprinted
   code (`968/CD-TTg` → `968/CĐ-TTg`); a Nghị định's issuer is always the Chính phủ;
3. the date and issuer stated after it ("ngày 28/5/2022 của Chính phủ");
4. a date stated once for a list ("Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW ngày 25/10/2017")
   is shared by the list;
5. laws cited by name resolve to their number through the registry, in the version the mention's
   year or date names or else the one in force on the citing document's date; a law the registry
   lacks is kept with key None; a law named inside the title of the document cited before it is
   part of that title;
6. on OCRed text, a type or issuer code that OCR damaged is repaired when exactly one known code is
   near it (normalizers/symbols.py); a symbol too damaged to repair is kept with key None and
   `damaged` set. Numbers are never changed.

Mentions broken across blocks, the document's own number and the repair of damaged mentions from the
document's other citations are document-level matters: normalizers/document_citations.py.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .data import load_resource
from .dates import date_at
from .laws import LAW_FAMILY, ORDINANCE_FAMILY, LawName, pick_version, read_law_name, standard_abbreviations
from .names import official_name
from .provinces import find_province
from .symbols import bounded_edits, codes, codes_of_issuer, is_known_issuer, repair_issuer, repair_type
from .text import loose_key, one_for_one_folds, strip_accents

_TRIGGER = re.compile(r"\d[\w.]*\s*[/⁄∕-]|[Ll]uật|Pháp\s+lệnh")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
_SO_BEFORE = re.compile(r"(?<!\w)[Ss]ố\s*:?\s*$")


@dataclass(frozen=True)
class CitingContext:
    """What the citing document says about itself: it resolves implied places and law versions."""

    province: str | None = None
    date: dt.date | None = None
    own_key: str | None = None
    file_name: str | None = None  # the citing file: its name may carry its number (document_citations)
    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # defined in the document


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    raw: str
    doc_type: str | None
    number: str | None
    year: int | None
    symbol: str | None
    key: str | None
    name: str | None = None
    issued_date: dt.date | None = None
    issuer: str | None = None
    province: str | None = None  # of a local issuer (stated or implied); None for central bodies
    by_name: bool = False
    number_start: int = 0  # where the number itself starts (masking keeps the type word)
    raw_symbol: str | None = None  # the symbol as printed, when the key corrects it
    damaged: bool = False  # OCR left too little of the symbol to key it: key None, raw kept

    @property
    def ref_id(self) -> str | None:
        """`key` when the key has a year; `key|issued_date|province` otherwise (contract)."""
        if not self.key:
            return None
        if self.year or self.by_name or re.search(r"/(?:19|20)\d\d/", self.key):
            return self.key
        date = self.issued_date.isoformat() if self.issued_date else ""
        return f"{self.key}|{date}|{self.province or ''}"


# ---------------------------------------------------------------- the grammar, compiled from data


@dataclass(frozen=True)
class _Grammar:
    candidates: tuple[tuple[str, re.Pattern[str]], ...]
    loose: re.Pattern[str]
    slash_issuer: re.Pattern[str]
    type_word: re.Pattern[str]
    name_tail: re.Pattern[str]
    code_to_type: dict[str, str]
    party_types: dict[str, str]  # the codes above and those only Party documents use ("CV")
    type_to_code: dict[str, str]
    type_names: dict[str, str]  # loose key of a type word → canonical type
    d_stroke: dict[str, str]  # accent-folded code → code with Đ
    central: frozenset[str]
    law_codes: dict[str, str]
    sole_issuer: dict[str, str]
    negative_before: re.Pattern[str]
    date_lead: re.Pattern[str]
    date_lead_bare: re.Pattern[str]
    issuer_lead: re.Pattern[str]
    joiner: re.Pattern[str]
    issuers: tuple[tuple[str, str], ...]  # (lower-case surface, name)
    local_issuer: re.Pattern[str]
    title_lead: re.Pattern[str]
    title_link: re.Pattern[str]
    title_max_gap: int
    ocr_digits: re.Pattern[str]
    ocr_digit_map: dict[int, str]


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    data = load_resource("citations")
    types = load_resource("doc_types")["types"]
    g = {k: v for k, v in data["grammar"].items() if not k.startswith("_")}
    for name in ("normative", "administrative", "party", "loose", "slash_issuer"):
        g[name] = re.sub(r"<<(\w+)>>", lambda piece: g[piece.group(1)], g[name])
    candidates = tuple((name, re.compile(g[name])) for name in ("normative", "party", "administrative"))
    type_names = {loose_key(t["name"]): t["name"] for t in types}
    type_names.update({loose_key(k): v for k, v in data["type_aliases"].items()})
    words = sorted({t["name"] for t in types} | set(data["type_aliases"]), key=len, reverse=True)
    words_re = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    type_word = re.compile(rf"(?<!\w)(?:{words_re})(?!\w)", re.IGNORECASE)
    type_codes = {t["code"]: t["name"] for t in types if t["code"]}
    negative = "|".join(re.escape(w) for w in sorted(data["negative_before"], key=len, reverse=True))
    issuers = tuple(sorted(((s.lower(), s) for s in data["issuers"]), key=lambda x: -len(x[0])))
    title, ocr = data["title"], data["ocr_digits"]
    return _Grammar(
        candidates=candidates,
        loose=re.compile(g["loose"]),
        slash_issuer=re.compile(g["slash_issuer"]),
        type_word=type_word,
        name_tail=re.compile(
            # "Luật Đấu thầu số", "Nghị định số:", "các Công văn: số" (a colon only right after the type)
            r"^(?:\s*:\s*(?:số\s*)?|(?P<name>(?:\s+(?!số\b)[^\s;:()|]+){0,24}?)\s*(?:\(\s*)?(?:số\s*:?\s*)?)$"
        ),
        code_to_type=type_codes,
        party_types={
            **type_codes,
            **{k: v for k, v in data["party_type_codes"].items() if not k.startswith("_")},
        },
        type_to_code={v: k for k, v in type_codes.items()},
        type_names=type_names,
        d_stroke=codes().d_stroke,
        central=codes().central,
        law_codes={k: v for k, v in data["law_codes"].items() if not k.startswith("_")},
        sole_issuer={k: v for k, v in data["sole_issuer"].items() if not k.startswith("_")},
        negative_before=re.compile(rf"(?<!\w)(?:{negative})\s*(?:số\s*)?:?\s*$"),
        date_lead=re.compile(data["date_lead"]),
        date_lead_bare=re.compile(data["date_lead_bare"]),
        issuer_lead=re.compile(data["issuer_lead"]),
        joiner=re.compile(data["list_joiners"]),
        issuers=issuers,
        local_issuer=re.compile(data["local_issuer"]),
        title_lead=re.compile(title["lead"]),
        title_link=re.compile(title["link"]),
        title_max_gap=title["max_gap"],
        ocr_digits=re.compile(ocr["pattern"]),
        ocr_digit_map=str.maketrans(ocr["map"]),
    )


# ---------------------------------------------------------------- pieces of one mention


def _segments(symbol: str) -> list[str]:
    return [s for s in re.sub(r"\s+", "", symbol).split("-") if s]


def _fix_code(segment: str, want: str | None, g: _Grammar) -> str:
    """A misprinted Đ code: 'CD' → 'CĐ' when the type word says Công điện, 'ND' → 'NĐ' always."""
    if want and segment != want and strip_accents(segment) == strip_accents(want):
        return want
    if segment not in g.code_to_type and segment not in g.central:
        return g.d_stroke.get(strip_accents(segment), segment)
    return segment


def _type_before(text: str, start: int, g: _Grammar) -> tuple[int, str, str] | None:
    """The nearest type word before a number, with the words between (a law's name): (start, type, name)."""
    window_start = max(0, start - 240)
    window = text[window_start:start]
    best = None
    for m in g.type_word.finditer(window):
        tail = g.name_tail.match(window[m.end() :])
        if tail:
            best = (m, (tail.group("name") or "").strip())
    if best is None:
        return None
    m, name = best
    canonical = g.type_names.get(loose_key(m.group(0)))
    if canonical is None:
        return None
    if name and canonical not in ("Luật", "Bộ luật", "Pháp lệnh") and len(name.split()) > 6:
        return None
    return window_start + m.start(), canonical, name


def _issuer_at(text: str, pos: int, g: _Grammar, ctx: CitingContext) -> tuple[str, str | None, int] | None:
    """'của UBND tỉnh Sóc Trăng' at pos → (official name, province of a local body, end)."""
    lead = g.issuer_lead.match(text, pos)
    if not lead:
        return None
    names: list[str] = []
    province = None
    at = lead.end()
    while True:
        found = _one_issuer(text, at, g, ctx)
        if not found:
            break
        name, local_province, end = found
        names.append(name)
        province = province or local_province
        join = re.compile(r"\s*(?:,|và|,\s*và)\s+").match(text, end)
        if not join or not _one_issuer(text, join.end(), g, ctx):
            at = end
            break
        at = join.end()
    if not names:
        return None
    return ", ".join(names), province, at


def _one_issuer(text: str, pos: int, g: _Grammar, ctx: CitingContext) -> tuple[str, str | None, int] | None:
    lowered = text[pos : pos + 80].lower()
    for surface, name in g.issuers:
        if lowered.startswith(surface) and not lowered[len(surface) : len(surface) + 1].isalnum():
            return name, None, pos + len(surface)
    m = g.local_issuer.match(text, pos)
    if not m:
        return None
    body = text[m.start() : m.end()].rstrip(" -")
    if m.group("level"):  # "UBND Thành phố" → "UBND thành phố": the level word is a common noun
        a, b = m.start("level") - m.start(), m.end("level") - m.start()
        body = body[:a] + body[a:b].lower() + body[b:]
    place = (m.group("place") or "").strip(" -")
    end = m.start() + len(body)
    province = find_province(place) if place else None
    if (
        not place
        and m.group("level")
        and re.fullmatch(r"tỉnh|thành\s+phố", m.group("level").lower())
        and ctx.province
    ):
        body = f"{body} {ctx.province}"  # "của UBND tỉnh" in a plan of Lâm Đồng means Lâm Đồng's
        province = ctx.province
    elif not province and m.group("level") is None:
        province = ctx.province  # a Sở or Ban of the citing document's province
    return official_name(body) or body, province, end


def _number_key(number: str) -> str:
    return _LEADING_ZEROS.sub("", number)


@dataclass
class _Symbol:
    """What the symbol of one mention says once read: its type, its segments, and what was repaired."""

    doc_type: str | None
    segments: list[str]
    damaged: bool = False


def _is_law_head(segment: str, g: _Grammar) -> str | None:
    return next((code for code in g.law_codes if re.fullmatch(rf"{code}\d*", segment)), None)


def _read_symbol(
    segments: list[str],
    type_name: str | None,
    listed: bool,
    ocr: bool,
    stated_issuer: str | None,
    g: _Grammar,
) -> _Symbol | None:
    """The type and the repaired segments of a normative or administrative symbol; None when the
    number is no document's ("4/CQ2"). `listed`: the number follows a type word or "số"."""
    want = g.type_to_code.get(type_name or "")
    cong_van = type_name == "Công văn"  # a công văn's symbol starts with its issuer, not a type code
    if not cong_van:
        segments[0] = _fix_code(segments[0], want, g)
    segments[1:] = [_fix_code(s, None, g) for s in segments[1:]]
    damaged = False
    if ocr:
        verdict = _repair_ocr(segments, want, cong_van, listed, stated_issuer, g)
        if verdict is None:
            return None
        damaged = verdict
    head = segments[0]
    sole = g.sole_issuer.get(head)
    if sole and len(segments) == 2 and segments[1] != sole:
        segments[1] = sole  # "26/2020/NĐ-TTg … của Chính phủ": a Nghị định is the Chính phủ's
    law_head = _is_law_head(head, g)
    if law_head:
        law_types = ("Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh")
        return _Symbol(type_name if type_name in law_types else g.law_codes[law_head], segments, damaged)
    if cong_van:
        return _Symbol(type_name, segments, damaged)
    if head in g.code_to_type:
        doc_type = g.code_to_type[head]
        if type_name and g.type_to_code.get(type_name) == head:
            doc_type = type_name
        if type_name in ("Thông tư liên tịch", "Nghị quyết liên tịch") and head in (
            "TTLT",
            "NQLT",
            "TT",
            "NQ",
        ):
            doc_type = type_name
        return _Symbol(doc_type, segments, damaged)
    if type_name:
        return _Symbol(type_name, segments, damaged)  # the type word names it; the symbol has no type code
    if listed and is_known_issuer(head):
        return _Symbol("Công văn", segments, damaged)  # "các Công văn: số 87/HĐND-KTNS, số 208/HĐND-KTNS"
    if damaged:
        return _Symbol(None, segments, damaged)
    return None  # "4/CQ2", "03/HNMT": not a document number


def _repair_ocr(
    segments: list[str],
    want: str | None,
    cong_van: bool,
    listed: bool,
    stated_issuer: str | None,
    g: _Grammar,
) -> bool | None:
    """Repair in place the codes OCR damaged: True when the symbol is too damaged to key, None when
    it is no document number at all."""
    head = segments[0]
    typed = not cong_van and not _is_law_head(head, g)
    if typed and head not in g.code_to_type and not is_known_issuer(head):
        fixed = repair_type(head, want)
        if fixed.code:
            segments[0] = fixed.code
        elif listed:
            return True  # "Nghị quyết số 66/N", "Tờ trình số 6326/TI"
        else:
            return None
    at = 1 if typed and segments[0] in g.code_to_type else 0
    if at >= len(segments):
        return listed  # the type code alone: the issuer was lost ("số 66/NQ")
    if _is_law_head(segments[at], g) or is_known_issuer(segments[at]):
        return False
    fixed = repair_issuer(segments[at], codes_of_issuer(stated_issuer))
    if fixed.code:
        segments[at] = fixed.code
    return fixed.ambiguous


def _date_after(
    folded: str, dates_text: str, end: int, start: int, g: _Grammar
) -> tuple[dt.date | None, int]:
    lead = g.date_lead.match(folded, end) or g.date_lead_bare.match(folded, end)
    if lead:
        found = date_at(dates_text, lead.end())
        if found:
            issued, end = found
            if folded[end : end + 1] == ")" and "(" in folded[start - 5 : start]:
                end += 1
            return issued, end
    return None, end


def _build(
    kind: str,
    m: re.Match[str],
    text: str,
    folded: str,
    dates_text: str,
    g: _Grammar,
    ctx: CitingContext,
    ocr: bool,
) -> tuple[Citation, int] | None:
    """One numbered mention at `m` → (its citation, where its symbol ends), or None."""
    start = m.start()
    before = _type_before(folded, start, g)
    if before is None and g.negative_before.search(folded[max(0, start - 30) : start]):
        return None
    type_name = before[1] if before else None
    if type_name == "Công văn" and kind != "party":
        loose = g.loose.match(folded, start)
        if loose and loose.end() >= m.end():
            m, kind = loose, "loose"  # "Văn bản số 12/YH/KT-TC": the issuer's own codes
    law_name = before[2] if before and before[1] in _LAW_TYPES and before[2] else None
    listed = before is not None or bool(_SO_BEFORE.search(folded, max(0, start - 8), start))
    number = m.group("number")
    symbol_end = m.end()
    year = int(m.group("year")) if kind in ("normative", "loose") and m.group("year") else None
    printed = re.sub(r"\s+", "", text[m.start("symbol" if kind != "party" else "ptype") : m.end()])
    segments: list[str] = []
    if kind != "party":
        segments = _segments(m.group("symbol"))
        if not segments:
            return None
        if kind != "loose" and len(segments) == 1:
            more = g.slash_issuer.match(folded, symbol_end)  # "88/2016/TTLT/BTC-BTNMT"
            if more and strip_accents(segments[0]) in {strip_accents(c) for c in g.code_to_type}:
                rest = _segments(more.group("rest"))
                if is_known_issuer(rest[0]):
                    segments += rest
                    printed = re.sub(r"\s+", "", text[m.start("symbol") : more.end()])
                    symbol_end = more.end()
    issued, end = _date_after(folded, dates_text, symbol_end, start, g)
    found_issuer = _issuer_at(folded, end, g, ctx)
    issuer, province = None, None
    if found_issuer:
        issuer, province, end = found_issuer
    damaged = False
    if kind == "party":
        ptype = _fix_code(m.group("ptype"), g.type_to_code.get(type_name or ""), g)
        if ptype not in g.party_types:
            fixed = repair_type(ptype, g.type_to_code.get(type_name or "")) if ocr else None
            if fixed is None or (fixed.code is None and not listed):
                return None
            damaged = fixed.code is None
            ptype = fixed.code or ptype
        symbol = f"{ptype}/{m.group('body')}"
        key = None if damaged else f"{_number_key(number)}-{symbol}"
        doc_type: str | None = type_name or g.party_types.get(ptype)
        local = m.group("body") not in g.central
    else:
        read = _read_symbol(segments, type_name, listed, ocr, issuer, g)
        if read is None:
            return None
        doc_type, damaged = read.doc_type, read.damaged
        symbol = "-".join(read.segments)
        if damaged:
            key = None
        else:
            key = f"{_number_key(number)}/{year}/{symbol}" if year else f"{_number_key(number)}/{symbol}"
        issuers = read.segments[1:] if read.segments[0] in g.code_to_type else read.segments
        local = not _is_law_head(read.segments[0], g) and any(
            s not in g.central and not re.fullmatch(r"(?:QH|UBTVQH)\d*", s) for s in issuers
        )
    if key is not None and ctx.own_key and key == ctx.own_key:
        return None
    if local and province is None:
        province = ctx.province
    if not local:
        province = None
    mention_start = before[0] if before else start
    return (
        Citation(
            mention_start,
            end,
            text[mention_start:end],
            doc_type,
            number,
            year,
            symbol,
            key,
            name=law_name and f"{type_name} {law_name}",
            issued_date=issued,
            issuer=issuer,
            province=province,
            number_start=start,
            raw_symbol=printed if damaged or printed != symbol else None,
            damaged=damaged,
        ),
        symbol_end,
    )


# ---------------------------------------------------------------- laws cited by name

_LAW_HEAD = re.compile(r"(?<!\w)(?:Bộ\s+[Ll]uật|Luật|Pháp\s+lệnh)\s+")
# a number right after a law's name is its number ("Luật Đấu thầu số 22/2023/QH15"); past a line end
# only with "số" (a table's next row may start with its ordinal)
_NUMBER_NEXT = re.compile(r"[ \t]*(?:\(\s*)?(?:số\s*:?\s*)?(?=\d)|\s*(?:\(\s*)?số\s*:?\s*(?=\d)")
_LAW_YEAR = re.compile(
    r"\s*năm\s+(?P<year>(?:19|20)\d\d)(?!\d)|[ \t]+(?P<bare>(?:19|20)\d\d)(?![\d/]|[.,]\d)"
)
_LAW_DATE = re.compile(r"[ \t]*(?:,\s*)?(?:ngày\s+|(?=\d{1,2}\s*(?:/|tháng)))")
_TITLE_JOINER = re.compile(r"\s*(?:,|và|,\s*và)\s*$")
_CLAUSE_BREAK = re.compile(r";|\.\s+[A-ZĐ]|(?<!\w)Căn\s+cứ\b|\|")


def _law_doc_type(head: str) -> str:
    return "Pháp lệnh" if head.startswith("Pháp") else "Bộ luật" if head.startswith("Bộ") else "Luật"


def _in_title(text: str, after: int, head: int, g: _Grammar) -> bool:
    """Is a law named at `head` part of the title of the document cited just before, ending at
    `after` ("Nghị định số 136/2020/NĐ-CP … Quy định chi tiết một số điều của Luật …")?"""
    gap = text[after:head]
    if len(gap) > g.title_max_gap or _CLAUSE_BREAK.search(gap):
        return False
    return bool(g.title_lead.match(gap) and g.title_link.search(gap))


def _stated_version(text: str, end: int) -> tuple[dt.date | None, int | None, int]:
    """The year or adoption date written after a law's name: (date, year, end)."""
    year = _LAW_YEAR.match(text, end)
    if year:
        return None, int(year.group("year") or year.group("bare")), year.end()
    lead = _LAW_DATE.match(text, end)
    if lead:
        found = date_at(text, lead.end())
        if found:
            return found[0], found[0].year, found[1]
    return None, None, end


def _misread_year(stated: dt.date, adopted: dt.date) -> bool:
    """The same day and month, a year one digit off: OCR misread the year of the adoption date."""
    same_day = (stated.month, stated.day) == (adopted.month, adopted.day)
    return same_day and stated != adopted and bounded_edits(str(stated.year), str(adopted.year)) == 1


def _laws_by_name(
    text: str, folded: str, found: list[Citation], ctx: CitingContext, g: _Grammar, ocr: bool
) -> tuple[list[Citation], list[Citation]]:
    """Laws named in words → (the numbered citations, with a law's name joined to its number, and
    the by-name citations)."""
    abbreviations = {**standard_abbreviations(), **ctx.abbreviations} if ctx.abbreviations else None
    numbered = list(found)
    at_number = {c.number_start: i for i, c in enumerate(numbered)}
    named: list[Citation] = []
    covered, title_end = 0, -1
    for head in _LAW_HEAD.finditer(folded):
        start = head.start()
        if start < covered or any(c.start <= start < c.end for c in numbered):
            continue
        family = ORDINANCE_FAMILY if head.group(0).startswith("Pháp") else LAW_FAMILY
        name = read_law_name(folded, head.end(), family, abbreviations)
        if name is None:
            continue
        end = name.end
        follows = _NUMBER_NEXT.match(folded, end)
        if follows and follows.end() in at_number:
            i = at_number[follows.end()]
            c = numbered[i]
            if c.doc_type in _LAW_TYPES and not (
                name.amending and c.key in {v.key for v in name.inner_versions}
            ):
                # "Luật sửa đổi, bổ sung … của Luật A, …, Luật B số 90/2025/QH15": the whole name's number
                numbered[i] = replace(
                    c, start=start, raw=text[start : c.end], name=_printed(text, start, end)
                )
                covered = c.end
                continue
        previous = max((c.end for c in numbered + named if c.end <= start), default=-1)
        if (title_end >= 0 and _TITLE_JOINER.match(folded[title_end:start])) or (
            previous >= 0 and _in_title(folded, previous, start, g)
        ):
            title_end = covered = end  # part of the title of the document cited before it
            continue
        stated, year, end = _stated_version(folded, end)
        law = pick_version(name.versions, stated, year, ctx.date) if name.versions else None
        if ocr and stated and law and law.adopted and _misread_year(stated, law.adopted):
            stated = law.adopted  # "ngày 16/6/2029" read by OCR for the 16/6/2025 of the law meant
        named.append(_named_citation(text, start, end, name, law, stated, head.group(0)))
        covered = end
    return numbered, named


def _printed(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[start:end]).strip()


def _named_citation(
    text: str, start: int, end: int, name: LawName, law: Any, stated: dt.date | None, head: str
) -> Citation:
    return Citation(
        start,
        end,
        text[start:end],
        law.doc_type if law else _law_doc_type(head),
        None,
        None,
        None,
        law.key if law else None,
        name=(law.name if law and law.name else _printed(text, start, name.end)),
        issued_date=stated,
        by_name=True,
        number_start=start,
    )


def _share_list_dates(found: list[Citation], text: str, g: _Grammar) -> list[Citation]:
    """'Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW ngày 25/10/2017': the date (and issuer)
    written after the last item of a list belongs to every item of it."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        here, nxt = out[i], out[i + 1]
        if here.issued_date or here.by_name or not nxt.issued_date:
            continue
        if g.joiner.match(text[here.end : nxt.start]):
            out[i] = replace(
                here,
                issued_date=nxt.issued_date,
                issuer=here.issuer or nxt.issuer,
                province=here.province or nxt.province,
            )
    return out


def _ocr_digits(text: str, g: _Grammar) -> str:
    """`text` with the letters OCR reads for digits inside digit groups folded ("0!" → "01"), one
    for one: only for reading the date after a mention."""
    return g.ocr_digits.sub(lambda m: m.group(0).translate(g.ocr_digit_map), text)


def recognise(text: str, ctx: CitingContext = CitingContext(), ocr: bool = False) -> list[Citation]:
    """Every mention of another document in `text`, in order (the rule engine of the pipeline).
    `ocr`: the text was read by OCR, so damaged codes are repaired or flagged."""
    if not text or not _TRIGGER.search(text):
        return []
    g = grammar()
    # look-alike slashes and dashes, Đ look-alikes, Cyrillic letters inside symbols ("NĐ-СР"),
    # folded one for one so that offsets stay valid (characters.json)
    folded = text.translate(one_for_one_folds())
    dates_text = _ocr_digits(folded, g) if ocr else folded
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in g.candidates:
        for m in regex.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            built = _build(kind, m, text, folded, dates_text, g, ctx, ocr)
            if built is None:
                continue
            citation, symbol_end = built
            taken.append((m.start(), symbol_end))
            found.append(citation)
    found.sort(key=lambda c: c.start)
    numbered, named = _laws_by_name(text, folded, found, ctx, g, ocr)
    return _share_list_dates(sorted(numbered + named, key=lambda c: c.start), folded, g)


def mask_references(text: str) -> str:
    """`text` with every document number (and the date and issuer after it) blanked, so that a
    date reader never takes `30/2020` of `30/2020/NĐ-CP` for a month. Type words stay."""
    chars = list(text)
    for c in recognise(text):
        for i in range(c.number_start, c.end):
            chars[i] = "#" if not chars[i].isspace() else chars[i]
    return "".join(chars)


# ---------------------------------------------------------------- the spaCy pipeline

_FACTORY = "vnplan_citations"


def _register() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if not Doc.has_extension("citations"):
        Doc.set_extension("citations", default=None)
    if _FACTORY in Language.factories:
        return

    @Language.factory(_FACTORY)
    def make_component(nlp: Any, name: str) -> CitationComponent:  # noqa: ARG001 (spaCy's signature)
        return CitationComponent()


class CitationComponent:
    """spaCy component: rule-based citation spans; the citing document comes in `component_cfg`."""

    def __call__(
        self, doc: Any, context: CitingContext | None = None, ocr: bool = False, text: str | None = None
    ) -> Any:
        # `text`: the string the doc was made from, when the caller has it — `doc.text` rebuilds it
        # token by token, which costs more than the whole rule pass
        citations = recognise(doc.text if text is None else text, context or CitingContext(), ocr)
        spans = []
        for c in citations:
            span = doc.char_span(c.start, c.end, label=c.doc_type or "citation", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["citations"] = spans
        doc._.citations = citations
        return doc


@contextmanager
def _without_torch():
    """spaCy's thinc imports PyTorch whenever it is installed (docling and other tools bring it):
    1.4 s and over 100 MB per process, for models this rule-only pipeline never runs. While spaCy
    is first imported, `import torch` fails; afterwards it works again for anyone else."""
    blocked = "torch" not in sys.modules and "thinc" not in sys.modules
    if blocked:
        sys.modules["torch"] = None  # None: Python's marker for "not importable"
    try:
        yield
    finally:
        if blocked and sys.modules.get("torch", False) is None:
            del sys.modules["torch"]


@lru_cache(maxsize=1)
def citation_pipeline() -> Any:
    """Blank Vietnamese spaCy pipeline (no pyvi, no model) with the citation component."""
    with _without_torch():
        import spacy

    _register()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe(_FACTORY)
    return nlp


NLP_MAX_CHARS = 100_000  # spaCy refuses a text over its max_length (1,000,000): longer blocks go in pieces


def text_pieces(text: str, limit: int = NLP_MAX_CHARS) -> list[tuple[int, str]]:
    """`text` as (offset, piece) of at most `limit` characters each, cut after a sentence end or a
    line break in the second half of the window (a mention never spans one), else at a blank."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("; "), window.rfind("\n")) + 1
        if cut < limit // 2:
            cut = window.rfind(" ") + 1 or limit
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def find_citations(text: str, ctx: CitingContext = CitingContext(), ocr: bool = False) -> list[Citation]:
    """Run the spaCy pipeline on one block (`ocr`: read by OCR); blocks with no digit-slash and no
    'Luật' are skipped before tokenising, which is most of them. A block longer than NLP_MAX_CHARS
    (a paragraph of a million characters was seen) is read in pieces, its mentions placed in the
    whole text."""
    if not text or not _TRIGGER.search(text):
        return []
    nlp = citation_pipeline()
    found: list[Citation] = []
    for at, piece in text_pieces(text):
        doc = nlp(piece, component_cfg={_FACTORY: {"context": ctx, "ocr": ocr, "text": piece}})
        found.extend(
            c if not at else replace(c, start=c.start + at, end=c.end + at, number_start=c.number_start + at)
            for c in doc._.citations
        )
    return found
