"""Vietnamese text clean-up shared by every stage.

`clean_text` is what output strings go through (NFC, repaired characters, collapsed white space,
no private-use characters). `match_key` is only for comparing: it also folds case, dash and
homoglyph variants and the old/new tone-mark placement (hòa/hoà, Ủy/Uỷ), which both occur in
official documents, so that the printed text can be kept as it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .data import load_resource

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_ITEM_SPLIT = re.compile(r"\n|;|^\s*[-–•+]\s+(?=\S)", re.MULTILINE)


@lru_cache(maxsize=1)
def _character_tables() -> tuple[dict[int, str], dict[int, str]]:
    data = load_resource("characters")
    replace = {ord(k): v["to"] for k, v in data["replace"].items()}
    match_only = {ord(k): v for k, v in data["match_only"].items()}
    return replace, match_only


@lru_cache(maxsize=1)
def one_for_one_folds() -> dict[int, str]:
    """Every character repair and homoglyph fold that maps one character to one character, for
    readers that must keep character offsets valid (the citation finder)."""
    replace, match_only = _character_tables()
    return {k: v for k, v in {**replace, **match_only}.items() if len(v) == 1}


# Unicode's private-use areas (category Co): symbol-font bullets and icons that carry no text
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _drop_private_use(text: str) -> str:
    return _PRIVATE_USE.sub("", text)


def clean_text(text: str | None, keep_newlines: bool = False) -> str:
    """NFC, repaired characters, no private-use characters, white space collapsed."""
    if not text:
        return ""
    replace, _ = _character_tables()
    text = unicodedata.normalize("NFC", text).translate(replace)
    text = _drop_private_use(text)
    if keep_newlines:
        lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
        return "\n".join(line for line in lines if line)
    return _SPACES.sub(" ", text).strip()


def _fold_tone_placement(word: str) -> str:
    """Move the tone mark of a syllable to its end, so hòa and hoà give the same key."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    if not tones:
        return word
    bare = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare) + tones


def match_key(text: str | None) -> str:
    """A comparison key: cleaned, lower case, dashes and homoglyphs folded, tone placement folded."""
    _, match_only = _character_tables()
    text = clean_text(text).translate(match_only).lower()
    return _WORD.sub(lambda m: _fold_tone_placement(m.group(0)), text)


def loose_key(text: str | None) -> str:
    """`match_key` without punctuation or spacing differences (for comparing titles and prefixes)."""
    return " ".join(_WORD.findall(match_key(text)))


def is_upper(text: str) -> bool:
    """True when the text has letters and all of them are upper case."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def strip_accents(text: str) -> str:
    """ASCII-folded text (đ → d); for accent-free user input, never for classifying codes."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def title_case_vi(text: str) -> str:
    """`ỦY BAN NHÂN DÂN TỈNH` → `Ủy ban nhân dân tỉnh`: sentence case for upper-case letterhead text."""
    text = clean_text(text)
    if not is_upper(text):
        return text
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def split_list_items(cell: str | None) -> list[str]:
    """A table cell holding a list → its items: one per line, per ';' and per '- ' bullet."""
    parts = _ITEM_SPLIT.split(clean_text(cell, keep_newlines=True))
    return [p.strip(" .,;-–") for p in parts if p and p.strip(" .,;-–")]


@lru_cache(maxsize=4096)
def _modern_word(word: str) -> str:
    from underthesea import text_normalize  # imported late: only names need it

    fixed = text_normalize(word)
    return fixed if len(fixed.split()) == 1 else word


def modern_spelling(text: str) -> str:
    """Old tone-mark placement → the modern one, word by word (Uỷ → Ủy, Hoá → Hóa) with underthesea's
    `text_normalize`. Applied per word because on whole text it re-spaces punctuation
    (`35/2022 / NĐ-CP`); used for canonical names, never on printed text."""
    return _WORD.sub(lambda m: _modern_word(m.group(0)) if not m.group(0).isascii() else m.group(0), text)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The most frequent lower-case words (syllables) of plans (`syllables.json`)."""
    return frozenset(load_resource("syllables")["words"])


_LETTERS = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str) -> tuple[float, int]:
    """(share of the words that are common Vietnamese words, number of words): near 0.5 or more for
    Vietnamese prose, near 0 for garbled OCR or a legacy-font text layer ("KÕ ho¹ch")."""
    words = _LETTERS.findall(text.lower())
    if not words:
        return 0.0, 0
    common = common_words()
    return sum(w in common for w in words) / len(words), len(words)


def latin_share(text: str) -> tuple[float, int]:
    """(share of the letters that are Latin script, number of letters). Vietnamese, with all its
    tones, is Latin (Basic Latin to Latin Extended Additional, U+1E00–U+1EFF); random bytes read as
    text come out as CJK and other scripts, near 0."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0, 0
    latin = sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff")
    return latin / len(letters), len(letters)
