"""normalizers/citations.py: mentions of other documents, from the real documents and DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.normalizers.citations import CitingContext, citation_pipeline, find_citations, mask_references

D = dt.date
SOC_TRANG = CitingContext("Sóc Trăng", D(2023, 12, 20))
LAM_DONG = CitingContext("Lâm Đồng", D(2025, 12, 20))

# (text, key, doc_type, issued_date, issuer) of the first mention; every one is a real sentence of
# ../shared/corpus or a form listed in DOMAIN.md §1–2
FIRST = [
    (
        "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ về sửa đổi",
        "107/2020/NĐ-CP",
        "Nghị định",
        D(2020, 9, 14),
        "Chính phủ",
    ),
    (
        "Nghị định số 32/2019/NĐ-CP ngày 10 tháng 4 năm 2019 của Chính phủ",
        "32/2019/NĐ-CP",
        "Nghị định",
        D(2019, 4, 10),
        "Chính phủ",
    ),
    (
        "theo Công điện số 968/CD-TTg ngày 16/10/2023 của Thủ tướng Chính phủ.",
        "968/CĐ-TTg",
        "Công điện",
        D(2023, 10, 16),
        "Thủ tướng Chính phủ",
    ),
    (
        "Thông tư liên tịch số 71/2014/TTLT-BTC-BNV ngày 30 tháng 5 năm 2014 của Bộ Tài chính, Bộ Nội vụ quy định",
        "71/2014/TTLT-BTC-BNV",
        "Thông tư liên tịch",
        D(2014, 5, 30),
        "Bộ Tài chính, Bộ Nội vụ",
    ),
    (
        "Thông tư số 32/2017/TT-BTTTT ngày 15/11/2017 của Bộ Thông tin và Truyền thông.",
        "32/2017/TT-BTTTT",
        "Thông tư",
        D(2017, 11, 15),
        "Bộ Thông tin và Truyền thông",
    ),
    (
        "Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ về Đề án văn hóa công vụ",
        "1847/QĐ-TTg",
        "Quyết định",
        D(2018, 12, 27),
        "Thủ tướng Chính phủ",
    ),
    (
        "Kế hoạch số 218/KH-UBND ngày 19/12/2022 của Ủy ban nhân dân tỉnh Sóc Trăng về",
        "218/KH-UBND",
        "Kế hoạch",
        D(2022, 12, 19),
        "Ủy ban nhân dân tỉnh Sóc Trăng",
    ),
    (
        "Kế hoạch số 01/KH-BQL ngày 04/01/2022 của Ban Quản lý các khu công nghiệp",
        "1/KH-BQL",
        "Kế hoạch",
        D(2022, 1, 4),
        "Ban Quản lý các khu công nghiệp",
    ),
    (
        "Quyết định số 01/2018/QĐ-UBND ngày 16/01/2018 của UBND tỉnh",
        "1/2018/QĐ-UBND",
        "Quyết định",
        D(2018, 1, 16),
        "Ủy ban nhân dân tỉnh Sóc Trăng",
    ),
    (
        "Chỉ thị số 05/CT-UBND ngày 25/4/2023 của Chủ tịch UBND tỉnh",
        "5/CT-UBND",
        "Chỉ thị",
        D(2023, 4, 25),
        "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng",
    ),
    (
        "Nghị định 130/2005/NĐ-CP ngày 17/10/2005 của Chính phủ",
        "130/2005/NĐ-CP",
        "Nghị định",
        D(2005, 10, 17),
        "Chính phủ",
    ),
    ("và Nghị định 117/2013/NĐ-CP sửa đổi", "117/2013/NĐ-CP", "Nghị định", None, None),
    (
        "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành",
        "76/NQ-CP",
        "Nghị quyết",
        D(2021, 7, 15),
        "Chính phủ",
    ),
    (
        "Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ",
        "23/CT-TTg",
        "Chỉ thị",
        D(2021, 9, 2),
        "Thủ tướng Chính phủ",
    ),
    (
        "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Ủy ban Thường vụ Quốc hội",
        "202/2025/QH15",
        "Nghị quyết",
        D(2025, 6, 12),
        "Ủy ban Thường vụ Quốc hội",
    ),
    (
        "Phương án số 7178/PA-UBND ngày 14/11/2025 của UBND tỉnh",
        "7178/PA-UBND",
        "Phương án",
        D(2025, 11, 14),
        "Ủy ban nhân dân tỉnh Sóc Trăng",
    ),
    ("Nghị định số 118/2025/NĐ-CP của Chính phủ", "118/2025/NĐ-CP", "Nghị định", None, "Chính phủ"),
    (
        "Nghị định số 43/2014NĐ-CP của Chính phủ quy định chi tiết",
        "43/2014/NĐ-CP",
        "Nghị định",
        None,
        "Chính phủ",
    ),
    (
        "Nghị định 99/2015/NĐ- CP ngày 20/10/2015 của Chính phủ",
        "99/2015/NĐ-CP",
        "Nghị định",
        D(2015, 10, 20),
        "Chính phủ",
    ),
    (
        "Nghị định số 98/2025/NĐ - CP ngày 06 tháng 5 năm 2025 của Chính phủ",
        "98/2025/NĐ-CP",
        "Nghị định",
        D(2025, 5, 6),
        "Chính phủ",
    ),
    (
        "Thông tư liên tịch số 22/2016/TTLT- BNNPTNT-BTNMT ngày",
        "22/2016/TTLT-BNNPTNT-BTNMT",
        "Thông tư liên tịch",
        None,
        None,
    ),
    ("Thông tư số 35/2010/TT-BCA ngày 11-10-2010", "35/2010/TT-BCA", "Thông tư", D(2010, 10, 11), None),
    (
        "Quyết định số 38/2020/QĐ- TTg ngày 30/12/2020 của Thủ tướng Chính phủ",
        "38/2020/QĐ-TTg",
        "Quyết định",
        D(2020, 12, 30),
        "Thủ tướng Chính phủ",
    ),
    ("Luật Công nghệ cao số 21/2008/QH12 ngày 14/11/2008.", "21/2008/QH12", "Luật", D(2008, 11, 14), None),
    ("Luật số 83/2025/QH15, ngày 24/6/2025; Luật Mặt trận", "83/2025/QH15", "Luật", D(2025, 6, 24), None),
    (
        "Nghị quyết số 101/2025/UBTVQH15 ngày 26/9/2025 của Ủy ban Thường vụ Quốc hội",
        "101/2025/UBTVQH15",
        "Nghị quyết",
        D(2025, 9, 26),
        "Ủy ban Thường vụ Quốc hội",
    ),
    (
        "Chỉ thị số 46-CT/TW, ngày 16/5/2025 của Bộ Chính trị",
        "46-CT/TW",
        "Chỉ thị",
        D(2025, 5, 16),
        "Bộ Chính trị",
    ),
    ("Kế hoạch số 21-KH/ĐU, ngày 29/7/2025", "21-KH/ĐU", "Kế hoạch", D(2025, 7, 29), None),
    (
        "Nghị quyết số 05-NQ/TU ngày 08/01/2026 của Tỉnh ủy Lâm Đồng",
        "5-NQ/TU",
        "Nghị quyết",
        D(2026, 1, 8),
        "Tỉnh ủy Lâm Đồng",
    ),
    (
        "Thông báo số 46-TB/TW ngày 18/10/2024 của Ban Chấp hành Trung ương Đảng",
        "46-TB/TW",
        "Thông báo",
        D(2024, 10, 18),
        "Ban Chấp hành Trung ương Đảng",
    ),
    (
        "Nghị quyết số 201/2023/NQ-HĐND ngày 12/7/2023 của Hội đồng nhân dân tỉnh",
        "201/2023/NQ-HĐND",
        "Nghị quyết",
        D(2023, 7, 12),
        "Hội đồng nhân dân tỉnh Sóc Trăng",
    ),
    (
        "Công văn số 4625/BNV-CCHC ngày 02/7/2026 của Bộ Nội vụ",
        "4625/BNV-CCHC",
        "Công văn",
        D(2026, 7, 2),
        "Bộ Nội vụ",
    ),
    (
        "Công văn số 1043/BTP-QLXLVPHC&TDTHPL ngày 9/4/2021",
        "1043/BTP-QLXLVPHC&TDTHPL",
        "Công văn",
        D(2021, 4, 9),
        None,
    ),
    ("Văn bản số 161/BXTĐT-MC", "161/BXTĐT-MC", "Công văn", None, None),
    ("Kết luận số 17/KL-BCA-A03 của Bộ Công an", "17/KL-BCA-A03", "Kết luận", None, "Bộ Công an"),
    (
        "Quyết định số 1740/QĐ-HVCTQG-TC ngày 04/07/2007",
        "1740/QĐ-HVCTQG-TC",
        "Quyết định",
        D(2007, 7, 4),
        None,
    ),
    (
        "Thông báo số 267/TB-VPCP ngày 20/06/2024 của Văn phòng Chính phủ",
        "267/TB-VPCP",
        "Thông báo",
        D(2024, 6, 20),
        "Văn phòng Chính phủ",
    ),
    ("Nghị định số 155/2020/NĐ-СР", "155/2020/NĐ-CP", "Nghị định", None, None),  # Cyrillic С and Р
    ("Nghị định 66.7/2025/NQ-CP", "66.7/2025/NQ-CP", "Nghị quyết", None, None),
    (
        "Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ",
        "30c/NQ-CP",
        "Nghị quyết",
        D(2011, 11, 8),
        "Chính phủ",
    ),
    ("Nghị quyết số 522b/NQ-UBTVQH", "522b/NQ-UBTVQH", "Nghị quyết", None, None),
    ("Quyết định số 562a/QĐ-BTC", "562a/QĐ-BTC", "Quyết định", None, None),
    ("các Nghị định 126/2020/NĐ-CPđể hướng dẫn", "126/2020/NĐ-CP", "Nghị định", None, None),
    ("Nghị định số 11/2020/NĐ-CPngày 20/01/2020", "11/2020/NĐ-CP", "Nghị định", D(2020, 1, 20), None),
    ("Thông tư 105 /2021/TT-BQP", "105/2021/TT-BQP", "Thông tư", None, None),
    ("Thông tư số 16/2015/TT- BVHTTDL", "16/2015/TT-BVHTTDL", "Thông tư", None, None),
    ("Quyết định số 1602/QĐ-UBND-HC", "1602/QĐ-UBND-HC", "Quyết định", None, None),
    ("Quyết định số 88/2026/QĐ-CTUBND", "88/2026/QĐ-CTUBND", "Quyết định", None, None),
    (
        "Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN",
        "403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN",
        "Nghị quyết liên tịch",
        None,
        None,
    ),
    ("Văn bản số 2231/SNV-CCHC&PC của Sở Nội vụ", "2231/SNV-CCHC&PC", "Công văn", None, "Sở Nội vụ"),
    ("Tờ trình số 1494/TTr-SNV", "1494/TTr-SNV", "Tờ trình", None, None),
    ("Chương trình số 12/CTr-UBND", "12/CTr-UBND", "Chương trình", None, None),
    ("Hướng dẫn số 36-HD/VPTW ngày 03/4/2018", "36-HD/VPTW", "Hướng dẫn", D(2018, 4, 3), None),
    ("Kết luận số 167-KL/TW", "167-KL/TW", "Kết luận", None, None),
    (
        "Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị",
        "57-NQ/TW",
        "Nghị quyết",
        D(2024, 12, 22),
        "Bộ Chính trị",
    ),
    (
        "Quyết định số 6632/QĐ-UBND ngày 02/12/2015 của UBND Thành phố",
        "6632/QĐ-UBND",
        "Quyết định",
        D(2015, 12, 2),
        "Ủy ban nhân dân thành phố Sóc Trăng",
    ),
    (
        "Nghị quyết số 79/2016/NQ-HĐND ngày 08 tháng 12 năm 2016 của Hội đồng nhân dân tỉnh Ban hành quy định mức thu",
        "79/2016/NQ-HĐND",
        "Nghị quyết",
        D(2016, 12, 8),
        "Hội đồng nhân dân tỉnh Sóc Trăng",
    ),
    ("Nghị định số\n107/2020/NĐ-\nCP ngày 14/9/2020", "107/2020/NĐ-CP", "Nghị định", D(2020, 9, 14), None),
    ("Công điện số 40/CĐ-TTg ngày 19 tháng 5 năm 2026", "40/CĐ-TTg", "Công điện", D(2026, 5, 19), None),
    ("Nghị định số 30/2020/ND-CP ngày 05/3/2020", "30/2020/NĐ-CP", "Nghị định", D(2020, 3, 5), None),
    ("Thông tư số 02/2017/TT-VPCP ngày 31/10/2017", "2/2017/TT-VPCP", "Thông tư", D(2017, 10, 31), None),
    # bimson_kh_3070: a Party committee's công văn
    (
        "Thực hiện Công văn số 1781-CV/TU ngày 27/8/2024 của Tỉnh uỷ Thanh Hoá về việc triển khai",
        "1781-CV/TU",
        "Công văn",
        D(2024, 8, 27),
        "Tỉnh uỷ Thanh Hoá",
    ),
    # bimson_kh_3070: a Nghị định is the Chính phủ's, whatever the misprint says
    (
        "26/2020/NĐ-TTg ngày 28/02/2020 của Chính phủ về Quy định chi tiết một số",
        "26/2020/NĐ-CP",
        "Nghị định",
        D(2020, 2, 28),
        "Chính phủ",
    ),
    # btp_cv1043: a slash for the hyphen between type and issuers; a date without "ngày"
    (
        "17 | Thông tư liên tịch số 88/2016/TTLT/BTC-BTNMT ngày 22/06/2016 quy định về hồ sơ",
        "88/2016/TTLT-BTC-BTNMT",
        "Thông tư liên tịch",
        D(2016, 6, 22),
        None,
    ),
    (
        "18 | Thông tư số 110/2020/TT-BTC 28/12/2020 bãi bỏ",
        "110/2020/TT-BTC",
        "Thông tư",
        D(2020, 12, 28),
        None,
    ),
    # laocai_sct_kh_3957: companies' letters keep their own codes, slashes and case
    (
        "Công ty cổ phần xây dựng Yên Hà tại Văn bản số 12/YH/KT-TC ngày 15/6/2026;",
        "12/YH/KT-TC",
        "Công văn",
        D(2026, 6, 15),
        None,
    ),
    (
        "Công ty Công nghiệp Hóa chất mỏ Tây Bắc tại Văn bản số 2416/HCMTBa-ATBV ngày 17/6/2026;",
        "2416/HCMTBa-ATBV",
        "Công văn",
        D(2026, 6, 17),
        None,
    ),
    (
        "Công ty TNHH MTV xây dựng Trung Anh tại Văn bản số 03/2026/VLN/CV-TA ngày 18/6/2026;",
        "3/2026/VLN/CV-TA",
        "Công văn",
        D(2026, 6, 18),
        None,
    ),
    (
        "Công ty cổ phần Thịnh Đạt tại Văn bản số 05/ĐN-Cty ngày 23/6/2026;",
        "5/ĐN-Cty",
        "Công văn",
        D(2026, 6, 23),
        None,
    ),
    ("khu công nghiệp tại Văn bản số 93/CT-05 ngày 18/6/2026;", "93/CT-05", "Công văn", D(2026, 6, 18), None),
]


@pytest.mark.parametrize("text, key, doc_type, issued, issuer", FIRST)
def test_first_mention(text, key, doc_type, issued, issuer):
    found = find_citations(text, SOC_TRANG)
    assert found, text
    c = found[0]
    assert (c.key, c.doc_type, c.issued_date, c.issuer) == (key, doc_type, issued, issuer)
    assert text[c.start : c.end] == c.raw


def test_a_list_shares_its_date():
    text = "theo Nghị quyết số 18-NQ/TW, Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương."
    found = find_citations(text)
    assert [(c.key, c.issued_date) for c in found] == [
        ("18-NQ/TW", D(2017, 10, 25)),
        ("19-NQ/TW", D(2017, 10, 25)),
    ]


def test_quangngai_bc_280_a_list_of_cong_van_numbers_after_a_colon():
    text = (
        "Trên cơ sở ý kiến thống nhất của Thường trực HĐND tỉnh tại các Công văn: số 87/HĐND-KTNS ngày "
        "15/5/2024 về việc điều chỉnh dự toán chỉ ngân sách nhà nước năm 2024 đối với Văn phòng UBND tỉnh, "
        "số 208/HĐND-KTNS ngày 30/10/2024 về việc điều chỉnh dự toán chỉ ngân sách năm 2024 đối với Sở Xây dựng"
    )
    found = find_citations(text, CitingContext("Quảng Ngãi"))
    assert [(c.key, c.doc_type, c.issued_date) for c in found] == [
        ("87/HĐND-KTNS", "Công văn", D(2024, 5, 15)),
        ("208/HĐND-KTNS", "Công văn", D(2024, 10, 30)),
    ]


def test_raw_symbol_keeps_the_misprint_the_key_corrects():
    (c,) = find_citations("Nghị định số\n26/2020/NĐ-TTg ngày 28/02/2020 của Chính phủ")
    assert (c.key, c.symbol, c.raw_symbol) == ("26/2020/NĐ-CP", "NĐ-CP", "NĐ-TTg")
    (c,) = find_citations("Nghị định số 107/2020/NĐ-CP ngày 14/9/2020")
    assert c.raw_symbol is None


def test_a_dated_first_item_keeps_its_own_date():
    found = find_citations(
        "Nghị định số 130/2005/NĐ-CP ngày 17/10/2005 và Nghị định số 117/2013/NĐ-CP ngày 07/10/2013"
    )
    assert [c.issued_date for c in found] == [D(2005, 10, 17), D(2013, 10, 7)]


LAWS = [
    (
        "công khai theo Luật Ngân sách nhà nước năm 2015 về công khai",
        CitingContext(date=D(2024, 1, 1)),
        "83/2015/QH13",
        "Luật",
        None,
    ),
    (
        "Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;",
        CitingContext(date=D(2022, 1, 1)),
        "83/2015/QH13",
        "Luật",
        D(2015, 6, 25),
    ),
    ("tuyên truyền về Bộ luật Lao động, chế độ chính sách", SOC_TRANG, "45/2019/QH14", "Bộ luật", None),
    ("Bộ luật Lao động", CitingContext(date=D(2018, 1, 1)), "10/2012/QH13", "Bộ luật", None),
    ("Bộ Luật lao động năm 2019", CitingContext(), "45/2019/QH14", "Bộ luật", None),
    ("Luật An toàn, vệ sinh lao động và một số văn bản", SOC_TRANG, "84/2015/QH13", "Luật", None),
    (
        "Luật Quản lý, sử dụng tài sản công và các văn bản",
        CitingContext(date=D(2024, 1, 1)),
        "15/2017/QH14",
        "Luật",
        None,
    ),
    (
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        CitingContext(date=D(2022, 1, 1)),
        "77/2015/QH13",
        "Luật",
        D(2015, 6, 19),
    ),
    (
        "Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015",
        CitingContext(),
        "80/2015/QH13",
        "Luật",
        D(2015, 6, 22),
    ),
    ("Luật Giao dịch điện tử năm 2023", CitingContext(), "20/2023/QH15", "Luật", None),
    (
        "Luật Đầu tư công và các văn bản sửa đổi",
        CitingContext(date=D(2026, 3, 1)),
        "58/2024/QH15",
        "Luật",
        None,
    ),
    ("Luật Phí và lệ phí;", CitingContext(date=D(2022, 1, 1)), "97/2015/QH13", "Luật", None),
    ("Luật Viên chức", CitingContext(date=D(2025, 1, 1)), "58/2010/QH12", "Luật", None),
    ("Luật Viên chức", CitingContext(date=D(2026, 8, 1)), "129/2025/QH15", "Luật", None),
    (
        "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày "
        "22 tháng 11 năm 2019;",
        CitingContext(date=D(2022, 7, 1)),
        "47/2019/QH14",
        "Luật",
        D(2019, 11, 22),
    ),
    (
        "Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật ngày 18 tháng 6 năm 2020;",
        CitingContext(date=D(2022, 7, 1)),
        "63/2020/QH14",
        "Luật",
        D(2020, 6, 18),
    ),
    ("Luật Đầu tư theo phương thức đối tác công tư", CitingContext(), "64/2020/QH14", "Luật", None),
    # laichau_qd_1629 (late June 2025): the law adopted on the day the mention gives
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;",
        CitingContext(date=D(2025, 6, 27)),
        "72/2025/QH15",
        "Luật",
        D(2025, 6, 16),
    ),
    # hanoi_qd_2858: a date without "ngày"
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương 19/02/2025;",
        CitingContext(date=D(2025, 6, 10)),
        "65/2025/QH15",
        "Luật",
        D(2025, 2, 19),
    ),
    # luongminh_kh_hiep_thuong (25/11/2025): no year, no date — the version in force late in 2025
    (
        "Căn cứ tiêu chuẩn đại biểu Hội đồng nhân dân quy định tại Điều 5 của Luật Tổ chức chính quyền địa phương,",
        CitingContext(date=D(2025, 11, 25)),
        "72/2025/QH15",
        "Luật",
        None,
    ),
    (
        "Căn cứ tiêu chuẩn đại biểu Hội đồng nhân dân quy định tại Điều 5 của Luật Tổ chức chính quyền địa phương,",
        CitingContext(date=D(2025, 4, 1)),
        "65/2025/QH15",
        "Luật",
        None,
    ),
    (
        "Căn cứ Luật Thủ đô ngày 28/6/2024;",
        CitingContext(date=D(2025, 6, 10)),
        "39/2024/QH15",
        "Luật",
        D(2024, 6, 28),
    ),
    # laocai_sct_kh_3957: a date that is not the adoption day still names the year's version
    (
        "Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày 26 tháng 8 năm 2024;",
        CitingContext(),
        "42/2024/QH15",
        "Luật",
        D(2024, 8, 26),
    ),
    # lamdong_kh_kmt_2026 (January 2026): the 2021 law, not the one adopted in December 2025
    (
        "cho các đối tượng quản lý theo Luật Phòng, chống ma túy;",
        CitingContext(date=D(2026, 1, 8)),
        "73/2021/QH14",
        "Luật",
        None,
    ),
    (
        "tập trung vào các quy định của Bộ Luật Hình sự,",
        CitingContext(date=D(2026, 1, 8)),
        "100/2015/QH13",
        "Bộ luật",
        None,
    ),
    (
        "trọng tâm là Điều 256a Luật sửa đổi, bổ sung một số điều của Bộ Luật hình sự 2025 về tội sử dụng",
        CitingContext(),
        "86/2025/QH15",
        "Luật",
        None,
    ),
    # bimson_kh_3070: an abbreviated name
    (
        "thời hạn bảo vệ BMNN theo quy định tại Luật Bảo vệ BMNN.",
        CitingContext(date=D(2024, 9, 9)),
        "29/2018/QH14",
        "Luật",
        None,
    ),
    # btp_cv1043: a year, then the amendment described (not named)
    (
        "4 | Luật Xây dựng năm 2014 (sửa đổi, bổ sung năm 2020) |",
        CitingContext(date=D(2021, 4, 9)),
        "50/2014/QH13",
        "Luật",
        None,
    ),
]


@pytest.mark.parametrize("text, ctx, key, doc_type, issued", LAWS)
def test_law_by_name(text, ctx, key, doc_type, issued):
    found = [c for c in find_citations(text, ctx) if c.by_name]
    assert [(c.key, c.doc_type, c.issued_date) for c in found] == [(key, doc_type, issued)]
    assert found[0].name.lower().startswith(("luật", "bộ luật"))


@pytest.mark.parametrize(
    "text, ctx, keys",
    [
        # caobang_nq_33: the amending law is its own entry, the laws it names are part of its name
        (
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
            "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
            CitingContext(date=D(2022, 7, 1)),
            ["77/2015/QH13", "47/2019/QH14"],
        ),
        # hanoi_qd_2858
        (
            "Căn cứ Luật Quy hoạch đô thị ngày 17/6/2009; Luật sửa đổi, bổ sung một số điều của 37 Luật có liên "
            "quan đến quy hoạch ngày 20/11/2018; Luật Kiến trúc ngày 13/6/2019;",
            CitingContext(date=D(2025, 6, 10)),
            ["30/2009/QH12", "35/2018/QH14", "40/2019/QH14"],
        ),
        # cp_nd_45: the amending law's number follows the laws it lists
        (
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu, Luật Đầu tư theo phương thức đối tác "
            "công tư, Luật Hải quan, Luật Thuế giá trị gia tăng, Luật Thuế xuất khẩu, thuế nhập khẩu, Luật Đầu "
            "tư, Luật Đầu tư công, Luật Quản lý, sử dụng tài sản công số 90/2025/QH15;",
            CitingContext(date=D(2026, 1, 26)),
            ["90/2025/QH15"],
        ),
        # luongminh_kh_16: the laws an amending law's title lists, after its number
        (
            "Luật Mặt trận Tổ quốc Việt Nam số 75/2015/QH13, ngày 09/6/2015 và Luật số 97/2025/QH15, ngày "
            "27/6/2025 về sửa đổi, bổ sung một số điều của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, "
            "Luật Thanh niên, Luật Thực hiện dân chủ ở cơ sở;",
            CitingContext(date=D(2025, 11, 18)),
            ["75/2015/QH13", "97/2025/QH15"],
        ),
        # hanoi_qd_2858, caobang_nq_33, btp_cv1043: a law inside the title of a cited decree
        (
            "Nghị định số 136/2020/NĐ-CP ngày 24/11/2020 Quy định chi tiết một số điều của Luật Phòng cháy và "
            "chữa cháy và Nghị định số 50/2024/NĐ-CP ngày 10/5/2024",
            CitingContext(date=D(2025, 6, 10)),
            ["136/2020/NĐ-CP", "50/2024/NĐ-CP"],
        ),
        (
            "Căn cứ Nghị định số 120/2016/NĐ-CP ngày 23 tháng 8 năm 2016 của Chính phủ quy định chi tiết và "
            "hướng dẫn thi hành một số điều của Luật Phí và lệ phí;",
            CitingContext(date=D(2022, 7, 1)),
            ["120/2016/NĐ-CP"],
        ),
        (
            "Nghị định số 148/2020/NĐ-CP ngày 18/12/2020 của Chính phủ sửa đổi, bổ sung một số nghị định quy "
            "định chi tiết thi hành\nLuật Đất đai | Toàn bộ văn bản",
            CitingContext(date=D(2021, 4, 9)),
            ["148/2020/NĐ-CP"],
        ),
        # cp_nd_45: a law cited in its own right after a clause break is a citation
        (
            "2. Việc xây dựng cơ sở dữ liệu quốc gia phải bảo đảm nguyên tắc xây dựng, phát triển, bảo vệ, quản "
            "trị, xử lý, sử dụng dữ liệu theo quy định của Luật Dữ liệu và bảo đảm khả năng kết nối",
            CitingContext(date=D(2026, 1, 26)),
            ["60/2024/QH15"],
        ),
    ],
)
def test_laws_named_inside_other_names_and_titles(text, ctx, keys):
    assert [c.key for c in find_citations(text, ctx)] == keys


def test_an_amending_law_never_resolves_to_the_law_it_amends():
    """For every law of the registry, an amending law of it that the registry does not hold is
    kept with key None — never given the amended law's number."""
    from vnplan.normalizers.laws import registry
    from vnplan.normalizers.text import strip_accents

    def words(name):
        return " ".join(re.findall(r"\w+", strip_accents(name).lower()))

    names = {words(law.name) for law in registry() if law.name}
    for law in registry():
        if not law.name or law.name.startswith("Luật sửa đổi") or law.doc_type != "Luật":
            continue
        amending = f"Luật sửa đổi, bổ sung một số điều của {law.name}"
        if words(amending) in names:
            continue
        found = [
            c for c in find_citations(f"Căn cứ {amending};", CitingContext(date=D(2026, 1, 1))) if c.by_name
        ]
        assert [(c.key, c.name) for c in found] == [(None, amending)], amending


def test_a_law_the_registry_lacks_is_kept_by_name():
    # the 1993 law (numbered 23-L/CTN, before the registry's numbering)
    (c,) = find_citations("miễn thuế theo Luật Thuế sử dụng đất nông nghiệp và các văn bản", CitingContext())
    assert (c.key, c.name, c.doc_type, c.by_name) == (None, "Luật Thuế sử dụng đất nông nghiệp", "Luật", True)


def test_a_law_named_with_its_number_is_one_citation():
    found = find_citations("Căn cứ Luật Đấu thầu số 22/2023/QH15;", CitingContext(date=D(2026, 1, 26)))
    assert [(c.key, c.by_name, c.name) for c in found] == [("22/2023/QH15", False, "Luật Đấu thầu")]


# OCRed text: the sentence forms are the corpus's; the damage is the kind the held-out scans show
OCR = [
    (
        "Quyết định số 1234/QĐ-JGDĐT ngày 05/3/2024 của Bộ trưởng Bộ Giáo dục và Đào tạo",
        "1234/QĐ-BGDĐT",
        "QĐ-JGDĐT",
        False,
    ),
    ("Căn cứ Quyết định số 1234/QĐ-BGIDĐT ngày 05/3/2024;", "1234/QĐ-BGDĐT", "QĐ-BGIDĐT", False),
    ("Thực hiện Kế hoạch số 218/KH-UBNO ngày 19/12/2022 của UBND tỉnh", "218/KH-UBND", "KH-UBNO", False),
    ("Căn cứ Quyết định số 12/OĐ-UBND ngày 05/3/2024;", "12/QĐ-UBND", "OĐ-UBND", False),
    ("theo Nghị quyết số 66/N ngày 30/4/2025 của Chính phủ", None, "N", True),  # too damaged: kept, flagged
    ("Xét đề nghị của Sở Tài nguyên và Môi trường tại Tờ trình số 6326/TI ngày 21/11/2024", None, "TI", True),
    ("Thông báo số 46-TB/TW ngày 18/10/2024 của Ban Chấp hành Trung ương Đảng", "46-TB/TW", None, False),
    ("tại Văn bản số 2231/SNV-CCHC&PC của Sở Nội vụ", "2231/SNV-CCHC&PC", None, False),
]


@pytest.mark.parametrize("text, key, raw_symbol, damaged", OCR)
def test_ocr_damaged_symbols(text, key, raw_symbol, damaged):
    (c,) = [c for c in find_citations(text, SOC_TRANG, ocr=True) if not c.by_name]
    assert (c.key, c.raw_symbol, c.damaged) == (key, raw_symbol, damaged)
    assert c.number == re.search(r"\d+", text[c.number_start :]).group(0)  # a number is never changed


def test_digital_text_is_never_repaired():
    (c,) = find_citations("Quyết định số 1234/QĐ-JGDĐT ngày 05/3/2024", SOC_TRANG)
    assert (c.key, c.damaged) == ("1234/QĐ-JGDĐT", False)
    assert find_citations("theo Nghị quyết số 66/N ngày 30/4/2025", SOC_TRANG)[0].key == "66/N"


def test_ocr_digit_look_alikes_in_the_date_of_a_mention():
    text = "và Kế hoạch số . 1207/KH-UBND ngày 0! tháng 4 năm 2020 của Ủy ban nhân dân Thành phỏ, phù hợp"
    (c,) = find_citations(text, CitingContext("Hồ Chí Minh"), ocr=True)
    assert (c.key, c.issued_date) == ("1207/KH-UBND", D(2020, 4, 1))
    assert find_citations(text, CitingContext("Hồ Chí Minh"))[0].issued_date is None


def test_ocr_misread_year_of_a_law_adoption_date():
    """laichau_qd_1629 (scan): the page prints 16/6/2025, OCR reads 16/6/2029."""
    (c,) = find_citations(
        "Căn cứ Luật Tổ chức chính quyên địa phương ngày 16/6/2029;",
        CitingContext(date=D(2025, 6, 27)),
        ocr=True,
    )
    assert (c.key, c.issued_date) == ("72/2025/QH15", D(2025, 6, 16))


NOT_CITATIONS = [
    "Mẫu số 03/HNMT",
    "Mẫu số 05/HNCT áp dụng đối với hội nghị",
    "sử dụng mẫu số 01 và 02/HNMT",
    "tỷ lệ 1/500 tại các ô đất quy hoạch ký hiệu 4/CQ2 và K7/CQ3",
    "Báo cáo Quý I/2024: thời gian chốt số liệu tính từ ngày 10/12/2023 đến ngày 09/3/2024.",
    "Kế hoạch số /KH-UBND ngày tháng 12 năm 2025",
    "Tháng 12/2024",
    "Điều 28.1.LQ.1",
    "giai đoạn 2021-2025",
    "văn bản quy phạm pháp luật của HĐND, UBND tỉnh",
    "Nghị quyết của Chính phủ về cải cách hành chính",
    "đảm bảo an toàn cháy theo quy định tại QCVN 06:2022/BXD và QCVN 13:2018/BXD",  # hanoi_qd_2858
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_a_citation(text):
    assert find_citations(text, LAM_DONG) == []


def test_own_number_is_not_a_citation():
    ctx = CitingContext("Sóc Trăng", D(2023, 12, 20), own_key="218/KH-UBND")
    assert find_citations("Kế hoạch số 218/KH-UBND ngày 19/12/2022", ctx) == []


def test_ref_id_keeps_the_year_or_adds_date_and_province():
    law, plan, party = (
        find_citations(t, SOC_TRANG)[0]
        for t in (
            "Nghị định số 35/2022/NĐ-CP ngày 28/5/2022 của Chính phủ",
            "Kế hoạch số 218/KH-UBND ngày 19/12/2022 của UBND tỉnh",
            "Nghị quyết số 19-NQ/TW ngày 25/10/2017",
        )
    )
    assert law.ref_id == "35/2022/NĐ-CP"
    assert plan.ref_id == "218/KH-UBND|2022-12-19|Sóc Trăng"
    assert party.ref_id == "19-NQ/TW|2017-10-25|"


def test_spacy_pipeline_puts_spans_on_the_doc():
    nlp = citation_pipeline()
    assert nlp.lang == "vi" and nlp.pipe_names == ["vnplan_citations"]
    doc = nlp("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;")
    assert [s.text for s in doc.spans["citations"]] == [
        "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ"
    ]


def test_mask_references_hides_numbers_but_keeps_type_words():
    masked = mask_references("Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ")
    assert "52/2015" not in masked and "28/5/2015" not in masked and "Nghị định số" in masked
    assert len(masked) == len("Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ")


_KEY = re.compile(
    r"^(?:\d+(?:\.\d+)?[a-zđ]?/(?:(?:19|20)\d\d/)?[A-ZĐa-zđ0-9&]+(?:[-/][A-ZĐa-zđ0-9&]+)*"
    r"|\d+[a-zđ]?-[A-ZĐa-z]+/[A-ZĐ0-9]+)$"
)
_ALPHABET = st.sampled_from(
    list("0123456789/-. NĐCPQHTWKHUBNDngàyốsố,;()\nLuật") + ["Nghị định số ", "ngày ", "/20", "Luật "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_any_text_gives_well_formed_citations(text):
    for c in find_citations(text):
        assert 0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.raw
        assert c.key is None or _KEY.match(c.key), c.key


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(text):
    find_citations(text)
    assert len(mask_references(text)) == len(text)
