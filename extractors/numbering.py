"""Word auto-numbering (numbering.xml) resolved to the labels a reader sees on paper.

python-docx does not expose list numbers, yet several real plans number their headings this way
(`1.` … `7.` and `a)` … in `lamdong_kh_cchc_2026.docx`). `Numbering.label_for` replays Word's
counters in document order: one counter set per abstract numbering, levels below the one that
advances restart, and a `w:startOverride` on a `w:num` restarts the list the first time it is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wval(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(w("val"), default)


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart_after: int | None = None  # w:lvlRestart: restart when this (1-based) level advances


@dataclass
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    used: bool = False


def _roman(n: int) -> str:
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's lowerLetter: a … z, then aa, bb, … (the letter repeated)
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerRoman",):
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt in ("decimalZero",):
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class Numbering:
    def __init__(self, numbering_xml: etree._Element | None):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_xml is not None:
            self._parse(numbering_xml)

    def _parse(self, root: etree._Element) -> None:
        for an in root.iter(w("abstractNum")):
            levels: dict[int, Level] = {}
            for lvl in an.findall(w("lvl")):
                ilvl = int(lvl.get(w("ilvl"), "0"))
                restart = wval(lvl.find(w("lvlRestart")))
                levels[ilvl] = Level(
                    fmt=wval(lvl.find(w("numFmt")), "decimal") or "decimal",
                    text=wval(lvl.find(w("lvlText")), "") or "",
                    start=int(wval(lvl.find(w("start")), "1") or 1),
                    restart_after=int(restart) if restart is not None else None,
                )
            self.abstract[an.get(w("abstractNumId"))] = levels
        for num in root.iter(w("num")):
            aid = wval(num.find(w("abstractNumId")))
            if aid is None:
                continue
            overrides = {}
            for ov in num.findall(w("lvlOverride")):
                start = ov.find(w("startOverride"))
                if start is not None:
                    overrides[int(ov.get(w("ilvl"), "0"))] = int(wval(start, "1") or 1)
            self.nums[num.get(w("numId"))] = _Num(aid, overrides)

    def label_for(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph and return its printed label."""
        num = self.nums.get(num_id)
        if num is None or num_id == "0":
            return None
        levels = self.abstract.get(num.abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(num.abstract_id, {})
        if not num.used:
            num.used = True
            for lv, start in num.start_overrides.items():
                counters[lv] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, Level()).restart_after
            if restart is None or restart > ilvl:
                counters.pop(deeper)
        if level.fmt == "bullet":
            return level.text or "•"

        def value(lv: int) -> str:
            lvl = levels.get(lv, Level())
            return format_number(counters.get(lv, lvl.start), lvl.fmt)

        label = level.text
        for lv in range(9):
            label = label.replace(f"%{lv + 1}", value(lv))
        return label
