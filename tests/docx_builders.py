"""Build DOCX variants of a real document for features the real corpus shows only in other
formats: a letterhead kept in a text box, and citations kept in footnotes. The source is a real
plan from data/raw; only the packaging of its text is changed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _rewrite(src: Path, dst: Path, edit) -> Path:
    with zipfile.ZipFile(src) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    edit(parts)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return dst


def _para(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def letterhead_in_textbox(src: Path, dst: Path) -> Path:
    """Replace the letterhead table by two text boxes (issuer, motto), each written twice as Word
    does: a DrawingML choice and a VML fallback."""
    left = ["UBND TỈNH SÓC TRĂNG", "BAN QUẢN LÝ", "CÁC KHU CÔNG NGHIỆP", "Số: 15/KH-BQL"]
    right = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 20 tháng 12 năm 2023",
    ]

    def box(lines: list[str]) -> str:
        content = (
            "<w:txbxContent>"
            + "".join(_para(x, bold=i < 3) for i, x in enumerate(lines))
            + "</w:txbxContent>"
        )
        return (
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            '<mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="wps">'
            f'<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>{content}</wps:txbx></wps:wsp>'
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            f'<mc:Fallback><w:pict><v:textbox xmlns:v="urn:schemas-microsoft-com:vml">{content}</v:textbox></w:pict></mc:Fallback>'
            "</mc:AlternateContent>"
        )

    def edit(parts: dict[str, bytes]) -> None:
        xml = parts["word/document.xml"].decode("utf-8")
        body = xml.index("<w:body>") + len("<w:body>")
        table_end = xml.index("</w:tbl>", body) + len("</w:tbl>")
        anchor = f"<w:p><w:r>{box(left)}</w:r><w:r>{box(right)}</w:r></w:p>"
        parts["word/document.xml"] = (xml[:body] + anchor + xml[table_end:]).encode("utf-8")

    return _rewrite(src, dst, edit)


FOOTNOTES = [
    "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư.",
    "Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ.",
]


def citations_in_footnotes(src: Path, dst: Path) -> Path:
    """Add two footnotes, referenced from the paragraph "Thực hiện Kế hoạch số 218/KH-UBND …"."""

    def edit(parts: dict[str, bytes]) -> None:
        notes = "".join(
            f'<w:footnote w:id="{i + 1}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {t}</w:t></w:r></w:p></w:footnote>'
            for i, t in enumerate(FOOTNOTES)
        )
        parts["word/footnotes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W_NS}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f"{notes}</w:footnotes>"
        ).encode()
        rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
        rels = rels.replace(
            "</Relationships>",
            '<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
        )
        parts["word/_rels/document.xml.rels"] = rels.encode("utf-8")
        types = parts["[Content_Types].xml"].decode("utf-8")
        types = types.replace(
            "</Types>",
            '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
        )
        parts["[Content_Types].xml"] = types.encode("utf-8")
        xml = parts["word/document.xml"].decode("utf-8")
        m = re.search(r"<w:t(?: [^>]*)?>Thực hiện Kế hoạch", xml)
        end = xml.index("</w:p>", m.start())
        refs = "".join(f'<w:r><w:footnoteReference w:id="{i + 1}"/></w:r>' for i in range(len(FOOTNOTES)))
        parts["word/document.xml"] = (xml[:end] + refs + xml[end:]).encode("utf-8")

    return _rewrite(src, dst, edit)
