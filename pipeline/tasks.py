"""A plan's tasks → rows: each annex task's cells normalised (`normalizers.tasks`) into the
`tasks`, `task_units` and per-document `units` rows; body tasks and targets after them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extractors.model import Block
from ..interpret.annex import AnnexTask, reform_area
from ..interpret.body import BodyItem
from ..normalizers.dates import PlanYears
from ..normalizers.targets import parse_target_value
from ..normalizers.tasks import NormalizedTask, normalize_task
from ..normalizers.units import UnitContext
from .records import TargetRow, TaskRow, TaskUnitRow, TimelineItem, UnitRow


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
            )
        )
    return out


def add_body_rows(
    out: TaskRows,
    doc_id: str,
    items: list[BodyItem],
    blocks: list[Block],
    plan: PlanYears = PlanYears(),
    units_context: UnitContext = UnitContext(),
) -> None:
    """Body tasks and assignments (numbered after the annex tasks) and targets, appended to `out`;
    their units and deadlines are normalised as an annex row's cells are."""
    n_tasks = len(out.tasks)
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
            )
        )
