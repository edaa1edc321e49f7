"""Views for people, next to the raw tables of the contract: `task_list`, `citation_list`,
`document_list`. Each counts a plan once (its primary rendering, `works`) and a task once (a body
item that restates an annex row, `tasks.same_as`, is left out); columns have Vietnamese names,
lists are joined with "; ", reform areas are in words. The raw tables keep the contract's names.

One declaration per view: its columns, each with the SQL that fills it (DuckDB, over the raw
views that `lookup.connect` makes) and what it means. The SQL of the view, the Datasette column
descriptions and the README's list all come from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..normalizers.areas import area_names

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class ViewColumn:
    name: str  # Vietnamese, as shown
    sql: str  # its value, over the view's FROM clause
    meaning: str  # what it means; the raw column's label in Datasette
    source: str | None = None  # the raw column it shows, `table.column`


@dataclass(frozen=True)
class View:
    name: str
    description: str
    columns: tuple[ViewColumn, ...]
    sql_from: str  # FROM … WHERE … (without ORDER BY)
    order_by: str
    facets: tuple[str, ...] = ()  # Datasette facets (column names)
    search: tuple[str, ...] = ()  # columns of its full-text index

    def sql(self) -> str:
        select = ",\n       ".join(f'{c.sql} AS "{c.name}"' for c in self.columns)
        return f"SELECT {select}\n{self.sql_from}\nORDER BY {self.order_by}"


def _joined(column: str) -> str:
    return f"nullif(array_to_string({column}, '{LIST_SEPARATOR}'), '')"


_FILE = r"regexp_extract(d.source_path, '[^/\\]+$')"
_AREA = "(SELECT name FROM reform_area_names n WHERE n.slug = t.reform_area)"
_ROMAN = "['I', 'II', 'III', 'IV'][quarter(t.due_end)]"
DEADLINE_NONE = "Không có hạn"
_QUARTER_NAME = f"'Quý ' || {_ROMAN} || '/' || year(t.due_end)"
_QUARTER = f"CASE WHEN t.due_end IS NULL THEN '{DEADLINE_NONE}' ELSE {_QUARTER_NAME} END"
_ORIGIN = "CASE t.origin WHEN 'annex' THEN 'Phụ lục' WHEN 'body' THEN 'Nội dung kế hoạch' ELSE t.origin END"

_DOCUMENT_COLUMNS = (
    ViewColumn("Tệp", _FILE, "tên tệp của bản được tính (bản chính)", "documents.source_path"),
    ViewColumn(
        "Tỉnh", "d.province", "tỉnh, thành phố ban hành (tên tại ngày ban hành)", "documents.province"
    ),
    ViewColumn(
        "Tỉnh (từ 1/7/2025)",
        "d.province_2025",
        "tỉnh, thành phố sau sắp xếp ngày 1/7/2025",
        "documents.province_2025",
    ),
    ViewColumn("Loại văn bản", "d.doc_type", "Kế hoạch, Quyết định, …", "documents.doc_type"),
    ViewColumn(
        "Số, ký hiệu",
        "coalesce(d.key, d.symbol)",
        "số và ký hiệu (chỉ ký hiệu khi số để trống)",
        "documents.key",
    ),
    ViewColumn("Ngày ban hành", "d.issued_date", "ngày ký ban hành", "documents.issued_date"),
)

TASK_LIST = View(
    name="task_list",
    description=(
        "Danh sách nhiệm vụ: mỗi nhiệm vụ một dòng, mỗi kế hoạch một lần (bản chính trong các bản "
        "DOCX/PDF/scan), nhiệm vụ ở phần nội dung nhắc lại một dòng phụ lục không tính lại."
    ),
    columns=(
        *_DOCUMENT_COLUMNS,
        ViewColumn("Tiêu đề", "d.title", "trích yếu của văn bản", "documents.title"),
        ViewColumn("Lĩnh vực", _AREA, "lĩnh vực cải cách hành chính", "tasks.reform_area"),
        ViewColumn("STT", "t.label", "số thứ tự in trong văn bản", "tasks.label"),
        ViewColumn("Nhiệm vụ", "t.text", "nội dung nhiệm vụ", "tasks.text"),
        ViewColumn("Sản phẩm", _joined("t.products"), "sản phẩm dự kiến", "tasks.products"),
        ViewColumn("Đơn vị chủ trì", _joined("t.lead_units"), "cơ quan chủ trì", "tasks.lead_units"),
        ViewColumn(
            "Đơn vị phối hợp", _joined("t.coordinating_units"), "cơ quan phối hợp", "tasks.coordinating_units"
        ),
        ViewColumn(
            "Bắt đầu", "t.due_start", "ngày bắt đầu sớm nhất của thời gian thực hiện", "tasks.due_start"
        ),
        ViewColumn("Hạn hoàn thành", "t.due_end", "ngày kết thúc muộn nhất (hạn)", "tasks.due_end"),
        ViewColumn("Quý hạn", _QUARTER, f"quý của hạn hoàn thành; '{DEADLINE_NONE}' khi không ghi hạn"),
        ViewColumn("Thời gian (nguyên văn)", "t.timeline_raw", "thời gian như in", "tasks.timeline_raw"),
        ViewColumn("Nguồn", _ORIGIN, "dòng phụ lục hay mục trong phần nội dung", "tasks.origin"),
        ViewColumn("Trang", "t.page", "trang (PDF)", "tasks.page"),
        ViewColumn("Mã văn bản", "t.doc_id", "doc_id (bảng documents)", "tasks.doc_id"),
        ViewColumn("Mã nhiệm vụ", "t.task_id", "task_id (bảng tasks)", "tasks.task_id"),
    ),
    sql_from="FROM tasks t JOIN documents d USING (doc_id)\nWHERE d.is_primary AND t.same_as IS NULL",
    order_by=f"{_FILE}, t.doc_id, try_cast(substr(t.task_id, 2) AS INTEGER), t.task_id",
    facets=("Tỉnh (từ 1/7/2025)", "Lĩnh vực", "Đơn vị chủ trì", "Quý hạn", "Loại văn bản"),
    search=("Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm"),
)

CITATION_LIST = View(
    name="citation_list",
    description=(
        "Danh sách trích dẫn: mỗi lần một kế hoạch (bản chính) nhắc đến một văn bản khác, "
        "kèm câu chứa trích dẫn."
    ),
    columns=(
        ViewColumn("Văn bản được dẫn", "c.key", "số, ký hiệu của văn bản được dẫn", "citations.key"),
        ViewColumn("Loại", "c.doc_type", "loại văn bản được dẫn", "citations.doc_type"),
        ViewColumn("Tên", "c.name", "tên luật khi dẫn bằng tên", "citations.name"),
        ViewColumn(
            "Ngày (trong trích dẫn)", "c.issued_date", "ngày ghi trong trích dẫn", "citations.issued_date"
        ),
        ViewColumn("Cơ quan ban hành", "c.issuer", "cơ quan ghi trong trích dẫn", "citations.issuer"),
        ViewColumn("Nguyên văn", "c.raw", "trích dẫn như in", "citations.raw"),
        ViewColumn(
            "Câu",
            "CASE WHEN b.text IS NULL THEN NULL ELSE substr(b.text, greatest(1, c.char_start - 150), "
            "c.char_end - c.char_start + 300) END",
            "đoạn văn quanh trích dẫn",
        ),
        ViewColumn("Tệp trích dẫn", _FILE, "tệp của kế hoạch trích dẫn", "documents.source_path"),
        ViewColumn("Tỉnh", "d.province", "tỉnh của văn bản trích dẫn", "documents.province"),
        ViewColumn("Tỉnh (từ 1/7/2025)", "d.province_2025", "tỉnh sau 1/7/2025", "documents.province_2025"),
        ViewColumn(
            "Loại văn bản trích dẫn", "d.doc_type", "loại của văn bản trích dẫn", "documents.doc_type"
        ),
        ViewColumn("Số, ký hiệu văn bản trích dẫn", "coalesce(d.key, d.symbol)", "", "documents.key"),
        ViewColumn("Ngày ban hành văn bản trích dẫn", "d.issued_date", "", "documents.issued_date"),
        ViewColumn("Trang", "c.page", "trang (PDF)", "citations.page"),
        ViewColumn("Mã nhiệm vụ", "c.task_id", "nhiệm vụ chứa trích dẫn (bảng tasks)", "citations.task_id"),
        ViewColumn("Mã tham chiếu", "c.ref_id", "ref_id: cùng một văn bản được dẫn", "citations.ref_id"),
        ViewColumn("Mã văn bản", "c.doc_id", "doc_id (bảng documents)", "citations.doc_id"),
    ),
    sql_from=(
        "FROM citations c JOIN documents d USING (doc_id)\n"
        "LEFT JOIN blocks b ON b.doc_id = c.doc_id AND b.block_id = c.block_id\nWHERE d.is_primary"
    ),
    order_by=f"c.key NULLS LAST, {_FILE}, c.page, c.citation_id",
    facets=("Văn bản được dẫn", "Loại", "Tỉnh (từ 1/7/2025)"),
    search=("Nguyên văn", "Câu", "Tên"),
)

DOCUMENT_LIST = View(
    name="document_list",
    description=(
        "Danh sách văn bản: mỗi văn bản một dòng (bản chính), các bản khác của cùng văn bản "
        "(DOCX, PDF, scan, dự thảo) ghi ở cột 'Bản khác'."
    ),
    columns=(
        *_DOCUMENT_COLUMNS,
        ViewColumn("Tiêu đề", "d.title", "trích yếu", "documents.title"),
        ViewColumn("Cơ quan ban hành", "d.issuer", "cơ quan ban hành", "documents.issuer"),
        ViewColumn(
            "Năm bắt đầu", "d.plan_year_start", "năm đầu của kỳ kế hoạch", "documents.plan_year_start"
        ),
        ViewColumn("Năm kết thúc", "d.plan_year_end", "năm cuối của kỳ kế hoạch", "documents.plan_year_end"),
        ViewColumn("Người ký", "d.signer_name", "người ký", "documents.signer_name"),
        ViewColumn("Chức vụ người ký", "d.signer_title", "chức vụ người ký", "documents.signer_title"),
        ViewColumn(
            "Số nhiệm vụ",
            "(SELECT count(*) FROM tasks t WHERE t.doc_id = d.doc_id AND t.same_as IS NULL)",
            "nhiệm vụ, mỗi nhiệm vụ một lần",
        ),
        ViewColumn(
            "Số trích dẫn", "(SELECT count(*) FROM citations c WHERE c.doc_id = d.doc_id)", "số lần trích dẫn"
        ),
        ViewColumn("Bản khác", "o.others", "các tệp khác của cùng văn bản"),
        ViewColumn("Số bản", "coalesce(o.renderings, 1)", "số tệp của cùng văn bản"),
        ViewColumn("Trạng thái", "d.status", "ok · partial (đọc được một phần) · failed", "documents.status"),
        ViewColumn("Lỗi", "d.error", "lý do khi không đọc được", "documents.error"),
        ViewColumn("Số trang", "d.pages", "số trang", "documents.pages"),
        ViewColumn("Trang OCR", "d.ocr_pages", "số trang đọc bằng OCR", "documents.ocr_pages"),
        ViewColumn("Mã văn bản", "d.doc_id", "doc_id (bảng documents)", "documents.doc_id"),
        ViewColumn("Mã tác phẩm", "d.work_id", "work_id: mọi bản của cùng văn bản", "works.work_id"),
    ),
    sql_from=(
        "FROM documents d LEFT JOIN (\n"
        f"    SELECT work_id, count(*) AS renderings, nullif(string_agg({_FILE}, '{LIST_SEPARATOR}' "
        f"ORDER BY {_FILE}) FILTER (WHERE NOT d.is_primary), '') AS others\n"
        "    FROM documents d GROUP BY work_id\n"
        ") o USING (work_id)\nWHERE d.is_primary"
    ),
    order_by=f"{_FILE}",
    facets=("Tỉnh (từ 1/7/2025)", "Loại văn bản", "Trạng thái"),
    search=("Tiêu đề",),
)

VIEWS: dict[str, View] = {v.name: v for v in (TASK_LIST, CITATION_LIST, DOCUMENT_LIST)}


def create_views(con, tables: set[str]) -> None:
    """The people's views, over the raw views of `tables` (a view whose tables are missing is left out)."""
    names = list(area_names().items())
    con.execute("CREATE TEMP TABLE reform_area_names (slug VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO reform_area_names VALUES (?, ?)", names)
    needs = {
        "task_list": {"tasks", "documents"},
        "citation_list": {"citations", "documents", "blocks"},
        "document_list": {"documents", "tasks", "citations"},
    }
    for view in VIEWS.values():
        if needs[view.name] <= tables:
            con.execute(f"CREATE VIEW {view.name} AS {view.sql()}")
