"""normalizers/units.py: responsibility cells of the real annex tables (Sóc Trăng, Lâm Đồng) and
the unit kinds of DOMAIN.md §6."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.normalizers.units import UnitContext, canonical_name, canonical_unit, split_units, unit_kind

SPLIT = [
    ("Văn phòng", ["Văn phòng"]),
    ("Các phòng chuyên môn nghiệp vụ", ["Các phòng chuyên môn, nghiệp vụ"]),
    ("Các phòng chuyên môn, nghiệp vụ", ["Các phòng chuyên môn, nghiệp vụ"]),
    ("Các phòng chuyên môn nghiệp vụ\nSở Tư pháp", ["Các phòng chuyên môn, nghiệp vụ", "Sở Tư pháp"]),
    (
        "Các phòng chuyên môn nghiệp vụ và Trung tâm Hạ tầng và Dịch vụ KCN Sóc Trăng",
        ["Các phòng chuyên môn, nghiệp vụ", "Trung tâm Hạ tầng và Dịch vụ khu công nghiệp Sóc Trăng"],
    ),
    (
        "Các phòng chuyên môn nghiệp vụ và\nTrung tâm Hạ tầng và Dịch vụ KCN Sóc Trăng",
        ["Các phòng chuyên môn, nghiệp vụ", "Trung tâm Hạ tầng và Dịch vụ khu công nghiệp Sóc Trăng"],
    ),
    ("Phòng KHTH", ["Phòng KHTH"]),
    (
        "Trung tâm Hạ tầng và Dịch vụ KCN Sóc Trăng",
        ["Trung tâm Hạ tầng và Dịch vụ khu công nghiệp Sóc Trăng"],
    ),
    (
        "Trung tâm Hạ tầng và Dịch vụ KCN\nSóc Trăng",
        ["Trung tâm Hạ tầng và Dịch vụ khu công nghiệp Sóc Trăng"],
    ),
    ("Văn phòng\n(Bộ phận 1 cửa)", ["Văn phòng"]),
    ("Văn phòng (công chức phụ trách CNTT)", ["Văn phòng"]),
    ("Văn phòng\n(kế toán)", ["Văn phòng"]),
    (
        "Văn phòng, phòng QL Quy hoạch, XD và môi trường và Trung tâm Hạ tầng và Dịch vụ KCN Sóc Trăng",
        [
            "Văn phòng",
            "Phòng Quản lý Quy hoạch, Xây dựng và môi trường",
            "Trung tâm Hạ tầng và Dịch vụ khu công nghiệp Sóc Trăng",
        ],
    ),
    ("Phòng Quản lý Quy hoạch, Xây dựng và Môi trường", ["Phòng Quản lý Quy hoạch, Xây dựng và Môi trường"]),
    ("Các cơ quan, đơn vị liên quan", ["Các cơ quan, đơn vị liên quan"]),
    (
        "Các cơ quan, đơn vị trực tiếp sử dụng ngân sách nhà nước",
        ["Các cơ quan, đơn vị trực tiếp sử dụng ngân sách nhà nước"],
    ),
    ("Các cơ quan, đơn vị, địa phương", ["Các cơ quan, đơn vị, địa phương"]),
    ("Các sở, ban, ngành", ["Các sở, ban, ngành"]),
    ("Các sở, ban, ngành và địa phương", ["Các sở, ban, ngành, địa phương"]),
    ("Các sở, ban, ngành, địa phương", ["Các sở, ban, ngành, địa phương"]),
    (
        "Các sở, ban, ngành, địa phương; Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh",
        ["Các sở, ban, ngành, địa phương", "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh"],
    ),
    (
        "Các sở, ban, ngành; UBND các xã, phường, đặc khu",
        ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường, đặc khu"],
    ),
    (
        "Các địa phương, các cơ quan có nguồn thu nộp ngân sách nhà nước",
        ["Các địa phương", "Các cơ quan có nguồn thu nộp ngân sách nhà nước"],
    ),
    ("Công an tỉnh", ["Công an tỉnh"]),
    (
        "Cơ quan quản lý cấp trên của đơn vị sự nghiệp công lập, đơn vị sự nghiệp công lập trực thuộc UBND tỉnh",
        [
            "Cơ quan quản lý cấp trên của đơn vị sự nghiệp công lập",
            "Đơn vị sự nghiệp công lập trực thuộc Ủy ban nhân dân tỉnh",
        ],
    ),
    ("Cơ quan, địa phương có liên quan", ["Cơ quan, địa phương có liên quan"]),
    ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
    ("Sở Nội vụ", ["Sở Nội vụ"]),
    ("Sở Nội vụ; Văn phòng UBND tỉnh", ["Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Sở Tài chính", ["Sở Tài chính"]),
    (
        "Sở Tài chính; UBND các xã, phường, đặc khu",
        ["Sở Tài chính", "Ủy ban nhân dân các xã, phường, đặc khu"],
    ),
    (
        "Sở Tư pháp, Văn phòng UBND tỉnh, Công an tỉnh",
        ["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh", "Công an tỉnh"],
    ),
    ("Sở Tư pháp; UBND các xã, phường, đặc khu", ["Sở Tư pháp", "Ủy ban nhân dân các xã, phường, đặc khu"]),
    ("Sở Tư pháp; Văn phòng UBND tỉnh", ["Sở Tư pháp", "Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Sở Tư pháp; các cơ quan, đơn vị, địa phương", ["Sở Tư pháp", "Các cơ quan, đơn vị, địa phương"]),
    ("Thanh tra tỉnh", ["Thanh tra tỉnh"]),
    ("Theo phân công tại Phương án số 7178/PA-UBND ngày 14/11/2025 của UBND tỉnh", []),
    ("Theo phân công tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh", []),
    ("UBND các xã, phường, đặc khu", ["Ủy ban nhân dân các xã, phường, đặc khu"]),
    ("Văn phòng UBND tỉnh", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Văn phòng UBND tỉnh (Trung tâm Thông tin)", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    (
        "Văn phòng UBND tỉnh; Sở Tài nguyên và Môi trường; UBND các xã, phường, đặc khu",
        [
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Sở Tài nguyên và Môi trường",
            "Ủy ban nhân dân các xã, phường, đặc khu",
        ],
    ),
    (
        "Văn phòng UBND tỉnh; Sở Tư pháp; Sở Tài chính; Sở Khoa học và Công nghệ; Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh.",
        [
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Sở Tư pháp",
            "Sở Tài chính",
            "Sở Khoa học và Công nghệ",
            "Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh",
        ],
    ),
    (
        "Văn phòng UBND tỉnh; UBND các xã, phường, đặc khu",
        ["Văn phòng Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các xã, phường, đặc khu"],
    ),
    (
        "Cơ quan thuế, các đơn vị cấp tỉnh và các địa phương",
        ["Cơ quan thuế", "Các đơn vị cấp tỉnh", "Các địa phương"],
    ),
    ("Sở Nông nghiệp và Phát triển nông thôn", ["Sở Nông nghiệp và Phát triển nông thôn"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Lao động - Thương binh và Xã hội"]),
    ("Sở KH&CN, Sở TN&MT", ["Sở Khoa học và Công nghệ", "Sở Tài nguyên và Môi trường"]),
    ("BQL các KCN", ["Ban Quản lý các khu công nghiệp"]),
    ("Trung tâm Phục vụ hành chính công tỉnh", ["Trung tâm Phục vụ hành chính công tỉnh"]),
    ("Bộ phận Một cửa", ["Bộ phận Một cửa"]),
    # laocai_sct_kh_3957 annex, "Người thực hiện": one person per line, each a unit of its own
    ("Đỗ Mạnh Cường\nVũ Việt Linh\nNguyễn Thị Loan", ["Đỗ Mạnh Cường", "Vũ Việt Linh", "Nguyễn Thị Loan"]),
    ("Đỗ Mạnh Cường, Vũ Việt Linh và Nguyễn Thị Loan", ["Đỗ Mạnh Cường", "Vũ Việt Linh", "Nguyễn Thị Loan"]),
    # a wrapped unit name still continues its line
    (
        "Trung tâm Hạ tầng và Dịch vụ\nKCN Sóc Trăng",
        ["Trung tâm Hạ tầng và Dịch vụ khu công nghiệp Sóc Trăng"],
    ),
    # the drug-control plan's headings: the mass organisations, one by one
    (
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh, Hội Cựu chiến binh tỉnh, Tỉnh đoàn",
        [
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "Liên đoàn Lao động tỉnh",
            "Hội Cựu chiến binh tỉnh",
            "Tỉnh đoàn",
        ],
    ),
    ("", []),
    ("-", []),
]


@pytest.mark.parametrize("cell, want", SPLIT)
def test_split_and_canonical_names(cell, want):
    assert [canonical_name(m.name) for m in split_units(cell)] == want


def test_qualifier_is_a_note_not_a_unit():
    [m] = split_units("Văn phòng\n(Bộ phận 1 cửa)")
    assert (m.name, m.note, m.raw) == ("Văn phòng", "Bộ phận 1 cửa", "Văn phòng (Bộ phận 1 cửa)")


KINDS = [
    ("Văn phòng Ủy ban nhân dân tỉnh", "office"),
    ("Phòng KHTH", "division"),
    ("Sở Tư pháp", "department"),
    ("Trung tâm Hạ tầng và Dịch vụ khu công nghiệp Sóc Trăng", "centre"),
    ("Ủy ban nhân dân các xã, phường, đặc khu", "committee"),
    ("Bộ Nội vụ", "ministry"),
    ("Chính phủ", "government"),
    ("Tỉnh ủy Lâm Đồng", "party"),
    ("Công an tỉnh", "other"),
    ("Các phòng chuyên môn, nghiệp vụ", "division"),
    ("Ban Quản lý các khu công nghiệp", "committee"),
    ("Vũ Việt Linh", "person"),
    ("Ông Nguyễn Văn An", "person"),
]


@pytest.mark.parametrize("name, kind", KINDS)
def test_kind(name, kind):
    assert unit_kind(name) == kind


def test_one_id_per_unit_however_spelled():
    ctx = UnitContext("Sóc Trăng", "Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng")
    a = canonical_unit("Các phòng chuyên môn nghiệp vụ", ctx)
    b = canonical_unit("Các phòng chuyên môn, nghiệp vụ", ctx)
    assert a.unit_id == b.unit_id and a.name == b.name
    assert (
        canonical_unit("Văn phòng UBND tỉnh", ctx).unit_id
        == canonical_unit("Văn phòng Ủy ban nhân dân tỉnh", ctx).unit_id
    )


def test_local_bodies_are_scoped_to_the_province():
    lam, soc = UnitContext("Lâm Đồng"), UnitContext("Sóc Trăng")
    assert canonical_unit("Sở Tư pháp", lam).province == "Lâm Đồng"
    assert canonical_unit("Sở Tư pháp", lam).unit_id != canonical_unit("Sở Tư pháp", soc).unit_id
    assert canonical_unit("Bộ Nội vụ", lam).province is None
    assert canonical_unit("Bộ Nội vụ", lam).unit_id == canonical_unit("Bộ Nội vụ", soc).unit_id


def test_internal_divisions_belong_to_the_issuer():
    a = canonical_unit(
        "Văn phòng", UnitContext("Sóc Trăng", "Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng")
    )
    b = canonical_unit("Văn phòng", UnitContext("Sóc Trăng", "Sở Nội vụ tỉnh Sóc Trăng"))
    assert a.unit_id != b.unit_id and a.scope == "Ban Quản lý các khu công nghiệp tỉnh Sóc Trăng"
    assert canonical_unit("Văn phòng UBND tỉnh", UnitContext("Sóc Trăng", "Sở Nội vụ")).scope is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Sở ",
                "Tư pháp",
                ", ",
                " và ",
                "; ",
                "\n",
                "(",
                ")",
                "UBND ",
                "tỉnh",
                "Các ",
                "phòng",
                "Văn phòng",
                "xã",
                "-",
                "Theo ",
            ]
        ),
        max_size=20,
    ).map("".join)
)
def test_any_cell_gives_clean_units(cell):
    for m in split_units(cell):
        assert m.name and m.name == m.name.strip(" ,;") and "(" not in m.name
        unit = canonical_unit(m.name)
        assert unit.unit_id.startswith("u") and len(unit.unit_id) == 13


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_text_never_raises(text):
    for m in split_units(text):
        canonical_unit(m.name)
