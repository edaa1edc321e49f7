"""A plan's tasks → rows: each annex task's cells normalised (`normalizers.tasks`) into the
`tasks`, `task_units` and per-document `units` rows; body tasks, assignments and targets after
them. Task ids number annex tasks first; `ordinal` orders every task as it is printed
(`reading_order`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extractors.model import Block
from ..interpret.annex import AnnexTask, reform_area
from ..interpret.body import BodyItem
from ..normalizers.dates import PlanYears
from ..normalizers.similarity import containment, word_pairs
from ..normalizers.targets import parse_target_value
from ..normalizers.tasks import NormalizedTask, normalize_task
from ..normalizers.units import UnitContext
from .records import TargetRow, TaskRow, TaskUnitRow, TimelineItem, UnitRow, box_of


@dataclass
class TaskRows:
    tasks: list[TaskRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    task_units: list[TaskUnitRow] = field(default_factory=list)
    units: dict[str, UnitRow] = field(default_factory=dict)
    task_of_row: dict[tuple[int, int], str] = field(
        default_factory=dict
    )  # (block index, table row) → task_id


def _add_units(out: TaskRows, doc_id: str, task_id: str, task: NormalizedTask) -> None:
    for link in task.links:
        unit = link.unit
        out.task_units.append(
            TaskUnitRow(
                doc_id=doc_id,
                task_id=task_id,
                unit_id=unit.unit_id,
                role=link.role,
                raw=link.raw,
                note=link.note,
            )
        )
        row = out.units.setdefault(
            unit.unit_id,
            UnitRow(
                unit_id=unit.unit_id, name=unit.name, kind=unit.kind, province=unit.province, scope=unit.scope
            ),
        )
        if link.name not in row.aliases:
            row.aliases.append(link.name)


@dataclass(frozen=True)
class TaskOrder:
    """The 1-based place in reading order of every task, annex and body alike."""

    annex: list[int]  # of each annex task, in the plan's order
    body: list[int]  # of each body task (targets left out), in the plan's order


def reading_order(annex: list[AnnexTask], body: list[BodyItem]) -> TaskOrder:
    """Tasks ordered by the block they start in, then by table row."""
    places = [(t.block_index, t.row, n) for n, t in enumerate(annex)]
    tasks = [i for i in body if i.kind != "target"]
    places += [(i.block_index, 0, len(annex) + n) for n, i in enumerate(tasks)]
    rank = {p: k for k, p in enumerate(sorted(places), start=1)}
    ranks = [rank[p] for p in places]
    return TaskOrder(ranks[: len(annex)], ranks[len(annex) :])


def _task_row(doc_id: str, task_id: str, norm: NormalizedTask, **where: object) -> TaskRow:
    """A task's row: its normalised values, and where it comes from (`where`: origin, section,
    group, reform area, label, page, block, paragraph)."""
    return TaskRow(
        doc_id=doc_id,
        task_id=task_id,
        text=norm.text,
        products=norm.products,
        lead_units=norm.unit_names("lead"),
        coordinating_units=norm.unit_names("coordinating"),
        monitoring_units=norm.unit_names("monitoring"),
        timeline_raw=norm.timeline_raw,
        timeline=[
            TimelineItem(kind=i.kind, start=i.start, end=i.end, recurrence=i.recurrence, raw=i.raw)
            for i in norm.timeline
        ],
        due_start=norm.due_start,
        due_end=norm.due_end,
        notes=norm.notes,
        **where,  # type: ignore[arg-type]
    )


def annex_task_rows(
    doc_id: str,
    annex: list[AnnexTask],
    owners: list[str | None],
    plan: PlanYears,
    units_context: UnitContext,
    blocks: list[Block],
    order: TaskOrder,
) -> TaskRows:
    out = TaskRows()
    for n, task in enumerate(annex, start=1):
        task_id = f"t{n}"
        for r in task.rows:
            out.task_of_row[(task.block_index, r)] = task_id
        norm = normalize_task(task.cells, plan, units_context)
        _add_units(out, doc_id, task_id, norm)
        block = blocks[task.block_index]
        out.tasks.append(
            _task_row(
                doc_id,
                task_id,
                norm,
                origin="annex",
                section_id=owners[task.block_index],
                group=task.group,
                reform_area=reform_area(task.group),
                label=task.label,
                page=task.page,
                block_id=f"{block.block_id}.r{task.row + 1}",
                paragraph=block.provenance.paragraph,
                ordinal=order.annex[n - 1],
                bbox=box_of(task.bbox),
            )
        )
    return out


def add_body_rows(
    out: TaskRows,
    doc_id: str,
    items: list[BodyItem],
    blocks: list[Block],
    order: TaskOrder,
    plan: PlanYears = PlanYears(),
    units_context: UnitContext = UnitContext(),
) -> None:
    """Body tasks and assignments (numbered after the annex tasks) and targets (in reading order,
    as the plan gives them), appended to `out`; their units and deadlines are normalised as an
    annex row's cells are."""
    n_tasks, body_tasks = len(out.tasks), iter(order.body)
    for item in items:
        b = blocks[item.block_index]
        if item.kind == "target":
            value = parse_target_value(item.text)
            out.targets.append(
                TargetRow(
                    doc_id=doc_id,
                    target_id=f"g{len(out.targets) + 1}",
                    section_id=item.section_id,
                    reform_area=item.reform_area,
                    text=item.text,
                    value=value.value if value else None,
                    unit=value.unit if value else None,
                    comparator=value.comparator if value else None,
                    value_raw=value.raw if value else None,
                    block_id=b.block_id,
                    paragraph=b.provenance.paragraph,
                    page=b.provenance.page,
                    ordinal=len(out.targets) + 1,
                )
            )
            continue
        n_tasks += 1
        task_id = f"t{n_tasks}"
        norm = normalize_task({**item.cells, "text": item.text}, plan, units_context)
        _add_units(out, doc_id, task_id, norm)
        out.tasks.append(
            _task_row(
                doc_id,
                task_id,
                norm,
                origin="assignment" if item.kind == "assignment" else "body",
                section_id=item.section_id,
                group=item.area_title or None,
                reform_area=item.reform_area,
                label=item.label,
                page=b.provenance.page,
                block_id=b.block_id,
                paragraph=b.provenance.paragraph,
                ordinal=next(body_tasks),
                bbox=box_of(b.provenance.bbox),
            )
        )
    link_restatements(out.tasks)


# a body item restates an annex row when this share of the shorter one's word pairs is in the other
# (Lâm Đồng CCHC 2026: restatements score 0.93 and more, the closest other pair 0.58), and the shorter
# one has at least this many word pairs (so that "Tổ chức thực hiện" never restates anything)
RESTATES = 0.8
RESTATES_MIN_PAIRS = 6


def link_restatements(tasks: list[TaskRow]) -> None:
    """`same_as` of each body task that restates an annex row of the same plan: that row's task_id
    (the closest one; the first of equal ones). The body task stays a row, but is not counted again."""
    annex = [(t, word_pairs(t.text)) for t in tasks if t.origin == "annex"]
    for task in tasks:
        if task.origin != "body" or not annex:
            continue
        best, best_score, own = None, 0.0, word_pairs(task.text)
        for row, pairs_of_row in annex:
            score, pairs = containment(own, pairs_of_row)
            if pairs >= RESTATES_MIN_PAIRS and score > best_score:
                best, best_score = row, score
        if best is not None and best_score >= RESTATES:
            task.same_as = best.task_id
