"""Integrity of the resource files: every pattern matches its examples and none of its counters."""

from __future__ import annotations

import pytest

from vnplan.normalizers.data import load_resource, patterns

ALL = [p for group in ("labels", "metadata") for p in patterns(group)]


FOUND_ANYWHERE = ("motto", "plan_period", "plan_year")  # used with search(); the others anchor at the start


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


def test_provinces_map_63_to_34():
    data = load_resource("provinces")
    before, after = data["before_2025"], data["after_2025"]
    assert len(before) == 63 and len(after) == 34
    new_names = {p["name"] for p in after}
    assert all(p["new_name"] in new_names for p in before)
    assert sorted(m for p in after for m in p["members"]) == sorted(p["name"] for p in before)


def test_names_have_no_duplicate_phrases():
    phrases = load_resource("names")["phrases"]
    assert len(phrases) == len(set(phrases))
