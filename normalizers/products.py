"""Product cells of annex tables → one item per distinct output.

Items are split on lines, ';' and bullets (`text.split_list_items`), then on the breaks of
`resources/task_tables.json` (`product_breaks`): a sentence break, two document types joined by a
slash, a comma before a capitalised output. A bracketed qualifier on its own line stays with its
item ("Báo cáo kết quả\\n(lồng ghép kết quả CCHC)").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import expand_letters, load_resource
from .text import clean_text, split_list_items


@lru_cache(maxsize=1)
def product_breaks() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(expand_letters(r["pattern"])) for r in load_resource("task_tables")["product_breaks"]
    )


def _join_qualifiers(text: str) -> str:
    """A line that opens with '(' or closes a bracket left open continues the line before."""
    lines: list[str] = []
    for line in text.split("\n"):
        if lines and (line.startswith("(") or lines[-1].count("(") > lines[-1].count(")")):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


def split_products(cell: str | None) -> list[str]:
    text = _join_qualifiers(clean_text(cell, keep_newlines=True))
    items = split_list_items(text)
    for regex in product_breaks():
        items = [part for item in items for part in regex.split(item)]
    return [item.strip(" .;") for item in items if item.strip(" .;")]
