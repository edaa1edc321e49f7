"""pdf_layer: pdfium's characters give pdfplumber's words and tables (pdfplumber is the reference
the extractor was built and measured on; pdfium reads the same pages 4–6× faster)."""

from __future__ import annotations

from collections import Counter

import pdfplumber
import pytest
from pdfplumber.table import TableFinder

from vnplan.extractors.pdf import TABLE_SETTINGS, open_pdf, pdf_bytes
from vnplan.extractors.pdf_layer import Char, line_words, read_layer, words_of

from .conftest import RAW

PDFS = ["soc-trang-bql-kcn-cchc-2024.pdf", "hai-duong-bql-kcn-cchc-2024.pdf", "bimson_kh_3070_bmnn_2024.pdf"]


def _white(colour) -> bool:
    """pdfplumber's colour of a fill or stroke: gray, RGB or CMYK components."""
    values = colour if isinstance(colour, (tuple, list)) else (colour,)
    if len(values) == 4:  # CMYK: no ink at all
        return all(v <= 0.02 for v in values)
    return all(v is not None and v >= 0.98 for v in values)


def _inked(obj) -> bool:
    """A rule or box that shows on the rendered page (bimson_kh_3070 draws white borders around its
    paragraphs: no table a reader sees). Characters and images always count."""
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    used = [obj.get("non_stroking_color")] if obj.get("fill") else []
    used += [obj.get("stroking_color")] if obj.get("stroke", True) else []
    return any(c is not None and not _white(c) for c in used) or not used


@pytest.mark.parametrize("name", PDFS)
def test_words_rules_and_images_match_pdfplumber(corpus, name):
    import io

    document = open_pdf(corpus(name))
    with pdfplumber.open(io.BytesIO(pdf_bytes(corpus(name)))) as reference:
        for number, page in enumerate(reference.pages):
            layer = read_layer(document[number])
            ours = Counter(w["text"] for w in words_of(layer.chars))
            theirs = Counter(w["text"] for w in page.extract_words(extra_attrs=["fontname", "size"]))
            assert ours == theirs, (
                name,
                number + 1,
                (ours - theirs).most_common(3),
                (theirs - ours).most_common(3),
            )
            tables = [tuple(round(v) for v in t.bbox) for t in TableFinder(layer, TABLE_SETTINGS).tables]
            visible = page.filter(_inked)
            assert tables == [tuple(round(v) for v in t.bbox) for t in visible.find_tables()], (
                name,
                number + 1,
            )
            assert (layer.width, layer.height) == pytest.approx((float(page.width), float(page.height)))


def test_a_word_is_split_by_blanks_gaps_and_fonts_but_glued_across_a_font_change():
    def c(text, x0, font="Times"):
        return Char(text, x0, x0 + 5, 100.0, 112.0, font, 12.0)

    chars = [
        c("Q", 0),
        c("Đ", 5),
        c("-", 10, "Times-Bold"),
        c("U", 15, "ABCDEE+Times"),
        c(" ", 20),
        c("s", 24),
        c("ố", 40),
    ]  # 15 points from "s" to "ố": a gap
    [line] = line_words(chars)
    assert [(w["text"], w["spaced"]) for w in line] == [
        ("QĐ", True),
        ("-", False),
        ("U", False),
        ("s", True),
        ("ố", True),
    ]


def test_a_pdf_needing_a_password_is_refused_in_words(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    from vnplan.extractors.pdf import PasswordProtected

    with pytest.raises(PasswordProtected, match="protected by a password"):
        open_pdf(path)


def test_a_symbol_set_in_two_subsets_of_one_font_stays_one_word(corpus):
    """Page 1 of the decree sets "-CP" of its own number in the unsubsetted Times: pdfplumber
    splits "45/2026/NĐ" from "-CP" there; the same font under two names is one font here, and
    the page's characters are pdfplumber's all the same."""
    import io

    decree = corpus("cp_nd_45_2026.pdf")
    with pdfplumber.open(io.BytesIO(pdf_bytes(decree))) as reference:
        theirs = reference.pages[0].extract_words(extra_attrs=["fontname", "size"])
    ours = words_of(read_layer(open_pdf(decree)[0]).chars)
    assert "45/2026/NĐ-CP" in [w["text"] for w in ours]
    assert Counter("".join(w["text"] for w in ours)) == Counter("".join(w["text"] for w in theirs))


def _turned_pages(source, number: int, tmp_path):
    """Page `number` of `source` six ways: as it is; displayed turned by /Rotate 90, 180 and 270;
    and drawn turned by 90° either way in a landscape page displayed upright by /Rotate."""
    pypdf = pytest.importorskip("pypdf")
    from pypdf import Transformation
    from pypdf.generic import RectangleObject

    def page():
        return pypdf.PdfReader(source).pages[number]  # a fresh copy: pages share their boxes otherwise

    writer = pypdf.PdfWriter()
    first = writer.add_page(page())
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    for turn in (90, 180, 270):
        writer.add_page(page()).rotate(turn)
    for angle, shift, shown in ((90, (height, 0), 270), (-90, (0, width), 90)):
        drawn = writer.add_page(page())
        drawn.add_transformation(Transformation().rotate(angle).translate(tx=shift[0], ty=shift[1]))
        drawn.mediabox = RectangleObject([0, 0, height, width])
        drawn.rotate(shown)
    path = tmp_path / "turned.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return open_pdf(path)


@pytest.mark.parametrize(
    "name, number", [("hai-duong-bql-kcn-cchc-2024.pdf", 1), ("soc-trang-bql-kcn-cchc-2024.pdf", 5)]
)
def test_turned_pages_read_in_the_direction_they_were_written(tmp_path, name, number):
    document = _turned_pages(RAW / name, number, tmp_path)
    upright = read_layer(document[0])
    want = words_of(upright.chars)
    tables = [t.bbox for t in TableFinder(upright, TABLE_SETTINGS).tables]
    assert bool(tables) == name.startswith("soc-trang")  # the Sóc Trăng page holds the annex table
    for i in range(1, len(document)):
        layer = read_layer(document[i])
        assert (layer.width, layer.height) == pytest.approx((upright.width, upright.height), abs=0.5)
        words = words_of(layer.chars)
        assert [w["text"] for w in words] == [w["text"] for w in want], i
        assert [v for w in words for v in (w["x0"], w["top"])] == pytest.approx(
            [v for w in want for v in (w["x0"], w["top"])], abs=0.5
        )
        found = [t.bbox for t in TableFinder(layer, TABLE_SETTINGS).tables]
        assert len(found) == len(tables) and [v for b in found for v in b] == pytest.approx(
            [v for b in tables for v in b], abs=0.5
        )
