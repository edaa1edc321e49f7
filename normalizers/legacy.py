"""Pre-Unicode Vietnamese fonts (TCVN3/ABC, VNI-Windows) → Unicode.

Text typed in `.VnTime` or `VNI-Times` reaches us as Latin-1 look-alikes: "KÕ ho¹ch" (TCVN3),
"Keá hoaïch" (VNI). `encoding_of_font` names the encoding from a font name — the strongest signal
— and `guess_encoding` from the characters when no font says it; `decode_legacy` maps the text back
through the tables of `resources/legacy_encodings.json`. Text that already holds precomposed
Vietnamese letters is never touched (documents mix Unicode and legacy runs).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .data import load_resource

# letters only Unicode Vietnamese has (â, ê, ô, à… are Latin-1 and also occur in legacy text)
_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ăđơưĂĐƠƯĩũĨŨ]")


@dataclass(frozen=True)
class _Tables:
    fonts: dict[str, tuple[str, ...]]
    signatures: dict[str, frozenset[str]]
    tcvn3: dict[int, str]
    vni: dict[bytes, str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = load_resource("legacy_encodings")
    return _Tables(
        fonts={k: tuple(v) for k, v in data["fonts"].items()},
        signatures={k: frozenset(v) for k, v in data["signatures"].items()},
        tcvn3={int(k, 16): v for k, v in data["tcvn3"].items()},
        vni={bytes.fromhex(k): v for k, v in data["vni"].items()},
    )


def encoding_of_font(font: str | None) -> str | None:
    """`tcvn3` for `.VnTime`, `.VnArialH`…, `vni` for `VNI-Times`…, None for a Unicode font."""
    if not font:
        return None
    name = font.split("+")[-1].strip().lower()  # PDF subsets: "ABCDEF+.VnTime"
    for encoding, prefixes in _tables().fonts.items():
        if name.startswith(prefixes):
            return encoding
    return None


def is_capitals_font(font: str | None) -> bool:
    """TCVN3 capitals come from the 'H' fonts (.VnTimeH): their letters share the lowercase bytes."""
    if not font:
        return False
    name = font.split("+")[-1].strip()
    return encoding_of_font(name) == "tcvn3" and name.rstrip("-,").upper().endswith("H")


def guess_encoding(text: str) -> str | None:
    """The legacy encoding a text was typed in, judged from its characters when no font name
    says it: None for Unicode Vietnamese (or text too short to judge)."""
    if not text or _VIETNAMESE.search(text):
        return None
    letters = [ch for ch in text if ch.isalpha() or ch in "µ¸¶·¹¨©ª«¬®¾"]
    if len(letters) < 20:
        return None
    t = _tables()
    share = {enc: sum(ch in sig for ch in letters) / len(letters) for enc, sig in t.signatures.items()}
    best = max(share, key=lambda enc: share[enc])
    return best if share[best] >= 0.05 else None


def _to_bytes(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            code = ord(ch)
            out += bytes([code]) if code < 256 else ch.encode("utf-8")
    return bytes(out)


def decode_legacy(text: str, encoding: str | None, capitals: bool = False) -> str:
    """`KÕ ho¹ch` (tcvn3) / `Keá hoaïch` (vni) → `Kế hoạch`. Unicode Vietnamese is returned as is."""
    if not text or encoding not in ("tcvn3", "vni") or _VIETNAMESE.search(text):
        return text
    t = _tables()
    raw = _to_bytes(text)
    out: list[str] = []
    if encoding == "tcvn3":
        for b in raw:
            out.append(t.tcvn3.get(b, chr(b)) if b >= 0x80 else chr(b))
        decoded = "".join(out)
        decoded = decoded.upper() if capitals else decoded
    else:
        i = 0
        while i < len(raw):
            pair, single = raw[i : i + 2], raw[i : i + 1]
            if len(pair) == 2 and pair in t.vni:
                out.append(t.vni[pair])
                i += 2
            elif single in t.vni:
                out.append(t.vni[single])
                i += 1
            else:
                out.append(chr(raw[i]))
                i += 1
        decoded = "".join(out)
    return unicodedata.normalize("NFC", decoded)
