"""The section tree of a document, from its numbering and heading-like lines.

A labelled block (`I.`, `1.`, `1.1.`, `a)`, `Điều 3.`, `Chương II`) is a heading when it reads like
one: bold, or short and not a sentence. Unlabelled bold upper-case lines are headings too.
Nesting follows the numbering kinds in the order a document uses them, not the font: a kind met
before closes every deeper one (`2.` after `a)` is a sibling of `1.`). Items numbered inside body
text (long `a)` paragraphs) are not sections.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..extractors.model import Block
from ..normalizers.data import load_resource
from ..normalizers.labels import split_label

HEADING_MAX_CHARS = 200  # a bold numbered line longer than this is a paragraph, not a heading
PLAIN_HEADING_MAX_CHARS = 90  # a non-bold numbered line must be this short and not a sentence
_SENTENCE_END = (".", ";", ",", ":")


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


def is_heading(block: Block) -> tuple[bool, str | None, str | None]:
    """(heading?, numbering kind, label value) for one block."""
    if block.kind not in ("paragraph", "list_item", "heading") or block.italic:
        return False, None, None
    kind, value = _label_kind(block)
    text = block.text.strip()
    if kind in _heading_kinds():
        if kind in ("part", "article", "roman") and len(text) <= HEADING_MAX_CHARS:
            return True, kind, value
        if block.bold and len(text) <= HEADING_MAX_CHARS and not text.endswith((";", ",")):
            return True, kind, value
        if len(text) <= PLAIN_HEADING_MAX_CHARS and not text.endswith(_SENTENCE_END):
            return True, kind, value
        return False, None, None
    if kind is None and block.bold and block.upper and len(text) <= 150 and not text.startswith("("):
        return True, "caps", None
    return False, None, None


def build_sections(blocks: list[Block], start: int = 0, end: int | None = None) -> list[Section]:
    """Sections of `blocks[start:end]` (the body between the title and the signature)."""
    end = len(blocks) if end is None else end
    sections: list[Section] = []
    stack: list[tuple[str, Section]] = []  # (numbering kind, section) from the outermost
    skip_next = False
    for i in range(start, end):
        if skip_next:
            skip_next = False
            continue
        block = blocks[i]
        heading, kind, value = is_heading(block)
        if not heading:
            continue
        title = block.text.strip()
        if not title and i + 1 < end and blocks[i + 1].upper:
            title, skip_next = blocks[i + 1].text.strip(), True  # "Chương I" / "NHỮNG QUY ĐỊNH CHUNG"
        kinds = [k for k, _ in stack]
        if kind in kinds:
            del stack[kinds.index(kind) :]
        elif kind == "caps":
            stack.clear()  # an unnumbered capitals heading starts a new top-level part
        parent = stack[-1][1] if stack else None
        label = value
        path = ".".join(filter(None, [parent.path if parent else None, label or None])) or None
        section = Section(
            section_id=f"s{len(sections) + 1}",
            parent_id=parent.section_id if parent else None,
            level=len(stack) + 1,
            label=label,
            path=path or "",
            title=title,
            page=block.provenance.page,
            ordinal=len(sections) + 1,
            block_index=i,
        )
        sections.append(section)
        stack.append((kind or "caps", section))
    return sections


def assign_sections(n_blocks: int, sections: list[Section]) -> list[str | None]:
    """The section id each block belongs to (the last heading at or before it)."""
    owner: list[str | None] = [None] * n_blocks
    current = None
    starts = {s.block_index: s.section_id for s in sections}
    for i in range(n_blocks):
        current = starts.get(i, current)
        owner[i] = current
    return owner
