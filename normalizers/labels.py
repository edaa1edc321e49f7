"""Split a printed numbering label ("I.", "1.", "a)", "-") off the start of a line of text.

The label grammar lives in `normalizers/resources/patterns.json` (group `labels`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import patterns


@dataclass(frozen=True)
class Label:
    printed: str  # as printed, punctuation included: "II.", "a)", "-"
    kind: str  # roman · decimal · decimal_multi · letter · dash · plus · bullet · part
    value: str | None  # without punctuation: "II", "a", "1.1"; None for bullets


def split_label(text: str) -> tuple[Label | None, str]:
    """(label, rest) for a line that starts with a numbering label, else (None, text)."""
    for p in patterns("labels"):
        m = p.regex.match(text)
        if not m:
            continue
        value = m.groupdict().get("value")
        if p.kind == "roman" and not value:
            continue  # the empty Roman numeral
        printed = m.group("label").strip()
        return Label(printed, p.kind or p.id, value), text[m.end() :].strip()
    return None, text


def classify_label(printed: str) -> Label | None:
    """The kind of an auto-numbering label that Word prints before the text ("1.", "a)", "-")."""
    label, rest = split_label(printed.strip() + " x")
    if label is None or rest != "x":
        return None
    return label
