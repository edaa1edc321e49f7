"""DOCX → Document: python-docx opens the package, the XML is read directly where it stops.

What python-docx does not give and this module adds: the body order of paragraphs and tables,
Word auto-numbering labels (`numbering.py`), merged cells as one cell with spans, text boxes
(read once: the VML fallback copy is skipped), footnotes placed after the paragraph that cites
them, and header/footer text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ..errors import RefusedFile
from ..normalizers.labels import classify_label, split_label
from ..normalizers.legacy import decode_legacy, encoding_of_font, guess_encoding, is_capitals_font
from ..normalizers.text import clean_text, is_upper
from .layout import layout_blocks, starts_body
from .model import Block, BlockKind, Cell, Document, Provenance, SourceFormat, Table
from .numbering import Numbering, w, wval

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TRUE = {None, "1", "true", "on"}


def _on(el: etree._Element | None) -> bool | None:
    """A w:b / w:i toggle: None when absent, else its value."""
    if el is None:
        return None
    return wval(el) in _TRUE


class _Styles:
    """Paragraph-style properties that matter here: bold, italic, numbering, followed through basedOn."""

    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_font: str | None = None
        if root is None:
            return
        self.default_font = _font_of(root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}"))
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"))
            self.styles[sid] = st
            if st.get(w("type")) == "paragraph" and st.get(w("default")) in ("1", "true"):
                self.default_para = sid

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            st = self.styles[sid]
            yield st
            sid = wval(st.find(w("basedOn")))

    def run_toggle(self, sid: str | None, tag: str) -> bool:
        for st in self._chain(sid or self.default_para):
            v = _on(st.find(f"{w('rPr')}/{w(tag)}"))
            if v is not None:
                return v
        return False

    def numbering(self, sid: str | None) -> tuple[str, int] | None:
        for st in self._chain(sid):
            num_pr = st.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None:
                num_id = wval(num_pr.find(w("numId")))
                if num_id:
                    return num_id, int(wval(num_pr.find(w("ilvl")), "0") or 0)
        return None

    def font(self, sid: str | None) -> str | None:
        for st in self._chain(sid or self.default_para):
            name = _font_of(st.find(w("rPr")))
            if name:
                return name
        return self.default_font

    def size(self, sid: str | None) -> float | None:
        for st in self._chain(sid or self.default_para):
            sz = st.find(f"{w('rPr')}/{w('sz')}")
            value = wval(sz) if sz is not None else None
            if value:
                return int(value) / 2
        return None


# Parts we parse ourselves: no entity is ever resolved (no file of the machine can be pulled in),
# no network, no huge trees (python-docx's own parser also leaves entities unresolved).
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _font_of(rpr: etree._Element | None) -> str | None:
    """The font a run's properties name (the one used for Latin text, which legacy fonts fill)."""
    fonts = rpr.find(w("rFonts")) if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(w("ascii")) or fonts.get(w("hAnsi")) or fonts.get(w("cs"))


def _inside(el: etree._Element, tags: tuple[str, ...], stop: etree._Element | None = None) -> bool:
    """Whether `el` sits inside one of `tags`, looking up no further than `stop`."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


_SKIP_INSIDE = (w("txbxContent"), f"{{{MC}}}Fallback", w("del"))


class _Reader:
    def __init__(self, document: docx.document.Document):
        part = document.part
        self.styles = _Styles(part.styles.element if part._styles_part is not None else None)
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_root = None
        self.numbering = Numbering(numbering_root)
        self.part = part
        self.legacy = guess_encoding(_all_text(document.element.body))  # when no font names it
        self.blocks: list[Block] = []
        self.footnotes = self._notes(RT.FOOTNOTES, "footnote")

    # -- parts --------------------------------------------------------------------------
    def _related_root(self, reltype: str) -> list[etree._Element]:
        roots = []
        for rel in self.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                roots.append(etree.fromstring(rel.target_part.blob, SAFE_XML))
        return roots

    def _notes(self, reltype: str, tag: str) -> dict[str, etree._Element]:
        notes = {}
        for root in self._related_root(reltype):
            for note in root.iter(w(tag)):
                if note.get(w("type")) in (None, "normal"):
                    notes[note.get(w("id"))] = note
        return notes

    # -- paragraphs ---------------------------------------------------------------------
    def _runs_text(self, p: etree._Element) -> tuple[str, bool, bool, float | None]:
        """Text of a paragraph (text boxes and deleted text left out), all-bold, all-italic, size."""
        raw, bold, italic, size, _ = self._runs(p)
        return raw, bold, italic, size

    def _runs(self, p: etree._Element) -> tuple[str, bool, bool, float | None, str | None]:
        """`_runs_text` and the bold text the paragraph opens with when the rest is not bold (a run-in
        heading: "Sở Tư pháp: Lồng ghép tuyên truyền …")."""
        style = wval(p.find(f"{w('pPr')}/{w('pStyle')}"))
        pieces: list[str] = []
        bold_chars = italic_chars = total = 0
        lead_end: int | None = None  # length of the opening bold text, once a plain run ends it
        sizes: dict[float, int] = {}
        for r in p.iter(w("r")):
            if _inside(r, _SKIP_INSIDE, stop=p):
                continue
            rpr = r.find(w("rPr"))
            rstyle = wval(rpr.find(w("rStyle"))) if rpr is not None else None
            b = _on(rpr.find(w("b"))) if rpr is not None else None
            i = _on(rpr.find(w("i"))) if rpr is not None else None
            if b is None:
                b = self.styles.run_toggle(rstyle, "b") if rstyle else self.styles.run_toggle(style, "b")
            if i is None:
                i = self.styles.run_toggle(rstyle, "i") if rstyle else self.styles.run_toggle(style, "i")
            sz_el = rpr.find(w("sz")) if rpr is not None else None
            sz_value = wval(sz_el) if sz_el is not None else None
            size = (
                int(sz_value) / 2 if sz_value is not None and sz_value.isdigit() else self.styles.size(style)
            )
            text = []
            for child in r:
                if child.tag == w("t"):
                    text.append(child.text or "")
                elif child.tag == w("tab"):
                    text.append("\t")
                elif child.tag in (w("br"), w("cr")):
                    text.append("\n")
                elif child.tag == w("noBreakHyphen"):
                    text.append("-")
                elif child.tag == w("sym"):
                    code = child.get(w("char"))
                    if code:
                        text.append(chr(int(code, 16)))
            font = _font_of(rpr) or self.styles.font(rstyle or style)
            chunk = decode_legacy(
                "".join(text), encoding_of_font(font) or self.legacy, is_capitals_font(font)
            )
            n = len(chunk.strip())
            total += n
            if b:
                bold_chars += n
            elif n and lead_end is None:
                lead_end = len("".join(pieces))
            if i:
                italic_chars += n
            if size and n:
                sizes[size] = sizes.get(size, 0) + n
            pieces.append(chunk)
        size = max(sizes, key=lambda s: sizes[s]) if sizes else None
        raw = "".join(pieces)
        lead = clean_text(raw[:lead_end]) if lead_end else None
        return raw, total > 0 and bold_chars == total, total > 0 and italic_chars == total, size, lead or None

    def _label(self, p: etree._Element) -> str | None:
        ppr = p.find(w("pPr"))
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        found = None
        if num_pr is not None:
            num_id = wval(num_pr.find(w("numId")))
            if num_id:
                found = (num_id, int(wval(num_pr.find(w("ilvl")), "0") or 0))
        else:
            found = self.styles.numbering(wval(ppr.find(w("pStyle"))) if ppr is not None else None)
        if not found:
            return None
        label = self.numbering.label_for(*found)
        return clean_text(label) if label else None

    def paragraph(self, p: etree._Element, index: int, part: str = "body") -> Block | None:
        raw, bold, italic, size, bold_lead = self._runs(p)
        auto = self._label(p)
        text = clean_text(raw, keep_newlines=True).replace("\n", " ") if "\n" in raw else clean_text(raw)
        if not text:
            return None
        label_str = None
        if auto:
            label_str = auto
        else:
            label, rest = split_label(text)
            if label is not None:
                label_str, text = label.printed, rest
                if bold_lead:  # the label typed in bold is not part of the run-in heading
                    bold_lead = split_label(bold_lead)[1] or None
        ppr = p.find(w("pPr"))
        jc = wval(ppr.find(w("jc"))) if ppr is not None else None
        kind: BlockKind = (
            "list_item" if label_str and (auto is None or classify_label(auto) is not None) else "paragraph"
        )
        return Block(
            kind=kind,
            text=text,
            provenance=Provenance(paragraph=index, part=part),
            label=label_str,
            bold=bold,
            italic=italic,
            upper=is_upper(text),
            size=size,
            centered=jc == "center",
            bold_lead=None if bold else bold_lead,
        )

    def _textboxes(self, p: etree._Element, index: int) -> list[Block]:
        out = []
        for box in p.iter(w("txbxContent")):
            if _inside(box, (f"{{{MC}}}Fallback",)):
                continue
            for inner in box.iter(w("p")):
                if _inside(inner, (w("tbl"),)) and not _inside(box, (w("tbl"),)):
                    continue
                b = self.paragraph(inner, index, part="textbox")
                if b:
                    out.append(b)
        return out

    def _footnote_blocks(self, p: etree._Element, index: int) -> list[Block]:
        out = []
        for ref in p.iter(w("footnoteReference")):
            note = self.footnotes.get(ref.get(w("id")))
            if note is None:
                continue
            text = " ".join(filter(None, (clean_text(self._runs_text(q)[0]) for q in note.iter(w("p")))))
            if text:
                out.append(
                    Block(
                        kind="footnote",
                        text=text,
                        provenance=Provenance(paragraph=index, part="footnote"),
                        label=ref.get(w("id")),
                    )
                )
        return out

    # -- tables -------------------------------------------------------------------------
    def _cell_text(self, tc: etree._Element) -> tuple[str, bool]:
        lines, bolds = [], []
        for p in tc.iter(w("p")):
            raw, bold, _, _ = self._runs_text(p)
            auto = self._label(p)
            text = clean_text(raw, keep_newlines=True)
            if auto:  # a cell's auto-numbered items ("- Kế hoạch") keep their printed label
                text = f"{auto} {text}".strip()  # a numbered empty paragraph: the row's "TT" number
            if not text:
                continue
            lines.append(text)
            bolds.append(bold)
        return "\n".join(lines), bool(bolds) and all(bolds)

    def table(self, tbl: etree._Element, index: int) -> Block:
        cells: list[Cell] = []
        open_merges: dict[int, Cell] = {}  # grid column → cell still growing downwards
        n_cols = 0
        rows = [tr for tr in tbl.findall(w("tr"))]
        for r, tr in enumerate(rows):
            col = 0
            before = tr.find(f"{w('trPr')}/{w('gridBefore')}")
            if before is not None:
                col += int(wval(before, "0") or 0)
            for tc in tr.findall(w("tc")):
                tcpr = tc.find(w("tcPr"))
                span = int(wval(tcpr.find(w("gridSpan")), "1") or 1) if tcpr is not None else 1
                vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
                if vmerge is not None and wval(vmerge) in (None, "continue") and col in open_merges:
                    open_merges[col].rowspan += 1
                else:
                    text, bold = self._cell_text(tc)
                    cell = Cell(text=text, row=r, col=col, colspan=span, bold=bold)
                    cells.append(cell)
                    for c in range(col, col + span):
                        open_merges.pop(c, None)
                    if vmerge is not None and wval(vmerge) == "restart":
                        open_merges[col] = cell
                col += span
            n_cols = max(n_cols, col)
        return Block(
            kind="table",
            text="",
            provenance=Provenance(paragraph=index),
            table=Table(cells=cells, n_rows=len(rows), n_cols=n_cols),
        )

    # -- document -----------------------------------------------------------------------
    def body(self, body: etree._Element) -> None:
        index = 0
        body_started = False
        for el in body.iterchildren():
            if el.tag == w("sdt"):  # content controls wrap ordinary paragraphs and tables
                content = el.find(w("sdtContent"))
                children = list(content) if content is not None else []
            else:
                children = [el]
            for child in children:
                if child.tag == w("p"):
                    self.blocks.extend(self._textboxes(child, index))
                    b = self.paragraph(child, index)
                    if b:
                        self.blocks.append(b)
                        body_started = body_started or starts_body(b)
                    self.blocks.extend(self._footnote_blocks(child, index))
                elif child.tag == w("tbl"):
                    for p in child.iter(w("p")):
                        self.blocks.extend(self._textboxes(p, index))
                    self.blocks.extend(layout_blocks(self.table(child, index), body_started))
                index += 1

    def furniture(self) -> None:
        """Header and footer text (page numbers alone are left out: they carry nothing)."""
        seen = set()
        for reltype, part in ((RT.HEADER, "header"), (RT.FOOTER, "footer")):
            for root in self._related_root(reltype):
                for i, p in enumerate(root.iter(w("p"))):
                    text = clean_text(self._runs_text(p)[0])
                    if text and not text.isdigit() and (part, text) not in seen:
                        seen.add((part, text))
                        self.blocks.append(
                            Block(
                                kind="page_furniture",
                                text=text,
                                provenance=Provenance(paragraph=i, part=part),
                            )
                        )


def _all_text(body: etree._Element) -> str:
    return "".join(t.text or "" for t in body.iter(w("t")))[:20000]


MAX_PART_BYTES = 256 * 1024 * 1024  # a real document.xml is a few MB; gigabytes are a zip bomb
MAX_RATIO = 200  # compression ratio beyond which a part is refused


def check_zip(path: str | Path) -> None:
    """Refuse a DOCX whose parts declare (or, read in chunks, turn out to have) absurd sizes."""
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.file_size > MAX_PART_BYTES or (
                info.compress_size
                and info.file_size / info.compress_size > MAX_RATIO
                and info.file_size > 10 * 1024 * 1024
            ):
                raise RefusedFile(
                    code="docx.zip_bomb",
                    message=f"its part {info.filename} would expand to {info.file_size / 1024**2:.0f} MB "
                    "(a zip bomb?); refused",
                )
            if info.filename.endswith(".xml"):
                read = 0
                with z.open(info) as part:
                    while chunk := part.read(1 << 20):
                        read += len(chunk)
                        if read > MAX_PART_BYTES:
                            raise RefusedFile(
                                code="docx.zip_bomb",
                                message=f"its part {info.filename} expands past "
                                f"{MAX_PART_BYTES // 1024**2} MB (a zip bomb?); refused",
                            )


def extract_docx(path: str | Path, source_format: SourceFormat = "docx") -> Document:
    """Read a .docx file into the document model (macro parts are never run: only XML is read)."""
    check_zip(path)
    try:
        document = docx.Document(str(path))
    except etree.XMLSyntaxError as exc:
        # libxml2 stops a "billion laughs" document itself; say so in words, not in its jargon
        if "amplification" in str(exc) or "entity" in str(exc).lower():
            raise RefusedFile(
                code="docx.entity_bomb",
                message=(
                    "its XML declares entities that expand without bound (an entity expansion bomb); refused"
                ),
            ) from exc
        raise
    reader = _Reader(document)
    reader.body(document.element.body)
    reader.furniture()
    pages = None
    try:
        app = document.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
        node = etree.fromstring(app.blob, SAFE_XML).find(
            "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Pages"
        )
        pages = int(node.text) if node is not None and node.text and node.text.isdigit() else None
    except (KeyError, etree.XMLSyntaxError, ValueError):
        pages = None
    return Document(source_path=str(path), source_format=source_format, blocks=reader.blocks, pages=pages)
