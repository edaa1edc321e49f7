"""Mentions of other documents ("Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ") →
`Citation` records with character offsets.

The recogniser is a spaCy pipeline: a blank Vietnamese language (`use_pyvi=False`, so no model is
loaded) whose only component, `vnplan_citations`, applies the rule grammar of
`resources/citations.json` and the law registry `resources/laws.json` and puts the mentions on
`doc.spans["citations"]` and the records on `doc._.citations`. Rules, codes and law numbers are data;
this module only strings them together:

1. a number/symbol (normative `n/yyyy/TYPE-ISSUER`, administrative `n/TYPE-ISSUER`, Party `n-TYPE/BODY`);
2. the nearest type word before it ("Công điện số"), which names the type and corrects a misprinted
   code (`968/CD-TTg` → `968/CĐ-TTg`);
3. the date and issuer stated after it ("ngày 28/5/2022 của Chính phủ");
4. a date stated once for a list ("Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW ngày 25/10/2017")
   is shared by the list;
5. laws cited by name resolve to their number through the registry.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .data import load_resource
from .dates import date_at
from .names import official_name
from .provinces import find_province
from .text import loose_key, one_for_one_folds, strip_accents

_TRIGGER = re.compile(r"\d[\w.]*\s*[/⁄∕-]|[Ll]uật")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")


@dataclass(frozen=True)
class CitingContext:
    """What the citing document says about itself: it resolves implied places and law versions."""

    province: str | None = None
    date: dt.date | None = None
    own_key: str | None = None


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
    type_word: re.Pattern[str]
    name_tail: re.Pattern[str]
    code_to_type: dict[str, str]
    type_to_code: dict[str, str]
    type_names: dict[str, str]  # loose key of a type word → canonical type
    d_stroke: dict[str, str]  # accent-folded code → code with Đ
    central: frozenset[str]
    law_codes: dict[str, str]
    negative_before: re.Pattern[str]
    date_lead: re.Pattern[str]
    issuer_lead: re.Pattern[str]
    joiner: re.Pattern[str]
    issuers: tuple[tuple[str, str], ...]  # (lower-case surface, name)
    local_issuer: re.Pattern[str]


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    data = load_resource("citations")
    types = load_resource("doc_types")["types"]
    g = dict(data["grammar"])
    for name in ("normative", "administrative", "party"):
        g[name] = re.sub(r"<<(\w+)>>", lambda piece: g[piece.group(1)], g[name])
    candidates = tuple((name, re.compile(g[name])) for name in ("normative", "party", "administrative"))
    type_names = {loose_key(t["name"]): t["name"] for t in types}
    type_names.update({loose_key(k): v for k, v in data["type_aliases"].items()})
    words = sorted({t["name"] for t in types} | set(data["type_aliases"]), key=len, reverse=True)
    words_re = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    type_word = re.compile(rf"(?<!\w)(?:{words_re})(?!\w)", re.IGNORECASE)
    codes = {t["code"]: t["name"] for t in types if t["code"]}
    d_stroke = {strip_accents(c): c for c in data["d_stroke_codes"]}
    negative = "|".join(re.escape(w) for w in sorted(data["negative_before"], key=len, reverse=True))
    issuers = tuple(sorted(((s.lower(), s) for s in data["issuers"]), key=lambda x: -len(x[0])))
    return _Grammar(
        candidates=candidates,
        type_word=type_word,
        name_tail=re.compile(r"^(?P<name>(?:\s+(?!số\b)[^\s;:()|]+){0,24}?)\s*(?:\(\s*)?(?:số\s*:?\s*)?$"),
        code_to_type=codes,
        type_to_code={v: k for k, v in codes.items()},
        type_names=type_names,
        d_stroke=d_stroke,
        central=frozenset(data["central_issuers"]),
        law_codes={k: v for k, v in data["law_codes"].items() if not k.startswith("_")},
        negative_before=re.compile(rf"(?<!\w)(?:{negative})\s*(?:số\s*)?:?\s*$"),
        date_lead=re.compile(data["date_lead"]),
        issuer_lead=re.compile(data["issuer_lead"]),
        joiner=re.compile(data["list_joiners"]),
        issuers=issuers,
        local_issuer=re.compile(data["local_issuer"]),
    )


@dataclass(frozen=True)
class Law:
    name: str
    doc_type: str
    number: str | None  # None: a known name whose number is not verified
    adopted: dt.date | None
    in_force: dt.date | None

    @property
    def effective(self) -> dt.date:
        """The day it took effect; when not recorded, 1 January after its adoption year."""
        if self.in_force:
            return self.in_force
        if self.adopted:
            return dt.date(self.adopted.year + 1, 1, 1)
        return dt.date(int(self.number.split("/")[1]) + 1, 1, 1) if self.number else dt.date.max


@lru_cache(maxsize=1)
def law_registry() -> dict[str, list[Law]]:
    """Loose key of the name without its head word ("ngân sách nhà nước") → versions, oldest first."""
    out: dict[str, list[Law]] = {}
    for r in load_resource("laws")["laws"]:
        law = Law(
            r["name"],
            r["doc_type"],
            r["number"],
            dt.date.fromisoformat(r["adopted"]) if r["adopted"] else None,
            dt.date.fromisoformat(r["in_force"]) if r["in_force"] else None,
        )
        out.setdefault(_law_name_key(law.name), []).append(law)
    for versions in out.values():
        versions.sort(key=lambda v: v.effective)
    return out


def _law_name_key(name: str) -> str:
    key = loose_key(name)
    for head in (loose_key("Bộ luật"), loose_key("Luật")):
        if key.startswith(head + " "):
            return key[len(head) + 1 :]
    return key


# ---------------------------------------------------------------- pieces of one mention


def _segments(symbol: str) -> list[str]:
    return [s for s in re.sub(r"\s+", "", symbol).split("-") if s]


def _fix_code(segment: str, want: str | None, g: _Grammar) -> str:
    """A misprinted Đ code: 'CD' → 'CĐ' when the type word says Công điện, 'ND' → 'NĐ' always."""
    if want and segment != want and strip_accents(segment) == strip_accents(want):
        return want
    if segment not in g.code_to_type and segment not in g.central:
        return g.d_stroke.get(segment, segment)
    return segment


def _type_before(text: str, start: int, g: _Grammar) -> tuple[int, str, str] | None:
    """The nearest type word before a number, with the words between (a law's name): (start, type, name)."""
    window_start = max(0, start - 240)
    window = text[window_start:start]
    best = None
    for m in g.type_word.finditer(window):
        tail = g.name_tail.match(window[m.end() :])
        if tail:
            best = (m, tail.group("name").strip())
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


def _build(
    kind: str, m: re.Match[str], text: str, folded: str, g: _Grammar, ctx: CitingContext
) -> Citation | None:
    start = m.start()
    before = _type_before(folded, start, g)
    if before is None and g.negative_before.search(folded[max(0, start - 30) : start]):
        return None
    type_name = before[1] if before else None
    law_name = before[2] if before and before[1] in ("Luật", "Bộ luật", "Pháp lệnh") and before[2] else None
    number = m.group("number")
    year = None
    if kind == "party":
        ptype = _fix_code(m.group("ptype"), g.type_to_code.get(type_name or ""), g)
        if ptype not in g.code_to_type:
            return None
        symbol = f"{ptype}/{m.group('body')}"
        key = f"{_number_key(number)}-{symbol}"
        doc_type: str | None = type_name or g.code_to_type[ptype]
        local = m.group("body") not in g.central
    else:
        segments = _segments(m.group("symbol"))
        if not segments:
            return None
        want = g.type_to_code.get(type_name or "")
        if type_name != "Công văn":  # a công văn's symbol starts with its issuer, not a type code
            segments[0] = _fix_code(segments[0], want, g)
        segments[1:] = [_fix_code(s, None, g) for s in segments[1:]]
        head = segments[0]
        law_head = next((code for code in g.law_codes if re.fullmatch(rf"{code}\d*", head)), None)
        if kind == "normative":
            year = int(m.group("year"))
        if law_head:
            doc_type = (
                type_name
                if type_name in ("Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh")
                else g.law_codes[law_head]
            )
        elif type_name == "Công văn":
            doc_type = type_name
        elif head in g.code_to_type:
            code_type = g.code_to_type[head]
            doc_type = type_name if type_name and g.type_to_code.get(type_name) == head else code_type
            if type_name in ("Thông tư liên tịch", "Nghị quyết liên tịch") and head in (
                "TTLT",
                "NQLT",
                "TT",
                "NQ",
            ):
                doc_type = type_name
        elif before:
            doc_type = type_name  # the type word names it; the symbol has no type code
        else:
            return None  # "4/CQ2", "03/HNMT": not a document number
        symbol = "-".join(segments)
        key = f"{_number_key(number)}/{year}/{symbol}" if year else f"{_number_key(number)}/{symbol}"
        issuers = segments[1:] if head in g.code_to_type else segments
        local = not law_head and any(
            s not in g.central and not re.fullmatch(r"(?:QH|UBTVQH)\d*", s) for s in issuers
        )
    if ctx.own_key and key == ctx.own_key:
        return None
    end = m.end()
    issued = None
    lead = g.date_lead.match(folded, end)
    if lead:
        found = date_at(folded, lead.end())
        if found:
            issued, end = found
            if folded[end : end + 1] == ")" and "(" in folded[start - 5 : start]:
                end += 1
    issuer, province = None, None
    found_issuer = _issuer_at(folded, end, g, ctx)
    if found_issuer:
        issuer, province, end = found_issuer
    if local and province is None:
        province = ctx.province
    if not local:
        province = None
    mention_start = before[0] if before else start
    return Citation(
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
    )


_LAW_HEAD = re.compile(r"(?<!\w)(?:Bộ\s+[Ll]uật|Luật)\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ\w])")
_LAW_AFTER = re.compile(
    r"\s*(?:năm\s+(?P<year>(?:19|20)\d\d)|(?:,\s*)?(?:ngày\s+)?(?=\d{1,2}\s*(?:/|tháng)))"
)
_NUMBER_NEXT = re.compile(r"\s*(?:\(\s*)?(?:số\s*:?\s*)?\d")


def _laws_by_name(text: str, taken: list[tuple[int, int]], ctx: CitingContext) -> list[Citation]:
    registry = law_registry()
    out = []
    covered = 0  # "Luật sửa đổi ... của Luật X": the inner Luật X is part of the outer name
    for head in _LAW_HEAD.finditer(text):
        if head.start() < covered or any(s <= head.start() < e for s, e in taken):
            continue
        rest_key = loose_key(text[head.end() : head.end() + 160])
        match = None
        for name_key, versions in registry.items():
            if rest_key == name_key or rest_key.startswith(name_key + " "):
                if match is None or len(name_key) > len(match[0]):
                    match = (name_key, versions)
        if match is None:
            continue
        end = _end_of_words(text, head.end(), len(match[0].split()))
        if _NUMBER_NEXT.match(text, end):
            continue  # "Luật X số 85/2015/QH13": the numbered rule has it
        stated_date, stated_year = None, None
        after = _LAW_AFTER.match(text, end)
        if after and after.group("year"):
            stated_year, end = int(after.group("year")), after.end()
        elif after:
            found = date_at(text, after.end())
            if found:
                stated_date, end = found
                stated_year = stated_date.year
        law = _pick_version(match[1], stated_date, stated_year, ctx.date)
        covered = end
        out.append(
            Citation(
                head.start(),
                end,
                text[head.start() : end],
                law.doc_type,
                None,
                None,
                None,
                law.number,
                name=law.name,
                issued_date=stated_date,
                by_name=True,
                number_start=head.start(),
            )
        )
    return out


def _end_of_words(text: str, pos: int, n_words: int) -> int:
    for i, m in enumerate(re.finditer(r"\w+", text[pos:])):
        if i == n_words - 1:
            return pos + m.end()
    return len(text)


def _pick_version(versions: list[Law], date: dt.date | None, year: int | None, citing: dt.date | None) -> Law:
    if date:
        exact = [v for v in versions if v.adopted == date]
        if exact:
            return exact[0]
    if year:
        same = [
            v
            for v in versions
            if (v.adopted and v.adopted.year == year) or (v.number and v.number.split("/")[1] == str(year))
        ]
        if same:
            return same[0]
    if citing:
        in_force = [v for v in versions if v.effective <= citing]
        if in_force:
            return in_force[-1]
        return versions[0]
    return versions[-1]


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


def recognise(text: str, ctx: CitingContext = CitingContext()) -> list[Citation]:
    """Every mention of another document in `text`, in order (the rule engine of the pipeline)."""
    if not text or not _TRIGGER.search(text):
        return []
    g = grammar()
    # look-alike slashes and dashes, Đ look-alikes, Cyrillic letters inside symbols ("NĐ-СР"),
    # folded one for one so that offsets stay valid (characters.json)
    folded = text.translate(one_for_one_folds())
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in g.candidates:
        for m in regex.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            citation = _build(kind, m, text, folded, g, ctx)
            if citation is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(citation)
    found.extend(_laws_by_name(folded, [(c.start, c.end) for c in found], ctx))
    found.sort(key=lambda c: c.start)
    return _share_list_dates(found, folded, g)


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

    def __call__(self, doc: Any, context: CitingContext | None = None) -> Any:
        citations = recognise(doc.text, context or CitingContext())
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


def find_citations(text: str, ctx: CitingContext = CitingContext()) -> list[Citation]:
    """Run the spaCy pipeline on one block; blocks with no digit-slash and no 'Luật' are skipped
    before tokenising, which is most of them. A block longer than NLP_MAX_CHARS (a paragraph of a
    million characters was seen) is read in pieces, its mentions placed in the whole text."""
    if not text or not _TRIGGER.search(text):
        return []
    nlp = citation_pipeline()
    found: list[Citation] = []
    for at, piece in text_pieces(text):
        doc = nlp(piece, component_cfg={_FACTORY: {"context": ctx}})
        found.extend(
            c if not at else replace(c, start=c.start + at, end=c.end + at, number_start=c.number_start + at)
            for c in doc._.citations
        )
    return found
