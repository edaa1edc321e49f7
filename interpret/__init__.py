"""Interpretation: the document model read as a plan (fields, sections, tasks, targets, tables).

This stage stands between the format readers (`extractors/`, bytes → `Document`) and the output
rows (`pipeline/`). It is the same for every format: it only reads blocks and tables.
"""

from .plan import Plan, PlanTable, interpret

__all__ = ["Plan", "PlanTable", "interpret"]
