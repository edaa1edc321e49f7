"""Integrity of the resource files: every pattern matches its examples and none of its counters."""

from __future__ import annotations

import re

import pytest

from vnplan.extractors.ocr import fix_ocr_text
from vnplan.normalizers.admin_units import admin_units
from vnplan.normalizers.citations import grammar, law_registry
from vnplan.normalizers.data import load_resource, patterns
from vnplan.normalizers.dates import time_rules
from vnplan.normalizers.products import product_breaks

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
    for code in data["d_stroke_codes"]:
        assert "Đ" in code, code
    assert set(data["type_aliases"].values()) <= {t["name"] for t in load_resource("doc_types")["types"]}


def test_law_registry_numbers_and_dates():
    laws = load_resource("laws")["laws"]
    numbers = [law["number"] for law in laws if law["number"]]
    assert len(numbers) == len(set(numbers))
    for law in laws:
        assert law["number"] is None or re.fullmatch(r"\d+/(19|20)\d\d/QH\d+", law["number"]), law
        assert law["doc_type"] in ("Luật", "Bộ luật") and law["name"].split()[0] in ("Luật", "Bộ")
        assert law["source"]
        if law["adopted"] and law["number"]:
            assert law["adopted"][:4] == law["number"].split("/")[1], law
        if law["adopted"] and law["in_force"]:
            assert law["in_force"] >= law["adopted"], law
    for versions in law_registry().values():
        assert [v.effective for v in versions] == sorted(v.effective for v in versions)


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
        "other",
    }
    for canonical in data["synonyms"].values():
        assert canonical not in data["synonyms"], "synonyms must map to a final name"


def test_task_table_roles_and_areas():
    data = load_resource("task_tables")
    assert {role for role, _ in data["roles"]} == {
        "label",
        "group",
        "text",
        "products",
        "lead",
        "coordinating",
        "monitoring",
        "timeline",
        "notes",
    }
    assert {area for area, _ in data["reform_areas"]} <= CONTRACT_REFORM_AREAS
    for _, pattern in data["roles"] + data["reform_areas"]:
        re.compile(pattern)


def test_product_breaks_split_their_examples_only():
    rules = load_resource("task_tables")["product_breaks"]
    for rule, regex in zip(rules, product_breaks(), strict=False):
        for example in rule["examples"]:
            assert regex.search(example), example
        for counter in rule.get("counter", []):
            assert not regex.search(counter), counter


def test_body_headings_and_table_kinds_compile():
    data = load_resource("task_tables")
    for pattern in data["body_headings"].values():
        re.compile(pattern)
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
