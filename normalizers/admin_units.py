"""Administrative units of Vietnam before and after the 1 July 2025 reorganisation, from the dataset
of the `vietnamadminunits` package (MIT licence; its SQLite and JSON files ship inside the wheel,
nothing is downloaded): the 63 provinces with their 681 districts and 10,040 communes and wards,
the 34 provinces with their 3,321 communes and wards, and which old province went into which new
one.

Only the package's data files are read (with `sqlite3` and `json`): its own parser pulls in
geometry and geocoding libraries that vnplan does not need, and reading the files directly keeps
one loose spelling key (`loose_key`) for every name vnplan compares.

A document of a town, commune or ward names its unit, not its province ("UBND THỊ XÃ BỈM SƠN",
"xã Lương Minh"); `unit_province` finds the province such a name lies in, as the units stood on
the document's date.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import MissingTool
from .text import loose_key

MERGER = dt.date(2025, 7, 1)
PACKAGE = "vietnamadminunits"


@dataclass(frozen=True)
class AdminUnits:
    """Names keyed by `loose_key`; provinces by the package's short names ("Bà Rịa - Vũng Tàu")."""

    merged_into: dict[str, str]  # old province → new province
    new_provinces: frozenset[str]
    # (era, unit kind, name) → provinces that have a unit of that kind and name; era legacy / 2025,
    # kind "" for a name looked up without its kind word; names spelled exactly (`exact_key`) and
    # loosely (`loose_key`: tone marks ignored, for OCR), since names differ only by a tone mark
    # ("xã Lương Minh" of Quảng Ninh, "xã Lượng Minh" of Nghệ An)
    provinces_of: dict[tuple[str, str, str], frozenset[str]]


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise MissingTool(
            f"the {PACKAGE} package is not installed", code="package.missing", hint=f"pip install {PACKAGE}"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def admin_units() -> AdminUnits:
    data = _data_dir()
    found: dict[tuple[str, str, str], set[str]] = {}

    def add(era: str, kind: str | None, name: str | None, province: str) -> None:
        if not name:
            return
        for k in (loose_key(kind or ""), ""):
            found.setdefault((era, k, exact_key(name)), set()).add(province)
            found.setdefault((era, k, "~" + loose_key(name)), set()).add(province)

    with sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True) as db:
        legacy_key = {}
        for key, province, dkind, district, wkind, ward in db.execute(
            "SELECT provinceKey, provinceShort, districtType, districtShort, wardType, wardShort "
            "FROM admin_units_legacy"
        ):
            legacy_key[key] = province
            add("legacy", dkind, district, province)
            add("legacy", wkind, ward, province)
        new_key = {}
        for key, province, wkind, ward in db.execute(
            "SELECT provinceKey, provinceShort, wardType, wardShort FROM admin_units"
        ):
            new_key[key] = province
            add("2025", wkind, ward, province)
    converter = json.loads((data / "converter_2025.json").read_text("utf-8"))
    merged_into = {
        legacy_key[old]: new_key[new] for new, olds in converter["DICT_PROVINCE"].items() for old in olds
    }
    return AdminUnits(
        merged_into=merged_into,
        new_provinces=frozenset(new_key.values()),
        provinces_of={k: frozenset(v) for k, v in found.items()},
    )


def unit_province(kind: str | None, name: str, on: dt.date | None = None) -> tuple[str | None, str | None]:
    """(province as of `on`, province after the merger) of the one unit called `name` (of `kind`:
    "thị xã", "xã", … or None for any kind), or (None, None) when no unit or several provinces'
    units bear that name. Without a date, the units before the merger are tried first."""
    units = admin_units()
    kind_key = loose_key(kind or "")
    eras = ("2025", "legacy") if on is not None and on >= MERGER else ("legacy", "2025")
    for name_key in (exact_key(name), "~" + loose_key(name)):
        for era in eras:
            provinces = units.provinces_of.get((era, kind_key, name_key), frozenset())
            if len(provinces) == 1:
                (province,) = provinces
                return province, (province if era == "2025" else units.merged_into.get(province))
            if provinces:
                return None, None  # several units of that name: the name alone does not place it
    return None, None


def exact_key(name: str) -> str:
    """A name as spelled, tone marks and all, ignoring case, Unicode form and spacing."""
    return " ".join(unicodedata.normalize("NFC", name).lower().split())
