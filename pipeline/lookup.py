"""Questions analysts ask of an output folder: SQL over the tables, who cites a document, what a
document cites. DuckDB reads the Parquet parts directly (one view per table)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import UsageError
from ..normalizers.references import Reference, matches, parse_reference
from ..normalizers.text import strip_accents
from .manifest import MANIFEST_NAME
from .schema import TABLE_NAMES, check_dataset, schema
from .storage import LOCK_NAME
from .views import create_views
from .write import DATASET_WIDE

_SENTENCE_END = re.compile(r"[.;:!?]\s|\n")


def connect(data_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per table of `data_dir`, and the people's views (views.py),
    over a snapshot of whole documents: the documents whose documents part is there (it is written
    after all their other parts, and removed first when a document is read again), so that a query
    during an ingest never sees a document half-written. A table with no part yet is an empty view
    of its schema. `documents` carries `work_id` and `is_primary` from the `works` table (each
    document its own work while the dataset has none)."""
    data = Path(data_dir)
    if not any((data / name).exists() for name in ("documents", MANIFEST_NAME, LOCK_NAME)):
        raise UsageError(f"{data} holds no vnplan output (no documents table); run vnplan ingest first")
    check_dataset(data)
    first = {p.name for p in (data / "documents").glob("*.parquet")}
    listed = {table: sorted((data / table).glob("*.parquet")) for table in TABLE_NAMES}
    # and again after the others: a document removed meanwhile lost its documents part first
    done = first & {p.name for p in listed["documents"]}
    con = duckdb.connect()
    for table in TABLE_NAMES:
        parts = [
            str(p)
            for p in listed[table]
            if table in DATASET_WIDE or p.name in done or p.name in _NOT_A_DOCUMENT
        ]
        name = "_documents" if table == "documents" else table
        if parts:
            files = ", ".join("'" + f.replace("'", "''") + "'" for f in parts)
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{files}], union_by_name=true)")
        else:
            con.register(f"_empty_{table}", schema(table).empty_table())
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM _empty_{table}")
    con.execute(
        "CREATE VIEW documents AS SELECT d.*, coalesce(w.work_id, 'w' || d.doc_id) AS work_id, "
        "coalesce(w.is_primary, true) AS is_primary FROM _documents d LEFT JOIN works w USING (doc_id)"
    )
    create_views(con, set(TABLE_NAMES))
    return con


_NOT_A_DOCUMENT = ("part-empty.parquet", "part-all.parquet")
_SNAPSHOT_TRIES = 3  # a part replaced or removed by an ingest between listing and reading: list again


def query(data_dir: str | Path, sql: str) -> pd.DataFrame:
    """The result of `sql` over the tables. A failing query keeps DuckDB's whole message: its
    "Did you mean …" and candidate columns are the useful part."""
    if not sql.strip():
        raise UsageError('the SQL query is empty; give one, e.g. "SELECT count(*) FROM documents"')
    for attempt in range(_SNAPSHOT_TRIES):
        con = connect(data_dir)
        try:
            return con.execute(sql).df()
        except duckdb.Error as exc:
            if not isinstance(exc, duckdb.IOException) or attempt + 1 == _SNAPSHOT_TRIES:
                raise UsageError(f"the query failed: {str(exc).strip()}") from exc
    raise AssertionError("unreachable")  # the last attempt returns or raises


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of a block holding text[start:end] (at most ~300 characters)."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() + 1 if right_match else len(text)
    left, right = max(left, start - 200), min(right, end + 200)
    return text[left:right].strip()


_CITING = """
SELECT c.doc_id, c.citation_id, c.key, c.doc_type, c.number, c.year, c.symbol, c.issued_date AS cited_date,
       c.raw, c.task_id, c.section_id, c.page, c.block_id, c.char_start, c.char_end,
       d.source_path, d.doc_type AS citing_type, d.key AS citing_key, d.issued_date AS citing_date,
       d.province, d.province_2025, d.work_id, b.text AS block_text
FROM citations c JOIN documents d USING (doc_id)
LEFT JOIN blocks b ON b.doc_id = c.doc_id AND b.block_id = c.block_id
"""


@dataclass
class CiteAnswer:
    """`cite`'s answer: the mentions, what the reference was read as, the keys found (with the
    year of the cited document when known), and the dataset's nearest keys when none was found."""

    mentions: pd.DataFrame
    understood: str
    found: list[str] = field(default_factory=list)
    nearest: list[str] = field(default_factory=list)
    works: int = 0  # plans (works) among the citing documents, each counted once

    def summary(self) -> str:
        if self.found:
            files = self.mentions["file"].nunique()
            return (
                f"{', '.join(self.found)}: {len(self.mentions)} mentions in {files} files "
                f"({self.works} documents, each counted once over its renderings)"
            )
        nearest = f"; nearest keys in the dataset: {', '.join(self.nearest)}" if self.nearest else ""
        return f"no mention of {self.understood}{nearest}"


def describe_reference(ref: Reference) -> str:
    """What a typed reference was read as, in words: `Nghị quyết số 76 (2021)`, `số 130/2005, ký
    hiệu NĐ-CP`, `Luật Ngân sách nhà nước (83/2015/QH13)`."""
    if ref.keys:
        return f"{ref.name or ref.doc_type or 'văn bản'} ({', '.join(ref.keys)})"
    words = [ref.doc_type or "văn bản", f"số {ref.number}"]
    if ref.codes:
        words.append(f"ký hiệu có {'-'.join(ref.codes)}")
    return " ".join(words) + (f" ({ref.year})" if ref.year else "")


def _year_of(row: dict, known: dict[str, set[int]]) -> int | None:
    """The cited document's year: in its number, else the date given in the mention, else the one
    year that the dataset's dated mentions of the same key give (76/NQ-CP of 2021)."""
    if row["year"] is not None:
        return int(row["year"])
    if row["cited_date"] is not None:
        return row["cited_date"].year
    years = known.get(row["key"] or "", set())
    return next(iter(years)) if len(years) == 1 else None


def _shown_key(key: str, year: int | None, doc_type: str | None) -> str:
    named = f"{doc_type} {key}" if doc_type else key
    return f"{named} ({year})" if year and not re.search(r"/(?:19|20)\d\d/", key) else named


def cite_answer(data_dir: str | Path, reference: str) -> CiteAnswer:
    """Every mention of the referenced document (citing file, province, date, task and sentence),
    with what the reference was read as and, when nothing matches, the nearest keys."""
    try:
        ref = parse_reference(reference)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    con = connect(data_dir)
    rows = con.execute(_CITING).df()
    rows = rows.astype(object).where(rows.notna(), None)  # missing values as None, not NaN
    understood = describe_reference(ref)
    if rows.empty:
        return CiteAnswer(rows, understood)
    records = rows.to_dict("records")
    known: dict[str, set[int]] = {}
    for r in records:
        if r["key"] and r["cited_date"] is not None:
            known.setdefault(r["key"], set()).add(r["cited_date"].year)
    years = [_year_of(r, known) for r in records]
    hit = [
        matches(ref, r["key"], r["doc_type"], r["number"], y, r["symbol"])
        for r, y in zip(records, years, strict=True)
    ]
    found = rows[hit].copy()
    found["cited_year"] = [y for y, h in zip(years, hit, strict=True) if h]
    found["sentence"] = [
        _sentence(t or "", int(a or 0), int(b or 0))
        for t, a, b in zip(found["block_text"], found["char_start"], found["char_end"], strict=True)
    ]
    found["file"] = [Path(p).name for p in found["source_path"]]
    columns = [
        "key",
        "file",
        "citing_type",
        "citing_key",
        "province",
        "province_2025",
        "citing_date",
        "page",
        "task_id",
        "sentence",
        "doc_id",
    ]
    mentions = found[columns].sort_values(["key", "file", "page"], na_position="last").reset_index(drop=True)
    shown = sorted(
        {
            _shown_key(k, y, t)
            for k, y, t in zip(found["key"], found["cited_year"], found["doc_type"], strict=True)
            if k
        }
    )
    works = int(found["work_id"].nunique()) if len(found) else 0
    nearest = [] if shown else _nearest_keys(ref, records, years)
    return CiteAnswer(mentions, understood, shown, nearest, works)


def _nearest_keys(ref: Reference, records: list[dict], years: list[int | None], n: int = 5) -> list[str]:
    """The dataset's keys closest to a reference that matched none: the same number counts most,
    then the same type, year and symbol codes, then how alike the numbers are written."""
    seen: dict[str, tuple[float, str]] = {}
    for r, year in zip(records, years, strict=True):
        key = r["key"]
        if not key or key in seen:
            continue
        number = re.sub(r"^0+(?=\d)", "", r["number"] or "").lower()
        segments = set(re.split(r"[/-]", strip_accents(r["symbol"] or "").upper()))
        score = (
            3.0 * (bool(ref.number) and number == ref.number)
            + 2.0 * (ref.doc_type is not None and r["doc_type"] == ref.doc_type)
            + 2.0 * (ref.year is not None and year == ref.year)
            + 1.0 * (bool(ref.codes) and all(c in segments for c in ref.codes))
            + difflib.SequenceMatcher(None, number, ref.number or "").ratio()
            + 3.0 * (key in ref.keys)
        )
        seen[key] = (score, _shown_key(key, year, r["doc_type"]))
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return [shown for _, (_, shown) in ranked[:n]]


def cite(data_dir: str | Path, reference: str) -> pd.DataFrame:
    """Every mention of the referenced document: citing file, province, date, task and sentence."""
    return cite_answer(data_dir, reference).mentions


def cited_by(data_dir: str | Path, document: str) -> pd.DataFrame:
    """What one document cites (by doc_id, file name or key), and whether each is in the dataset."""
    con = connect(data_dir)
    docs = con.execute("SELECT doc_id, source_path, key, issued_date, province FROM documents").df()
    pick = docs[
        (docs["doc_id"] == document)
        | (docs["key"] == document)
        | docs["source_path"].map(lambda p: Path(p).name == document)
    ]
    if pick.empty:
        raise UsageError(f"no document {document!r} in {data_dir} (give a doc_id, a file name or a key)")
    doc_id = pick.iloc[0]["doc_id"]
    cites = con.execute(
        "SELECT key, doc_type, issued_date, issuer, ref_id, raw, page, task_id "
        "FROM citations WHERE doc_id = ? ORDER BY page, citation_id",
        [doc_id],
    ).df()
    by_ref: dict[str, str] = {}
    for d in docs.astype(object).where(docs.notna(), None).to_dict("records"):
        if d["key"]:
            by_ref.setdefault(
                _document_ref(d["key"], d["issued_date"], d["province"]), Path(d["source_path"]).name
            )
    cites["in_dataset"] = cites["ref_id"].map(lambda r: by_ref.get(r) if isinstance(r, str) else None)
    return cites.drop_duplicates(subset=["key", "raw"]).reset_index(drop=True)


def _document_ref(key: str, issued, province: str | None) -> str:
    """A document's own `ref_id`, built as citations build theirs (contract): the key when it has a
    year, else key|issued_date|province."""
    if re.search(r"/(?:19|20)\d\d/", key):
        return key
    date = issued.isoformat()[:10] if hasattr(issued, "isoformat") else (str(issued)[:10] if issued else "")
    return f"{key}|{date}|{province or ''}"
