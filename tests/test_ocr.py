"""extractors/ocr.py and OCR inside the PDF reader: real scans, a mixed PDF, a garbled text layer,
encrypted and oversized PDFs."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from vnplan.extractors.doc import extract_doc
from vnplan.extractors.ocr import (
    DPI,
    MAX_PIXELS,
    _fill_grid,
    _runs,
    find_ruled_grids,
    fix_ocr_text,
    render_scale,
    skew_angle,
    text_layer_verdict,
)
from vnplan.extractors.pdf import extract_pdf
from vnplan.normalizers.citations import find_citations
from vnplan.pipeline.process import file_sha256, process_file

from .conftest import RAW

GOOD = (
    "Thực hiện Kế hoạch số 218/KH-UBND ngày 19/12/2022 của Ủy ban nhân dân tỉnh Sóc Trăng về thực hiện "
    "cải cách hành chính của các cơ quan trong tỉnh, Ban Quản lý các khu công nghiệp xây dựng kế hoạch thực "
    "hiện cải cách hành chính năm 2024 với các nội dung chủ yếu như sau"
)
GARBLED = (
    "dinh sd 222/QD-BTP ngdy 09 thdng 02 ndm 2021 cria Bg Tu phdp vd vi6c ban hdnh Kti ho4ch trii5n khai "
    "Chucrng trinh hd trg phap ly lien nganh cho doanh nghiQp nh6 vd vira giai do4n 2021-2025 tr€n dia bdn "
    "Thdnh ph6 cria Sd Tu ph6p tri6n khai"
)


@pytest.mark.parametrize(
    "text, image_share, verdict",
    [
        ("", 1.0, "no text"),
        ("", 0.0, "no text"),
        ("SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; 03/02/2026", 0.95, "stamp only"),
        ("Nơi nhận: Như trên; Lưu VT", 0.0, None),
        (GARBLED, 1.0, "garbled"),
        (GOOD, 1.0, None),
        (GOOD, 0.0, None),
    ],
)
def test_text_layer_verdict(text, image_share, verdict):
    assert text_layer_verdict(text, image_share) == verdict


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("NĐ- CP", "NĐ-CP"),
        ("Quý l/2024", "Quý I/2024"),
        ("30⁄2020", "30/2020"),
        ("163/2024/QHI5", "163/2024/QH15"),
        ("IH.", "II."),
        ("¡ Văn phòng", "Văn phòng"),
        ("Kế hoạch số 218/KH-UBND", "Kế hoạch số 218/KH-UBND"),
        ("Quyết định số 28/QĐ-TTb ngày 24/8/2025", "Quyết định số 28/QĐ-TTg ngày 24/8/2025"),
    ],
)
def test_fix_ocr_text(raw, fixed):
    assert fix_ocr_text(raw) == fixed


def _ruled_image(angle: float = 0.0) -> Image.Image:
    """A 3×3 ruled table at 4 px/pt, the top-left two cells merged (no rule between them)."""
    img = Image.new("L", (2400, 1600), 255)
    d = ImageDraw.Draw(img)
    xs, ys = [200, 800, 1400, 2000], [200, 600, 1000, 1400]
    for y in ys:
        d.line([(200, y), (2000, y)], fill=0, width=5)
    for i, x in enumerate(xs):
        top = 600 if i == 1 else 200  # no rule between the first two cells of row 0
        d.line([(x, top), (x, 1400)], fill=0, width=5)
    return img.rotate(angle, fillcolor=255) if angle else img


def test_skew_angle_finds_the_rotation():
    assert skew_angle(_ruled_image(0.6)) == pytest.approx(-0.6, abs=0.15)
    assert skew_angle(_ruled_image()) == pytest.approx(0.0, abs=0.15)


def test_ruled_grid_with_a_merged_cell():
    dark = np.asarray(_ruled_image()) < 160
    scale = 4.0
    min_len = int(40 * scale)
    [grid] = find_ruled_grids(_runs(dark, min_len), _runs(dark.T, min_len).T, scale)
    assert len(grid.xs) == 4 and len(grid.ys) == 4
    words = [
        {"text": "Nhiệm", "x0": 60, "x1": 90, "top": 60, "bottom": 70, "word_top": 60, "word_bottom": 70},
        {"text": "vụ", "x0": 95, "x1": 110, "top": 60, "bottom": 70, "word_top": 60, "word_bottom": 70},
        {
            "text": "Quý I/2024",
            "x0": 410,
            "x1": 480,
            "top": 310,
            "bottom": 320,
            "word_top": 310,
            "word_bottom": 320,
        },
    ]
    table, used = _fill_grid(grid, words, 1)
    assert used == {0, 1, 2}
    grid_text = table.grid(carry=False)
    assert grid_text[0][0] == "Nhiệm vụ" and grid_text[2][2] == "Quý I/2024"
    merged = next(c for c in table.cells if c.row == 0 and c.col == 0)
    assert merged.colspan == 2


def test_render_scale_keeps_oversized_pages_in_memory():
    assert render_scale(595, 842) == pytest.approx(DPI / 72)
    big = render_scale(14400, 14400)  # the largest page a PDF allows
    assert 14400 * 14400 * big * big <= MAX_PIXELS * 1.001


@pytest.fixture(scope="module")
def soc_trang_scan():
    return extract_pdf(RAW / "soc-trang-bql-kcn-cchc-2024-scan.pdf")


def test_scan_is_read_with_its_tables(soc_trang_scan):
    assert soc_trang_scan.ocr_pages == 10 and not soc_trang_scan.warnings
    assert all(b.ocr for b in soc_trang_scan.blocks)
    texts = [b.full_text for b in soc_trang_scan.blocks if b.kind != "table"]
    assert "KẾ HOẠCH" in texts
    [annex] = [b.table for b in soc_trang_scan.blocks if b.kind == "table"]
    header = annex.grid()[0]
    assert header == [
        "Nhiệm vụ chung",
        "Nhiệm vụ cụ thể",
        "Sản phẩm",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
    ] or header[2:] == ["Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
    assert annex.pages == [5, 6, 7, 8, 9, 10]


def test_ocr_table_cells_keep_their_page_and_a_box_in_points(soc_trang_scan):
    """The scan's annex is stitched over pages 5-10 like the PDF's; its cells' boxes, found in
    250 dpi pixels, are given in points of the landscape A4 page (842 × 595)."""
    [annex] = [b.table for b in soc_trang_scan.blocks if b.kind == "table"]
    assert {c.page for c in annex.cells} == set(range(5, 11))
    boxes = [c.bbox for c in annex.cells]
    assert all(b is not None and 0 <= b[0] < b[2] <= 842 and 0 <= b[1] < b[3] <= 595 for b in boxes)
    last = max(annex.cells, key=lambda c: c.row)
    assert last.page == 10


def test_mixed_pdf_ocrs_only_its_scanned_pages(corpus):
    document = extract_pdf(corpus("laichau_qd_1629_tthc_khcn_2025.pdf"))
    assert document.ocr_pages == 2 and not document.warnings
    ocr_pages = {b.provenance.page for b in document.blocks if b.ocr}
    assert ocr_pages == {1, 2}
    first = " ".join(b.full_text for b in document.blocks if b.provenance.page == 1)
    assert "ĐỊNH" in first and "Số: 1629 /QĐ-UBND" in first


def test_garbled_text_layer_is_replaced_by_ocr(corpus):
    document = extract_pdf(corpus("tphcm_stp_cv_2021_garbled_ocr_layer.pdf"))
    assert document.ocr_pages == 2
    text = " ".join(b.full_text for b in document.blocks)
    keys = {c.key for c in find_citations(text)}
    assert {"3578/PC-VP", "81/QĐ-TTg"} <= keys


def test_encrypted_pdfs(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(RAW / "soc-trang-bql-kcn-cchc-2024.pdf")
    results = {}
    for password in ("", "secret"):
        writer = pypdf.PdfWriter()
        writer.add_page(reader.pages[0])
        writer.encrypt(user_password=password, owner_password="owner")
        path = tmp_path / f"pw-{password or 'empty'}.pdf"
        with path.open("wb") as f:
            writer.write(f)
        results[password] = process_file(path, file_sha256(path)).document
    assert results[""].status == "ok" and results[""].doc_type == "Kế hoạch"
    assert results["secret"].status == "failed"
    assert "protected by a password" in results["secret"].error


def test_scanned_draft_and_doc_share_their_citations(police_scan, corpus):
    """lamdong_ttr_91 (a Tờ trình, then the scanned draft plan on pages 2–15) and the final .doc.
    The versions differ (the .doc adds two HĐND resolutions, the draft two decrees); the citations
    both versions print must be found in both."""
    scan = police_scan
    draft = " ".join(b.full_text for b in scan.blocks if (b.provenance.page or 0) >= 2)
    final = " ".join(b.full_text for b in extract_doc(corpus("lamdong_kh_kmt_2026.doc")).blocks)
    in_draft = {c.key for c in find_citations(draft)}
    in_final = {c.key for c in find_citations(final)}
    assert {"50/NQ-CP", "163/2024/QH15", "5-NQ/TU"} <= in_draft & in_final
    assert in_final - in_draft == {"201/2023/NQ-HĐND", "420/2025/NQ-HĐND"}
    cover = " ".join(b.full_text for b in scan.blocks if b.provenance.page == 1)
    # OCR reads "TT" (earlier "TTb", which ocr.json repairs): the issuer the mention names, Thủ tướng
    # Chính phủ, repairs it on OCRed text
    assert "28/QĐ-TTg" in {c.key for c in find_citations(cover, ocr=True)}


def test_bold_is_read_from_the_weight_of_a_scan(police_scan):
    """Tesseract gives no font: the stroke width tells the bold headings of the draft plan (page 8:
    'g) Sở tư pháp', 'h) Đề nghị Ủy ban Mặt trận …') from its body text, and the emphasis inside a
    paragraph does not cut the paragraph."""
    page8 = [b for b in police_scan.blocks if b.provenance.page == 8 and b.kind != "table"]
    heading = next(b for b in page8 if b.text.startswith("Sở tư pháp"))
    body = next(b for b in page8 if b.text.startswith("Tăng cường công tác tuyên truyền, ph"))
    assert heading.bold and not body.bold
    bold_share = sum(b.bold for b in police_scan.blocks if b.provenance.page and b.provenance.page >= 2)
    assert 0 < bold_share < 0.5 * sum(1 for b in police_scan.blocks if (b.provenance.page or 0) >= 2)


def test_the_lost_stroke_of_dd_is_restored():
    assert fix_ocr_text("Triển khai thực hiện kế hoạch xây dựng dịa bàn cấp xã") == (
        "Triển khai thực hiện kế hoạch xây dựng địa bàn cấp xã"
    )
    assert fix_ocr_text("dân cư, sử dụng, dịp") == "dân cư, sử dụng, dịp"


def test_pages_tesseract_fails_on_are_said_so_not_called_a_damaged_pdf(monkeypatch):
    """tesseract crashing on a page (a RuntimeError before) failed the file as a damaged PDF and
    told the user to re-export it. Now each such page is left unread with tesseract's own words:
    the scanned sample, every page of which needs OCR, has no text left, so it fails as ocr.failed."""
    import subprocess

    from vnplan.extractors import ocr

    def crashed(cmd, timeout, env=None, cwd=None):
        if "--list-langs" in cmd:
            return subprocess.CompletedProcess(cmd, 0, b"List of available languages:\neng\nvie\n", b"")
        return subprocess.CompletedProcess(cmd, 134, b"", b"Segmentation fault")

    monkeypatch.setattr(ocr, "run_program", crashed)
    path = RAW / "soc-trang-bql-kcn-cchc-2024-scan.pdf"
    document = process_file(path, file_sha256(path)).document
    assert (document.status, document.error_code) == ("failed", "ocr.failed")
    assert "it is a scan (no page has a text layer), and OCR is not possible" in document.error
    assert "tesseract could not read the page (Segmentation fault)" in document.error
    assert "re-export" not in document.error


def test_a_tesseract_that_cannot_run_is_no_ocr_not_a_crash(monkeypatch):
    from vnplan.extractors import ocr

    def cannot_run(cmd, timeout, env=None, cwd=None):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ocr, "run_program", cannot_run)
    assert ocr._has_vietnamese.__wrapped__("/usr/bin/tesseract") is False
