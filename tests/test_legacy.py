"""normalizers/legacy.py and legacy fonts in DOCX, DOC and PDF (documents built in those encodings)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnplan.extractors.doc import extract_doc
from vnplan.extractors.docx import extract_docx
from vnplan.extractors.pdf import _unicode_words, page_encoding
from vnplan.normalizers.data import load_resource
from vnplan.normalizers.legacy import decode_legacy, encoding_of_font, guess_encoding, is_capitals_font

TABLES = load_resource("legacy_encodings")
TCVN3_CASES = [
    (bytes.fromhex(k).decode("cp1252", errors="replace") if k != "AD" else "\u00ad", v)
    for k, v in TABLES["tcvn3"].items()
]
VNI_CASES = [(bytes.fromhex(k).decode("cp1252"), v) for k, v in TABLES["vni"].items()]


@pytest.mark.parametrize("seen, letter", TCVN3_CASES)
def test_every_tcvn3_letter(seen, letter):
    assert decode_legacy(f"x{seen}x", "tcvn3") == f"x{letter}x"


@pytest.mark.parametrize("seen, letter", VNI_CASES)
def test_every_vni_letter(seen, letter):
    assert decode_legacy(f"x{seen}x", "vni") == f"x{letter}x"


@pytest.mark.parametrize(
    "seen, encoding, want",
    [
        ("KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2024", "tcvn3", "Kế hoạch cải cách hành chính năm 2024"),
        ("Uû ban nh©n d©n", "tcvn3", "Uỷ ban nhân dân"),
        ("B¶o Th¾ng, B¸t X¸t", "tcvn3", "Bảo Thắng, Bát Xát"),
        ("M\u00adêng Kh\u00ad¬ng", "tcvn3", "Mường Khương"),
        ("Keá hoaïch caûi caùch haønh chính naêm 2024", "vni", "Kế hoạch cải cách hành chính năm 2024"),
        ("UÛy ban nhaân daân", "vni", "Ủy ban nhân dân"),
        ("Xin chaøo caùc baïn", "vni", "Xin chào các bạn"),
        ("Ñaûng uûy", "vni", "Đảng ủy"),
        ("Kế hoạch số 218/KH-UBND", "tcvn3", "Kế hoạch số 218/KH-UBND"),  # Unicode is left alone
        ("Kế hoạch số 218/KH-UBND", "vni", "Kế hoạch số 218/KH-UBND"),
        ("Nghị định 30/2020/NĐ-CP", None, "Nghị định 30/2020/NĐ-CP"),
    ],
)
def test_decode_sentences(seen, encoding, want):
    assert decode_legacy(seen, encoding) == want


def test_tcvn3_capitals_font():
    assert decode_legacy("kÕ ho¹ch", "tcvn3", capitals=True) == "KẾ HOẠCH"


@pytest.mark.parametrize(
    "font, encoding, capitals",
    [
        (".VnTime", "tcvn3", False),
        (".VnTimeH", "tcvn3", True),
        ("ABCDEF+.VnArial", "tcvn3", False),
        ("VNI-Times", "vni", False),
        ("VNI-Helve", "vni", False),
        ("Times New Roman", None, False),
        (None, None, False),
    ],
)
def test_fonts(font, encoding, capitals):
    assert encoding_of_font(font) == encoding and is_capitals_font(font) is capitals


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2024 cña Ban Qu¶n lý c¸c khu c«ng nghiÖp", "tcvn3"),
        ("Keá hoaïch caûi caùch haønh chính naêm 2024 cuûa Ban Quaûn lyù caùc khu coâng nghieäp", "vni"),
        ("Kế hoạch cải cách hành chính năm 2024 của Ban Quản lý các khu công nghiệp", None),
        ("The annual plan of the provincial people's committee for 2024", None),
        ("KÕ ho¹ch", None),  # too short to judge
    ],
)
def test_guess_encoding(text, encoding):
    assert guess_encoding(text) == encoding


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["tcvn3", "vni", None]))
def test_any_text_decodes_to_nfc_text(text, encoding):
    out = decode_legacy(text, encoding)
    assert unicodedata.is_normalized("NFC", out) or out == text


TCVN3_TEXT = "KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2024 cña Ban Qu¶n lý c¸c khu c«ng nghiÖp tØnh Sãc Tr¨ng"
VNI_TEXT = "Keá hoaïch caûi caùch haønh chính naêm 2024 cuûa Ban Quaûn lyù caùc khu coâng nghieäp"
WANT = "Kế hoạch cải cách hành chính năm 2024 của Ban Quản lý các khu công nghiệp"


def _legacy_docx(path, fonts: bool):
    d = docx.Document()
    for text, font in (
        (TCVN3_TEXT, ".VnTime"),
        ("kÕ ho¹ch", ".VnTimeH"),
        (VNI_TEXT, "VNI-Times"),
        ("Kế hoạch số 218/KH-UBND", "Times New Roman"),
    ):
        run = d.add_paragraph().add_run(text)
        if fonts:
            run.font.name = font
    d.save(path)
    return path


def test_docx_runs_in_legacy_fonts(tmp_path):
    texts = [b.text for b in extract_docx(_legacy_docx(tmp_path / "fonts.docx", fonts=True)).blocks]
    assert texts[0].startswith(WANT) and texts[0].endswith("tỉnh Sóc Trăng")
    assert texts[1] == "KẾ HOẠCH" and texts[2] == WANT and texts[3] == "Kế hoạch số 218/KH-UBND"


def test_docx_without_font_names_is_judged_by_its_characters(tmp_path):
    d = docx.Document()
    d.add_paragraph(TCVN3_TEXT)
    d.add_paragraph("Thùc hiÖn KÕ ho¹ch sè 218/KH-UBND ngµy 19/12/2022")
    d.save(tmp_path / "plain.docx")
    texts = [b.text for b in extract_docx(tmp_path / "plain.docx").blocks]
    assert texts == [WANT + " tỉnh Sóc Trăng", "Thực hiện Kế hoạch số 218/KH-UBND ngày 19/12/2022"]


def _soffice(args, cwd):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{cwd}/profile", "--headless", *args, "--outdir", str(cwd)],
        capture_output=True,
        timeout=180,
        check=True,
    )


def test_legacy_doc(tmp_path):
    """A Word 97 .doc typed in .VnTime and VNI-Times (made from the DOCX by LibreOffice, which
    keeps the font names): read through LibreOffice and decoded."""
    source = _legacy_docx(tmp_path / "legacy.docx", fonts=True)
    _soffice(["--convert-to", "doc", str(source)], tmp_path)
    doc_texts = [b.text for b in extract_doc(tmp_path / "legacy.doc").blocks]
    assert doc_texts[0].startswith(WANT) and doc_texts[1] == "KẾ HOẠCH" and doc_texts[2] == WANT


def test_pdf_words_in_legacy_fonts():
    """pdfium gives each word its (subset) font name: words in .VnTime/VNI fonts are decoded,
    others kept; a page with no font names is judged by its characters."""
    words = [
        {"text": "KÕ", "fontname": "ABCDEF+.VnTimeH"},
        {"text": "ho¹ch", "fontname": "ABCDEF+.VnTime"},
        {"text": "Keá", "fontname": "GHIJKL+VNI-Times"},
        {"text": "218/KH-UBND", "fontname": "Times-Roman"},
    ]
    assert [w["text"] for w in _unicode_words(words, page_encoding(words))] == [
        "KẾ",
        "hoạch",
        "Kế",
        "218/KH-UBND",
    ]
    plain = [{"text": t, "fontname": "Arial"} for t in TCVN3_TEXT.split()]
    assert (
        " ".join(w["text"] for w in _unicode_words(plain, page_encoding(plain))) == WANT + " tỉnh Sóc Trăng"
    )
