"""The section tree of a document, from its numbering and heading-like lines.

A labelled block (`I.`, `1.`, `1.1.`, `a)`, `Điều 3.`, `Chương II`) is a heading when it reads like
one: bold, or short and not a sentence. A numbered paragraph whose opening words alone are bold and
end in a colon is a run-in heading ("3. Sở Tư pháp: Lồng ghép …"): the bold words are its title, the
rest is body text. A long bold numbered paragraph is a heading when a deeper heading follows it
("4. Nâng cao hiệu quả … (3 lines)" then "4.1. Công an tỉnh"); a paragraph numbered "3.1." is one
by its numbering, which places it in the tree.
Unnumbered lines are headings when set in bold capitals, in capitals alone, or in bold as a short
standalone line.

On scanned pages numbering alone is no evidence (OCR turns "- 1 hoạt động" into "1. hoạt động"):
a line is a heading only when its weight (bold, read from the stroke width of the image) or its
position (centred) or capitals say so too.

Nesting follows the numbering kinds in the order a document uses them, not the font: a kind met
before closes every deeper one (`2.` after `a)` is a sibling of `1.`). Items numbered inside body
text (long `a)` paragraphs) are not sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..extractors.model import Block
from ..normalizers.data import load_resource, pattern
from ..normalizers.doc_types import plan_types
from ..normalizers.labels import split_label
from ..normalizers.text import strip_accents, vietnamese_score

HEADING_MAX_CHARS = 200  # a bold numbered line longer than this is a paragraph, not a heading …
LONG_HEADING_MAX_CHARS = 500  # … unless a deeper heading follows it, up to this length
PLAIN_HEADING_MAX_CHARS = 90  # a non-bold numbered line must be this short and not a sentence
RUN_IN_MAX_CHARS = 160  # the bold title of a run-in heading
UNNUMBERED_MAX_CHARS = 120  # an unnumbered bold (not capitals) heading
_SENTENCE_END = (".", ";", ",", ":")
_CLAUSE_END = (";", ",")


@dataclass
class Section:
    section_id: str
    parent_id: str | None
    level: int
    label: str | None  # numbering without punctuation: "II", "1", "a"
    path: str
    title: str
    page: int | None
    ordinal: int
    block_index: int  # index of the heading block in the document's block list
    rest: str = ""  # a run-in heading's body text, after its title
    title_blocks: int = 1  # blocks the title is printed on (a capitals title wrapped onto the next)


@dataclass(frozen=True)
class Heading:
    """What makes one block a heading: its numbering kind and value, title and run-in text."""

    kind: str  # a numbering kind of `heading_levels`, or `caps` / `bold` for unnumbered headings
    value: str | None
    title: str
    rest: str = ""
    needs_child: bool = False  # a long bold paragraph: a heading only if a deeper heading follows


def _heading_kinds() -> list[str]:
    return load_resource("patterns")["heading_levels"]["kinds"]


def _label_kind(block: Block) -> tuple[str | None, str | None]:
    """(kind, value) of a block's numbering label."""
    if not block.label:
        return None, None
    label, rest = split_label(block.label + " x")
    if label is None or rest != "x":
        return None, None
    return label.kind, label.value


def _run_in(block: Block) -> tuple[str, str] | None:
    """(title, rest) of a run-in heading: bold opening words ending in a colon, plain text after."""
    lead = (block.bold_lead or "").strip()
    text = block.text.strip()
    if not lead or not text.startswith(lead[: max(1, len(lead) - 1)]):
        return None
    after = text[len(lead) :].lstrip()
    if lead.endswith(":"):
        title = lead[:-1].strip()
    elif after.startswith(":"):
        title, after = lead, after[1:].lstrip()
    else:
        return None
    if not title or len(title) > RUN_IN_MAX_CHARS or not after or title.endswith(_SENTENCE_END):
        return None
    return title, after


def _evidence(block: Block) -> bool:
    """On a scanned page, what besides its numbering shows a line is a heading."""
    return not block.ocr or block.bold or block.upper or block.centered


def read_heading(block: Block) -> Heading | None:
    """The heading a block is, or None."""
    if block.kind not in ("paragraph", "list_item", "heading"):
        return None
    kind, value = _label_kind(block)
    text = block.text.strip()
    if kind in _heading_kinds():
        if not _evidence(block):
            return None
        if kind in ("part", "article", "roman") and len(text) <= HEADING_MAX_CHARS:
            return Heading(kind, value, text)
        if block.bold and not text.endswith(_CLAUSE_END):
            if len(text) <= HEADING_MAX_CHARS:
                return Heading(kind, value, text)
            if len(text) <= LONG_HEADING_MAX_CHARS:
                return Heading(kind, value, text, needs_child=kind != "decimal_multi")
            return None
        run_in = None if block.bold else _run_in(block)
        if run_in:
            return Heading(kind, value, run_in[0], run_in[1])
        if len(text) <= PLAIN_HEADING_MAX_CHARS and not text.endswith(_SENTENCE_END):
            return Heading(kind, value, text)
        if kind == "decimal_multi" and len(text) <= LONG_HEADING_MAX_CHARS and not text.endswith(","):
            return Heading(kind, value, text.rstrip(".;"))  # "3.1. Tham gia …": its number makes it one
        return None
    if kind is not None or block.italic or text.startswith(("(", "[")) or not any(c.isalpha() for c in text):
        return None
    if block.upper and len(text) <= 150 and (block.bold or not block.ocr) and not _signature_line(text):
        if block.ocr and not (text[:1].isalpha() and vietnamese_score(text)[0] >= 0.5):
            return None  # a stamp's or a seal's letters ("€ AN TÍN"), not a heading
        return Heading("caps", None, text)
    if (
        block.bold
        and not block.ocr  # on a scan, a bold line without numbering is as often a stamp or a speck
        and block.kind == "paragraph"
        and len(text) <= UNNUMBERED_MAX_CHARS
        and text[:1].isupper()
        and not text.endswith((".", ";", ","))
    ):
        return Heading("bold", None, text.rstrip(":").strip())
    return None


def _signature_line(text: str) -> bool:
    """ "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN": the signature's authority line, not a heading."""
    return bool(pattern("metadata", "signer_authority").match(text))


def is_heading(block: Block) -> tuple[bool, str | None, str | None]:
    """(heading?, numbering kind, label value) for one block (a long bold paragraph counts only
    with what follows it: see `build_sections`)."""
    h = read_heading(block)
    if h is None or h.needs_child:
        return False, None, None
    return True, h.kind, h.value


def _unnumbered_ok(blocks: list[Block], i: int, end: int, heading: Heading) -> bool:
    """An unnumbered bold line heads something: body text follows it, not another such line or the end."""
    if heading.kind != "bold":
        return True
    nxt = blocks[i + 1] if i + 1 < end else None
    return nxt is not None and nxt.kind in ("paragraph", "list_item") and not nxt.bold


# ---------------------------------------------------------------- numbering read wrong by OCR

_LATIN = "abcdefghiklmnopqrstuvxy"
_VIETNAMESE = "abcdđeghiklmnopqrstuvxy"
_ROMAN_LIKE = re.compile(r"^[IVXLl1|]+$")
_DIGIT_LIKE = ("", "s", "S", "o", "O", "g", "q", "l", "I", "|", "z", "Z")  # what OCR makes of a digit
# Digits OCR reads one for the other in a scanned label ("7. Tăng cường …" read "1.").
_DIGIT_LOOKALIKES = frozenset({("1", "7"), ("7", "1"), ("3", "8"), ("8", "3"), ("5", "6"), ("6", "5")})
_OCR_TOKEN = re.compile(r"^(?P<token>[^\s.)}\]]{0,3})(?P<style>[.)}\]])\s*(?=\S)")
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def _alphabet(blocks: list[Block], start: int, end: int) -> str:
    """The letters a document numbers its points with: Latin (… d, e, f) when a printed `d)` is
    followed by `e)`, or an `f)` is printed; else the Vietnamese order (… d, đ, e, g)."""
    letters = [v for b in blocks[start:end] for k, v in [_label_kind(b)] if k == "letter" and v is not None]
    if "f" in letters or any(a == "d" and b == "e" for a, b in zip(letters, letters[1:], strict=False)):
        return _LATIN
    return _VIETNAMESE


def _next_values(kind: str, last: str | None, alphabet: str) -> list[str]:
    """The labels that may follow `last` among siblings of one kind (the first one if None)."""
    if kind == "roman":
        at = _ROMANS.index(last) + 1 if last in _ROMANS else 0
        return _ROMANS[at : at + 1]
    if kind == "decimal":
        return [str(int(last) + 1) if last and last.isdigit() else "1"]
    if kind == "letter":
        if last is None or last not in alphabet:
            return [alphabet[0]]
        at = alphabet.index(last) + 1
        return list(alphabet[at : at + 2])  # one letter may be skipped (đ, f)
    return []


def _ocr_numbering(block: Block) -> tuple[str, str, str] | None:
    """(token, punctuation, text) of a scanned line that opens with something like a label."""
    m = _OCR_TOKEN.match(block.full_text.strip())
    if not m:
        return None
    return m.group("token"), m.group("style"), block.full_text.strip()[m.end() :]


def _ocr_kind(token: str, style: str, text: str) -> str | None:
    """Which numbering a garbled label stands for, from its punctuation and the shape of its token
    (None: not a label, as the "TP." of "TP. Hồ Chí Minh")."""
    if style != ".":
        return "letter" if len(token) <= 2 else None
    if token and _ROMAN_LIKE.match(token) and (text.isupper() or len(token) > 1):
        return "roman"
    if token.isdigit() or token in _DIGIT_LIKE:
        return "decimal"
    return None


def _in_sequence(block: Block, last: dict[str, str | None], alphabet: str) -> Heading | None:
    """A short scanned line whose label continues a sequence of headings ("b) Sở Y tế" after a bold
    "a) Công an tỉnh") is a heading too, even where its weight was not read: its numbering and its
    place (a short line of its own) are the evidence."""
    kind, value = _label_kind(block)
    text = block.text.strip()
    if kind not in ("letter", "decimal", "decimal_multi") or kind not in last or not text:
        return None
    if len(text) > PLAIN_HEADING_MAX_CHARS or text.endswith(_SENTENCE_END):
        return None
    return Heading(kind, value, text) if value in _next_values(kind, last[kind], alphabet) else None


def _misread_digit(value: str, last: str | None, expected: list[str], plain_since: bool) -> bool:
    """A scanned decimal label that steps back in its sequence where the next number looks like it
    ("1." after "6." for "7."): OCR misread the digit. A step back after an unnumbered heading is
    a new sequence, and a step forward is a gap the page itself has."""
    if not (plain_since and last and last.isdigit() and expected):
        return False
    return (
        int(value) <= int(last)
        and (value[-1:], expected[0][-1:]) in _DIGIT_LOOKALIKES
        and (value[:-1] == expected[0][:-1])
    )


def repair_ocr_labels(blocks: list[Block], found: list[Heading | None], start: int, end: int) -> None:
    """Give scanned headings the label their place in the sequence says OCR lost or misread:
    `1L. CHÍ TIÊU` after `I.` is `II.`, a second `II.` before `IV.` is `III.`, `q)` opening the
    points of a new clause is `a)`, `8)` after `f)` is `g)`, `. Tăng cường …` after `6.` is `7.`.
    Only bold scanned lines are touched (their weight is the evidence that they are headings);
    a label that fits the sequence is kept as read."""
    alphabet = _alphabet(blocks, start, end)
    last: dict[str, str | None] = {}
    order: list[str] = []  # kinds in the order met, outermost first
    plain_since = False  # no unnumbered heading since the last decimal one
    for i in range(start, min(end, len(found))):
        block, heading = blocks[i], found[i]
        if heading is None and block.ocr and not block.bold:
            heading = found[i] = _in_sequence(block, last, alphabet)
        read = _ocr_numbering(block) if block.ocr and block.bold else None
        if read is not None and len(read[2]) <= HEADING_MAX_CHARS:
            token, style, text = read
            kind = _ocr_kind(token, style, text)
            if kind == "roman" and last.get("roman") and not text.isupper():
                kind = "decimal"  # "I. Các Sở, ban, ngành" under V.: a "1." read as a Roman one
            if (
                kind == "letter"
                and token.isdigit()
                and token in _next_values("decimal", last.get("decimal"), "")
            ):
                kind = "decimal"  # "2) Yêu cầu": decimals may close with a bracket
            expected = _next_values(kind, last.get(kind), alphabet) if kind else []
            value = heading.value if heading is not None and heading.kind == kind else None
            if kind == "decimal" and value is not None and value.isdigit():
                if not _misread_digit(value, last.get("decimal"), expected, plain_since):
                    expected = [value]  # digits are read right; a gap in the numbering is the page's own
            if kind and expected and value not in expected:
                heading = found[i] = Heading(kind, expected[0], text.rstrip(":").strip())
        if heading is not None and heading.kind in ("caps", "bold"):
            plain_since = False  # a numbering may start again under an unnumbered heading
        if heading is None or heading.kind in ("caps", "bold"):
            continue
        if heading.kind == "decimal":
            plain_since = True
        if heading.kind not in order:
            order.append(heading.kind)
        for deeper in order[order.index(heading.kind) + 1 :]:
            last.pop(deeper, None)
        last[heading.kind] = heading.value


def attached_plans(blocks: list[Block], after: int | None) -> list[tuple[int, int]]:
    """The bodies of plans attached after the signature ("KẾ HOẠCH / … / (Ban hành kèm theo Quyết
    định số …)" under a decision): from the line after "(Ban hành kèm theo …)" to the next signature,
    title line or the end. Blank forms attached the same way are not plans (their titles name a
    Tờ trình, a Biên bản, a Báo cáo), so they give none."""
    if after is None:
        return []
    plan_names = plan_types()
    attached = pattern("metadata", "attached_to")
    out: list[tuple[int, int]] = []
    i = after
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "paragraph" and b.upper and title_type(b.text) in plan_names:
            note = next(
                (k for k in range(i + 1, min(i + 8, len(blocks))) if attached.match(blocks[k].text)), None
            )
            if note is None and _own_letterhead(blocks, max(after, i - 4), i):
                # a whole document after the signature, with its own number and motto lines: the
                # draft plan a Tờ trình carries (lamdong_ttr_91); its body starts under its title
                note = _title_end(blocks, i)
            if note is not None:
                end = next(
                    (
                        k
                        for k in range(note + 1, len(blocks))
                        if blocks[k].kind == "signature" or (blocks[k].upper and title_type(blocks[k].text))
                    ),
                    len(blocks),
                )
                out.append((note + 1, end))
                i = end
                continue
        i += 1
    return out


def _own_letterhead(blocks: list[Block], start: int, stop: int) -> bool:
    """A number line ("Số: …/KH-UBND") or the motto among blocks[start:stop]: a letterhead."""
    number, motto = pattern("metadata", "number_line"), pattern("metadata", "motto")
    return any(number.search(b.text) or motto.search(b.text) for b in blocks[start:stop])


MAX_TITLE_LINES = 4  # a title under the type line runs over at most this many lines


def _title_end(blocks: list[Block], type_line: int) -> int:
    """The last line of the title under a type line: the bold, capitals or centred paragraphs."""
    k = type_line
    while (
        k + 1 < len(blocks)
        and k - type_line < MAX_TITLE_LINES
        and blocks[k + 1].kind == "paragraph"
        and not blocks[k + 1].label
        and (blocks[k + 1].bold or blocks[k + 1].upper or blocks[k + 1].centered)
    ):
        k += 1
    return k


def build_sections(
    blocks: list[Block], start: int = 0, end: int | None = None, more: list[tuple[int, int]] | None = None
) -> list[Section]:
    """Sections of `blocks[start:end]` (the body between the title and the signature), and of the
    ranges in `more` (the bodies of plans attached after it), numbered on."""
    sections: list[Section] = []
    for a, b in [(start, len(blocks) if end is None else end), *(more or [])]:
        sections.extend(_sections_of(blocks, a, b, len(sections)))
    return sections


def _sections_of(blocks: list[Block], start: int, end: int, before: int) -> list[Section]:
    found = [read_heading(b) if start <= i < end else None for i, b in enumerate(blocks[:end])]
    repair_ocr_labels(blocks, found, start, end)
    sections: list[Section] = []
    stack: list[tuple[str, Section]] = []  # (numbering kind, section) from the outermost
    skip_next = False
    for i in range(start, end):
        if skip_next:
            skip_next = False
            continue
        heading = found[i]
        if heading is None or not _unnumbered_ok(blocks, i, end, heading):
            continue
        if _is_preamble(blocks, start, i, heading):
            continue
        kinds = [k for k, _ in stack]
        kept = kinds[: kinds.index(heading.kind)] if heading.kind in kinds else kinds
        if heading.needs_child and not _deeper_follows(found, i, end, kept + [heading.kind]):
            continue
        block = blocks[i]
        title = heading.title
        if not title and i + 1 < end and blocks[i + 1].upper:
            title, skip_next = blocks[i + 1].text.strip(), True  # "Chương I" / "NHỮNG QUY ĐỊNH CHUNG"
        elif _wraps_on(blocks, found, i, end, title):
            title, skip_next = f"{title} {blocks[i + 1].text.strip()}", True
        if block.ocr:
            title = _without_speck(title)
        title = title.rstrip(" :")  # "1. Sở Nội vụ:" is headed "Sở Nội vụ"
        if heading.kind in kinds:
            del stack[kinds.index(heading.kind) :]
        elif heading.kind == "caps":
            stack.clear()  # an unnumbered capitals heading starts a new top-level part
        parent = stack[-1][1] if stack else None
        label = heading.value
        path = ".".join(filter(None, [parent.path if parent else None, label or None])) or None
        section = Section(
            section_id=f"s{before + len(sections) + 1}",
            parent_id=parent.section_id if parent else None,
            level=len(stack) + 1 + _implicit_levels(stack, heading.kind),
            label=label,
            path=path or "",
            title=title,
            page=block.provenance.page,
            ordinal=before + len(sections) + 1,
            block_index=i,
            rest=heading.rest,
            title_blocks=2 if skip_next else 1,
        )
        sections.append(section)
        stack.append((heading.kind, section))
    return sections


@lru_cache(maxsize=1)
def _title_words() -> tuple[tuple[str, str], ...]:
    names = [t["name"] for t in load_resource("doc_types")["types"]]
    names += load_resource("patterns")["heading_levels"]["title_lines"]
    return tuple((_letters(n), n) for n in names)


def _letters(text: str) -> str:
    return "".join(c for c in strip_accents(text).upper() if c.isalpha())


def title_type(text: str) -> str | None:
    """The type or enacting word a title line names ("KẾ HOẠCH" → "Kế hoạch", "QUYẾT NGHỊ:"), or
    None. Compared without accents and with a letter of slack, so an OCR'd "KÉẺ HOẠCH" is one too."""
    key = _letters(text)
    if not key or len(key) > 20:
        return None
    for letters, name in _title_words():
        if key == letters or SequenceMatcher(None, key, letters).ratio() >= 0.85:
            return name
    return None


def is_title_line(text: str) -> bool:
    """A line that names the document's type or enacts it: part of the title block, never a section."""
    return title_type(text) is not None


def _is_preamble(blocks: list[Block], start: int, i: int, heading: Heading) -> bool:
    """Unnumbered lines that belong to the title block rather than the body: a type or enacting
    line anywhere, and a centred capitals line (the enacting authority "ỦY BAN NHÂN DÂN THÀNH PHỐ
    HÀ NỘI", a council's session) before the body's first paragraph."""
    if heading.kind not in ("caps", "bold"):
        return False
    if is_title_line(heading.title):
        return True
    if not blocks[i].centered:
        return False
    return not any(read_heading(b) is None and b.kind in ("paragraph", "list_item") for b in blocks[start:i])


def _without_speck(title: str) -> str:
    """A scanned title without the speck OCR read as a lone small letter after it ("Sở Y tế ị")."""
    head, _, last = title.rpartition(" ")
    return head if head and len(last) == 1 and last.islower() else title


def _wraps_on(blocks: list[Block], found: list[Heading | None], i: int, end: int, title: str) -> bool:
    """A capitals heading whose last words were set apart (a smaller line on a scan: "II. CHỈ TIÊU …
    KHÔNG MA" / "TÚY NĂM 2026"): the next block is short capitals, unnumbered, on the same page."""
    if i + 1 >= end or not blocks[i].upper or title.endswith((".", ":", ";")):
        return False
    nxt = blocks[i + 1]
    return (
        found[i + 1] is None
        and nxt.upper
        and not nxt.label
        and len(nxt.text) <= 60
        and nxt.provenance.page == blocks[i].provenance.page
        and nxt.kind == "paragraph"
    )


def _deeper_follows(found: list[Heading | None], i: int, end: int, outer: list[str]) -> bool:
    """The next block is a heading of a kind not among `outer` (the kinds at or above block i)."""
    nxt = found[i + 1] if i + 1 < end else None
    return nxt is not None and not nxt.needs_child and nxt.kind not in outer and nxt.kind != "caps"


def _implicit_levels(stack: list[tuple[str, Section]], kind: str) -> int:
    """Levels a heading sits below without a printed parent: an article (Điều) belongs in a chapter
    (Chương), so a decision made of articles alone has no level-1 heading; what nests under an
    article counts from it."""
    if any(k == "part" for k, _ in stack):
        return 0
    return 1 if kind == "article" or any(k == "article" for k, _ in stack) else 0


def assign_sections(n_blocks: int, sections: list[Section]) -> list[str | None]:
    """The section id each block belongs to (the last heading at or before it)."""
    owner: list[str | None] = [None] * n_blocks
    current = None
    starts = {s.block_index: s.section_id for s in sections}
    for i in range(n_blocks):
        current = starts.get(i, current)
        owner[i] = current
    return owner
