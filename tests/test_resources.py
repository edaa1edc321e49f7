"""Integrity of the resource files: every pattern matches its examples and none of its counters."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from vnplan.extractors.ocr import fix_ocr_text
from vnplan.interpret.annex import ROLES as ANNEX_ROLES
from vnplan.interpret.annex import heading_role as annex_heading_role
from vnplan.interpret.body import heading_role
from vnplan.normalizers.admin_units import admin_units
from vnplan.normalizers.assignees import head_patterns
from vnplan.normalizers.citations import grammar
from vnplan.normalizers.data import expand_letters, load_resource, patterns
from vnplan.normalizers.dates import time_rules
from vnplan.normalizers.laws import registry, standard_abbreviations
from vnplan.normalizers.products import product_breaks
from vnplan.normalizers.symbols import codes
from vnplan.normalizers.units import is_person

ALL = [p for group in ("labels", "metadata") for p in patterns(group)]


FOUND_ANYWHERE = (
    "motto",
    "plan_period",
    "plan_year",
    "esign_banner",
)  # used with search(); the others anchor at the start


def _hits(p, text):
    return p.regex.search(text) if p.id in FOUND_ANYWHERE else p.regex.match(text)


@pytest.mark.parametrize("p", ALL, ids=lambda p: p.id)
def test_pattern_examples(p):
    assert p.examples, f"{p.id} has no examples"
    for example in p.examples:
        assert _hits(p, example), example
    for counter in p.counter:
        assert not _hits(p, counter), counter


def test_doc_type_codes_are_unique():
    codes = [t["code"] for t in load_resource("doc_types")["types"] if t["code"]]
    assert len(codes) == len(set(codes))


def test_provinces_spell_every_unit_of_the_admin_units_dataset():
    names = [p["name"] for p in load_resource("provinces")["before_2025"]]
    units = admin_units()
    assert len(names) == 63 and sorted(names) == sorted(units.merged_into)
    assert len(units.new_provinces) == 34 and set(units.merged_into.values()) == units.new_provinces


def test_names_have_no_duplicate_phrases():
    phrases = load_resource("names")["phrases"]
    assert len(phrases) == len(set(phrases))


# ---- normalizer resources of issue 3: time expressions, citations, laws, units, task tables


CONTRACT_TIMELINE_KINDS = {
    "date",
    "month",
    "quarter",
    "half_year",
    "year",
    "range",
    "before",
    "recurring",
    "ongoing",
    "event",
    "per_regulation",
    "unknown",
}
CONTRACT_REFORM_AREAS = {
    "the_che",
    "tthc",
    "bo_may",
    "cong_vu",
    "tai_chinh_cong",
    "chinh_quyen_so",
    "chi_dao_dieu_hanh",
    "danh_gia_tac_dong",
    "other",
}


@pytest.mark.parametrize("rule", time_rules(), ids=lambda r: r.id)
def test_time_rule_examples(rule):
    assert rule.examples and rule.kind in CONTRACT_TIMELINE_KINDS
    for example in rule.examples:
        assert rule.regex.search(example), example
        assert any(w in example.lower() for w in rule.requires), (
            f"{rule.id}: 'requires' would skip {example!r}"
        )
    for counter in rule.counter:
        m = rule.regex.search(counter)
        assert not m, f"{rule.id} matches {counter!r}"


def test_time_frequencies_are_contract_values():
    assert set(load_resource("time")["frequencies"].values()) <= {
        "daily",
        "weekly",
        "monthly",
        "quarterly",
        "half_yearly",
        "yearly",
    }


def test_citation_grammar_compiles_and_codes_are_consistent():
    g = grammar()
    assert {name for name, _ in g.candidates} == {"normative", "party", "administrative"}
    data = load_resource("citations")
    assert len(data["issuers"]) == len(set(data["issuers"]))
    assert set(data["type_aliases"].values()) <= {t["name"] for t in load_resource("doc_types")["types"]}
    type_names = {t["name"] for t in load_resource("doc_types")["types"]}
    assert all(v in type_names for k, v in data["party_type_codes"].items() if not k.startswith("_"))
    for code, issuer in g.sole_issuer.items():
        assert code in g.code_to_type and issuer in codes().central


def test_citation_title_rule_examples():
    """The title rule's examples and counter-examples, as the citation reader sees them."""
    from vnplan.normalizers.citations import find_citations

    title = load_resource("citations")["title"]
    for example in title["examples"]:
        assert not [c for c in find_citations(example) if c.by_name], example
    for counter in title["counter_examples"]:
        assert [c for c in find_citations(counter) if c.by_name], counter


def test_ocr_digit_folds_repair_their_examples():
    g = grammar()
    for before, after in load_resource("citations")["ocr_digits"]["examples"]:
        assert g.ocr_digits.sub(lambda m: m.group(0).translate(g.ocr_digit_map), before) == after


def test_issuer_codes():
    data = load_resource("issuer_codes")
    listed = [c["code"] for c in data["codes"]]
    assert len(listed) == len(set(listed))
    assert all(c["name"] and unicodedata.is_normalized("NFC", c["name"]) for c in data["codes"])
    known = codes()
    assert set(data["departments"]["ministries"]) <= known.central
    assert {"SNV", "STP", "STC", "SKHĐT", "STTTT"} <= known.issuers  # the department codes DOMAIN.md lists
    assert not known.issuer_tiers[0] & known.issuer_tiers[1]
    assert not known.types & known.issuers  # a code is a type or an issuer, never both
    assert known.d_stroke["ND"] == "NĐ" and known.d_stroke["HDND"] == "HĐND"


# ---- the law registry: resources/laws_vn.csv (a copy of ../shared/data/laws_vn.csv) + laws.json

_TERMS = {9: (1992, 1997), 10: (1997, 2002), 11: (2002, 2007), 12: (2007, 2011), 13: (2011, 2016)}
_TERMS.update({14: (2016, 2021), 15: (2021, 2026), 16: (2026, 2031)})
_NUMBER = re.compile(r"(\d+)/((?:19|20)\d\d)/(?:PL-)?(?:QH|UBTVQH)(\d+)")


def test_law_registry_integrity():
    laws = registry()
    numbers = [law.number for law in laws if law.number]
    assert len(numbers) == len(set(numbers)), "numbers are unique"
    assert len({law.key for law in laws if law.key}) == len(numbers), "keys (no leading zeros) are unique"
    for law in laws:
        assert law.doc_type in ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp"), law
        assert law.source, law
        if law.name:
            assert unicodedata.is_normalized("NFC", law.name), law.name
            assert law.name.split()[0] in ("Luật", "Bộ", "Pháp", "Hiến"), law.name
        if law.number is None:
            assert law.doc_type == "Hiến pháp"
            continue
        m = _NUMBER.fullmatch(law.number)
        assert m, law.number
        year, term = int(m.group(2)), int(m.group(3))
        first, last = _TERMS[term]
        assert first <= year <= last, f"{law.number}: term {term} is {first}–{last}"
        assert law.key == law.number.lstrip("0"), law.number
        assert (law.doc_type == "Pháp lệnh") == ("UBTVQH" in law.number), law.number
        if law.adopted:
            assert law.adopted.year == year, f"{law.number} adopted {law.adopted}"
        if law.adopted and law.in_force:
            assert law.in_force >= law.adopted, law


def test_law_registry_supplement_says_why():
    csv_numbers = {law.number for law in registry()}
    for row in load_resource("laws")["supplement"]:
        assert row["number"] in csv_numbers and row["source"] and row["why"], row
    for entry in load_resource("laws")["abbreviations"]["entries"]:
        assert entry["abbr"].isupper() and entry["examples"], entry
    assert standard_abbreviations()["BMNN"] == ("bi", "mat", "nha", "nuoc")


def test_law_registry_is_a_copy_of_the_shared_file():
    """The packaged CSV is ../shared/data/laws_vn.csv unchanged (corrections go to laws.json)."""
    corpus = os.environ.get("VNPLAN_CORPUS", "../shared/corpus")
    shared = Path(corpus).parent / "data" / "laws_vn.csv"
    if not shared.exists():
        pytest.skip(f"{shared} is not here")
    packaged = Path(__file__).parents[1] / "normalizers" / "resources" / "laws_vn.csv"
    assert packaged.read_bytes() == shared.read_bytes()


def test_unit_tables():
    data = load_resource("units")
    assert len(data["heads"]) == len(set(data["heads"]))
    assert len(data["collectives"]) == len(set(data["collectives"]))
    kinds = {k for _, k in data["kinds"]}
    assert kinds <= {
        "office",
        "division",
        "department",
        "centre",
        "committee",
        "ministry",
        "government",
        "party",
        "person",
        "other",
    }
    person = re.compile(expand_letters(data["person"]["pattern"]))
    for example in data["person"]["examples"]:
        assert person.match(example) and is_person(example), example
    for counter in data["person"]["counter"]:
        assert not is_person(counter), counter
    for canonical in data["synonyms"].values():
        assert canonical not in data["synonyms"], "synonyms must map to a final name"


def test_task_table_roles_and_areas():
    data = load_resource("task_tables")
    assert {r["role"] for r in data["roles"]} == set(ANNEX_ROLES)
    assert {area for area, _ in data["reform_areas"]} <= CONTRACT_REFORM_AREAS
    for _, pattern in data["reform_areas"]:
        re.compile(pattern)


_HEADING_RECORDS = [(annex_heading_role, r) for r in load_resource("task_tables")["roles"]] + [
    (heading_role, r) for r in load_resource("task_tables")["body_headings"]
]


@pytest.mark.parametrize(
    "classify, record", _HEADING_RECORDS, ids=[f"{c.__module__}:{r['role']}" for c, r in _HEADING_RECORDS]
)
def test_heading_records_classify_their_examples(classify, record):
    """Column headings (interpret/annex.py) and body headings (interpret/body.py): each record's
    examples get its role (earlier records win, as in the readers), its counter-examples another
    one or none."""
    assert record["why"] and record["examples"]
    for example in record["examples"]:
        assert classify(example) == record["role"], example
    for counter in record["counter"]:
        assert classify(counter) != record["role"], counter


def test_not_task_table_headings():
    record = load_resource("task_tables")["not_task_tables"]
    regex = re.compile(record["pattern"], re.IGNORECASE)
    assert all(regex.search(e) for e in record["examples"])
    assert not any(regex.search(c) for c in record["counter"])


def test_product_breaks_split_their_examples_only():
    rules = load_resource("task_tables")["product_breaks"]
    for rule, regex in zip(rules, product_breaks(), strict=False):
        for example in rule["examples"]:
            assert regex.search(example), example
        for counter in rule.get("counter", []):
            assert not regex.search(counter), counter


def test_assignee_heads_match_their_examples():
    for record in head_patterns():
        regex = re.compile(record["pattern"])
        for example in record["examples"]:
            assert regex.match(example), example
        for counter in record["counter"]:
            assert not regex.match(counter), counter
    data = load_resource("task_tables")
    for name in ("prefix", "coordinating", "body_fields"):
        record = data["assignees"].get(name) or data[name]
        regex = re.compile(record["pattern"])
        for example in record["examples"]:
            assert regex.search(example), example
        for counter in record["counter"]:
            assert not regex.search(counter), counter


def test_table_kinds_and_comparators_compile():
    data = load_resource("task_tables")
    assert {k["kind"] for k in data["table_kinds"]} <= {
        "layout",
        "statistics",
        "schedule",
        "form",
        "list",
        "other",
    }
    for rule in load_resource("targets")["comparators"]:
        regex = re.compile(rule["pattern"], re.IGNORECASE)
        assert rule["comparator"] in ("=", ">=", "<=")
        for example in rule["examples"]:
            assert regex.search(example), example
    count = load_resource("targets")["count"]
    regex = re.compile(count["pattern"])
    assert all(regex.search(e) for e in count["examples"]) and count["why"]
    assert not any(regex.search(c) for c in count["counter"])


def test_ocr_d_for_dd_examples():
    record = load_resource("ocr")["d_for_dd"]
    for before, after in record["examples"]:
        assert fix_ocr_text(before) == after
    for counter in record["counter"]:
        assert fix_ocr_text(counter) == counter


def test_ocr_fixes_repair_their_examples():
    for fix in load_resource("ocr")["fixes"]:
        for before, after in fix["examples"]:
            assert fix_ocr_text(before) == after, fix["why"]
        for counter in fix.get("counter", []):
            assert re.sub(fix["pattern"], fix["replace"], counter) == counter


def test_legacy_tables():
    data = load_resource("legacy_encodings")
    assert len(data["tcvn3"]) == 74 and len(data["vni"]) == 134
    for key, letter in list(data["tcvn3"].items()) + list(data["vni"].items()):
        assert len(letter) == 1 and letter.isalpha(), (key, letter)
        assert bytes.fromhex(key)
    assert all(int(k, 16) >= 0xA1 for k in data["tcvn3"])
    assert len(set(data["tcvn3"].values())) == len(data["tcvn3"])


def test_reform_area_names_cover_the_contract_list():
    areas = load_resource("reform_areas")["areas"]
    assert set(areas) == CONTRACT_REFORM_AREAS
    assert all(a["name"] and isinstance(a["words"], list) for a in areas.values())
