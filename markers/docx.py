"""Stamp a DOCX per GB/T 9704-2012: 份号 on line 1, 密级★保密期限 on line 2 of the body.

Works on bytes in, bytes out; the caller does the file handling. Only two paragraphs are
added at the very start of the body (before a leading table, if any) and one package part
(docProps/custom.xml) is written; everything else in the package is left as python-docx
loaded it.
"""
from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from markers.marking import Marking, parse_copy_number, parse_marking_line

MARK_FONT = "黑体"
MARK_HALF_POINTS = 32  # 3号 = 16 pt
# Markings sit in the first lines; a few more paragraphs allow for blank lines above them.
TOP_PARAGRAPHS = 6

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id every user-defined document property carries (MS-OLEPS).
USER_DEFINED_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
PROP_LEVEL, PROP_TERM, PROP_COPY = "baomi.level", "baomi.term", "baomi.copy_number"


class DocxError(Exception):
    """The DOCX cannot be read or stamped."""


def _open(data: bytes) -> docx.document.Document:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise DocxError(f"cannot read DOCX: {exc}") from exc


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _top_paragraphs(body: etree._Element) -> Iterator[etree._Element]:
    """Body paragraphs before the first table, at most TOP_PARAGRAPHS of them."""
    for count, child in enumerate(body):
        if child.tag != qn("w:p") or count >= TOP_PARAGRAPHS:
            return
        yield child


def stamp(data: bytes, marking: Marking, copy_number: str | None, replace: bool) -> tuple[bytes, None]:
    """The document with the marking as its first two lines; ``replace`` drops an old one.

    Returns (bytes, note) like ``markers.pdf.stamp``; a DOCX mark always goes where the standard puts it.
    """
    document = _open(data)
    body = document.element.body
    if replace:
        _remove_top_marking(body)
    lines = (copy_number, marking.text())
    for paragraph in reversed([_mark_paragraph(text) for text in lines]):
        body.insert(0, paragraph)
    _write_custom_properties(document, {
        PROP_LEVEL: marking.level, PROP_TERM: marking.term, PROP_COPY: copy_number,
    })
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), None


def _is_blank(paragraph: etree._Element) -> bool:
    """No text, no picture or object, no section break: safe to drop."""
    if _text(paragraph).strip():
        return False
    return not any(paragraph.iter(qn("w:drawing"), qn("w:pict"), qn("w:object"), qn("w:sectPr")))


def _remove_top_marking(body: etree._Element) -> None:
    """Drop the leading run of blank and marking/份号 paragraphs up to the last marking line.

    Blank lines after the marking stay: they are the author's spacing above the title.
    """
    leading = []
    for paragraph in _top_paragraphs(body):
        text = _text(paragraph)
        is_mark = parse_marking_line(text) is not None or parse_copy_number(text) is not None
        if not (is_mark or _is_blank(paragraph)) or any(paragraph.iter(qn("w:sectPr"))):
            break
        leading.append((paragraph, is_mark))
    last_mark = max((i for i, (_, is_mark) in enumerate(leading) if is_mark), default=-1)
    for paragraph, _ in leading[: last_mark + 1]:
        body.remove(paragraph)


def _run_properties() -> etree._Element:
    """黑体 16 pt for every script, so Word and WPS both render the East-Asian glyphs in 黑体."""
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), MARK_FONT)
    fonts.set(qn("w:hint"), "eastAsia")
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(MARK_HALF_POINTS))
        rpr.append(size)
    return rpr


def _mark_paragraph(text: str | None) -> etree._Element:
    """A flush-left paragraph; an empty one still has a 16 pt mark so line 1 keeps its height."""
    paragraph = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    indent = OxmlElement("w:ind")
    # The *Chars forms override the twip forms in Word and WPS, so zero both.
    for attr in ("w:left", "w:leftChars", "w:firstLine", "w:firstLineChars"):
        indent.set(qn(attr), "0")
    justify = OxmlElement("w:jc")
    justify.set(qn("w:val"), "left")
    for child in (spacing, indent, justify, _run_properties()):
        ppr.append(child)
    paragraph.append(ppr)
    if text:
        run = OxmlElement("w:r")
        run.append(_run_properties())
        text_element = OxmlElement("w:t")
        text_element.text = text
        run.append(text_element)
        paragraph.append(run)
    return paragraph


def _custom_part(document: docx.document.Document) -> Part | None:
    try:
        return document.part.package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return None


def _write_custom_properties(document: docx.document.Document, values: dict[str, str | None]) -> None:
    """Set (or, for None, remove) user-defined properties, keeping all others."""
    part = _custom_part(document)
    root = etree.fromstring(part.blob) if part is not None else etree.Element(
        f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for prop in list(root.iter(f"{{{CUSTOM_NS}}}property")):
        if prop.get("name") in values:
            root.remove(prop)
    # pid 0 and 1 are reserved; user properties are numbered from 2.
    next_pid = max([int(p.get("pid", "1")) for p in root] + [1]) + 1
    for name, value in values.items():
        if value is None:
            continue
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property",
                                fmtid=USER_DEFINED_FMTID, pid=str(next_pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
        next_pid += 1
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is None:
        package = document.part.package
        part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
    else:
        # python-docx loads parts it has no class for as plain Parts holding their bytes.
        part._blob = blob
