"""extractors/numbering.py and labels.py: Word counters and printed labels."""

from __future__ import annotations

import pytest
from lxml import etree

from vnplan.extractors.numbering import Numbering, format_number
from vnplan.normalizers.labels import split_label

NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def test_counters_restart_below_the_level_that_advances():
    n = Numbering(etree.fromstring(NUMBERING))
    got = [n.label_for("1", lvl) for lvl in (0, 1, 2, 2, 1, 2, 0, 1)]
    assert got == ["I.", "1.", "a)", "b)", "2.", "a)", "II.", "1."]


def test_start_override_restarts_a_shared_list():
    n = Numbering(etree.fromstring(NUMBERING))
    assert [n.label_for("1", 2), n.label_for("1", 2), n.label_for("2", 2)] == ["a)", "b)", "a)"]


@pytest.mark.parametrize(
    "n, fmt, want",
    [
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (27, "lowerLetter", "aa"),
        (3, "decimal", "3"),
        (5, "decimalZero", "05"),
    ],
)
def test_format_number(n, fmt, want):
    assert format_number(n, fmt) == want


LABELS = [
    ("I. MỤC TIÊU, YÊU CẦU", "I.", "roman", "I", "MỤC TIÊU, YÊU CẦU"),
    ("IV.TỔ CHỨC THỰC HIỆN", "IV.", "roman", "IV", "TỔ CHỨC THỰC HIỆN"),
    ("1. Mục tiêu", "1.", "decimal", "1", "Mục tiêu"),
    ("2.1. Thông báo", "2.1.", "decimal_multi", "2.1", "Thông báo"),
    ("a) Mục tiêu", "a)", "letter", "a", "Mục tiêu"),
    ("đ) Thường xuyên", "đ)", "letter", "đ", "Thường xuyên"),
    ("- Kế hoạch", "-", "dash", None, "Kế hoạch"),
    ("+ Sở Nội vụ", "+", "plus", None, "Sở Nội vụ"),
    ("Điều 3. Giải thích từ ngữ", "Điều 3.", "article", "3", "Giải thích từ ngữ"),
    ("Chương I", "Chương I", "part", "I", ""),
]


@pytest.mark.parametrize("text, printed, kind, value, rest", LABELS)
def test_split_label(text, printed, kind, value, rest):
    label, got_rest = split_label(text)
    assert (label.printed, label.kind, label.value, got_rest) == (printed, kind, value, rest)


@pytest.mark.parametrize(
    "text", ["2024 là năm", "05/CT-UBND ngày 25/4/2023", "100% hồ sơ", "In ấn tài liệu", "V/v triển khai"]
)
def test_no_label(text):
    assert split_label(text)[0] is None
