"""Document metadata (the `documents` columns) from the letterhead, type and title lines and
the signature block, laid out as Nghị định 30/2020/NĐ-CP prescribes.

The letterhead is read column by column (issuer on the left, motto and date on the right):
PDF and DOCX extractors both deliver it as `header` blocks, one per column; a letterhead kept in
a text box arrives as `textbox` paragraphs and is read the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..extractors.model import Block, Document
from ..normalizers.data import load_resource, pattern
from ..normalizers.doc_types import document_key, plan_types, type_by_code, type_by_name
from ..normalizers.names import official_name
from ..normalizers.provinces import find_province, province_2025
from ..normalizers.text import clean_text, match_key

_RULE = re.compile(r"^[\s\-–—_=.*•]+$")  # the short rules drawn under letterhead lines
_BODY_OPENERS = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Theo|Xét|Kính gửi|Trên cơ sở|Để)\b")


@dataclass
class DocumentInfo:
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    key: str | None = None
    issued_date: dt.date | None = None
    place: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    province: str | None = None
    province_2025: str | None = None
    title: str | None = None
    plan_year_start: int | None = None
    plan_year_end: int | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    body_start: int = 0  # first block after the title: where sections may begin
    body_end: int | None = None  # first signature block: where sections stop
    date_hint: dt.date | None = None  # the date line even when the day is blank (for the merger)


def _lines(block: Block) -> list[str]:
    return [clean_text(x) for x in block.text.split("\n") if clean_text(x) and not _RULE.match(clean_text(x))]


def _split_bodies(lines: list[str]) -> list[str]:
    heads = load_resource("names")["body_heads"]["heads"]
    bodies: list[list[str]] = []
    for line in lines:
        upper = line.upper()
        if not bodies or any(upper.startswith(h) for h in heads):
            bodies.append([line])
        else:
            bodies[-1].append(line)
    return [" ".join(b) for b in bodies]


def _read_letterhead(headers: list[Block], info: DocumentInfo) -> None:
    number_line = pattern("metadata", "number_line")
    place_date = pattern("metadata", "place_date")
    motto = pattern("metadata", "motto")
    issuer_lines: list[str] = []
    for block in headers:
        lines = _lines(block)
        is_motto_column = any(motto.search(x) for x in lines)
        for line in lines:
            m = number_line.match(line)
            if m and info.symbol is None:
                info.number = m.group("number") or None
                info.symbol = re.sub(r"\s+", "", m.group("symbol"))
                year = m.group("year")
                info.key = document_key(info.number, int(year) if year else None, info.symbol)
                continue
            m = place_date.match(line)
            if m and info.place is None:
                _read_date(m, info)
                continue
            if not is_motto_column and not line.lower().startswith(("v/v", "về việc")):
                issuer_lines.append(line)
    bodies = _split_bodies(issuer_lines)
    if bodies:
        info.issuer = official_name(bodies[-1])
        info.parent_issuer = official_name(bodies[0]) if len(bodies) > 1 else None
    if info.issuer and info.parent_issuer and not find_province(info.issuer):
        place = re.search(r"\b(tỉnh|thành phố)\s+(.+)$", info.parent_issuer)
        if place:
            info.issuer = f"{info.issuer} {place.group(1)} {place.group(2)}"


def _read_date(m: re.Match[str], info: DocumentInfo) -> None:
    info.place = clean_text(m.group("place"))
    year = int(m.group("year"))
    month = int(m.group("month")) if m.group("month") else None
    day = int(m.group("day")) if m.group("day") else None
    try:
        if day and month:
            info.issued_date = dt.date(year, month, day)
        info.date_hint = dt.date(year, month or 1, 1) if not info.issued_date else info.issued_date
    except ValueError:
        info.issued_date = None
        info.date_hint = dt.date(year, 1, 1)


def _read_title(blocks: list[Block], start: int, info: DocumentInfo) -> int:
    """Find the type line and the title under it; return the index of the first body block."""
    i = start
    while i < len(blocks) and (
        blocks[i].kind in ("header", "page_furniture", "footnote") or blocks[i].provenance.part != "body"
    ):
        i += 1
    for j in range(i, min(i + 6, len(blocks))):
        name = type_by_name(blocks[j].text) if blocks[j].kind in ("paragraph", "list_item") else None
        if name:
            info.doc_type = name
            i = j + 1
            break
    title_parts: list[str] = []
    while i < len(blocks):
        b = blocks[i]
        if b.kind not in ("paragraph",) or b.label or not (b.bold or b.centered or b.upper):
            break
        if _BODY_OPENERS.match(b.text) and not (b.bold or b.centered) or b.text.startswith("Kính gửi"):
            break  # the addressee line ends the title, centred or not
        if title_parts and b.upper and not all(p.isupper() for p in title_parts):
            break  # the authority line of a decision ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") after the title
        if title_parts and info.issuer and match_key(b.text) == match_key(info.issuer):
            break  # the issuer's own name opens the enacting part of a resolution, after an upper-case title
        if _RULE.match(b.text):
            i += 1
            continue
        title_parts.append(b.text)
        i += 1
        if len(title_parts) >= 4:
            break
    if title_parts:
        title = clean_text(" ".join(title_parts))
        title = re.sub(r"^(V/v|Về việc)\s*:?\s*", "", title, flags=re.IGNORECASE)
        info.title = official_name(title) if title.isupper() else title
    return i


def _read_signature(signatures: list[Block], info: DocumentInfo) -> None:
    recipients = pattern("metadata", "recipients")
    authority = pattern("metadata", "signer_authority")
    for block in signatures:
        lines = _lines(block)
        if not lines or recipients.match(lines[0]):
            continue
        lines = [x for x in lines if not x.startswith("(") and not x.lower().startswith(("đã ký", "ký"))]
        if not lines:
            continue
        title_index = 1 if authority.match(lines[0]) and len(lines) > 1 else 0
        if authority.match(lines[title_index]):
            title_index = min(title_index + 1, len(lines) - 1)
        title = lines[title_index]
        if title.isupper():
            info.signer_title = official_name(title)
        names = [x for x in lines[title_index + 1 :] if _looks_like_person(x)]
        info.signer_name = names[-1] if names else None
        return


def _looks_like_person(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 5
        and all(w[:1].isupper() for w in words)
        and not text.isupper()
        and not any(ch.isdigit() for ch in text)
    )


def _plan_years(info: DocumentInfo) -> None:
    if info.doc_type not in plan_types() or not info.title:
        return
    m = pattern("metadata", "plan_period").search(info.title)
    if m:
        info.plan_year_start, info.plan_year_end = int(m.group("start")), int(m.group("end"))
        return
    m = pattern("metadata", "plan_year").search(info.title)
    if m:
        info.plan_year_start = info.plan_year_end = int(m.group("year"))


def describe_document(document: Document) -> DocumentInfo:
    """All `documents` metadata columns that the document itself states."""
    info = DocumentInfo()
    blocks = document.blocks
    headers = [b for b in blocks if b.kind == "header"]
    first_body = next(
        (
            i
            for i, b in enumerate(blocks)
            if b.kind in ("paragraph", "list_item") and b.provenance.part == "body"
        ),
        len(blocks),
    )
    # a letterhead kept in text boxes: the text-box paragraphs before the first body paragraph
    headers += [b for b in blocks[:first_body] if b.provenance.part == "textbox"]
    _read_letterhead(headers, info)
    start = max((i + 1 for i, b in enumerate(blocks) if b.kind == "header"), default=0)
    info.body_start = _read_title(blocks, start, info)
    if info.doc_type is None:
        info.doc_type = type_by_code(info.symbol) or ("Công văn" if info.symbol else None)
    signatures = [b for b in blocks if b.kind == "signature"]
    info.body_end = next((i for i, b in enumerate(blocks) if b.kind == "signature"), None)
    _read_signature(signatures, info)
    _plan_years(info)
    info.province = (
        find_province(info.parent_issuer) or find_province(info.issuer) or find_province(info.place)
    )
    info.province_2025 = province_2025(info.province, info.issued_date or info.date_hint)
    return info
