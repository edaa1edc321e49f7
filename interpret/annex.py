"""Annex task tables ("Phụ lục: phân công nhiệm vụ") → one `AnnexTask` per physical task row.

Columns are recognised by their headings (`normalizers/resources/task_tables.json`, `roles`), so
the layout of a plan does not matter: a table is a task table when it has a duty column (Nhiệm vụ,
Nội dung công việc, Hoạt động …) and a doer (chủ trì, người thực hiện …), output (sản phẩm, kết
quả) or time (thời gian, tiến độ) column, and none of the headings that only statistics, bidding
plans, procedure lists and schedules have; a table whose time column comes before its duty column
and that names no doer is a schedule. Header rows repeated on each page are not tasks. Group rows
("I | Cải cách thể chế", or a group column whose merged cell spans several tasks) give each task
its group; rows that continue a task cut by a page break
(no label while the tasks around them have one) are merged back into it. The cells are kept raw
here; units, timelines and products are normalised by the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..extractors.model import BBox, Block, Table
from ..normalizers.data import load_resource
from ..normalizers.labels import split_label
from ..normalizers.text import clean_text, loose_key

ROLES = (
    "label",
    "code",
    "group",
    "text",
    "products",
    "lead",
    "coordinating",
    "monitoring",
    "timeline",
    "notes",
)
_ROMAN_OR_LETTER = re.compile(r"^(?:[IVXL]+|[A-Z])\.?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_FIGURE = re.compile(r"^[\d.,%\s\-–]+$")


@dataclass
class AnnexTask:
    block_index: int
    row: int  # first table row of the task (0-based, header included)
    page: int | None
    group: str | None
    label: str | None
    cells: dict[str, str] = field(default_factory=dict)  # role → raw cell text
    rows: list[int] = field(default_factory=list)  # every table row the task covers
    bbox: BBox | None = None  # the box of its first row, on `page` (PDF)

    @property
    def text(self) -> str:
        return self.cells.get("text", "")


@lru_cache(maxsize=1)
def _roles() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (r["role"], re.compile(r["pattern"], re.IGNORECASE)) for r in load_resource("task_tables")["roles"]
    )


@lru_cache(maxsize=1)
def _not_task_heading() -> re.Pattern[str]:
    return re.compile(load_resource("task_tables")["not_task_tables"]["pattern"], re.IGNORECASE)


def heading_role(heading: str) -> str | None:
    """The role of one column heading; of a two-level heading ("Đơn vị thực hiện / Chủ trì") the
    lower level decides when it names one."""
    text = clean_text(heading).lower()
    parts = [p.strip() for p in text.split(" / ")] if " / " in text else []
    for candidate in [*reversed(parts), text]:
        for role, regex in _roles():
            if candidate and regex.search(candidate):
                return role
    return None


@lru_cache(maxsize=1)
def _areas() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (area, re.compile(p, re.IGNORECASE)) for area, p in load_resource("task_tables")["reform_areas"]
    )


def reform_area(group: str | None) -> str:
    """`Cải cách thể chế` → `the_che` (contract's list), `other` when no rule matches."""
    text = clean_text(group).lower()
    for area, regex in _areas():
        if text and regex.search(text):
            return area
    return "other"


def column_roles(header: list[str]) -> dict[int, str]:
    """Column index → role, from the heading texts (each role given once, to its first column)."""
    out: dict[int, str] = {}
    for i, heading in enumerate(header):
        role = heading_role(heading)
        if role is not None and role not in out.values():
            out[i] = role
    return out


def _header_rows(grid: list[list[str]]) -> tuple[list[str], int]:
    """The headings (two-level headings joined with ' / ') and the number of header rows."""
    header = list(grid[0])
    n = 1
    if len(grid) > 1:
        second = grid[1]
        if set(column_roles(second).values()) - set(column_roles(header).values()) and not any(
            split_label(c)[0] for c in second if c
        ):
            header = [
                a if a == b or not b else (f"{a} / {b}" if a else b)
                for a, b in zip(header, second, strict=False)
            ]
            n = 2
    while (
        n < len(grid) and all(_COLUMN_NUMBER.match(c.strip()) for c in grid[n] if c.strip()) and any(grid[n])
    ):
        n += 1  # a row of column numbers "(1) (2) (3)"
    return header, n


def is_task_table(table: Table) -> bool:
    grid = table.grid(carry=True)
    if len(grid) < 2:
        return False
    header, first = _header_rows(grid)
    col = {role: i for i, role in column_roles(header).items()}
    if "text" not in col or not set(col) & {"lead", "timeline", "products"}:
        return False
    if any(_not_task_heading().search(clean_text(h).lower()) for h in header if h):
        return False
    if "lead" not in col and col.get("timeline", len(header)) < col["text"]:
        return False  # "Thời gian | Nội dung | …": a schedule
    return not _mostly_numbers(grid[first:], col["text"])


def _mostly_numbers(rows: list[list[str]], text_col: int) -> bool:
    """Statistics: most cells beside the duty column are figures."""
    cells = [clean_text(c) for row in rows for k, c in enumerate(row) if k != text_col and clean_text(c)]
    figures = sum(bool(_FIGURE.match(c)) for c in cells)
    return bool(cells) and figures / len(cells) > 0.5


def extract_annex_tasks(blocks: list[Block]) -> list[AnnexTask]:
    """Every task row of every task table, in reading order."""
    out: list[AnnexTask] = []
    for index, block in enumerate(blocks):
        if block.kind != "table" or block.table is None or not is_task_table(block.table):
            continue
        out.extend(_table_tasks(index, block))
    return out


def _table_tasks(index: int, block: Block) -> list[AnnexTask]:
    table = block.table
    assert table is not None
    grid = table.grid(carry=True)
    header, first = _header_rows(grid)
    col = {role: i for i, role in column_roles(header).items()}
    tasks: list[AnnexTask] = []
    group: str | None = None
    labelled = 0

    def cell(row: list[str], role: str) -> str:
        i = col.get(role)
        return clean_text(row[i], keep_newlines=True) if i is not None and i < len(row) else ""

    header_keys = [[loose_key(c) for c in grid[k]] for k in range(first)]
    for r in range(first, len(grid)):
        row = grid[r]
        values = {role: cell(row, role) for role in ROLES}
        if not any(values.values()):
            continue
        if [loose_key(c) for c in row] in header_keys:
            continue  # the header repeated at the top of a page
        filled = [c.strip() for c in row if c.strip()]
        if len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled):
            continue  # the row of column numbers "(1) (2) (3)", repeated too
        if _is_group_row(row, values):
            group = _group_text(values, row)
            continue
        if values["group"]:
            group = values["group"]
        label = values["label"] or values["code"] or None
        text = values["text"]
        if not label:
            printed, rest = split_label(text)
            if printed is not None and printed.value:
                label, text = printed.value, rest
        else:
            label = label.rstrip(".")
        if label:
            labelled += 1
        elif tasks and labelled and _continues(values):
            _merge(tasks[-1], values)
            tasks[-1].rows.append(r)
            continue
        cells = {
            role: values[role]
            for role in ("products", "lead", "coordinating", "monitoring", "timeline", "notes")
        }
        cells["text"] = text
        where = table.row_provenance(r, block.provenance)  # the page its row is printed on
        tasks.append(AnnexTask(index, r, where.page, group, label, cells, [r], bbox=where.bbox))
    return tasks


def _is_group_row(row: list[str], values: dict[str, str]) -> bool:
    """'I | Cải cách thể chế | | |' or one merged cell across the row."""
    distinct = {c.strip() for c in row if c.strip()}
    if len(distinct) == 1 and len(row) > 2 and sum(1 for c in row if c.strip()) > 2:
        return True
    others = [values[r] for r in ("products", "lead", "coordinating", "timeline")]
    label = values["label"]
    return bool(label and _ROMAN_OR_LETTER.match(label.strip()) and not any(others))


def _group_text(values: dict[str, str], row: list[str]) -> str:
    text = values["text"] or next((c for c in row if c.strip()), "")
    label, rest = split_label(text)
    return clean_text(rest if label else text)


def _continues(values: dict[str, str]) -> bool:
    """A row cut off its task by a page break: no label, and text that does not start a sentence."""
    text = values["text"]
    return not text or text[:1].islower() or not any(values[r] for r in ("lead", "timeline"))


def _merge(task: AnnexTask, values: dict[str, str]) -> None:
    for role in ("text", "products", "lead", "coordinating", "monitoring", "timeline", "notes"):
        extra = values.get(role, "")
        if extra and extra != task.cells.get(role):
            # a continued cell goes on the same line unless it starts a new item of a list
            joiner = "\n" if role != "text" and split_label(extra)[0] is not None else " "
            task.cells[role] = (task.cells.get(role, "") + joiner + extra).strip()
