"""The pyarrow schema of every output table, derived from its one declaration in `records.py`,
with the schema version that every Parquet file carries in its metadata (`vnplan.schema_version`).

The version is `MAJOR.MINOR`: a new column raises the minor number; a change that breaks a reader
(a column renamed, dropped or given another meaning) raises the major one, and readers refuse a
dataset whose major version is newer than their own.
"""

from __future__ import annotations

import pyarrow as pa

from ..errors import UsageError
from .records import ROW_TYPES, arrow_fields

SCHEMA_VERSION = "1.2"
VERSION_KEY = b"vnplan.schema_version"

TABLE_NAMES: tuple[str, ...] = tuple(ROW_TYPES)


def schema(table: str) -> pa.Schema:
    """The schema of one output table, with the schema version in its metadata."""
    return pa.schema(
        [pa.field(n, t) for n, t in arrow_fields(ROW_TYPES[table])],
        metadata={VERSION_KEY: SCHEMA_VERSION.encode(), b"vnplan.table": table.encode()},
    )


def columns(table: str) -> list[str]:
    return [n for n, _ in arrow_fields(ROW_TYPES[table])]


def check_version(found: str | None, where: str) -> None:
    """Refuse, in plain words, a dataset written by a vnplan whose schema is a newer major version."""
    if not found:
        return
    try:
        major = int(found.split(".")[0])
    except ValueError:
        raise UsageError(f"{where}: unknown schema version {found!r}; it was not written by vnplan") from None
    if major > int(SCHEMA_VERSION.split(".")[0]):
        raise UsageError(
            f"{where} was written with schema version {found}, newer than this vnplan reads "
            f"({SCHEMA_VERSION}); upgrade vnplan (pip install -U vnplan) to read it"
        )
