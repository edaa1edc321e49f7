"""Tasks → rows: each annex task's cells normalised (units, timeline, products) into the `tasks`,
`task_units` and per-document `units` rows; body tasks and targets after them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extractors.model import Block
from ..interpret.annex import AnnexTask, reform_area
from ..interpret.body import BodyItem
from ..normalizers.citations import mask_references
from ..normalizers.dates import PlanYears, envelope, parse_timeline
from ..normalizers.labels import split_label
from ..normalizers.products import split_products
from ..normalizers.targets import parse_target_value
from ..normalizers.text import clean_text
from ..normalizers.units import UnitContext, canonical_unit, split_units
from .records import TargetRow, TaskRow, TaskUnitRow, UnitRow

_ROLES = (("lead", "lead_units"), ("coordinating", "coordinating_units"), ("monitoring", "monitoring_units"))


@dataclass
class TaskRows:
    tasks: list[TaskRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    task_units: list[TaskUnitRow] = field(default_factory=list)
    units: dict[str, UnitRow] = field(default_factory=dict)
    task_of_row: dict[tuple[int, int], str] = field(
        default_factory=dict
    )  # (block index, table row) → task_id


def annex_task_rows(
    doc_id: str,
    annex: list[AnnexTask],
    owners: list[str | None],
    plan: PlanYears,
    units_context: UnitContext,
    paragraphs: list[int | None],
) -> TaskRows:
    out = TaskRows()
    for n, task in enumerate(annex, start=1):
        task_id = f"t{n}"
        for r in task.rows:
            out.task_of_row[(task.block_index, r)] = task_id
        role_units: dict[str, list[str]] = {}
        for role, _ in _ROLES:
            names: list[str] = []
            for mention in split_units(task.cells.get(role)):
                unit = canonical_unit(mention.name, units_context)
                if unit.name not in names:
                    names.append(unit.name)
                out.task_units.append(
                    TaskUnitRow(doc_id, task_id, unit.unit_id, role, mention.raw, mention.note)
                )
                row = out.units.setdefault(
                    unit.unit_id, UnitRow(unit.unit_id, unit.name, unit.kind, unit.province, [], unit.scope)
                )
                if mention.name not in row.aliases:
                    row.aliases.append(mention.name)
            role_units[role] = names
        raw_time = clean_text(task.cells.get("timeline"), keep_newlines=True) or None
        timeline = parse_timeline(raw_time, plan, mask_references)
        due_start, due_end = envelope(timeline)
        out.tasks.append(
            TaskRow(
                doc_id=doc_id,
                task_id=task_id,
                origin="annex",
                section_id=owners[task.block_index],
                group=task.group,
                reform_area=reform_area(task.group),
                label=task.label,
                text=clean_text(task.text),
                products=[split_label(p)[1] or p for p in split_products(task.cells.get("products"))],
                lead_units=role_units["lead"],
                coordinating_units=role_units["coordinating"],
                monitoring_units=role_units["monitoring"],
                timeline_raw=raw_time,
                timeline=[
                    {"kind": i.kind, "start": i.start, "end": i.end, "recurrence": i.recurrence, "raw": i.raw}
                    for i in timeline
                ],
                due_start=due_start,
                due_end=due_end,
                page=task.page,
                block_id=f"b{task.block_index + 1}.r{task.row + 1}",
                paragraph=paragraphs[task.block_index],
                notes=clean_text(task.cells.get("notes")) or None,
            )
        )
    return out


def add_body_rows(out: TaskRows, doc_id: str, items: list[BodyItem], blocks: list[Block]) -> None:
    """Body tasks (numbered after the annex tasks) and targets, appended to `out`."""
    n_tasks = len(out.tasks)
    for item in items:
        b = blocks[item.block_index]
        where = dict(block_id=f"b{item.block_index + 1}", paragraph=b.provenance.paragraph)
        if item.kind == "target":
            value = parse_target_value(item.text)
            out.targets.append(
                TargetRow(
                    doc_id,
                    f"g{len(out.targets) + 1}",
                    item.section_id,
                    item.reform_area,
                    item.text,
                    value.value if value else None,
                    value.unit if value else None,
                    value.comparator if value else None,
                    value.raw if value else None,
                    page=b.provenance.page,
                    **where,
                )
            )
            continue
        n_tasks += 1
        out.tasks.append(
            TaskRow(
                doc_id=doc_id,
                task_id=f"t{n_tasks}",
                origin="body",
                section_id=item.section_id,
                group=item.area_title,
                reform_area=item.reform_area,
                label=item.label,
                text=item.text,
                products=[],
                lead_units=[],
                coordinating_units=[],
                monitoring_units=[],
                timeline_raw=None,
                timeline=[],
                due_start=None,
                due_end=None,
                page=b.provenance.page,
                **where,
            )
        )
