"""extractors/annex.py: task tables of real plans (DOCX and PDF renderings)."""

from __future__ import annotations

import pytest

from vnplan.extractors.docx import extract_docx
from vnplan.extractors.model import Block, Cell, Provenance, Table
from vnplan.extractors.pdf import extract_pdf
from vnplan.interpret.annex import column_roles, extract_annex_tasks, is_task_table, reform_area
from vnplan.normalizers.text import loose_key

from .conftest import RAW, printed_in


@pytest.fixture(scope="module")
def soc_trang_pdf():
    return extract_annex_tasks(extract_pdf(RAW / "soc-trang-bql-kcn-cchc-2024.pdf").blocks)


@pytest.fixture(scope="module")
def lam_dong(corpus):
    return extract_annex_tasks(extract_docx(corpus("lamdong_kh_cchc_2026.docx")).blocks)


def test_rows_cut_by_a_page_break_are_merged_back(soc_trang_pdf):
    assert len(soc_trang_pdf) == 25
    bo_may = [t for t in soc_trang_pdf if t.group == "Cải cách tổ chức bộ máy"]
    assert [t.label for t in bo_may] == ["1", "2"]
    assert bo_may[0].text.endswith(
        "35/2022/NĐ-CP ngày 28/5/2022 của Chính phủ quy định về quản lý khu công nghiệp và khu kinh tế"
    )
    assert len(bo_may[0].rows) == 2


def test_annex_tasks_of_a_table_over_six_pages_report_the_page_of_their_row(soc_trang_pdf):
    """soc-trang-bql-kcn-cchc-2024.pdf: the annex runs over pages 5-10 and every task said page 5."""
    pages = [t.page for t in soc_trang_pdf]
    assert pages[0] == 5 and pages[-1] == 10 and pages == sorted(pages) and set(pages) == set(range(5, 11))
    for task in (soc_trang_pdf[0], soc_trang_pdf[-1]):  # the box holds the task's text on that page
        assert task.page is not None and task.bbox is not None
        printed = loose_key(printed_in(RAW / "soc-trang-bql-kcn-cchc-2024.pdf", task.page, task.bbox))
        first_words = " ".join(loose_key(f"{task.label}. {task.text}").split()[:4])  # a cell's first line
        assert first_words in printed


def test_group_carries_over_a_page_without_the_group_cell(soc_trang_pdf):
    cchc = [t.label for t in soc_trang_pdf if t.group == "Cải cách thủ tục hành chính"]
    assert cchc == ["1", "2", "3"]


def test_label_is_split_off_the_task_text(soc_trang_pdf):
    first = soc_trang_pdf[0]
    assert first.label == "1" and first.text.startswith(
        "Xây dựng và triển khai kế hoạch thực hiện công tác pháp chế"
    )
    assert first.cells["timeline"] == "- Quý I/2024\n- Theo quy định"


def test_group_rows_are_groups_not_tasks(lam_dong):
    assert len(lam_dong) == 52
    assert lam_dong[0].group == "Cải cách thể chế" and lam_dong[0].label == "1"
    assert {t.group for t in lam_dong} >= {
        "Cải cách thủ tục hành chính",
        "Cải cách tổ chức bộ máy hành chính nhà nước",
    }
    assert all(t.label and not t.label.isupper() for t in lam_dong)


def test_vertically_merged_task_gives_one_entry_per_row(lam_dong):
    labels = [(t.group, t.label) for t in lam_dong]
    repeated = {x for x in labels if labels.count(x) > 1}
    assert len(repeated) == 3  # VII.2, VII.3 and VII.5 span two rows each (gold notes)


@pytest.mark.parametrize(
    "header, want",
    [
        (
            [
                "Nhiệm vụ chung",
                "Nhiệm vụ cụ thể",
                "Sản phẩm",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Thời gian thực hiện",
            ],
            {0: "group", 1: "text", 2: "products", 3: "lead", 4: "coordinating", 5: "timeline"},
        ),
        (
            [
                "STT",
                "Nhiệm vụ",
                "Sản phẩm",
                "Thời gian hoàn thành",
                "Chủ trì thực hiện",
                "Phối hợp thực hiện",
                "Theo dõi, kiểm tra, đôn đốc",
            ],
            {
                0: "label",
                1: "text",
                2: "products",
                3: "timeline",
                4: "lead",
                5: "coordinating",
                6: "monitoring",
            },
        ),
        (
            ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"],
            {0: "label", 1: "text", 2: "lead", 3: "coordinating", 4: "timeline"},
        ),
        (
            ["STT", "Tên nhiệm vụ", "Sản phẩm đầu ra", "Cơ quan chủ trì", "Tiến độ", "Ghi chú"],
            {0: "label", 1: "text", 2: "products", 3: "lead", 4: "timeline", 5: "notes"},
        ),
        # laocai_sct_kh_3957: the duty column names a doer word, the doers are persons
        (
            ["TT", "Nhiệm vụ thực hiện", "Người thực hiện", "Ghi chú"],
            {0: "label", 1: "text", 2: "lead", 3: "notes"},
        ),
        (
            ["TT", "Nội dung công việc", "Người thực hiện", "Thời gian"],
            {0: "label", 1: "text", 2: "lead", 3: "timeline"},
        ),
        # a catalogue of duties and their outputs
        (
            ["TT", "Mã", "Nhiệm vụ", "Sản phẩm đầu ra", "Cơ quan chủ trì", "Thời hạn hoàn thành"],
            {0: "label", 1: "code", 2: "text", 3: "products", 4: "lead", 5: "timeline"},
        ),
        # two-level headings: the lower level names the role
        (
            ["Nội dung", "Đơn vị thực hiện / Chủ trì", "Đơn vị thực hiện / Phối hợp", "Thời gian"],
            {0: "text", 1: "lead", 2: "coordinating", 3: "timeline"},
        ),
        # lamdong_kh_tuyen_truyen_cchc_2026 (heading cells broken over two lines)
        (
            ["TT", "Nội dung", "Trách nhiệm\nthực hiện", "Thời gian\n(Năm 2026)"],
            {0: "label", 1: "text", 2: "lead", 3: "timeline"},
        ),
    ],
)
def test_column_roles(header, want):
    assert column_roles(header) == want


@pytest.mark.parametrize(
    "group, area",
    [
        ("Cải cách thể chế", "the_che"),
        ("Cải cách thủ tục hành chính", "tthc"),
        ("Cải cách tổ chức bộ máy hành chính nhà nước", "bo_may"),
        ("Cải cách công vụ", "cong_vu"),
        ("Cải cách chế độ công vụ", "cong_vu"),
        ("Cải cách tài chính công", "tai_chinh_cong"),
        ("Xây dựng và phát triển chính quyền điện tử, chính quyền số", "chinh_quyen_so"),
        ("Công tác chỉ đạo điều hành", "chi_dao_dieu_hanh"),
        (None, "other"),
        ("Sở Tài chính", "other"),
        ("Công tác tuyên truyền", "other"),
        ("Quản lý dự án đầu tư ứng dụng công nghệ thông tin", "other"),
        (
            "Đánh giá tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội",
            "danh_gia_tac_dong",
        ),
    ],
)
def test_reform_area(group, area):
    assert reform_area(group) == area


@pytest.mark.parametrize(
    "header",
    [
        ["Chỉ tiêu", "Đơn vị tính", "Kết quả"],
        ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Nơi nhận:", "KT. CHỦ TỊCH"],
        ["Stt", "Họ và tên", "Chức vụ công tác", "Tín nhiệm"],
        # a meeting schedule, a bidding plan, a procedure list (laichau_qd_1629), statistics
        ["Thời gian", "Nội dung", "Thành phần", "Địa điểm"],
        ["Thời gian", "Nội dung"],
        ["TT", "Tên gói thầu", "Giá gói thầu", "Nguồn vốn", "Thời gian thực hiện hợp đồng"],
        ["TT", "Nội dung gói thầu", "Hình thức lựa chọn nhà thầu", "Thời gian bắt đầu"],
        ["TT", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Phí, lệ phí", "Căn cứ pháp lý"],
        ["TT", "Nội dung", "Đơn vị tính", "Kết quả năm 2025", "Kế hoạch năm 2026"],
    ],
)
def test_statistics_layout_and_form_tables_are_not_task_tables(header):
    table = Table(
        [Cell(t, 0, k) for k, t in enumerate(header)] + [Cell("1", 1, k) for k in range(len(header))],
        2,
        len(header),
    )
    assert not is_task_table(table)


def _table(rows):
    return Table(
        [Cell(t, r, k) for r, row in enumerate(rows) for k, t in enumerate(row)], len(rows), len(rows[0])
    )


def test_header_repeated_on_each_page_gives_no_task():
    header = ["TT", "Mã", "Nhiệm vụ", "Sản phẩm đầu ra", "Thời hạn"]
    rows = [
        header,
        ["1", "NV01", "Rà soát quy trình nội bộ", "Báo cáo", "Quý I/2026"],
        header,  # the next page of the same table
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["2", "NV02", "Số hóa hồ sơ", "Cơ sở dữ liệu", "Quý II/2026"],
    ]
    tasks = extract_annex_tasks(
        [Block(kind="table", text="", provenance=Provenance(page=1), table=_table(rows))]
    )
    assert [(t.label, t.text) for t in tasks] == [("1", "Rà soát quy trình nội bộ"), ("2", "Số hóa hồ sơ")]


def test_numbers_of_a_statistics_table_are_no_tasks():
    rows = [
        ["TT", "Nội dung", "Kết quả", "Kế hoạch"],
        ["1", "Số hồ sơ", "1.250", "1.300"],
        ["2", "Tỷ lệ", "98%", "99%"],
    ]
    assert not is_task_table(_table(rows))


def test_persons_doing_an_inspection_plan(corpus):
    """laocai_sct_kh_3957: 'TT | Nhiệm vụ thực hiện | Người thực hiện | Ghi chú', one person per line,
    the TT numbers from Word's auto-numbering of the cells."""
    tasks = extract_annex_tasks(extract_docx(corpus("laocai_sct_kh_3957_kiem_tra_vlncn_2026.docx")).blocks)
    assert [t.label for t in tasks] == [str(n) for n in range(1, 10)]
    assert tasks[0].text == "Rà soát việc đáp ứng các điều kiện của học viên"
    assert tasks[0].cells["lead"] == "Đỗ Mạnh Cường\nVũ Việt Linh\nNguyễn Thị Loan"
