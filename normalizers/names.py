"""Names of bodies and offices: abbreviations expanded, official casing restored.

Letterheads print names in capitals ("UBND TỈNH SÓC TRĂNG", "BAN QUẢN LÝ / CÁC KHU CÔNG NGHIỆP");
analysts want "Ủy ban nhân dân tỉnh Sóc Trăng". `official_name` expands abbreviations
(`names.json`), lowers capitals to sentence case and gives known phrases and province names back
their official casing.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from .admin_units import admin_units
from .data import load_resource
from .provinces import find_province, province_names
from .text import clean_text, is_upper, match_key, strip_accents


@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    table = load_resource("names")["abbreviations"]
    out = []
    for abbr, full in sorted(table.items(), key=lambda kv: -len(kv[0])):
        out.append((re.compile(rf"(?<!\w){re.escape(abbr)}(?!\w)"), full))
    return out


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[re.Pattern[str], str]]:
    phrases = list(load_resource("names")["phrases"]) + province_names()
    out = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        out.append((re.compile(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)"), phrase))
    return out


# a place name after its administrative word, at the end of a capitals name: "… xã lương minh"
_PLACE_TAIL = re.compile(
    r"(?<=\s)(xã|phường|huyện|quận|thị xã|thị trấn|tỉnh|thành phố|đặc khu)\s+([^\s,;()][^,;()]*)$"
)


def expand_abbreviations(text: str) -> str:
    """`UBND tỉnh` → `Ủy ban nhân dân tỉnh`; whole words only, case-sensitive (KH ≠ kh)."""
    for regex, full in _abbreviations():
        text = regex.sub(full, text)
    return text


def restore_casing(text: str) -> str:
    """Give known phrases (offices, titles, provinces) their official casing inside lower-case text."""
    lowered = text.lower()
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for regex, phrase in _phrases():
        for m in regex.finditer(lowered):
            if not any(taken[m.start() : m.end()]):
                spans.append((m.start(), m.end(), phrase))
                for k in range(m.start(), m.end()):
                    taken[k] = True
    out = list(text)
    for start, end, phrase in spans:
        out[start:end] = list(phrase) + [""] * (end - start - len(phrase))
    return "".join(out)


def official_name(text: str | None) -> str | None:
    """A body, office or title as it should be written: expanded, official casing."""
    text = clean_text(text)
    if not text:
        return None
    if is_upper(text):
        text = expand_abbreviations(text.upper().replace("UỶ", "ỦY"))
        text = text.lower()
        text = restore_casing(text)
        text = _PLACE_TAIL.sub(lambda m: m.group(1) + " " + m.group(2).title(), text)
        text = text[:1].upper() + text[1:]
    else:
        text = expand_abbreviations(text)
        text = restore_casing(text) if text[:1].islower() else text
    return clean_text(text)


# the administrative word and name of a unit below the province: "thị xã Bỉm Sơn", "xã Lương Minh"
_UNIT = re.compile(
    r"(?<!\w)(thị xã|thị trấn|thành phố|xã|phường|huyện|quận|đặc khu|tỉnh)\s+"
    r"((?:[A-ZĐÀ-Ỹ][\w]*)(?:\s+[A-ZĐÀ-Ỹ0-9][\w]*)*)",
)


def unit_named(text: str | None) -> tuple[str, str] | None:
    """The last administrative unit (a province included) a body's name holds, as (kind, name)."""
    if not text:
        return None
    found = list(_UNIT.finditer(text))
    return (found[-1].group(1), found[-1].group(2)) if found else None


def _starts(text: str, heads: list[str]) -> bool:
    key = match_key(text)
    return any(key.startswith(match_key(h) + (" " if h.endswith(" ") else "")) for h in heads)


def is_central_body(name: str | None) -> bool:
    """The Government, the Prime Minister, a ministry, a central Party or Front body (`names.json`)."""
    if not name:
        return False
    table = load_resource("names")["central_bodies"]
    return _starts(name, table["heads"]) or any(match_key(w) in match_key(name) for w in table["words"])


def qualify_issuer(issuer: str, parent: str) -> str:
    """An issuer whose name every province shares, qualified as its letterhead's parent line says:
    an organ of the parent (Ban Thường trực, Văn phòng) by the parent's whole name, any other body
    by the parent's place ("Sở Nội vụ" under "Ủy ban nhân dân tỉnh Lâm Đồng" → "Sở Nội vụ tỉnh Lâm
    Đồng"). An issuer that names its own place, or a parent that names none, is left as it is."""
    if unit_named(issuer) or find_province(issuer):
        return issuer
    if _starts(issuer, load_resource("names")["organs_of_parent"]["heads"]):
        return f"{issuer} {parent}"
    place = _UNIT.search(parent)
    if place is None:
        return issuer
    return f"{issuer} {parent[place.start() :]}"


def same_name(a: str | None, b: str | None) -> bool:
    return match_key(a) == match_key(b)


_ADMIN_WORDS = ("Tỉnh", "Thành phố", "Huyện", "Quận", "Thị xã", "Thị trấn", "Xã", "Phường", "Đặc khu")
MAX_PHRASE = 6  # words in the longest phrase looked for


@lru_cache(maxsize=1)
def _letterhead_words() -> dict[str, str]:
    """Accent-free upper-case key → the upper-case phrase: bodies, administrative words and
    province names, the words a letterhead is made of."""
    names = load_resource("names")
    phrases = [*names["phrases"], *names["abbreviations"].values(), *_ADMIN_WORDS]
    phrases += [*province_names(), *admin_units().new_provinces]
    out: dict[str, str] = {}
    for phrase in phrases:
        upper = phrase.upper().replace("UỶ", "ỦY")
        if len(upper.split()) >= 2:
            out.setdefault(strip_accents(upper), upper)
    return out


def repair_ocr_letterhead(line: str) -> str:
    """An OCRed letterhead line with the phrases it is made of given back their accents
    ("TỈNH LAI CHÁU" → "TỈNH LAI CHÂU", "UY BẠN NHAN DAN" → "ỦY BAN NHÂN DÂN"), and the specks
    read before the first of them dropped ("Ẻ UY BẠN …"). Only phrases of two words or more are
    matched, without accents: one word alone is too easily another."""
    if not is_upper(line):
        return line
    vocabulary = _letterhead_words()
    tokens = line.split()
    out: list[str] = []
    i, first = 0, None
    while i < len(tokens):
        for n in range(min(MAX_PHRASE, len(tokens) - i), 1, -1):
            phrase = vocabulary.get(strip_accents(" ".join(tokens[i : i + n])).upper())
            if phrase:
                first = len(out) if first is None else first
                out.append(phrase)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    if first is not None and first <= 2 and all(len(t) <= 2 for t in out[:first]):
        out = out[first:]
    return " ".join(out)


def snap_signer_title(line: str) -> str | None:
    """An OCRed signer's title snapped to the office it nearly spells, or None when it is too far
    from any; specks before it (a seal's remains) are dropped."""
    titles = load_resource("names")["signer_titles"]["titles"]
    keys = {strip_accents(t).upper(): t for t in titles}
    tokens = line.split()
    best: tuple[float, str] | None = None
    for start in range(min(3, len(tokens))):
        text = strip_accents(" ".join(tokens[start:])).upper()
        for key, title in keys.items():
            ratio = difflib.SequenceMatcher(None, text, key).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, title)
    return best[1] if best and best[0] >= SNAP_RATIO else None


SNAP_RATIO = 0.85  # similarity of accent-free letters under which an OCRed title is left alone
DEPUTY_RATIO = 0.6  # the same, for the one title a "KT." line leaves possible


def snap_deputy_title(line: str, office: str) -> str | None:
    """The title of the deputy who signs for `office` under "KT. GIÁM ĐỐC" (ký thay: "PHÓ GIÁM
    ĐỐC"), when an OCRed title line opens with PHÓ and nearly spells it: the one title the page
    leaves possible, so a signature drawn across it ("PHÓ Ắ ÔC") does not hide it."""
    expected = f"PHÓ {office.strip()}"
    text = strip_accents(line).upper()
    if not text.startswith("PHO "):
        return None
    if difflib.SequenceMatcher(None, text, strip_accents(expected).upper()).ratio() < DEPUTY_RATIO:
        return None
    return snap_signer_title(expected) or official_name(expected)
