"""Works: one document in all its renderings (DOCX, PDF, a scan of the signed copy) and versions
(draft, final), so that each plan and each of its tasks is counted once.

Documents are one work when (each rule joins what the ones before it left apart):
1. `key` — they have the same key (number/symbol) from the same issuer (else province) and year
   (the year in the number, else the issue year, else the plan's first year);
2. `title` — else the same type, issuer, title and plan years, when that does not join two
   different keys (so a draft with a blank number joins its final; two numbered plans never do);
3. `text` — else their text is near-identical (estimated Jaccard similarity of word triples at
   least TEXT_SAME, `normalizers.similarity`), neither type nor key differing.

One document per work is `primary`, the rendering whose rows are counted: a readable one over a
failed one, a final (numbered) over a draft, a text layer over OCR (the smaller share of OCRed
pages), DOCX over PDF over DOC (DOCX keeps the author's numbering and tables whole), then the
smallest doc_id.

Why a merged table and not columns of each document's part: whether a document is primary
depends on the others, and a new rendering would otherwise rewrite the parts of every document
of its work. Each part stays what its own file gave (its evidence, `text_minhash`); the works
table is recomputed from all parts after every run, like `units`, so re-runs, new files and
pruned files always give the same result as one run over everything.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..normalizers.similarity import MINHASH_SIZE, minhash_similarity
from ..normalizers.text import loose_key
from .records import WorkRow
from .storage import Store
from .write import BY_DOC, read_part, write_table

TEXT_SAME = 0.8  # corpus: renderings of one plan 0.94–1.00 (a scan 0.94), different plans ≤ 0.72
_BANDS = 32  # text candidates: documents sharing one band of MINHASH_SIZE / _BANDS signature values
_FORMAT_RANK = {"docx": 0, "pdf": 1, "doc": 2}
_STATUS_RANK = {"ok": 0, "partial": 1, "failed": 2}


@dataclass
class _Doc:
    doc_id: str
    row: dict[str, Any]
    minhash: list[int]


@dataclass
class _Group:
    members: list[str]
    key: str | None  # the key identity, if any member has one
    doc_type: str | None
    matched_by: set[str] = field(default_factory=set)


def _year(row: dict[str, Any]) -> int | None:
    in_key = re.search(r"/((?:19|20)\d\d)/", row.get("key") or "")
    if in_key:
        return int(in_key.group(1))
    if row.get("issued_date"):
        return row["issued_date"].year
    return row.get("plan_year_start")


def key_identity(row: dict[str, Any]) -> str | None:
    """Key, issuer (else province) and year: what makes a numbered document one document."""
    if not row.get("key"):
        return None
    body = loose_key(row.get("issuer")) or loose_key(row.get("province"))
    return f"{row['key']}|{body}|{_year(row) or ''}"


def title_identity(row: dict[str, Any]) -> str | None:
    """Type, issuer, title and plan years: what makes an unnumbered document the same as another."""
    parts = (row.get("doc_type"), loose_key(row.get("issuer")), loose_key(row.get("title")))
    if not all(parts):
        return None
    return "|".join([*map(str, parts), str(row.get("plan_year_start")), str(row.get("plan_year_end"))])


def primary_rank(row: dict[str, Any]) -> tuple:
    """Smaller is the better rendering to count (the rule in the module docstring)."""
    pages = row.get("pages") or 0
    ocr_share = (row.get("ocr_pages") or 0) / pages if pages else 0.0
    return (
        _STATUS_RANK.get(row.get("status") or "failed", 2),
        0 if row.get("number") else 1,
        ocr_share,
        _FORMAT_RANK.get(row.get("source_format") or "", 3),
        row["doc_id"],
    )


class _Works:
    """Union of documents into works, refusing a union that would join two different keys."""

    def __init__(self, docs: list[_Doc]):
        self.docs = {d.doc_id: d for d in docs}
        self.group_of: dict[str, _Group] = {}
        for d in docs:
            self.group_of[d.doc_id] = _Group([d.doc_id], key_identity(d.row), d.row.get("doc_type"))

    def join(self, a: str, b: str, rule: str, *, same_type: bool = False) -> None:
        ga, gb = self.group_of[a], self.group_of[b]
        if ga is gb or (ga.key and gb.key and ga.key != gb.key):
            return
        if same_type and ga.doc_type and gb.doc_type and ga.doc_type != gb.doc_type:
            return
        ga.members.extend(gb.members)
        ga.key = ga.key or gb.key
        ga.doc_type = ga.doc_type or gb.doc_type
        ga.matched_by |= gb.matched_by | {rule}
        for m in gb.members:
            self.group_of[m] = ga

    def groups(self) -> list[_Group]:
        unique = {id(g): g for g in self.group_of.values()}
        return sorted(unique.values(), key=lambda g: min(g.members))


def _join_equal(works: _Works, identity, rule: str) -> None:
    by_identity: dict[str, list[str]] = defaultdict(list)
    for doc_id, d in sorted(works.docs.items()):
        found = identity(d.row)
        if found:
            by_identity[found].append(doc_id)
    for members in by_identity.values():
        for other in members[1:]:
            works.join(members[0], other, rule)


def _join_similar_text(works: _Works) -> None:
    """Near-identical texts, compared only within shared signature bands (locality-sensitive
    hashing: 32 bands of 4 values find pairs at 0.8 with probability above 0.99)."""
    rows = MINHASH_SIZE // _BANDS
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for doc_id, d in sorted(works.docs.items()):
        if len(d.minhash) == MINHASH_SIZE:
            for band in range(_BANDS):
                buckets[(band, *d.minhash[band * rows : (band + 1) * rows])].append(doc_id)
    seen: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                if minhash_similarity(works.docs[a].minhash, works.docs[b].minhash) >= TEXT_SAME:
                    works.join(a, b, "text", same_type=True)


def _work_id(group: _Group, works: _Works) -> str:
    """A stable id: from the key identity, else the title identity, else the first doc_id; so a new
    rendering joining a work does not change its id."""
    titles = sorted(t for m in group.members if (t := title_identity(works.docs[m].row)))
    basis = group.key or (titles[0] if titles else min(group.members))
    return "w" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:15]


def assign_works(documents: list[dict[str, Any]], minhashes: dict[str, list[int]]) -> list[WorkRow]:
    """Every document's work, primary flag, rule and rendering count (documents: `documents` rows)."""
    works = _Works([_Doc(r["doc_id"], r, minhashes.get(r["doc_id"], [])) for r in documents])
    _join_equal(works, key_identity, "key")
    _join_equal(works, title_identity, "title")
    _join_similar_text(works)
    out = []
    for group in works.groups():
        work_id = _work_id(group, works)
        primary = min(group.members, key=lambda m: primary_rank(works.docs[m].row))
        matched_by = "+".join(sorted(group.matched_by)) if group.matched_by else "alone"
        for m in sorted(group.members):
            out.append(
                WorkRow(
                    doc_id=m,
                    work_id=work_id,
                    is_primary=m == primary,
                    matched_by=matched_by,
                    renderings=len(group.members),
                    text_minhash=works.docs[m].minhash,
                )
            )
    return out


def _read_rows(store: Store, folder: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for part in store.list(folder, "part-*.parquet"):
        rows.extend(read_part(store, part).to_pylist())
    return rows


def merge_works(store: Store) -> int:
    """The dataset's `works` table from every document's part; returns the number of works."""
    documents = [r for r in _read_rows(store, "documents") if r.get("doc_id")]
    minhashes = {r["doc_id"]: r["text_minhash"] or [] for r in _read_rows(store, f"{BY_DOC}/works")}
    rows = assign_works(documents, minhashes)
    write_table(store, "works/part-all.parquet", "works", rows)
    store.remove("works/part-empty.parquet")
    return len({r.work_id for r in rows})
