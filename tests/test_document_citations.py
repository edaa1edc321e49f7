"""normalizers/document_citations.py: what only the whole document tells about its citations.

The block texts are real: lines and page breaks of the corpus documents named in each test."""

from __future__ import annotations

import datetime as dt

import pytest

from vnplan.normalizers.citations import CitingContext
from vnplan.normalizers.document_citations import CitingBlock, cite_blocks

D = dt.date


def _keys(blocks, ctx=None):
    found = cite_blocks(blocks, ctx or CitingContext())
    return [[(c.key, c.doc_type, c.issued_date) for c in citations] for citations in found]


BROKEN = [
    (  # tphcm_stp_cv_2021: "Kế hoạch số" ends page 1, the number opens page 2
        [
            "theo quy định tại Nghị định số 55/2019/NĐ-CP ngày 24/6/2019 của Chính phủ và Kế hoạch số",
            "1207/KH-UBND ngày 01 tháng 4 năm 2020 của Ủy ban nhân dân Thành phố, phù hợp chức năng",
        ],
        [
            [("55/2019/NĐ-CP", "Nghị định", D(2019, 6, 24))],
            [("1207/KH-UBND", "Kế hoạch", D(2020, 4, 1))],
        ],
    ),
    (  # bimson_kh_3070: a table whose rows are the lines of one cell
        [
            "nguyên tắc, đúng quy định của Luật Bảo vệ BMNN, Nghị định số",
            "26/2020/NĐ-TTg ngày 28/02/2020 của Chính phủ về Quy định chi tiết một số",
            "điều của Luật Bảo vệ BMNN",
        ],
        [
            [("29/2018/QH14", "Luật", None)],
            [("26/2020/NĐ-CP", "Nghị định", D(2020, 2, 28))],
            [],  # inside the title of the decree
        ],
    ),
    (  # hanoi_qd_2858: a symbol broken after its hyphen
        [
            "Xét đề nghị của Giám đốc Sở Quy hoạch - Kiến trúc Hà Nội tại Tờ trình số 2389 /TTr-QHKT-NSH-HTKT "
            "ngày 29/5/2025 và Báo cáo thẩm định số 2390 /BC-",
            "QHKT-NSH-HTKT ngày 29/5/2025,",
        ],
        [
            [
                ("2389/TTr-QHKT-NSH-HTKT", "Tờ trình", D(2025, 5, 29)),
                ("2390/BC-QHKT-NSH-HTKT", "Báo cáo", D(2025, 5, 29)),
            ],
            [],
        ],
    ),
    (  # quangngai_bc_280 (scan): "Công văn số 4039/STC-" ends a line before "HCSN"
        [
            "theo đề xuất của Giám đốc Sở Tài chính tại Công văn số 4039/STC-",
            "HCSN ngày 20/11/2024, UBND tỉnh báo cáo HĐND tỉnh",
        ],
        [[("4039/STC-HCSN", "Công văn", D(2024, 11, 20))], []],
    ),
    (  # Party numbers split at a line end (lamdong_kh_kmt_2026, DOMAIN.md §1.5)
        [
            "Thực hiện Nghị quyết số 05-",
            "NQ/TU ngày 08/01/2026 của Tỉnh ủy Lâm Đồng và Nghị quyết số 57-NQ/",
            "TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị",
        ],
        [
            [("5-NQ/TU", "Nghị quyết", D(2026, 1, 8))],
            [("57-NQ/TW", "Nghị quyết", D(2024, 12, 22))],
            [],
        ],
    ),
    (  # a law's name broken at a line end (btp_cv1043)
        [
            "2 | Luật sửa đổi, bổ sung một số điều của Luật",
            "Phòng cháy và chữa cháy (số 40/2013/QH13 ngày 22/11/2013)",
        ],
        [[], [("40/2013/QH13", "Luật", D(2013, 11, 22))]],
    ),
]


@pytest.mark.parametrize("texts, want", BROKEN)
def test_mentions_broken_across_blocks_are_joined(texts, want):
    assert _keys([CitingBlock(t) for t in texts], CitingContext(date=D(2025, 12, 1))) == want


def test_a_joined_mention_keeps_its_raw_text_and_offsets_in_its_block():
    texts = ["và Kế hoạch số", "1207/KH-UBND ngày 01 tháng 4 năm 2020 của Ủy ban nhân dân Thành phố"]
    (c,) = cite_blocks([CitingBlock(t) for t in texts], CitingContext("Hồ Chí Minh"))[1]
    assert c.raw.startswith("Kế hoạch số\n1207/KH-UBND ngày 01 tháng 4 năm 2020")
    assert c.start == c.number_start == 0 and texts[1][c.start : c.end].startswith("1207/KH-UBND")


def test_page_furniture_is_neither_cited_nor_joined():
    blocks = [
        CitingBlock("và Kế hoạch số"),
        CitingBlock("Trang 2 - Nghị định số 30/2020/NĐ-CP", furniture=True),
        CitingBlock("1207/KH-UBND ngày 01 tháng 4 năm 2020"),
    ]
    assert _keys(blocks) == [[], [], [("1207/KH-UBND", "Kế hoạch", D(2020, 4, 1))]]


OWN = [
    (  # quangngai_bc_280 (scan): the letterhead's "Số:" line, read whatever the metadata found
        [
            "UỶ BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 80 /BC-UBND",
            "Thực hiện quy định tại khoản 3 Điều 52 Luật Ngân sách nhà nước ngày 25/6/2015;",
            "UBND tỉnh báo cáo tại Báo cáo số 80/BC-UBND và Quyết định số 418/QĐ-UBND ngày 30/5/2024",
        ],
        CitingContext("Quảng Ngãi"),
        ["83/2015/QH13", "418/QĐ-UBND"],
    ),
    (  # btp_cv1043: the annex line names the covering letter it is attached to
        [
            "(Ban hành kèm theo Công văn số 1043/BTP-QLXLVPHC&TDTHPL ngày 9/4/2021) (*) Hệ dữ liệu này sẽ tiếp "
            "tục được cập nhật, bổ sung.",
            "Nghị định số 43/2014/NĐ-CP ngày 15/5/2014 của Chính phủ",
        ],
        CitingContext(),
        ["43/2014/NĐ-CP"],
    ),
    (  # bimson_kh_3070: no number read anywhere; the file's name gives it
        ["PHỤ LỤC\n(Kèm theo Kế hoạch số 3070/KH-UBND ngày 09/9/2024 của UBND thị xã Bỉm Sơn)"],
        CitingContext(file_name="bimson_kh_3070_bmnn_2024.pdf"),
        [],
    ),
    (
        ["Thực hiện Kế hoạch số 3070/KH-UBND ngày 09/9/2024 của UBND thị xã Bỉm Sơn"],
        CitingContext(file_name="bimson_kh_3070_bmnn_2024.pdf"),
        [],
    ),
    (  # the file name is not used once the document's own number is known
        ["Thực hiện Kế hoạch số 3070/KH-UBND ngày 09/9/2024 của UBND thị xã Bỉm Sơn"],
        CitingContext(own_key="3071/KH-UBND", file_name="bimson_kh_3070_bmnn_2024.pdf"),
        ["3070/KH-UBND"],
    ),
    (  # the annex line after a long paragraph of the same block: only its own line is read
        ["Thực hiện Quyết định số 61/QĐ-UBND của tỉnh. " * 40 + "\n(Kèm theo Kế hoạch số 12/KH-UBND)"],
        CitingContext(),
        ["61/QĐ-UBND"] * 40,
    ),
    (  # "kèm theo" mid-line is a citation's own wording, not the annex line
        ["Thực hiện các nhiệm vụ kèm theo Kế hoạch số 12/KH-UBND của tỉnh"],
        CitingContext(),
        ["12/KH-UBND"],
    ),
    (  # btp_cv1043 ("…_cv1043_…": a công văn, which has no type code)
        ["Công văn số 1043/BTP-QLXLVPHC&TDTHPL ngày 9/4/2021 của Bộ Tư pháp"],
        CitingContext(file_name="btp_cv1043_danhmuc_vbqppl_2021.pdf"),
        [],
    ),
]


@pytest.mark.parametrize("texts, ctx, keys", OWN)
def test_the_document_itself_is_never_a_citation(texts, ctx, keys):
    found = cite_blocks([CitingBlock(t) for t in texts], ctx)
    assert [c.key for cs in found for c in cs] == keys


def test_laws_without_year_when_the_document_date_is_unknown():
    """lamdong_kh_kmt_2026 (undated draft): in force on the latest date it cites (8/1/2026)."""
    blocks = [
        CitingBlock("Căn cứ Nghị quyết số 05-NQ/TU ngày 08/01/2026 của Tỉnh ủy Lâm Đồng;"),
        CitingBlock("- Tổ chức tuyên truyền cho các đối tượng quản lý theo Luật Phòng, chống ma túy;"),
    ]
    assert cite_blocks(blocks, CitingContext("Lâm Đồng"))[1][0].key == "73/2021/QH14"
    assert cite_blocks(blocks[1:], CitingContext("Lâm Đồng"))[0][0].key == "120/2025/QH15"  # nothing dated


def test_a_damaged_symbol_is_the_document_cited_in_full_elsewhere():
    blocks = [
        CitingBlock(
            "Thực hiện Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ về Chương trình cắt giảm", True
        ),
        CitingBlock("theo Nghị quyết số 66/N ngày 26/3/2025 của Chính phủ", True),
        CitingBlock("Xét Tờ trình số 6326/TI ngày 21/11/2024", True),
    ]
    first, second, third = cite_blocks(blocks, CitingContext("Lâm Đồng"))
    (c,) = second
    assert (c.key, c.raw_symbol, c.damaged) == ("66/NQ-CP", "N", False)
    (c,) = third  # nothing in the document it could be: kept, flagged, never invented
    assert (c.key, c.raw_symbol, c.damaged, c.number) == (None, "TI", True, "6326")
