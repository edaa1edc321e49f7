"""`vnplan eval`: score an output folder against gold annotations (format: docs/gold-format.md).

Each gold file names the source files it describes; every output document whose path has one of
those names is scored on its own (so the DOCX and the PDF rendering of one plan each get a line).
Kinds: document fields (exact after text normalisation), sections, citations (+ issued dates of
matched ones), annex task rows (+ their fields), body tasks, targets (+ values). Lists in gold are
complete, so precision and recall are both meaningful.

Every key of the gold format is read: `pages_annotated` limits the scored rows to those pages,
`sections_level1_only` compares level-1 sections only, `text_sample` is scored as the character
recall of the blocks' text (`text_sample.char_recall`), a citation's `raw_symbol` (a misprint the key
corrects) is scored as `citations.raw_symbol` (the corrected key was found), and `notes` are carried
into the report. Totals are given for all files and apart for digital files and scanned ones (a
file with at least one OCRed page), whose figures differ by nature.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from ..errors import UsageError
from ..normalizers.text import loose_key
from .schema import check_dataset

DOC_FIELDS = (
    "doc_type",
    "number",
    "symbol",
    "key",
    "issued_date",
    "place",
    "issuer",
    "parent_issuer",
    "province",
    "province_2025",
    "title",
    "plan_year_start",
    "plan_year_end",
    "signer_name",
    "signer_title",
)


@dataclass
class Score:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "pred": self.n_pred,
            "gold": self.n_gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    def merge(self, other: Accuracy) -> None:
        self.right += other.right
        self.total += other.total

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"right": self.right, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class FileReport:
    gold: str
    source: str
    scanned: bool = False  # at least one page was OCRed
    scores: dict[str, Score] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # a gold date ("2022-07-15"), compared with the isoformat of the output's date
    if isinstance(value, (int, float)):
        return value
    return loose_key(str(value)) or None


def _multiset_score(pred: list[Any], gold: list[Any]) -> Score:
    tp = sum((Counter(pred) & Counter(gold)).values())
    return Score(tp, len(pred), len(gold))


def _prefix_match(pred_texts: list[str], prefixes: list[str]) -> tuple[Score, list[tuple[int, int]]]:
    """Greedy in-order matching of gold text prefixes to predicted texts."""
    keys = [loose_key(t) for t in pred_texts]
    used: set[int] = set()
    pairs = []
    for gi, prefix in enumerate(prefixes):
        want = loose_key(prefix)
        for pi, key in enumerate(keys):
            if pi not in used and key.startswith(want):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return Score(len(pairs), len(pred_texts), len(prefixes)), pairs


def _load(out_dir: Path, table: str) -> list[dict[str, Any]]:
    folder = out_dir / table
    if not folder.exists():
        return []
    return ds.dataset(str(folder), format="parquet", partitioning="hive").to_table().to_pylist()


def _score_document(gold: dict, doc: dict, rep: FileReport) -> None:
    for name, want in gold.get("document", {}).items():
        if name not in DOC_FIELDS:
            continue
        got = doc.get(name)
        ok = _norm(got) == _norm(want)
        rep.accuracies.setdefault(f"document.{name}", Accuracy()).add(ok)
        if not ok:
            rep.mismatches.append(f"document.{name}: got {got!r}, want {want!r}")


def _on_annotated_pages(gold: dict, rows: list[dict]) -> list[dict]:
    """The rows on the gold's `pages_annotated` (all rows when the key is absent)."""
    pages = gold.get("pages_annotated")
    if pages is None:
        return rows
    wanted = set(pages)
    return [r for r in rows if r.get("page") in wanted]


def _score_sections(gold: dict, sections: list[dict], rep: FileReport) -> None:
    if "sections" not in gold:
        return
    if gold.get("sections_level1_only"):
        sections = [s for s in sections if s["level"] == 1]
    pred = [
        (s["level"], s["label"] or "", _norm(s["title"]))
        for s in sorted(sections, key=lambda s: s["ordinal"])
    ]
    want = [(s["level"], s.get("label") or "", _norm(s["title"])) for s in gold["sections"]]
    rep.scores["sections"] = _multiset_score(pred, want)
    for miss in Counter(want) - Counter(pred):
        rep.mismatches.append(f"section missing: {miss}")
    for extra in Counter(pred) - Counter(want):
        rep.mismatches.append(f"section extra: {extra}")


def _score_citations(gold: dict, citations: list[dict], rep: FileReport) -> None:
    if "citations" not in gold:
        return
    pred_keys = {c["key"] for c in citations if c.get("key")}
    gold_keys = {c["key"] for c in gold["citations"]}
    rep.scores["citations"] = Score(len(pred_keys & gold_keys), len(pred_keys), len(gold_keys))
    rep.mismatches.extend(f"citation missing: {k}" for k in sorted(gold_keys - pred_keys))
    rep.mismatches.extend(f"citation extra: {k}" for k in sorted(pred_keys - gold_keys))
    dates = Accuracy()
    for c in gold["citations"]:
        if c["key"] in pred_keys and c.get("issued_date"):
            got = {
                x["issued_date"].isoformat()
                for x in citations
                if x.get("key") == c["key"] and x.get("issued_date")
            }
            dates.add(c["issued_date"] in got)
    rep.accuracies["citations.issued_date"] = dates
    misprints = Accuracy()
    for c in gold["citations"]:
        if c.get("raw_symbol"):
            misprints.add(c["key"] in pred_keys)
            if c["key"] not in pred_keys:
                rep.mismatches.append(f"citation {c['key']} (printed with {c['raw_symbol']!r}) not found")
    if misprints.total:
        rep.accuracies["citations.raw_symbol"] = misprints


def _text_key(text: str) -> str:
    """Text compared character by character: one Unicode form, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def char_recall(sample: str, text: str) -> Accuracy:
    """The sample's characters found, in order, in the best-matching stretch of `text` (the OCR
    of a page against a passage copied by eye from it), out of all its characters."""
    want, have = _text_key(sample), _text_key(text)
    if not want:
        return Accuracy()
    best = 0
    step = max(1, len(want) // 4)
    for start in range(0, max(1, len(have) - len(want) // 2), step):
        window = have[start : start + len(want) + step * 2]
        matcher = difflib.SequenceMatcher(None, want, window, autojunk=False)
        if matcher.real_quick_ratio() * (len(want) + len(window)) / 2 <= best:
            continue
        best = max(best, sum(b.size for b in matcher.get_matching_blocks()))
    return Accuracy(best, len(want))


def _score_text_sample(gold: dict, blocks: list[dict], rep: FileReport) -> None:
    if not gold.get("text_sample"):
        return
    text = " ".join(b["text"] or "" for b in sorted(blocks, key=lambda b: b["ordinal"]))
    recall = char_recall(gold["text_sample"], text)
    rep.accuracies["text_sample.char_recall"] = recall
    if recall.value < 0.98:
        rep.mismatches.append(f"text_sample: character recall {recall.value:.3f}")


def _score_tasks(gold: dict, tasks: list[dict], rep: FileReport) -> None:
    ordered = sorted(tasks, key=lambda t: (t.get("page") or 0, t["task_id"]))
    if "tasks_annex" in gold:
        annex = [t for t in ordered if t["origin"] == "annex"]
        score, pairs = _prefix_match(
            [t["text"] or "" for t in annex], [g["text"][:60] for g in gold["tasks_annex"]]
        )
        rep.scores["tasks_annex"] = score
        for field_name, pred_name in (
            ("products", "products"),
            ("timeline_raw", "timeline_raw"),
            ("label", "label"),
            ("group", "group"),
            ("reform_area", "reform_area"),
        ):
            acc = Accuracy()
            for gi, pi in pairs:
                want, got = gold["tasks_annex"][gi].get(field_name), annex[pi].get(pred_name)
                if isinstance(want, list):
                    acc.add([_norm(x) for x in want] == [_norm(x) for x in (got or [])])
                else:
                    acc.add(_norm(want) == _norm(got))
            rep.accuracies[f"tasks_annex.{field_name}"] = acc
        for role, column in (
            ("lead", "lead_units"),
            ("coordinating", "coordinating_units"),
            ("monitoring", "monitoring_units"),
        ):
            acc = Accuracy()
            for gi, pi in pairs:
                if role in gold["tasks_annex"][gi]:
                    acc.add(len(gold["tasks_annex"][gi][role]) == len(annex[pi].get(column) or []))
            rep.accuracies[f"tasks_annex.{role}_split"] = acc
        rep.accuracies["tasks_annex.unit_names"] = _unit_consistency(gold["tasks_annex"], annex, pairs, rep)
        acc = Accuracy()
        for gi, pi in pairs:
            want = [
                (i.get("kind"), i.get("start"), i.get("end"), i.get("recurrence"))
                for i in gold["tasks_annex"][gi].get("timeline", [])
            ]
            got = [
                (
                    i["kind"],
                    i["start"].isoformat() if i.get("start") else None,
                    i["end"].isoformat() if i.get("end") else None,
                    i.get("recurrence"),
                )
                for i in annex[pi].get("timeline") or []
            ]
            acc.add(want == got)
        rep.accuracies["tasks_annex.timeline"] = acc
    if "tasks_body" in gold:
        body = [t for t in ordered if t["origin"] == "body"]
        score, pairs = _prefix_match(
            [t["text"] or "" for t in body], [g["text_prefix"] for g in gold["tasks_body"]]
        )
        rep.scores["tasks_body"] = score
        acc = Accuracy()
        for gi, pi in pairs:
            acc.add(gold["tasks_body"][gi].get("reform_area") == body[pi].get("reform_area"))
        rep.accuracies["tasks_body.reform_area"] = acc


def _unit_consistency(
    gold_tasks: list[dict], annex: list[dict], pairs: list[tuple[int, int]], rep: FileReport
) -> Accuracy:
    """Gold names units by id; a prediction is consistent when every mention of one gold unit got the
    same canonical name and different gold units got different names (compared where a cell was
    split into as many units as the gold has)."""
    seen: list[tuple[str, str]] = []
    for gi, pi in pairs:
        for role, column in (
            ("lead", "lead_units"),
            ("coordinating", "coordinating_units"),
            ("monitoring", "monitoring_units"),
        ):
            want, got = gold_tasks[gi].get(role), annex[pi].get(column) or []
            if want is not None and len(want) == len(got):
                seen.extend(zip(want, got, strict=False))
    by_gold: dict[str, Counter] = {}
    for gid, name in seen:
        by_gold.setdefault(gid, Counter())[name] += 1
    usual = {gid: names.most_common(1)[0][0] for gid, names in by_gold.items()}
    owners = Counter(usual.values())
    acc = Accuracy()
    for gid, name in seen:
        ok = name == usual[gid] and owners[name] == 1
        acc.add(ok)
        if not ok:
            rep.mismatches.append(f"unit {gid}: named {name!r} (usually {usual[gid]!r})")
    return acc


def _score_targets(gold: dict, targets: list[dict], rep: FileReport) -> None:
    if "targets" not in gold:
        return
    ordered = sorted(targets, key=lambda t: int(t["target_id"][1:]))
    score, pairs = _prefix_match(
        [t["text"] or "" for t in ordered], [g["text_prefix"] for g in gold["targets"]]
    )
    rep.scores["targets"] = score
    if not any("value" in g for g in gold["targets"]):
        return  # values not annotated in this gold file (absent keys are not checked)
    acc = Accuracy()
    for gi, pi in pairs:
        g, p = gold["targets"][gi], ordered[pi]
        ok = (g.get("value"), g.get("unit"), g.get("comparator")) == (
            p.get("value"),
            p.get("unit"),
            p.get("comparator"),
        )
        acc.add(ok)
        if not ok:
            rep.mismatches.append(
                f"target value {g['text_prefix'][:30]!r}: got {p.get('value')} {p.get('comparator')}, "
                f"want {g.get('value')} {g.get('comparator')}"
            )
    rep.accuracies["targets.value"] = acc


def _malformed(path: Path, why: str) -> UsageError:
    return UsageError(f"the gold file {path} is malformed: {why}", hint="see docs/gold-format.md")


def _read_gold(path: Path) -> dict[str, Any]:
    """One gold file, checked for the shape every scorer relies on (an object naming its files)."""
    try:
        gold = json.loads(path.read_text("utf-8"))
    except UnicodeDecodeError as exc:
        raise _malformed(path, "it is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise _malformed(path, f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except OSError as exc:
        raise UsageError(f"cannot read the gold file {path} ({exc.strerror or exc})") from exc
    if not isinstance(gold, dict):
        raise _malformed(path, f"it holds a JSON {type(gold).__name__}, not an object")
    files = gold.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise _malformed(path, '"files" must be a list of file names')
    return gold


def evaluate(out_dir: str | Path, gold_dir: str | Path) -> dict[str, Any]:
    """Scores per gold file and rendering, and totals per kind."""
    out_dir, gold_dir = Path(out_dir), Path(gold_dir)
    if not (out_dir / "documents").exists():
        raise UsageError(f"{out_dir} holds no vnplan output (no documents table); run vnplan ingest first")
    check_dataset(out_dir)
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise UsageError(f"no gold files (*.json) in {gold_dir}")
    tables = {
        t: _load(out_dir, t) for t in ("documents", "sections", "citations", "tasks", "targets", "blocks")
    }
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = {t: {} for t in tables}
    for t, rows in tables.items():
        for r in rows:
            by_doc[t].setdefault(r["doc_id"], []).append(r)
    reports: list[FileReport] = []
    missing: list[str] = []
    for gf in gold_files:
        gold = _read_gold(gf)
        for name in gold["files"]:
            docs = [
                d
                for d in tables["documents"]
                if Path(d["source_path"]).name == name
                or any(Path(p).name == name for p in d["other_paths"] or [])
            ]
            if not docs:
                missing.append(name)
                continue
            doc = docs[0]
            rep = FileReport(gold=gf.name, source=name, scanned=bool(doc.get("ocr_pages")))
            try:
                rep.notes = list(gold.get("notes", []))
                scored = {t: _on_annotated_pages(gold, by_doc[t].get(doc["doc_id"], [])) for t in by_doc}
                _score_document(gold, doc, rep)
                _score_sections(gold, scored["sections"], rep)
                _score_citations(gold, scored["citations"], rep)
                _score_tasks(gold, scored["tasks"], rep)
                _score_targets(gold, scored["targets"], rep)
                _score_text_sample(gold, by_doc["blocks"].get(doc["doc_id"], []), rep)
            except (AttributeError, KeyError, TypeError, ValueError) as exc:
                raise _malformed(
                    gf, f"an entry is not of the expected shape ({type(exc).__name__}: {exc})"
                ) from exc
            reports.append(rep)
    groups = {
        "all": reports,
        "digital": [r for r in reports if not r.scanned],
        "scanned": [r for r in reports if r.scanned],
    }
    summed = {name: _sum(group) for name, group in groups.items()}
    return {
        "files": [
            {
                "gold": r.gold,
                "source": r.source,
                "scanned": r.scanned,
                "scores": {k: v.as_dict() for k, v in r.scores.items()},
                "accuracies": {k: v.as_dict() for k, v in r.accuracies.items()},
                "mismatches": r.mismatches,
                "notes": r.notes,
            }
            for r in reports
        ],
        "totals": summed["all"]["totals"],
        "accuracies": summed["all"]["accuracies"],
        "by_kind": {name: summed[name] for name in ("digital", "scanned")},
        "not_ingested": missing,
    }


def _sum(reports: list[FileReport]) -> dict[str, Any]:
    totals: dict[str, Score] = {}
    accuracies: dict[str, Accuracy] = {}
    for rep in reports:
        for k, s in rep.scores.items():
            totals.setdefault(k, Score()).add(s)
        for k, a in rep.accuracies.items():
            accuracies.setdefault(k, Accuracy()).merge(a)
    return {
        "files": len(reports),
        "totals": {k: v.as_dict() for k, v in totals.items()},
        "accuracies": {k: v.as_dict() for k, v in accuracies.items()},
    }


def format_report(report: dict[str, Any]) -> str:
    lines = []
    for f in report["files"]:
        kind = "scanned" if f.get("scanned") else "digital"
        lines.append(f"== {f['source']}  (gold {f['gold']}, {kind})")
        for k, s in f["scores"].items():
            lines.append(
                f"  {k:<24} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
                f"({s['tp']} of {s['gold']} gold, {s['pred']} found)"
            )
        wrong = [k for k, a in f["accuracies"].items() if a["accuracy"] < 1.0]
        doc_fields = [k for k in f["accuracies"] if k.startswith("document.")]
        right = sum(1 for k in doc_fields if f["accuracies"][k]["accuracy"] == 1.0)
        lines.append(f"  document fields          {right} of {len(doc_fields)} right")
        for k in wrong:
            a = f["accuracies"][k]
            lines.append(f"  {k:<24} {a['right']} of {a['total']} right")
        for m in f["mismatches"][:12]:
            lines.append(f"    · {m}")
        if len(f["mismatches"]) > 12:
            lines.append(f"    · … {len(f['mismatches']) - 12} more (see --json)")
        if f.get("notes"):
            lines.append(f"  ({len(f['notes'])} annotator notes in the gold file; see --json)")
    groups = [("totals", report["totals"], report["accuracies"], len(report["files"]))]
    for name, part in report.get("by_kind", {}).items():
        groups.append((f"totals, {name} files", part["totals"], part["accuracies"], part["files"]))
    for title, totals, accuracies, n_files in groups:
        lines.append(f"== {title} ({n_files} files)")
        for k, s in totals.items():
            lines.append(f"  {k:<24} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
        for k, a in sorted(accuracies.items()):
            value = f"{a['accuracy']:.3f}" if a["total"] else "  n/a"
            lines.append(f"  {k:<32} {value}  ({a['right']}/{a['total']})")
    if report["not_ingested"]:
        lines.append("not in the output (ingest them to score them): " + ", ".join(report["not_ingested"]))
    return "\n".join(lines)
