"""One file through every stage, in order:

    detect → extract (bytes → Document) → interpret (Document → Plan) → normalize → rows

This is the only module that knows the stage order. A file that cannot be read gives a
`documents` row with `status = failed`, a plain-words reason and a stable `error_code`; nothing
here raises for a bad file.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import sys
import traceback
from dataclasses import dataclass, fields, replace
from pathlib import Path

from vnplan import __version__

from ..errors import INTERNAL, UnreadableFile, VnplanError
from ..extractors.detect import describe_bytes, sniff_format
from ..extractors.doc import extract_doc
from ..extractors.docx import extract_docx
from ..extractors.model import Block, Cell, Document, Provenance, Table
from ..extractors.pdf import extract_pdf
from ..interpret import Plan, interpret
from ..interpret.metadata import DocumentInfo
from ..normalizers.citations import CitingContext
from ..normalizers.dates import PlanYears
from ..normalizers.doc_types import plan_types
from ..normalizers.document_citations import CitingBlock, cite_blocks
from ..normalizers.similarity import text_minhash
from ..normalizers.units import UnitContext
from .records import (
    BlockRow,
    CitationRow,
    DocResult,
    DocumentRow,
    SectionRow,
    TableRow,
    TaskRow,
    WorkRow,
    box_of,
    path_text,
    raw_paths,
)
from .tasks import add_body_rows, annex_task_rows, reading_order

_EXTRACTORS = {"pdf": extract_pdf, "docx": extract_docx, "doc": extract_doc}
# what to do with a file its format's library could not parse (a damaged file, not a crafted one)
_DAMAGED_HINTS = {
    "pdf": "check that the PDF opens in a viewer; re-export or re-download it if it is damaged",
    "docx": "open it in Word or LibreOffice and save it again as .docx",
    "doc": "open it in Word or LibreOffice and save it as .docx",
}


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def doc_id_of(sha256: str) -> str:
    return sha256[:16]


def extract_document(path: str | Path) -> Document:
    """Stage 1: bytes → document model, by the file's content."""
    fmt = sniff_format(path)
    if fmt is None:
        raise UnreadableFile(
            f"not a PDF, DOCX or DOC file ({describe_bytes(path)})", code="file.unknown_format"
        )
    try:
        return _EXTRACTORS[fmt](path)
    except (VnplanError, MemoryError):
        raise  # MemoryError: the isolation layer reports the memory limit
    except Exception as exc:  # a library's own error on a damaged file: say what and what to do
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise UnreadableFile(
            f"could not read it as {fmt.upper()} ({reason})", code=f"{fmt}.damaged", hint=_DAMAGED_HINTS[fmt]
        ) from exc


@dataclass(frozen=True)
class _FreshCell:
    """A cell that starts in a table row: its characters in the row's text, and where it is printed."""

    start: int
    end: int
    cell: Cell


@dataclass(frozen=True)
class _TextUnit:
    """One row of the `blocks` table: a paragraph-level block or one row of a table. `where` is
    where it is printed (a table row: its own page and box, not the table's); `fresh` are the
    cells that start in this row (a merged cell is read once)."""

    block_id: str
    kind: str
    text: str
    block: Block
    where: Provenance
    fresh: tuple[_FreshCell, ...] | None = None
    row: int | None = None  # table row index (0-based) for a table row

    def provenance_at(self, char: int) -> Provenance:
        """Where the character at `char` of the text is printed: its cell's page and box in a
        table row (the row's when the cell has none), else the block's part that holds it."""
        if self.fresh is None:
            return self.block.provenance_at(char)
        for f in self.fresh:
            if f.start <= char < f.end and f.cell.page is not None:
                return replace(self.where, page=f.cell.page, bbox=f.cell.bbox)
        return self.where


def _text_units(document: Document, heading_at: set[int]) -> list[tuple[int, _TextUnit]]:
    out = []
    for i, b in enumerate(document.blocks):
        if b.kind == "table" and b.table is not None:
            for r, row in enumerate(b.table.row_layout()):
                text = " | ".join(c.text for c, _ in row)
                fresh = tuple(_FreshCell(at, at + len(c.text), c) for c, at in row if c.row == r)
                where = b.table.row_provenance(r, b.provenance)
                out.append((i, _TextUnit(f"{b.block_id}.r{r + 1}", "table_row", text, b, where, fresh, r)))
            continue
        kind = "heading" if i in heading_at else b.kind
        out.append((i, _TextUnit(b.block_id, kind, b.full_text, b, b.provenance)))
    return out


def _block_rows(doc_id: str, units: list[tuple[int, _TextUnit]], owners: list[str | None]) -> list[BlockRow]:
    rows: list[BlockRow] = []
    for i, u in units:
        b = u.block
        is_row = u.kind == "table_row"
        rows.append(
            BlockRow(
                doc_id=doc_id,
                block_id=u.block_id,
                ordinal=len(rows) + 1,
                kind=u.kind,
                text=u.text,
                section_id=owners[i],
                page=u.where.page,
                ocr=b.ocr,
                label=None if is_row else b.label,
                paragraph=b.provenance.paragraph,
                part=b.provenance.part,
                bold=False if is_row else b.bold,
                bbox=box_of(u.where.bbox),
            )
        )
    return rows


def _citation_rows(
    doc_id: str,
    units: list[tuple[int, _TextUnit]],
    owners: list[str | None],
    context: CitingContext,
    task_of_row: dict[tuple[int, int], str],
) -> list[CitationRow]:
    rows: list[CitationRow] = []
    blocks = [CitingBlock(u.text, u.block.ocr, u.block.kind == "page_furniture") for _, u in units]
    for (i, u), citations in zip(units, cite_blocks(blocks, context), strict=True):
        task_id = task_of_row.get((i, u.row)) if u.row is not None else None
        for c in citations:
            if u.fresh is not None and not any(f.start <= c.number_start < f.end for f in u.fresh):
                continue  # a merged cell's mention, already read in the row where the cell starts
            where = u.provenance_at(c.number_start)
            rows.append(
                CitationRow(
                    doc_id=doc_id,
                    citation_id=f"c{len(rows) + 1}",
                    raw=c.raw,
                    doc_type=c.doc_type,
                    number=c.number,
                    year=c.year,
                    symbol=c.symbol,
                    key=c.key,
                    name=c.name,
                    issued_date=c.issued_date,
                    issuer=c.issuer,
                    ref_id=c.ref_id,
                    task_id=task_id,
                    section_id=owners[i],
                    page=where.page,
                    block_id=u.block_id,
                    char_start=c.start,
                    char_end=c.end,
                    paragraph=u.block.provenance.paragraph,
                    by_name=c.by_name,
                    ordinal=len(rows) + 1,
                    bbox=box_of(where.bbox),
                    raw_symbol=c.raw_symbol,
                    damaged=c.damaged,
                )
            )
    return rows


def _table_rows(doc_id: str, document: Document, plan: Plan) -> list[TableRow]:
    """Tables that are not task tables, kept whole (layout tables of letterheads and signatures not)."""
    out: list[TableRow] = []
    for t in plan.tables:
        b = document.blocks[t.block_index]
        assert b.table is not None  # a plan table is a table block
        grid = b.table.grid(carry=True)
        carried = sorted(
            {r - 1 for c in b.table.cells if c.carried for r in range(c.row + 1, c.row + c.rowspan) if r >= 1}
        )
        out.append(
            TableRow(
                doc_id=doc_id,
                table_id=f"t{len(out) + 1}",
                kind=t.kind,
                page=b.provenance.page,
                header=grid[0] if grid else [],
                rows=grid[1:],
                pages=list(b.table.pages),
                carried_rows=carried,
                block_id=b.block_id,
            )
        )
    return out


def process_file(path: str | Path, sha256: str, other_paths: list[str] | None = None) -> DocResult:
    """Run every stage on one file; never raises for a bad file."""
    doc_id = doc_id_of(sha256)
    others = [str(p) for p in other_paths or []]
    row = DocumentRow(
        doc_id=doc_id,
        source_path=path_text(path),
        other_paths=[path_text(p) for p in others],
        sha256=sha256,
        size_bytes=Path(path).stat().st_size,
        vnplan_version=__version__,
        raw_paths=raw_paths([str(path), *others]),
    )
    try:
        row.source_format = sniff_format(path)
        document = extract_document(path)
    except VnplanError as exc:
        row.status, row.error, row.error_code = "failed", f"{_name(path)}: {exc}", exc.code
        return DocResult(row)
    except MemoryError:
        raise
    except Exception as exc:  # a bug of ours: still a row, with the trace kept short
        return _internal_error(row, path, exc, "while reading")
    try:
        return _derive(doc_id, row, document, path)
    except MemoryError:
        raise
    except Exception as exc:  # a bug of ours in a later stage: the file still gets its row
        return _internal_error(row, path, exc, "after reading")


# a few lines that pass through every stage: heading, citation, time, unit, target, signer name
_WARM_UP_LINES = (
    "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
    "Số: 12/KH-UBND",
    "Sóc Trăng, ngày 05 tháng 01 năm 2024",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2024",
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ;",
    "I. NHIỆM VỤ",
    "1. Cải cách thủ tục hành chính",
    "a) Chỉ tiêu",
    "- 100% hồ sơ được tiếp nhận trực tuyến.",
    "b) Nhiệm vụ",
    "- Sở Nội vụ chủ trì, phối hợp UBND các huyện thực hiện trong Quý I/2024.",
    "CHỦ TỊCH",
    "Nguyễn Văn Hoà",
)


_WARM_UP_TABLE = (
    ("TT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"),
    (
        "1",
        "Rà soát, đơn giản hóa thủ tục hành chính",
        "Báo cáo; Quyết định",
        "Văn phòng UBND tỉnh",
        "Các sở, ban, ngành; UBND các huyện",
        "Quý II/2024",
    ),
)


def warm_up() -> None:
    """Load every stage's tables and models (spaCy, underthesea) once, in the process that forks
    the readers: they then share them instead of each spending up to 2 s loading them again.
    Never raises: a missing program or table is the readers' to report, per file."""
    blocks = [
        Block(kind="paragraph", text=t, provenance=Provenance(paragraph=i))
        for i, t in enumerate(_WARM_UP_LINES)
    ]
    cells = [Cell(text=t, row=r, col=c) for r, row in enumerate(_WARM_UP_TABLE) for c, t in enumerate(row)]
    blocks.append(
        Block(
            kind="table",
            text="",
            provenance=Provenance(paragraph=len(blocks)),
            table=Table(cells=cells, n_rows=len(_WARM_UP_TABLE), n_cols=len(_WARM_UP_TABLE[0])),
        )
    )
    try:
        _derive(
            "warm-up",
            DocumentRow(doc_id="warm-up", source_path="warm-up.docx"),
            Document(source_path="warm-up.docx", source_format="docx", blocks=blocks),
            "warm-up.docx",
        )
    except Exception:  # noqa: BLE001 (only a head start: a stage that fails here fails per file, in words)
        pass
    for module in [m for name, m in sys.modules.items() if name.startswith("vnplan.")]:
        for loader in vars(module).values():  # every data table a module loads on first use
            if isinstance(loader, functools._lru_cache_wrapper) and not inspect.signature(loader).parameters:
                try:
                    loader()
                except Exception:  # noqa: BLE001 (as above: what cannot load here fails per file, in words)
                    pass


def _internal_error(row: DocumentRow, path: str | Path, exc: Exception, when: str) -> DocResult:
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    row.status, row.error = "failed", f"{_name(path)}: internal error {when} ({last}); please report it"
    row.error_code = INTERNAL
    return DocResult(row)


def _name(path: str | Path) -> str:
    """The file's name as messages give it (storable whatever its bytes)."""
    return path_text(Path(path).name)


def _fill_document_fields(row: DocumentRow, info: DocumentInfo) -> None:
    """The documents columns that the plan's own fields give (each named in both declarations)."""
    for f in fields(DocumentInfo):
        if f.name in _DOCUMENT_COLUMNS:
            setattr(row, f.name, getattr(info, f.name))


_DOCUMENT_COLUMNS = frozenset(f.name for f in fields(DocumentRow))


def _years_from_deadlines(row: DocumentRow, tasks: list[TaskRow]) -> None:
    """A plan whose title states no period of its own (an election plan's "nhiệm kỳ 2026 - 2031" is
    the term of the bodies elected, not the plan's years) runs over the years of its deadlines."""
    spans = [(t.due_start or t.due_end, t.due_end or t.due_start) for t in tasks]
    dated = [(start, end) for start, end in spans if start and end]
    if not dated:
        return
    row.plan_year_start = min(start.year for start, _ in dated)
    row.plan_year_end = max(end.year for _, end in dated)
    row.field_sources.update(plan_year_start="inferred", plan_year_end="inferred")


def _derive(doc_id: str, row: DocumentRow, document: Document, path: str | Path) -> DocResult:
    """Stages 2–4 on a read document: interpret it, normalize what it says, and make its rows."""
    plan = interpret(document)  # stage 2: fields, sections, annex and body items, tables
    info = plan.info
    row.pages, row.ocr_pages = document.pages, document.ocr_pages
    _fill_document_fields(row, info)
    name = _name(path)
    if document.warnings:
        row.status, row.error_code = "partial", document.warnings[0].code
        row.error = f"{name}: " + "; ".join(w.message for w in document.warnings)
    if not any(b.text or b.table for b in document.blocks) and not document.missing_programs:
        # (with a program missing, the file itself is fine: partial, as said above)
        row.status, row.error_code = (
            "failed",
            (document.warnings[0].code if document.warnings else "file.no_text"),
        )
        row.error = f"{name}: no text could be read" + (
            f" ({'; '.join(w.message for w in document.warnings)})" if document.warnings else ""
        )

    section_rows = [
        SectionRow(
            doc_id=doc_id,
            section_id=s.section_id,
            parent_id=s.parent_id,
            level=s.level,
            label=s.label,
            path=s.path,
            title=s.title,
            page=s.page,
            ordinal=s.ordinal,
            paragraph=document.blocks[s.block_index].provenance.paragraph,
        )
        for s in plan.sections
    ]
    units = _text_units(document, {s.block_index for s in plan.sections})
    years = PlanYears(info.plan_year_start, info.plan_year_end)
    if years.first is None and (info.issued_date or info.date_hint):
        years = PlanYears((info.issued_date or info.date_hint).year)
    # stage 3: normalize (units, timelines, products, targets) into rows
    order = reading_order(plan.annex, plan.body)
    units_context = UnitContext(info.province, info.issuer)
    tasks = annex_task_rows(doc_id, plan.annex, plan.owners, years, units_context, document.blocks, order)
    add_body_rows(tasks, doc_id, plan.body, document.blocks, order, years, units_context)
    if row.plan_year_start is None and info.doc_type in plan_types():
        _years_from_deadlines(row, tasks.tasks)
    context = CitingContext(
        province=info.province,
        own_key=info.key,
        date=info.issued_date or info.date_hint,
        file_name=name,
    )
    return DocResult(
        row,
        {
            "sections": section_rows,
            "blocks": _block_rows(doc_id, units, plan.owners),
            "tasks": tasks.tasks,
            "targets": tasks.targets,
            "task_units": tasks.task_units,
            "units": list(tasks.units.values()),
            "citations": _citation_rows(doc_id, units, plan.owners, context, tasks.task_of_row),
            "tables": _table_rows(doc_id, document, plan),
            # the evidence of which work it is; works.merge_works compares it with the others'
            "works": [WorkRow(doc_id=doc_id, text_minhash=text_minhash(_plain_text(units)))],
        },
    )


def _plain_text(units: list[tuple[int, _TextUnit]]) -> str:
    """The document's text as read, without page headers and footers (they differ by rendering)."""
    return "\n".join(u.text for _, u in units if u.block.kind != "page_furniture")
