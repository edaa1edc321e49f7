"""Results and tables for the tools people use: Excel (xlsx), CSV that Excel opens as UTF-8, the
screen, JSON, Parquet, and a SQLite database for Datasette (`export_sqlite`).

Every format but Parquet gets the same flat values (`flatten_frame`): lists joined with "; " (a
list inside a list with " | "), a timeline item as `kind=…, start=…, end=…, raw=…`, dates as dates
(ISO text where the format has no date type) — never Python's own notation (`['Sở Tư pháp']`,
`datetime.date(2026, 1, 1)`). A file's format is told by its extension; an extension that names
no format is an error, never a text file under a misleading name.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sqlite3
import stat
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import OutputError, UsageError
from ..normalizers.text import strip_accents
from .views import LIST_SEPARATOR, VIEWS

FORMATS = ("table", "csv", "xlsx", "json", "parquet")
_BY_EXTENSION = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".parquet": "parquet", ".txt": "table"}
_INNER_SEPARATOR = " | "  # a list inside a list (a table's rows): its cells, as `blocks.text` joins them
XLSX_MAX_ROWS = 1_048_575  # a sheet's rows, less the header
_XLSX_MAX_CELL = 32_767  # characters Excel keeps in a cell


def format_of(fmt: str | None, out: str | None) -> str:
    """The output format: `fmt` if given, else the one `out`'s extension names, else `table`. An
    extension that names no format, or another one than `fmt`, is a usage error."""
    if not out:
        if fmt in ("xlsx", "parquet"):
            raise UsageError(f"--format {fmt} needs --output FILE")
        return fmt or "table"
    named = _BY_EXTENSION.get(Path(out).suffix.lower())
    if fmt is None and named is None:
        raise UsageError(
            f"cannot tell which format {out} should be: end it in .csv, .xlsx, .json, .parquet "
            "or .txt, or give --format"
        )
    if fmt is not None and named is not None and named != fmt:
        raise UsageError(f"--format {fmt} does not fit the name {out}: use a .{fmt} name or another --format")
    return fmt or named or "table"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def flat_value(value: Any, depth: int = 0) -> Any:
    """One cell as people read it: a list joined, a record as `name=value` pairs, else the value."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple):
        parts = [flat_value(v, depth + 1) for v in value]
        shown = [_text(p) for p in parts if not _missing(p) and p != ""]
        return (LIST_SEPARATOR if depth == 0 else _INNER_SEPARATOR).join(shown) or None
    if isinstance(value, dict):
        pairs = [f"{k}={_text(flat_value(v, depth + 1))}" for k, v in value.items() if not _missing(v)]
        return ", ".join(pairs) or None
    if isinstance(value, np.generic):
        return value.item()
    return None if _missing(value) else value


def flatten_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and records flattened (`flat_value`), date-time columns holding only days as dates."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            stamps = column.dropna()
            if (stamps == stamps.dt.normalize()).all():
                out[name] = pd.Series([None if pd.isna(v) else v.date() for v in column], dtype=object)
        elif column.dtype == object:
            out[name] = pd.Series([flat_value(v) for v in column], index=column.index, dtype=object)
    return out


BOM = "\ufeff"  # first in a CSV file, so that Excel reads it as UTF-8 (Vietnamese intact)


def _csv_text(frame: pd.DataFrame) -> str:
    return flatten_frame(frame).to_csv(index=False)


def _stdout_is_a_file() -> bool:
    """Whether the output goes into a file (`> tasks.csv`), which Excel may open, rather than to
    the screen or through a pipe to another program (`| head`), for which a BOM is a stray character."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # no real stdout (captured, closed)
        return False


def _table_text(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "(no rows)"
    with pd.option_context(
        "display.max_rows", 500, "display.max_columns", 30, "display.width", 200, "display.max_colwidth", 80
    ):
        flat = flatten_frame(frame)
        for name in flat.columns:  # a line break inside a cell would break the table's rows
            flat[name] = flat[name].map(lambda v: " ".join(v.split()) if isinstance(v, str) else v)
        return flat.to_string(index=False)


def _json_value(value: Any) -> Any:
    if isinstance(value, np.ndarray | list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if _missing(value):
        return None
    if isinstance(value, dt.date | pd.Timestamp):
        return _text(value)
    return value


def _json_text(frame: pd.DataFrame) -> str:
    """JSON keeps lists as lists (JSON has them); dates as ISO text."""
    rows = [{k: _json_value(v) for k, v in r.items()} for r in frame.to_dict("records")]
    return json.dumps(rows, ensure_ascii=False, indent=1)


def write_xlsx(frame: pd.DataFrame, path: str | Path, sheet: str = "vnplan") -> None:
    """An Excel workbook: a bold header row frozen above typed cells (dates as dates, numbers as
    numbers), an autofilter, and columns wide enough to read."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if len(frame) > XLSX_MAX_ROWS:
        raise UsageError(
            f"{len(frame)} rows do not fit in one Excel sheet ({XLSX_MAX_ROWS}); export to .csv, "
            "or to SQLite with --sqlite"
        )
    flat = flatten_frame(frame)
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    for i, name in enumerate(flat.columns, start=1):
        longest = max([len(str(name))] + [len(_text(v)) for v in flat[name].head(200) if not _missing(v)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
    header = []
    for name in flat.columns:
        cell = WriteOnlyCell(ws, value=str(name))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for record in flat.itertuples(index=False):
        row: list[Any] = []
        for value in record:
            if _missing(value):
                row.append(None)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "DD/MM/YYYY"
                row.append(cell)
            elif isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)
                row.append(text if len(text) <= _XLSX_MAX_CELL else text[: _XLSX_MAX_CELL - 1] + "…")
            else:
                row.append(value)
        ws.append(row)
    if len(flat.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(flat.columns))}{len(flat) + 1}"
    book.save(str(path))


def write_frame(frame: pd.DataFrame, fmt: str | None, out: str | None) -> str | None:
    """A result in the format asked for (`format_of`): written to `out`, or returned as text."""
    fmt = format_of(fmt, out)
    try:
        if fmt == "parquet":
            frame.to_parquet(out, index=False)
            return None
        if fmt == "xlsx":
            assert out is not None  # format_of asks for a file
            write_xlsx(frame, out)
            return None
        text = {"csv": _csv_text, "json": _json_text, "table": _table_text}[fmt](frame)
        if fmt == "csv" and (out or _stdout_is_a_file()):
            text = BOM + text
        if out:
            Path(out).write_text(text, encoding="utf-8")
            return None
        return text
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from exc


def export_file(data_dir: str | Path, name: str, out: str) -> int:
    """`vnplan export NAME --out FILE.xlsx|FILE.csv`: a view or a raw table as a file; its rows."""
    from .lookup import connect

    fmt = format_of(None, out)
    if fmt not in ("xlsx", "csv"):
        raise UsageError(f"export writes .xlsx or .csv files, not {out} (for other formats: vnplan query)")
    con = connect(data_dir)
    known = table_names(con)
    if name not in known:
        raise UsageError(f"no view or table {name!r}; there are: {', '.join(known)}")
    frame = fetch(con, f'SELECT * FROM "{name}"')
    write_frame(frame, fmt, out)
    return len(frame)


def table_names(con) -> list[str]:
    """The people's views first, then the raw tables, as `connect` made them."""
    made = {
        r[0]
        for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
        if not r[0].startswith("_")  # connect's own helpers (`_documents`, `_empty_…`), not for people
    }
    return [v for v in VIEWS if v in made] + sorted(made - set(VIEWS))


def fetch(con, sql: str) -> pd.DataFrame:
    """A query's rows as a frame of plain values: DATE columns as `datetime.date` values (not time
    stamps), missing values as None (not NaN)."""
    rel = con.sql(sql)
    frame = rel.df()
    frame = frame.astype(object).where(frame.notna(), None)
    for name, kind in zip(rel.columns, rel.types, strict=True):
        if str(kind) == "DATE":
            frame[name] = pd.Series(
                [None if pd.isna(v) else pd.Timestamp(v).date() for v in frame[name]], dtype=object
            )
    return frame


# ---- SQLite for Datasette

_RAW_DESCRIPTIONS = {
    "documents": (
        "Bảng gốc (contract): mỗi tệp một dòng, mọi bản; work_id và is_primary cho biết bản nào được tính."
    ),
    "sections": "Bảng gốc: các mục, tiểu mục của văn bản.",
    "blocks": "Bảng gốc: toàn văn, mỗi đoạn một dòng, theo thứ tự đọc.",
    "tasks": (
        "Bảng gốc: mỗi dòng phụ lục hoặc mục nhiệm vụ một dòng, mọi bản; same_as trỏ tới dòng phụ lục "
        "mà mục nhắc lại."
    ),
    "units": "Bảng gốc: các cơ quan, đơn vị trong toàn bộ dữ liệu.",
    "task_units": "Bảng gốc: nhiệm vụ ↔ cơ quan (chủ trì, phối hợp, theo dõi).",
    "citations": "Bảng gốc: mỗi lần nhắc đến một văn bản khác, mọi bản.",
    "tables": "Bảng gốc: các bảng không phải bảng nhiệm vụ, giữ nguyên.",
    "targets": "Bảng gốc: các chỉ tiêu.",
    "works": (
        "Bảng gốc: mỗi văn bản thuộc tác phẩm nào (mọi bản DOCX/PDF/scan/dự thảo của một văn bản) "
        "và bản nào là bản chính."
    ),
}
_RAW_FACETS = {"documents": ["province_2025", "doc_type", "status"], "tasks": ["reform_area", "origin"]}
_RAW_SEARCH = {"tasks": ("text",), "citations": ("raw",)}
FOLDED_COLUMN = "khong_dau"  # the search index's accent-free copy, so that "so noi vu" finds "Sở Nội vụ"


def _sqlite_value(value: Any) -> Any:
    value = flat_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | np.bool_):
        return int(value)
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _write_sqlite_table(db: sqlite3.Connection, name: str, frame: pd.DataFrame) -> None:
    columns = ", ".join(_quote(c) for c in frame.columns)
    db.execute(f"CREATE TABLE {_quote(name)} ({columns})")
    marks = ", ".join("?" for _ in frame.columns)
    db.executemany(
        f"INSERT INTO {_quote(name)} VALUES ({marks})",
        ([_sqlite_value(v) for v in r] for r in frame.itertuples(index=False)),
    )


def _add_search(db: sqlite3.Connection, name: str, columns: tuple[str, ...]) -> str:
    """A full-text index of `columns` (rowid = the table's rowid), with an accent-free copy of them,
    and diacritics folded by the tokenizer: "Sở Nội vụ", "so noi vu" and "đăng" / "dang" all match."""
    fts = f"{name}_fts"
    spec = ", ".join([*(_quote(c) for c in columns), FOLDED_COLUMN])
    db.execute(
        f"CREATE VIRTUAL TABLE {_quote(fts)} USING fts5({spec}, tokenize='unicode61 remove_diacritics 2')"
    )
    picked = ", ".join(_quote(c) for c in columns)
    rows = db.execute(f"SELECT rowid, {picked} FROM {_quote(name)}").fetchall()
    db.executemany(
        f"INSERT INTO {_quote(fts)} (rowid, {picked}, {FOLDED_COLUMN}) "
        f"VALUES ({', '.join('?' * (len(columns) + 2))})",
        ((r[0], *r[1:], strip_accents(" ".join(str(v) for v in r[1:] if v is not None))) for r in rows),
    )
    return fts


def _labels() -> dict[str, dict[str, str]]:
    """Column descriptions of the raw tables: the Vietnamese name a view gives the column."""
    out: dict[str, dict[str, str]] = {}
    for view in VIEWS.values():
        for c in view.columns:
            if c.source:
                table, column = c.source.split(".")
                out.setdefault(table, {}).setdefault(column, f"{c.name}: {c.meaning}".rstrip(": "))
    return out


def export_sqlite(data_dir: str | Path, db_path: str | Path, metadata_path: str | Path | None = None) -> dict:
    """Every view and raw table into one SQLite file (replaced if it exists), full-text indexes on
    task and citation text, and a Datasette metadata file beside it (`metadata.json`): table
    descriptions, column labels, facets. Returns {table: rows}."""
    from .lookup import connect

    db_path = Path(db_path)
    metadata_path = Path(metadata_path) if metadata_path else db_path.with_name("metadata.json")
    con = connect(data_dir)
    counts: dict[str, int] = {}
    tables_meta: dict[str, dict[str, Any]] = {}
    labels = _labels()
    tmp = db_path.with_name(f".{db_path.name}.tmp")
    db: sqlite3.Connection | None = None
    try:
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        for name in table_names(con):
            frame = fetch(con, f'SELECT * FROM "{name}"')
            _write_sqlite_table(db, name, frame)
            counts[name] = len(frame)
            view = VIEWS.get(name)
            # a view's columns are named in Vietnamese already (Datasette lists column descriptions
            # above the rows, which would push the rows of a view off the first screen)
            meta: dict[str, Any] = {
                "description": view.description if view else _RAW_DESCRIPTIONS.get(name, "")
            }
            if not view:
                meta["columns"] = {k: v for k, v in labels.get(name, {}).items() if k in frame.columns}
            facets = list(view.facets) if view else _RAW_FACETS.get(name, [])
            if facets:
                meta["facets"] = facets
            search = view.search if view else _RAW_SEARCH.get(name, ())
            if search:
                meta["fts_table"], meta["fts_pk"] = _add_search(db, name, search), "rowid"
            tables_meta[name] = meta
        db.commit()
        db.close()
        db = None
        tmp.replace(db_path)
        metadata = {
            "title": "vnplan: kế hoạch, nhiệm vụ, trích dẫn",
            "description": (
                "task_list, citation_list, document_list: mỗi kế hoạch và mỗi nhiệm vụ được tính một "
                "lần. Các bảng gốc giữ tên cột của contract (docs/CONTRACT.md)."
            ),
            "databases": {db_path.stem: {"tables": tables_meta}},
        }
        metadata_path.write_text(json.dumps(metadata, ensure_ascii=False, indent=1), encoding="utf-8")
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(f"cannot write {db_path}: {getattr(exc, 'strerror', None) or exc}") from exc
    finally:  # whatever stopped it (a query error too): no half-written file, no open connection
        if db is not None:
            db.close()
        tmp.unlink(missing_ok=True)
    return counts
