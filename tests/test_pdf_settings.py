"""extractors/pdf_settings.py: the PDF reader's layout thresholds as one validated settings object."""

from __future__ import annotations

import dataclasses

import pytest

from vnplan.errors import InvalidSetting, VnplanError
from vnplan.extractors.pdf import extract_pdf
from vnplan.extractors.pdf_settings import DEFAULT_LAYOUT, LayoutSettings

from .conftest import RAW


@pytest.mark.parametrize(
    "change, message",
    [
        ({"segment_gap": -1.0}, "LayoutSettings.segment_gap must not be negative"),
        ({"margin_zone": 1.5}, "LayoutSettings.margin_zone is a share of 0 to 1"),
        ({"letterhead_lines": 12.5}, "LayoutSettings.letterhead_lines must be a number (whole)"),
        ({"column_slack": True}, "LayoutSettings.column_slack must be a number (whole)"),
        ({"indent": "8"}, "LayoutSettings.indent must be a number"),
    ],
)
def test_a_bad_value_is_refused_naming_its_field(change, message):
    with pytest.raises(InvalidSetting, match=message.replace("(", r"\(").replace(")", r"\)")) as err:
        LayoutSettings(**change)
    assert isinstance(err.value, VnplanError) and isinstance(err.value, ValueError)
    assert err.value.code == "settings.invalid"


def test_settings_are_frozen_and_whole_numbers_pass_as_distances():
    assert LayoutSettings(segment_gap=24) == dataclasses.replace(DEFAULT_LAYOUT, segment_gap=24)
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_LAYOUT.segment_gap = 10.0  # type: ignore[misc]


def test_the_reader_uses_the_settings_it_is_given():
    """A column gap wider than the Sóc Trăng letterhead's reads its two columns as one line."""
    path = RAW / "soc-trang-bql-kcn-cchc-2024.pdf"
    default = [b for b in extract_pdf(path).blocks if b.kind == "header"]
    wide = [b for b in extract_pdf(path, LayoutSettings(segment_gap=400.0)).blocks if b.kind == "header"]
    assert len(default) == 2 and len(wide) != 2
