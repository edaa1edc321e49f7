"""pipeline/schema.py and records.py: the declared columns keep the contract (docs/CONTRACT.md),
and readers refuse a dataset of a newer major schema version in one plain sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from vnplan.errors import UsageError
from vnplan.pipeline.cli import main
from vnplan.pipeline.records import ROW_TYPES, DocResult, DocumentRow, arrow_fields
from vnplan.pipeline.schema import SCHEMA_VERSION, VERSION_KEY, check_dataset, check_version
from vnplan.pipeline.storage import Store
from vnplan.pipeline.write import ensure_tables, write_result

from .conftest import GOLD

CONTRACT = Path(__file__).resolve().parents[1] / "docs" / "CONTRACT.md"

# ---------------------------------------------------------------- the contract's columns


def parse_type(text: str) -> pa.DataType:
    """A contract type as written in CONTRACT.md (`list<struct<kind: string, …>>`) → Arrow."""
    text = text.strip()
    simple = {
        "string": pa.string(),
        "bool": pa.bool_(),
        "int8": pa.int8(),
        "int16": pa.int16(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "date32": pa.date32(),
    }
    if text in simple:
        return simple[text]
    if text.startswith("list<") and text.endswith(">"):
        return pa.list_(parse_type(text[5:-1]))
    if text.startswith("struct<") and text.endswith(">"):
        fields, depth, part = [], 0, ""
        for ch in text[7:-1] + ",":
            depth += ch == "<"
            depth -= ch == ">"
            if ch == "," and depth == 0:
                name, _, kind = part.partition(":")
                fields.append(pa.field(name.strip(), parse_type(kind)))
                part = ""
            else:
                part += ch
        return pa.struct(fields)
    raise ValueError(f"not a contract type: {text!r}")


def compatible(ours: pa.DataType, contract: pa.DataType) -> bool:
    """The same type; a struct may carry more fields than the contract names (an extension)."""
    if pa.types.is_list(ours) and pa.types.is_list(contract):
        return compatible(ours.value_type, contract.value_type)
    if pa.types.is_struct(ours) and pa.types.is_struct(contract):
        have = {f.name: f.type for f in ours}
        return all(f.name in have and compatible(have[f.name], f.type) for f in contract)
    return ours == contract


_NAMED = re.compile(r"`(\w+)`(?:\s*\(([^()]*)\))?")  # `value` (float64, e.g. 100.0)


def contract_columns(text: str) -> list[tuple[str, str, pa.DataType | None]]:
    """(table, column, type or None) for every column CONTRACT.md names: the rows of each table's
    column table, the names of a table given in prose, and each "Extensions" item."""
    out: list[tuple[str, str, pa.DataType | None]] = []
    for chunk in text.split("\n### ")[1:]:
        table = chunk.split()[0]
        lines = chunk.splitlines()[1:]
        rows = [ln for ln in lines if ln.startswith("| ") and not ln.startswith("| column")]
        for row in rows:
            names, kind = (cell.strip() for cell in row.strip("|").split("|")[:2])
            for name in re.split(r"\s*[,/]\s*", names):
                out.append((table, name.strip("` "), parse_type(kind)))
        prose = [ln for ln in lines if not ln.startswith("|")]
        extensions = [ln for ln in prose if ln.startswith("- `")]
        named = extensions if rows else [" ".join(ln for ln in prose if not ln.startswith("- "))] + extensions
        for line in named:
            for m in _NAMED.finditer(line):
                out.append((table, m.group(1), _type_in_brackets(m.group(2) or "")))
                if line in extensions:
                    break  # an extension item names one column, then explains it
    return out


def _type_in_brackets(text: str) -> pa.DataType | None:
    """`struct<…>` or `float64, e.g. 100.0` → the type; prose in brackets → None (only the
    column's existence is checked)."""
    for candidate in (text, text.split(",")[0]):
        try:
            return parse_type(candidate)
        except ValueError:
            continue
    return None


def test_contract_parser_reads_every_table():
    found = contract_columns(CONTRACT.read_text("utf-8"))
    assert {t for t, _, _ in found} == set(ROW_TYPES)
    assert len(found) >= 80  # every table's columns, not a few lines that happened to parse
    assert ("targets", "value", pa.float64()) in found and ("task_units", "raw", None) in found
    assert (
        "blocks",
        "bbox",
        parse_type("struct<x0: float64, top: float64, x1: float64, bottom: float64>"),
    ) in found


@pytest.mark.parametrize(
    "table, column, contract",
    contract_columns(CONTRACT.read_text("utf-8")),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_contract_column_is_declared_with_a_compatible_type(table, column, contract):
    declared = dict(arrow_fields(ROW_TYPES[table]))
    assert column in declared, f"{table}.{column} is in the contract but not in pipeline/records.py"
    if contract is not None:
        assert compatible(declared[column], contract), f"{table}.{column}: {declared[column]} vs {contract}"


@pytest.mark.parametrize(
    "ours, contract, ok",
    [
        ("list<struct<kind: string, raw: string, extra: int32>>", "list<struct<kind: string>>", True),
        ("list<struct<kind: string>>", "list<struct<kind: string, raw: string>>", False),
        ("int16", "int32", False),
        ("list<string>", "string", False),
    ],
)
def test_compatible_types(ours, contract, ok):
    assert compatible(parse_type(ours), parse_type(contract)) is ok


# ---------------------------------------------------------------- the schema version


def test_check_version():
    check_version(SCHEMA_VERSION, "out")
    check_version(None, "out")  # written before versions were recorded
    check_version(f"{SCHEMA_VERSION.split('.')[0]}.99", "out")  # a newer minor adds columns only
    with pytest.raises(UsageError, match="newer than this vnplan reads"):
        check_version("2.0", "out")
    with pytest.raises(UsageError, match="not written by vnplan"):
        check_version("x.y", "out")


def _dataset(root: Path, version: str) -> Path:
    """A one-document output folder whose documents part says it was written with `version`."""
    store = Store.open(root)
    write_result(store, DocResult(DocumentRow(doc_id="0123456789abcdef", source_path="plan.pdf")))
    ensure_tables(store)
    part = root / "documents" / "part-0123456789abcdef.parquet"
    table = pq.read_table(part)
    pq.write_table(
        table.replace_schema_metadata({**table.schema.metadata, VERSION_KEY: version.encode()}), part
    )
    return root


@pytest.mark.parametrize(
    "command",
    [
        ["query", "SELECT count(*) FROM documents", "--data", "{data}"],
        ["cite", "NĐ 130/2005", "--data", "{data}"],
        ["compare", "--data", "{data}", "--out", "{tmp}/compare"],
        ["eval", "{data}", str(GOLD)],
    ],
    ids=lambda c: c[0],
)
def test_readers_refuse_a_newer_major_version_in_one_sentence(tmp_path, capsys, command):
    data = _dataset(tmp_path / "out", "2.0")
    argv = [a.format(data=data, tmp=tmp_path) for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "schema version 2.0" in err and str(data) in err and "upgrade vnplan" in err
    assert not (tmp_path / "compare").exists()


def test_readers_read_an_older_or_newer_minor_version(tmp_path, capsys):
    major = SCHEMA_VERSION.split(".")[0]
    for version in (f"{major}.0", f"{major}.99"):
        data = _dataset(tmp_path / version, version)
        check_dataset(data)
        assert main(["query", "SELECT count(*) AS n FROM documents", "--data", str(data)]) == 0
        assert capsys.readouterr().out.split() == ["n", "1"]
