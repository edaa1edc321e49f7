"""Document metadata (the `documents` columns) from the letterhead, type and title lines and
the signature block, laid out as Nghị định 30/2020/NĐ-CP prescribes.

The letterhead is read column by column (issuer on the left, motto and date on the right):
PDF and DOCX extractors both deliver it as `header` blocks, one per column; a letterhead kept in
a text box arrives as `textbox` paragraphs and is read the same way. Ink that is not the
document's own text is kept out of it: e-signature banners and the receiving office's stamp
(whose date is kept apart as `received_date`).

Each field records how it was read (`field_sources`): `text` (the text layer), `widget` (a PDF
form field), `ocr`, `ocr-digits` (a handwritten number or day read as digits; a null value with
this source could not be read with confidence) or `inferred` (not printed: a province found from
the unit the letterhead names, a merged province).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..extractors.model import Block, Document, FilledIn
from ..normalizers.admin_units import unit_province
from ..normalizers.data import load_resource, pattern
from ..normalizers.doc_types import code_of_type, document_key, plan_types, type_by_code, type_by_name
from ..normalizers.names import (
    is_central_body,
    official_name,
    qualify_issuer,
    repair_ocr_letterhead,
    snap_deputy_title,
    snap_signer_title,
    unit_named,
)
from ..normalizers.provinces import find_province, province_2025
from ..normalizers.symbols import repair_type
from ..normalizers.text import clean_text, loose_key, match_key, vietnamese_score

_RULE = re.compile(r"^[\s\-–—_=.*•]+$")  # the short rules drawn under letterhead lines
_BODY_OPENERS = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|Theo|Xét|Kính gửi|Trên cơ sở|Để)\b")
_ADDRESSEE = re.compile(r"^Kính\s+gửi\b", re.IGNORECASE)  # the addressee line, centred under the title
_SUBJECT = re.compile(r"^(?:V/v|Về)\s", re.IGNORECASE)
MAX_SUBJECT_LINES = 8
TITLE_WORDS_SHARE = 0.75  # of an OCRed signer title's words that are common words, to keep it as read


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
    received_date: dt.date | None = None  # the receiving office's stamp ("ĐẾN … Ngày: 12/3/2024")
    field_sources: dict[str, str] = field(default_factory=dict)  # field → text · widget · ocr · …


def _lines(block: Block, info: DocumentInfo | None = None) -> list[str]:
    """A block's lines without rules, stray marks (OCR of seals and specks), e-signature banners
    and the receiving office's stamp (its date goes to `info.received_date`)."""
    banner, stamp, received = (
        pattern("metadata", "esign_banner"),
        pattern("metadata", "received_stamp"),
        pattern("metadata", "received_date"),
    )
    out = []
    for raw in block.text.split("\n"):
        line = clean_text(raw)
        if not line or _RULE.match(line) or not any(sum(ch.isalnum() for ch in w) >= 2 for w in line.split()):
            continue  # a rule, or specks: no word of two letters or digits ("{ › Đ ˆ", ": :")
        if banner.search(line):
            continue
        if stamp.match(line):
            m = received.match(line)
            if m and info is not None and info.received_date is None:
                info.received_date = _stamp_date(m)
            continue
        out.append(repair_ocr_letterhead(line) if block.ocr else line)
    return out


def _stamp_date(m: re.Match[str]) -> dt.date | None:
    year = int(m.group("year"))
    try:
        return dt.date(year + 2000 if year < 100 else year, int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None


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


def _read_letterhead(headers: list[Block], info: DocumentInfo, filled: list[FilledIn]) -> None:
    number_line = pattern("metadata", "number_line")
    place_date = pattern("metadata", "place_date")
    motto = pattern("metadata", "motto")
    issuer_lines: list[tuple[str, Block]] = []
    for block in headers:
        lines = _lines(block, info)
        for at, line in enumerate(lines):  # a line run across both columns: "ỦY BAN NHÂN DÂN CỘNG HÒA …"
            m = motto.search(line)
            if m and m.start() > 0:
                issuer_lines.insert(0, (line[: m.start()].strip(), block))  # the letterhead's top line
                lines[at] = line[m.start() :]
        is_motto_column = any(motto.search(x) for x in lines)
        for line in lines:
            m = number_line.match(line)
            if m and info.symbol is None:
                info.number = (m.group("number") or "").rstrip(".") or None  # "Số: 3070. /KH-UBND"
                info.symbol = re.sub(r"\s+", "", m.group("symbol"))
                year = m.group("year")
                info.key = document_key(info.number, int(year) if year else None, info.symbol)
                read = _source(block)
                number_read = _filled_source(filled, "number", info.number, read)
                info.field_sources.update(symbol=read, number=number_read)
                continue
            m = place_date.match(line)
            if m and info.place is None:
                _read_date(m, info)
                if block.ocr and info.place:
                    info.place = _spelled_place(info.place)
                read = _source(block)
                info.field_sources["place"] = read
                day = m.group("day")
                info.field_sources["issued_date"] = _filled_source(filled, "day", day, read)
                continue
            if type_by_name(line) and info.doc_type is None:  # a type line set close under the date
                info.doc_type = type_by_name(line)
                info.field_sources["doc_type"] = _source(block)
                continue
            if not is_motto_column and not line.lower().startswith(("v/v", "về việc")):
                issuer_lines.append((line, block))
    bodies = _split_bodies([line for line, _ in issuer_lines])
    if bodies:
        info.issuer = official_name(bodies[-1])
        info.parent_issuer = official_name(bodies[0]) if len(bodies) > 1 else None
        read = _source(issuer_lines[0][1])
        info.field_sources.update(issuer=read, **({"parent_issuer": read} if info.parent_issuer else {}))
    if info.issuer and info.parent_issuer:
        info.issuer = qualify_issuer(info.issuer, info.parent_issuer)


def _source(block: Block) -> str:
    return "ocr" if block.ocr else "text"


def _filled_source(filled: list[FilledIn], blank: str, value: str | None, read: str) -> str:
    """How a number or day was read: from a form field that shows it, from the handwriting in its
    blank (read as digits, or found unreadable), else as the line was read."""
    for f in filled:
        if f.source == "ocr-digits" and f.blank == blank:
            return "ocr-digits"
    if value and any(f.source == "widget" and value in re.findall(r"\d+", f.text or "") for f in filled):
        return "widget"
    return read


def _spelled_place(place: str) -> str:
    """An OCRed place that is a province's name, with or without "Thành phố", in its spelling
    ("Thành phô Hô Chí Minh": OCR lost two tone marks)."""
    province = find_province(place)
    if province is None:
        return place
    for spelled in (province, f"Thành phố {province}", f"Tỉnh {province}"):
        if loose_key(spelled) == loose_key(place):
            return spelled
    return place


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
            info.doc_type = info.doc_type or name
            info.field_sources.setdefault("doc_type", _source(blocks[j]))
            i = j + 1
            break
    title_parts: list[str] = []
    subject = info.doc_type is None and i < len(blocks) and bool(_SUBJECT.match(blocks[i].text))
    if subject:
        # a letter (công văn) has no type line: its subject ("V/v …", "Về …") stands under the
        # number, one short line after another, down to the addressee
        while i < len(blocks) and len(title_parts) < MAX_SUBJECT_LINES and blocks[i].kind == "paragraph":
            if _ADDRESSEE.match(blocks[i].text) or (title_parts and _BODY_OPENERS.match(blocks[i].text)):
                break
            title_parts.append(blocks[i].text)
            i += 1
    while not subject and i < len(blocks):
        b = blocks[i]
        # OCR knows no bold: the title's first line, and lines that run on from it, are taken as read
        styled = b.bold or b.centered or b.upper or (b.ocr and (not title_parts or b.text[:1].islower()))
        if b.kind not in ("paragraph",) or b.label or not styled:
            break
        if (_BODY_OPENERS.match(b.text) and not (b.bold or b.centered)) or _ADDRESSEE.match(b.text):
            break
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
        title = _ADDRESSEE_TAIL.sub("", title)  # "Kính gửi:" in the title's last line (one block)
        title = re.sub(r"\s*[.]$", "", title)
        info.title = official_name(title) if title.isupper() else title  # "Về việc …" kept, as printed
        info.field_sources["title"] = "ocr" if any(b.ocr for b in blocks[start:i]) else "text"
    return i


_ADDRESSEE_TAIL = re.compile(r"\s+Kính\s+gửi\s*:.*$", re.IGNORECASE)


def _read_signature(signatures: list[tuple[Block, str]], info: DocumentInfo) -> None:
    """`signatures`: each signature block with the last line printed above the signatures (where an
    OCRed page may have set the "KT. GIÁM ĐỐC" line apart)."""
    recipients = pattern("metadata", "recipients")
    authority = pattern("metadata", "signer_authority")
    for block, above in signatures:
        lines = _lines(block)
        if not lines or recipients.match(lines[0]):
            continue
        lines = [x for x in lines if not x.startswith("(") and not x.lower().startswith(("đã ký", "ký"))]
        if not lines:
            continue
        title_index = 1 if authority.match(lines[0]) and len(lines) > 1 else 0
        if authority.match(lines[title_index]):
            title_index = min(title_index + 1, len(lines) - 1)
        if block.ocr:  # a seal or signature may leave specks above the title: the first line that is one
            title_index = next(
                (k for k in range(title_index, len(lines)) if snap_signer_title(lines[k])), title_index
            )
        title = lines[title_index]
        snapped = snap_signer_title(title) if block.ocr else None
        authority_line = lines[title_index - 1] if title_index else above
        signs_for = authority.match(authority_line)
        if block.ocr and not snapped and signs_for and signs_for.group("prefix") in ("KT", "K/T"):
            snapped = snap_deputy_title(title, authority_line[signs_for.end() :])
        if snapped or (title.isupper() and (not block.ocr or _reads_as_words(title))):
            info.signer_title = snapped or official_name(title)
            info.field_sources["signer_title"] = _source(block)
        names = [_without_rank(x) for x in lines[title_index + 1 :]]
        names = [x for x in names if _looks_like_person(x)]
        info.signer_name = names[-1] if names else None
        if info.signer_name:
            info.field_sources["signer_name"] = _source(block)
        return


def _line_above(blocks: list[Block], i: int) -> str:
    """The last line printed above the signature blocks that block i is one of (the recipients'
    column beside it is a signature block too)."""
    while i > 0 and blocks[i - 1].kind == "signature":
        i -= 1
    lines = blocks[i - 1].text.strip().splitlines() if i else []
    return lines[-1] if lines else ""


def _reads_as_words(text: str) -> bool:
    """An OCRed line of common Vietnamese words, not letters a seal or signature broke ("PHÓ Ắ ÔC")."""
    return vietnamese_score(text)[0] >= TITLE_WORDS_SHARE


def _without_rank(name: str) -> str:
    """A signer's name without the military or police rank printed before it ("Đại tá Đậu Xuân Bảo")."""
    ranks = load_resource("names")["ranks"]["ranks"]
    for rank in sorted(ranks, key=len, reverse=True):
        if match_key(name).startswith(match_key(rank) + " ") and len(name.split()) - len(rank.split()) >= 2:
            return name[len(rank) :].strip()
    return name


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
    else:
        m = pattern("metadata", "plan_year").search(info.title)
        if not m:
            return
        info.plan_year_start = info.plan_year_end = int(m.group("year"))
    read = info.field_sources.get("title", "text")
    info.field_sources.update(plan_year_start=read, plan_year_end=read)


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
    _read_letterhead(headers, info, document.filled_in)
    start = max((i + 1 for i, b in enumerate(blocks) if b.kind == "header"), default=0)
    info.body_start = _read_title(blocks, start, info)
    if info.doc_type is None:
        info.doc_type = type_by_code(info.symbol) or ("Công văn" if info.symbol else None)
        if info.doc_type:
            info.field_sources["doc_type"] = "inferred"  # from the symbol's code, no type line
    _repair_own_symbol(info)
    signatures = [(b, _line_above(blocks, i)) for i, b in enumerate(blocks) if b.kind == "signature"]
    info.body_end = next((i for i, b in enumerate(blocks) if b.kind == "signature"), None)
    _read_signature(signatures, info)
    _plan_years(info)
    _place_document(info)
    return info


def _repair_own_symbol(info: DocumentInfo) -> None:
    """An OCRed symbol whose type code is one letter from the code of the type its type line names
    ("TIr-CAT-PC04" under "TỜ TRÌNH") was misread by OCR: the type line settles it, as a citation's
    type word settles its code (`repair_type`). The issuer's codes are left as read."""
    wanted = code_of_type(info.doc_type)
    if not info.symbol or not wanted or info.field_sources.get("symbol") != "ocr":
        return
    head, _, rest = info.symbol.partition("-")
    if head == wanted or repair_type(head, wanted).code != wanted:
        return
    symbol = f"{wanted}-{rest}" if rest else wanted
    if info.key and info.key.endswith(info.symbol):
        info.key = info.key[: -len(info.symbol)] + symbol
    info.symbol = symbol


def _place_document(info: DocumentInfo) -> None:
    """Province and merged province: named by the issuer, its parent or the place line, else the
    province of the town, commune or ward they name. A central body (the Government, a ministry)
    belongs to no province, whatever city it signs in."""
    on = info.issued_date or info.date_hint
    bodies = [x for x in (info.issuer, info.parent_issuer) if x]
    if bodies and is_central_body(bodies[0]) and not any(unit_named(x) for x in bodies):
        return
    if bodies and len(bodies) > 1 and is_central_body(bodies[1]) and not unit_named(bodies[0]):
        return
    for text in (*bodies, info.place):
        province = find_province(text)
        if province:
            info.province, info.province_2025 = province, province_2025(province, on)
            read = info.field_sources.get("issuer" if text in bodies else "place", "text")
            info.field_sources["province"] = read
            info.field_sources["province_2025"] = read if info.province_2025 == province else "inferred"
            return
    for text in bodies:
        unit = unit_named(text)
        if unit and _placed(info, *unit_province(*unit, on)):
            return
    if info.place:
        _placed(info, *unit_province(None, info.place, on))


def _placed(info: DocumentInfo, province: str | None, merged: str | None) -> bool:
    if province is None:
        return False
    info.province, info.province_2025 = province, merged
    info.field_sources.update(province="inferred", province_2025="inferred")
    return True
