"""The law registry, and laws named in words ("Luật Tổ chức chính quyền địa phương ngày 16/6/2025").

The registry is `resources/laws_vn.csv` (a copy of ../shared/data/laws_vn.csv: every law, code and
ordinance since 1992 with its number, name, dates and sources) with the supplement rows of
`resources/laws.json`. A name in running text is compared word by word with the registry's names,
accents and case folded (OCR drops and moves tone marks: "chính quyên"), abbreviations expanded
("Luật Bảo vệ BMNN"); the longest registry name wins. A name the registry lacks is still read
(`LawName.versions` empty) so that its mention is kept. An amending law ("Luật sửa đổi, bổ sung một số
điều của Luật A, Luật B") is read whole: it is its own law and the laws it lists are part of its name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .data import load_resource
from .text import strip_accents

LAW_FAMILY, ORDINANCE_FAMILY = "luật", "pháp lệnh"  # a Luật is cited as a Bộ luật and back, never as a PL
_HEADS = {("bo", "luat"): LAW_FAMILY, ("luat",): LAW_FAMILY, ("phap", "lenh"): ORDINANCE_FAMILY}
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_NUMBER_IN_NAME = re.compile(r"\s+số\s+\d+/(?:19|20)\d\d/\S+$")  # "… Bộ luật Hình sự số 100/2015/QH13"
_TOKEN = re.compile(r"\w+")
_WORD_ONLY = re.compile(r"[^\W\d_]+")  # words without digits: what people type of a name
_HARD_STOP = re.compile(r"[;|]")
_SOFT_GAP = frozenset(" \t\n\r,.-–&")  # what may stand between two words of one name
_WINDOW = 600  # characters after the head word that a name can reach
_MONTHS_TO_EFFECT = 4


@dataclass(frozen=True)
class Law:
    number: str | None  # as published ("06/2022/QH15"); None for the constitutions
    doc_type: str
    name: str | None  # None: the number is attested, its name is not
    adopted: dt.date | None
    in_force: dt.date | None
    amends: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    source: str = ""
    adoption_estimate: dt.date | None = None  # no adoption date: that of the nearest number of its term

    @property
    def key(self) -> str | None:
        """The citation key: the number without leading zeros (`6/2022/QH15`)."""
        return _LEADING_ZEROS.sub("", self.number) if self.number else None

    @property
    def year(self) -> int | None:
        if self.number:
            return int(self.number.split("/")[1])
        return self.adopted.year if self.adopted else None

    @property
    def effective(self) -> dt.date:
        """The day it took effect. When the registry has no date: the first 1 January or 1 July at
        least four months after adoption — the laws of the registry that have both dates took effect
        a median 198 days after a June adoption and 223 days after a November one (the two regular
        sessions), on one of those two days. A law whose adoption date is unknown is taken to be
        adopted with the law numbered nearest to it in its term (laws are numbered in the order they
        pass); failing that, 1 January after its year."""
        if self.in_force:
            return self.in_force
        adopted = self.adopted or self.adoption_estimate
        if adopted:
            years, month = divmod(adopted.month - 1 + _MONTHS_TO_EFFECT, 12)
            earliest = dt.date(adopted.year + years, month + 1, min(adopted.day, 28))
            y = earliest.year
            return next(
                d for d in (dt.date(y, 1, 1), dt.date(y, 7, 1), dt.date(y + 1, 1, 1)) if d >= earliest
            )
        return dt.date(self.year + 1, 1, 1) if self.year else dt.date.max


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _numbers(text: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (text or "").split(";") if n.strip())


def _csv_rows() -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("resources/laws_vn.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def registry() -> tuple[Law, ...]:
    """Every law of the CSV, with the supplement rows of laws.json merged in (a supplement row
    fills the fields of the CSV row with the same number, or adds a row)."""
    rows = _csv_rows()
    at = {r["number"]: i for i, r in enumerate(rows) if r["number"]}
    for extra in load_resource("laws")["supplement"]:
        fields = {k: v for k, v in extra.items() if k in rows[0] and v}
        if extra["number"] in at:
            rows[at[extra["number"]]] = {**rows[at[extra["number"]]], **fields}
        else:
            rows.append({k: extra.get(k, "") for k in rows[0]})
    return _with_adoption_estimates(
        Law(
            number=r["number"] or None,
            doc_type=r["doc_type"],
            name=r["name"] or None,
            adopted=_date(r["adopted"]),
            in_force=_date(r["in_force"]),
            amends=_numbers(r["amends"]),
            replaces=_numbers(r["replaces"]),
            source=r["source"],
        )
        for r in rows
    )


_NEAREST_NUMBERS = 8  # how far in its term's numbering a law's neighbour may be


def _with_adoption_estimates(laws: Iterable[Law]) -> tuple[Law, ...]:
    """Each law without an adoption date gets that of the dated law numbered nearest to it in the
    same year and term (within a few numbers), so that its effective date can be estimated."""
    laws = tuple(laws)
    dated: dict[str, list[tuple[int, dt.date]]] = {}
    for law in laws:
        if law.number and law.adopted:
            n, series = law.number.split("/", 1)
            dated.setdefault(series, []).append((int(n), law.adopted))
    out = []
    for law in laws:
        if law.number and not law.adopted:
            n, series = law.number.split("/", 1)
            near = sorted(dated.get(series, []), key=lambda d: (abs(d[0] - int(n)), d[0]))
            if near and abs(near[0][0] - int(n)) <= _NEAREST_NUMBERS:
                law = replace(law, adoption_estimate=near[0][1])
        out.append(law)
    return tuple(out)


@lru_cache(maxsize=1)
def law_by_key() -> dict[str, Law]:
    return {law.key: law for law in registry() if law.key}


# ---------------------------------------------------------------- names as words


@lru_cache(maxsize=8192)
def skeleton(word: str) -> str:
    """A word without case and accents: what OCR and typing leave of it reliably."""
    return strip_accents(word).lower()


def _head_of(words: tuple[str, ...]) -> tuple[str, int] | None:
    for head, family in _HEADS.items():
        if words[: len(head)] == head:
            return family, len(head)
    return None


@dataclass(frozen=True)
class _Name:
    words: tuple[str, ...]  # without the head word
    punctuation: frozenset[str]  # what the official name itself holds between words ("(HIV/AIDS)")
    versions: tuple[Law, ...]  # oldest first by effective date


@lru_cache(maxsize=1)
def _name_index() -> dict[tuple[str, str], tuple[_Name, ...]]:
    """(family, first word) → the registry's names starting so, longest first."""
    grouped: dict[tuple[str, tuple[str, ...]], list[Law]] = {}
    punctuation: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for law in registry():
        if not law.name or not law.number:
            continue
        name = _NUMBER_IN_NAME.sub("", law.name)
        words = tuple(skeleton(w) for w in _TOKEN.findall(name))
        head = _head_of(words)
        if head is None:
            continue
        family, size = head
        entry = (family, words[size:])
        grouped.setdefault(entry, []).append(law)
        punctuation.setdefault(entry, set()).update(
            ch for ch in name if not ch.isalnum() and not ch.isspace()
        )
    index: dict[tuple[str, str], list[_Name]] = {}
    for (family, words), laws in grouped.items():
        if not words:
            continue
        versions = tuple(sorted(laws, key=lambda v: v.effective))
        index.setdefault((family, words[0]), []).append(
            _Name(words, frozenset(punctuation[(family, words)]), versions)
        )
    return {k: tuple(sorted(v, key=lambda n: -len(n.words))) for k, v in index.items()}


@lru_cache(maxsize=1)
def standard_abbreviations() -> dict[str, tuple[str, ...]]:
    entries = load_resource("laws")["abbreviations"]["entries"]
    return {e["abbr"]: tuple(skeleton(w) for w in _TOKEN.findall(e["words"])) for e in entries}


_DEFINED = re.compile(r"\(\s*([A-ZĐ][A-ZĐ&]{1,9})\s*\)")


def defined_abbreviations(texts: list[str]) -> dict[str, tuple[str, ...]]:
    """Abbreviations a document defines for itself: "bảo vệ Bí mật Nhà nước (BMNN)" → BMNN stands for
    "bí mật nhà nước" — the words right before the parenthesis whose initials spell it."""
    out: dict[str, tuple[str, ...]] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in _DEFINED.finditer(text):
            abbr = m.group(1).replace("&", "")
            words = _TOKEN.findall(text[max(0, m.start() - 120) : m.start()])[-len(abbr) :]
            initials = "".join(skeleton(w)[:1] for w in words).upper()
            if len(words) == len(abbr) and initials == skeleton(abbr).upper():
                out.setdefault(m.group(1), tuple(skeleton(w) for w in words))
    return out


@dataclass(frozen=True)
class _Token:
    word: str  # skeleton
    start: int
    end: int
    upper: bool  # the printed word starts with a capital


def _tokens(text: str, pos: int, abbreviations: Mapping[str, tuple[str, ...]]) -> list[_Token]:
    out: list[_Token] = []
    end = min(len(text), pos + _WINDOW)
    stop = _HARD_STOP.search(text, pos, end)  # no name runs past a table cell or a list item's end
    for m in _TOKEN.finditer(text, pos, stop.start() if stop else end):
        word = m.group(0)
        expansion = abbreviations.get(word) if word.isupper() else None
        if expansion:
            out.extend(_Token(w, m.start(), m.end(), True) for w in expansion)
        else:
            out.append(_Token(skeleton(word), m.start(), m.end(), word[:1].isupper()))
    return out


def _gap_ok(text: str, a: _Token, b: _Token, allowed: frozenset[str] = frozenset()) -> bool:
    if a.end >= b.start:
        return True
    return all(ch in _SOFT_GAP or ch in allowed for ch in text[a.end : b.start])


def _registry_match(text: str, tokens: list[_Token], at: int, family: str) -> tuple[_Name, int] | None:
    """The longest registry name that the words from `tokens[at]` spell: (name, tokens used)."""
    if at >= len(tokens):
        return None
    for name in _name_index().get((family, tokens[at].word), ()):
        n = len(name.words)
        if at + n > len(tokens):
            continue
        if all(tokens[at + i].word == w for i, w in enumerate(name.words)) and all(
            _gap_ok(text, tokens[at + i - 1], tokens[at + i], name.punctuation) for i in range(1, n)
        ):
            return name, n
    return None


# words that end a name the registry does not know ("Luật Thủ đô ngày 28/6/2024", "Luật X quy định")
_STOP_WORDS = frozenset(
    "ngay nam so duoc da quy tai theo nay cua ve de nham trong doi cho voi co thi la hien moi hoac "
    "cung cac nhung tren khi nhu sau va hoac huong thuc trien ban".split()
)
_UNKNOWN_MAX_WORDS = 12


def _unknown_extent(text: str, tokens: list[_Token], at: int) -> int:
    """How many tokens from `at` make the name of a law the registry lacks (0: no name). The name
    starts with a capital and runs to a stop word or punctuation; a comma continues it only early
    and before a lower-case word ("Luật Phòng, chống …")."""
    if at >= len(tokens) or not tokens[at].upper or tokens[at].word in _STOP_WORDS:
        return 0
    n = 1
    while at + n < len(tokens) and n < _UNKNOWN_MAX_WORDS:
        prev, tok = tokens[at + n - 1], tokens[at + n]
        gap = text[prev.end : tok.start]
        if tok.word in _STOP_WORDS or tok.word.isdigit():
            break
        if gap.strip(" \t") == ",":
            if n > 2 or tok.upper:
                break
        elif gap.strip(" \t\n-–"):
            break
        n += 1
    return n


@dataclass(frozen=True)
class LawName:
    """A law named in words: where the name ends, and the registry's versions of that name."""

    end: int  # end of the name's last word
    versions: tuple[Law, ...]  # oldest first; () when the registry does not know the name
    amending: bool = False
    inner_versions: tuple[Law, ...] = ()  # of the last law an amending law's name lists


def _inner_head(tokens: list[_Token], at: int) -> tuple[str, int] | None:
    words = tuple(t.word for t in tokens[at : at + 2])
    return _head_of(words)


def read_law_name(
    text: str, pos: int, family: str, abbreviations: Mapping[str, tuple[str, ...]] | None = None
) -> LawName | None:
    """The name of a law that starts at `pos`, right after its head word ("Luật", "Bộ luật",
    "Pháp lệnh"), or None when no name follows ("Luật số 90/2025/QH15", "Luật này")."""
    tokens = _tokens(text, pos, abbreviations or standard_abbreviations())
    if not tokens:
        return None
    known = _registry_match(text, tokens, 0, family)
    if tokens[0].word == "sua" and len(tokens) > 1 and tokens[1].word == "doi":
        amending = _amending_extent(text, tokens)
        if amending is not None:
            used, inner = amending
            if known and known[1] >= used:
                return LawName(tokens[known[1] - 1].end, known[0].versions, True, inner)
            return LawName(tokens[used - 1].end, (), True, inner)
    if known:
        return LawName(tokens[known[1] - 1].end, known[0].versions)
    n = _unknown_extent(text, tokens, 0)
    return LawName(tokens[n - 1].end, ()) if n else None


_AMENDING_LEAD = (("sua", "doi"), ("bo", "sung"), ("mot", "so", "dieu"), ("cua",))


def _amending_extent(text: str, tokens: list[_Token]) -> tuple[int, tuple[Law, ...]] | None:
    """'sửa đổi, bổ sung một số điều của Luật A, Luật B và Bộ luật C': (tokens used, versions of the
    last law listed), or None when no law is listed."""
    at = 0
    for i, words in enumerate(_AMENDING_LEAD):
        if tuple(t.word for t in tokens[at : at + len(words)]) == words:
            at += len(words)
        elif i == 0:
            return None
    used = 0
    inner: tuple[Law, ...] = ()
    while True:
        head = _inner_head(tokens, at)
        if head is None:
            break
        family, size = head
        known = _registry_match(text, tokens, at + size, family)
        n = known[1] if known else _unknown_extent(text, tokens, at + size)
        if n == 0:
            break
        used, inner = at + size + n, (known[0].versions if known else ())
        nxt = used
        if nxt < len(tokens) and tokens[nxt].word == "va":
            nxt += 1
        elif nxt >= len(tokens) or text[tokens[used - 1].end : tokens[nxt].start].strip() != ",":
            break
        if _inner_head(tokens, nxt) is None:
            break
        at = nxt
    return (used, inner) if used else None


# ---------------------------------------------------------------- which version


def pick_version(
    versions: tuple[Law, ...], stated: dt.date | None, year: int | None, citing: dt.date | None
) -> Law:
    """The version a mention means: the one adopted on the stated date; else one of the stated year
    (a date's year counts; "ngày 16/6/2029" read for 2025 falls back to its day and month); else the
    one in force on the citing document's date; else (date unknown) the latest."""
    if stated:
        exact = [v for v in versions if v.adopted == stated]
        if exact:
            return exact[0]
        year = year or stated.year
    if year:
        same = [v for v in versions if v.year == year or (v.adopted and v.adopted.year == year)]
        if same:
            return _in_force(same, citing) if len(same) > 1 else same[0]
    if stated:
        same_day = [
            v
            for v in versions
            if v.adopted and (v.adopted.month, v.adopted.day) == (stated.month, stated.day)
        ]
        if len(same_day) == 1:
            return same_day[0]
    return _in_force(list(versions), citing)


def _in_force(versions: list[Law], citing: dt.date | None) -> Law:
    if citing is None:
        return versions[-1]
    in_force = [v for v in versions if v.effective <= citing]
    return in_force[-1] if in_force else versions[0]


@lru_cache(maxsize=1)
def law_names() -> tuple[tuple[str, tuple[Law, ...]], ...]:
    """(the words of a registry name with its head word, accents folded; its versions), the longest
    name first: for people typing a law's name ("bo luat lao dong 2019")."""
    grouped: dict[str, list[Law]] = {}
    for law in registry():
        if law.name and law.key:
            words = " ".join(skeleton(w) for w in _WORD_ONLY.findall(_NUMBER_IN_NAME.sub("", law.name)))
            grouped.setdefault(words, []).append(law)
    ordered = sorted(grouped.items(), key=lambda kv: -len(kv[0]))
    return tuple((name, tuple(sorted(laws, key=lambda v: v.effective))) for name, laws in ordered)
