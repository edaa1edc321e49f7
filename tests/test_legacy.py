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
from vnplan.normalizers.legacy import decode_legacy, encoding_of_font, guess_encoding, is_capitals_font

# Every case below is typed by hand from the encodings' public definitions, not read from
# `legacy_encodings.json` (the table the decoder reads): a wrong entry there fails here.
#
# TCVN3 (TCVN 5712:1993 "VN3", the .VnTime fonts) gives every lowercase letter one byte; read as
# Windows-1252 they look like "KÕ ho¹ch". The capitals Ă Â Ê Ô Ơ Ư Đ have bytes A1-A7; other
# capitals come from the "H" fonts (.VnTimeH), which print the lowercase bytes as capitals.
TCVN3_LETTERS = [
    ("µ¶·¸¹", "àảãáạ"),
    ("¨»¼½¾Æ", "ăằẳẵắặ"),
    ("©ÇÈÉÊË", "âầẩẫấậ"),
    ("ÌÎÏÐÑ", "èẻẽéẹ"),
    ("ªÒÓÔÕÖ", "êềểễếệ"),
    ("×ØÜÝÞ", "ìỉĩíị"),
    ("ßáâãä", "òỏõóọ"),
    ("«åæçèé", "ôồổỗốộ"),
    ("¬êëìíî", "ơờởỡớợ"),
    ("ïñòóô", "ùủũúụ"),
    ("\u00adõö÷øù", "ưừửữứự"),  # ư is byte AD, a soft hyphen in Windows-1252
    ("úûüýþ", "ỳỷỹýỵ"),
    ("®", "đ"),
    ("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ"),
]

# sentences of the corpus, typed as a .VnTime document stores them
TCVN3_SENTENCES = [
    (
        "vËt liÖu næ c«ng nghiÖp, tiÒn chÊt thuèc næ trªn ®Þa bµn tØnh Lµo Cai",
        "vật liệu nổ công nghiệp, tiền chất thuốc nổ trên địa bàn tỉnh Lào Cai",
    ),
    (
        "- Chi trùc tiÕp ng©n s¸ch cho ®¬n vÞ sù nghiÖp c«ng lËp gi¶m so víi n¨m tr\u00adíc liÒn kÒ.",
        "- Chi trực tiếp ngân sách cho đơn vị sự nghiệp công lập giảm so với năm trước liền kề.",
    ),
    (
        "- Thêi gian thùc hiÖn: Tõ th¸ng 11/2025 ®Õn quý I/2026.",
        "- Thời gian thực hiện: Từ tháng 11/2025 đến quý I/2026.",
    ),
    (
        "3. Tæ chøc t\u00ad vÊn lËp b¸o c¸o nghiªn cøu kh¶ thi hoÆc b¸o c¸o kinh tÕ - kü thuËt (nÕu cã):",
        "3. Tổ chức tư vấn lập báo cáo nghiên cứu khả thi hoặc báo cáo kinh tế - kỹ thuật (nếu có):",
    ),
    (
        "b) Cã thÓ giao cho mét Ban qu¶n lý dù ¸n qu¶n lý nhiÒu dù ¸n khi cã ®ñ ®iÒu kiÖn n¨ng lùc.",
        "b) Có thể giao cho một Ban quản lý dự án quản lý nhiều dự án khi có đủ điều kiện năng lực.",
    ),
    (
        "d) Ph¶i b¶o ®¶m x¸c ®Þnh ®\u00adîc tæng møc ®Çu t\u00ad.",
        "d) Phải bảo đảm xác định được tổng mức đầu tư.",
    ),
    (
        "+ PhÝa T©y gi¸p tuyÕn ®\u00adêng quy ho¹ch cã mÆt c¾t ngang B= 15,5m.",
        "+ Phía Tây giáp tuyến đường quy hoạch có mặt cắt ngang B= 15,5m.",
    ),
    (
        "- Hoµn thµnh 100% kÕ ho¹ch ®µo t¹o, båi d\u00adìng cho c¸n bé, c«ng chøc, viªn chøc n¨m 2024.",
        "- Hoàn thành 100% kế hoạch đào tạo, bồi dưỡng cho cán bộ, công chức, viên chức năm 2024.",
    ),
    (
        "- Cã øng dông AI trong viÖc hç trî tra cøu, hái ®¸p th«ng tin liªn quan ®Õn thñ tôc hµnh chÝnh.",
        "- Có ứng dụng AI trong việc hỗ trợ tra cứu, hỏi đáp thông tin liên quan đến thủ tục hành chính.",
    ),
    (
        "- Nh\u00ad trªn; (Ký, ghi râ hä tªn, chøc vô vµ ®ãng dÊu)",
        "- Như trên; (Ký, ghi rõ họ tên, chức vụ và đóng dấu)",
    ),
    (
        "C¨n cø LuËt Qu¶n lý, sö dông vò khÝ, vËt liÖu næ vµ c«ng cô hç trî ngµy 26 th¸ng 8 n¨m 2024;",
        "Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày 26 tháng 8 năm 2024;",
    ),
    ("(4) Ghi râ nhiÖm kú cña H§ND cÊp x·.", "(4) Ghi rõ nhiệm kỳ của HĐND cấp xã."),
    (
        "a) Dù ¸n cã tæng møc ®Çu t\u00ad kh«ng qu¸ 20 tû ®ång;",
        "a) Dự án có tổng mức đầu tư không quá 20 tỷ đồng;",
    ),
    (
        "(KÌm theo QuyÕt ®Þnh sè: /Q§-UBND ngµy th¸ng n¨m 2025 cña Chñ tÞch UBND tØnh Lai Ch©u)",
        "(Kèm theo Quyết định số: /QĐ-UBND ngày tháng năm 2025 của Chủ tịch UBND tỉnh Lai Châu)",
    ),
    (
        "Trong NghÞ ®Þnh nµy, c¸c tõ ng÷ d\u00adíi ®©y ®\u00adîc hiÓu nh\u00ad sau:",
        "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:",
    ),
    ("4.1. Quy ho¹ch tæng mÆt b»ng sö dông ®Êt:", "4.1. Quy hoạch tổng mặt bằng sử dụng đất:"),
    (
        "- C¸c v¨n b¶n, quy ®Þnh, h\u00adíng dÉn, tiªu chuÈn, quy chuÈn liªn quan;",
        "- Các văn bản, quy định, hướng dẫn, tiêu chuẩn, quy chuẩn liên quan;",
    ),
    (
        "XÐt ®Ò nghÞ cña Gi¸m ®èc Së Quy ho¹ch - KiÕn tróc Hµ Néi t¹i Tê tr×nh sè",
        "Xét đề nghị của Giám đốc Sở Quy hoạch - Kiến trúc Hà Nội tại Tờ trình số",
    ),
    (
        "g) Sù phï hîp cña biÖn ph¸p an toµn vËn hµnh, phßng, chèng ch¸y, næ (nÕu cã);",
        "g) Sự phù hợp của biện pháp an toàn vận hành, phòng, chống cháy, nổ (nếu có);",
    ),
    ("- Phèi hîp chÆt chÏ víi Ban Th\u00adêng trùc", "- Phối hợp chặt chẽ với Ban Thường trực"),
]

# VNI-Windows (the VNI-Times fonts) types a vowel, then its marks as one more byte: ø grave,
# ù acute, û hook, õ tilde, ï dot below; â circumflex, á à å ã ä circumflex with a tone; ê breve,
# é è ú ü ë breve with a tone. ô is ơ and ö is ư on their own; ñ is đ; the i's and ỵ are one byte
# each. Capitals take the capital mark bytes (Ø Ù Û Õ Ï, Â Á À Å Ã Ä, Ê É È Ú Ü Ë, Ô Ö Ñ).
VNI_LETTERS = [
    ("aø aû aõ aù aï", "à ả ã á ạ"),
    ("aê aè aú aü aé aë", "ă ằ ẳ ẵ ắ ặ"),
    ("aâ aà aå aã aá aä", "â ầ ẩ ẫ ấ ậ"),
    ("eø eû eõ eù eï", "è ẻ ẽ é ẹ"),
    ("eâ eà eå eã eá eä", "ê ề ể ễ ế ệ"),
    ("ì æ ó í ò", "ì ỉ ĩ í ị"),
    ("oø oû oõ où oï", "ò ỏ õ ó ọ"),
    ("oâ oà oå oã oá oä", "ô ồ ổ ỗ ố ộ"),
    ("ô ôø ôû ôõ ôù ôï", "ơ ờ ở ỡ ớ ợ"),
    ("uø uû uõ uù uï", "ù ủ ũ ú ụ"),
    ("ö öø öû öõ öù öï", "ư ừ ử ữ ứ ự"),
    ("yø yû yõ yù î", "ỳ ỷ ỹ ý ỵ"),
    ("ñ Ñ", "đ Đ"),
    ("AØ AÛ AÕ AÙ AÏ", "À Ả Ã Á Ạ"),
    ("EØ EÛ EÕ EÙ EÏ", "È Ẻ Ẽ É Ẹ"),
    ("OØ OÛ OÕ OÙ OÏ", "Ò Ỏ Õ Ó Ọ"),
    ("UØ UÛ UÕ UÙ UÏ", "Ù Ủ Ũ Ú Ụ"),
    ("YØ YÛ YÕ YÙ Î", "Ỳ Ỷ Ỹ Ý Ỵ"),
    ("AÊ AÈ AÚ AÜ AÉ AË", "Ă Ằ Ẳ Ẵ Ắ Ặ"),
    ("AÂ AÀ AÅ AÃ AÁ AÄ", "Â Ầ Ẩ Ẫ Ấ Ậ"),
    ("EÂ EÀ EÅ EÃ EÁ EÄ", "Ê Ề Ể Ễ Ế Ệ"),
    ("OÂ OÀ OÅ OÃ OÁ OÄ", "Ô Ồ Ổ Ỗ Ố Ộ"),
    ("Ô ÔØ ÔÛ ÔÕ ÔÙ ÔÏ", "Ơ Ờ Ở Ỡ Ớ Ợ"),
    ("Ö ÖØ ÖÛ ÖÕ ÖÙ ÖÏ", "Ư Ừ Ử Ữ Ứ Ự"),
    ("Ì Æ Ó Í Ò", "Ì Ỉ Ĩ Í Ị"),
]

VNI_SENTENCES = [
    (
        "- Phoái hôïp chaët cheõ vôùi Ban Thöôøng tröïc UÛy ban MTTQ Vieät Nam xaõ "
        "tham gia coâng taùc baàu cöû.",
        "- Phối hợp chặt chẽ với Ban Thường trực Ủy ban MTTQ Việt Nam xã tham gia công tác bầu cử.",
    ),
    (
        "I. THOÂNG TIN CHUNG VEÀ DÖÏ AÙN VAØ HOAÏT ÑOÄNG THAÅM ÑÒNH",
        "I. THÔNG TIN CHUNG VỀ DỰ ÁN VÀ HOẠT ĐỘNG THẨM ĐỊNH",
    ),
    (
        "Ñieàu 3. Traùch nhieäm cuûa caùc cô quan lieân quan thi haønh Quyeát ñònh.",
        "Điều 3. Trách nhiệm của các cơ quan liên quan thi hành Quyết định.",
    ),
    (
        "3. Quy trình thöû nghieäm bao goàm toái thieåu caùc böôùc sau:",
        "3. Quy trình thử nghiệm bao gồm tối thiểu các bước sau:",
    ),
    ("4.3. Quy hoaïch heä thoáng haï taàng kyõ thuaät:", "4.3. Quy hoạch hệ thống hạ tầng kỹ thuật:"),
    ("(4) Ghi roõ nhieäm kyø cuûa HÑND caáp xaõ.", "(4) Ghi rõ nhiệm kỳ của HĐND cấp xã."),
    (
        "Caên cöù Luaät Quaûn lyù, söû duïng vuõ khí, vaät lieäu noå vaø coâng cuï hoã trôï "
        "ngaøy 26 thaùng 8 naêm 2024;",
        "Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày 26 tháng 8 năm 2024;",
    ),
    ("4.1. Quy hoaïch toång maët baèng söû duïng ñaát:", "4.1. Quy hoạch tổng mặt bằng sử dụng đất:"),
    (
        "- Caùc vaên baûn, quy ñònh, höôùng daãn, tieâu chuaån, quy chuaån lieân quan;",
        "- Các văn bản, quy định, hướng dẫn, tiêu chuẩn, quy chuẩn liên quan;",
    ),
    (
        "- Hoaøn thaønh 100% keá hoaïch ñaøo taïo, boài döôõng cho caùn boä, coâng chöùc, "
        "vieân chöùc naêm 2024.",
        "- Hoàn thành 100% kế hoạch đào tạo, bồi dưỡng cho cán bộ, công chức, viên chức năm 2024.",
    ),
    (
        "vaät lieäu noå coâng nghieäp, tieàn chaát thuoác noå treân ñòa baøn tænh Laøo Cai",
        "vật liệu nổ công nghiệp, tiền chất thuốc nổ trên địa bàn tỉnh Lào Cai",
    ),
]


@pytest.mark.parametrize("typed, want", TCVN3_LETTERS + TCVN3_SENTENCES)
def test_tcvn3_by_hand(typed, want):
    assert decode_legacy(typed, "tcvn3") == want


@pytest.mark.parametrize("typed, want", VNI_LETTERS + VNI_SENTENCES)
def test_vni_by_hand(typed, want):
    assert decode_legacy(typed, "vni") == want


@pytest.mark.parametrize("typed, want", TCVN3_SENTENCES[:6] + VNI_SENTENCES[2:6])
def test_sentences_are_told_apart_by_their_characters(typed, want):
    encoding = "tcvn3" if (typed, want) in TCVN3_SENTENCES else "vni"
    assert guess_encoding(typed) == encoding and guess_encoding(want) is None


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
