"""The citations of a whole document, block by block.

What one block cannot tell on its own:
- a mention broken across blocks — a paragraph cut by a page break ("Kế hoạch số" | "1207/KH-UBND"),
  a table whose rows are the lines of its cells ("Nghị định số" | "26/2020/NĐ-CP ngày …") — is read
  with the end of the block before and the start of the block after; it belongs to the block its
  number starts in;
- the document's own number is never a citation: the key its metadata gives, the number of its
  letterhead's "Số:" line and of its annex line "(Ban hành) kèm theo Kế hoạch số …", and — when the
  document's number was read nowhere — a number of the type its file name gives ("…_kh_3070_…");
- abbreviations the document defines ("bảo vệ Bí mật Nhà nước (BMNN)") hold for its law names;
- a document whose own date is unknown resolves laws named without year in force on the latest date
  of anything it cites;
- a symbol OCR damaged past repair ("Nghị quyết số 66/N") is the document it cites elsewhere in full
  when exactly one of those has the same number and a symbol it could be a damaged copy of.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import PurePath

from .citations import Citation, CitingContext, find_citations
from .data import load_resource
from .laws import defined_abbreviations
from .symbols import bounded_edits
from .text import strip_accents

_TAIL, _HEAD = 100, 160  # characters of the neighbouring blocks a broken mention can reach into
_SELF_LINE_MAX = 120  # characters: far more than "(Ban hành kèm theo" with its spacing
_LETTERHEAD_BLOCKS = 12  # the document's own "Số:" line is among its first blocks
# the block ends where a mention may go on (a number, a law's name, "… số")
# the block goes on from the one before: it starts with a number (whose type word may end that
# block) or in the middle of a sentence (a law's name may sit in the title of a document cited there)
_GOES_ON = re.compile(r"^\W{0,3}(?:(?:[Ss]ố\s*:?\s*)?\d|(?P<word>\w))")
_MAY_GO_ON = re.compile(r"\d[\w.]*\s*[/-]|[Ll]uật|Pháp\s+lệnh|[Ss]ố\s*:?\s*$|\d\s*$")
_FINISHED = re.compile(r"[.;!?)]\s*$")  # a block that ends its sentence ends its mentions too
_MAY_START = re.compile(r"\d[\w.]*\s*[/⁄∕-]|[Ll]uật|Pháp\s+lệnh|\d\s*$")  # a mention may start here


@dataclass(frozen=True)
class CitingBlock:
    """One text unit of the document (a paragraph or a table row), in reading order."""

    text: str
    ocr: bool = False
    furniture: bool = False  # page headers and footers: no citations, not joined to their neighbours


@lru_cache(maxsize=1)
def _self_rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, str]]:
    rules = load_resource("citations")["self"]
    return (
        re.compile(rules["own_number_line"]),
        re.compile(rules["attached_to"]),
        re.compile(rules["file_name_number"]),
        rules["file_codes"],
    )


def _tail(text: str) -> str:
    if len(text) <= _TAIL:
        return text
    cut = text[-_TAIL:]
    return cut[cut.find(" ") + 1 :] if " " in cut else cut


def _head(text: str) -> str:
    if len(text) <= _HEAD:
        return text
    cut = text[:_HEAD]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def _cite_joined(prev: str, text: str, nxt: str, ctx: CitingContext, ocr: bool) -> list[Citation]:
    """The mentions whose number starts in `text`, read with the neighbours' edges."""
    if not _MAY_START.search(text):
        return []
    goes_on = _GOES_ON.match(text) if prev and not _FINISHED.search(prev) else None
    tail = _tail(prev) if goes_on and (not goes_on.group("word") or goes_on.group("word").islower()) else ""
    head = _head(nxt) if nxt and not _FINISHED.search(text) and _MAY_GO_ON.search(text[-80:]) else ""
    if not tail and not head:
        return find_citations(text, ctx, ocr)
    base = len(tail) + 1 if tail else 0
    window = (tail + "\n" if tail else "") + text + ("\n" + head if head else "")
    out = []
    for c in find_citations(window, ctx, ocr):
        if base <= c.number_start < base + len(text):
            out.append(
                replace(
                    c,
                    start=max(0, c.start - base),
                    end=min(len(text), c.end - base),
                    number_start=c.number_start - base,
                )
            )
    return out


def _cite_all(
    blocks: Sequence[CitingBlock], ctx: CitingContext, only: set[int] | None = None
) -> dict[int, list[Citation]]:
    order = [i for i, b in enumerate(blocks) if b.text and not b.furniture]
    out: dict[int, list[Citation]] = {}
    for pos, i in enumerate(order):
        if only is not None and i not in only:
            continue
        prev = blocks[order[pos - 1]].text if pos else ""
        nxt = blocks[order[pos + 1]].text if pos + 1 < len(order) else ""
        found = _cite_joined(prev, blocks[i].text, nxt, ctx, blocks[i].ocr)
        if found:
            out[i] = found
    return out


def _own_keys(
    blocks: Sequence[CitingBlock], found: dict[int, list[Citation]], ctx: CitingContext
) -> set[str]:
    """The keys under which the document names itself."""
    own_line, attached, _, _ = _self_rules()
    own = {ctx.own_key} if ctx.own_key else set()
    first = sorted(found)[:_LETTERHEAD_BLOCKS]
    for i, citations in found.items():
        text = blocks[i].text
        for c in citations:
            if c.key and not c.by_name:
                if (i in first and own_line.search(_line_before(text, max(0, c.number_start)))) or (
                    attached.search(_line_before(text, c.start))
                ):
                    own.add(c.key)
    return own


def _line_before(text: str, end: int) -> str:
    """The printed line that runs up to `end`, if short: the self rules match a whole short line
    ("Số:", "(Kèm theo"), and reading only this window keeps a paragraph of a million characters
    with thousands of mentions linear (searching the whole text before each one took minutes)."""
    window = text[max(0, end - _SELF_LINE_MAX) : end]
    cut = window.rfind("\n")
    if cut >= 0:
        return window[cut:]
    return window if end <= _SELF_LINE_MAX else ""


def _file_hint(file_name: str | None) -> tuple[str, str] | None:
    """(type code, number) that a file's name gives ("btp_cv1043_danhmuc_vbqppl_2021.pdf" → ("", "1043"),
    a công văn having no type code), or None."""
    if not file_name:
        return None
    _, _, pattern, file_codes = _self_rules()
    m = pattern.search(strip_accents(PurePath(file_name).stem).lower())
    return (file_codes[m.group("code")], m.group("number").lstrip("0") or "0") if m else None


def _matches_hint(c: Citation, hint: tuple[str, str]) -> bool:
    code, number = hint
    if c.by_name or not c.number or c.number.lstrip("0") != number:
        return False
    if not code:
        return c.doc_type == "Công văn"
    return c.symbol is not None and strip_accents(c.symbol.split("-")[0]) == strip_accents(code)


def _fold_symbol(symbol: str | None) -> str:
    return strip_accents(symbol or "").upper().replace("-", "").replace("/", "")


def _repair_from_document(citations: list[Citation]) -> list[Citation]:
    """Damaged mentions keyed by the one clean citation of the document they can be a copy of."""
    clean = [c for c in citations if c.key and not c.by_name and c.number]
    out = []
    for c in citations:
        if c.damaged and c.number:
            fragment = _fold_symbol(c.symbol)
            keys = {
                k.key: k
                for k in clean
                if (k.number or "").lstrip("0") == c.number.lstrip("0")
                and (c.doc_type is None or c.doc_type == k.doc_type)
                and bounded_edits(fragment, _fold_symbol(k.symbol)[: len(fragment)]) <= 1
            }
            if len(keys) == 1:
                k = next(iter(keys.values()))
                c = replace(
                    c,
                    key=k.key,
                    symbol=k.symbol,
                    year=k.year,
                    doc_type=k.doc_type,
                    damaged=False,
                    raw_symbol=c.raw_symbol or c.symbol,
                )
        out.append(c)
    return out


def cite_blocks(blocks: Sequence[CitingBlock], ctx: CitingContext) -> list[list[Citation]]:
    """The citations of each block of one document (empty lists for blocks that have none)."""
    defined = defined_abbreviations([b.text for b in blocks if b.text and not b.furniture])
    if defined:
        ctx = replace(ctx, abbreviations={**ctx.abbreviations, **defined})
    found = _cite_all(blocks, ctx)
    if ctx.date is None:  # laws named without year: in force when the latest document cited was issued
        dates = [c.issued_date for cs in found.values() for c in cs if c.issued_date and not c.by_name]
        if dates:
            ctx = replace(ctx, date=max(dates))
            found.update(_cite_all(blocks, ctx, {i for i, cs in found.items() if any(c.by_name for c in cs)}))
    own = _own_keys(blocks, found, ctx)
    hint = None if own else _file_hint(ctx.file_name)
    kept = {
        i: [c for c in cs if c.key not in own and not (hint and _matches_hint(c, hint))]
        for i, cs in found.items()
    }
    flat = _repair_from_document([c for i in sorted(kept) for c in kept[i]])
    out: list[list[Citation]] = [[] for _ in blocks]
    it = iter(flat)
    for i in sorted(kept):
        out[i] = [next(it) for _ in kept[i]]
    return out
