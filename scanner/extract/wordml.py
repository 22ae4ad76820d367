"""Word 2003 XML (WordprocessingML 2003, ``<?mso-application progid="Word.Document"?>``) to
Segments.

The 2003 format is one XML file with the same paragraph, run and table elements as DOCX in
another namespace, so docx.py's paragraph reader reads it (runs joined, hidden and deleted
runs, tables cell by cell). Headers and footers sit in the section properties (w:hdr,
w:ftr); document properties in o:DocumentProperties; document variables in w:docVars.
OA systems save it under a .doc name; Word opens it as a document.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator

from lxml import etree

from scanner.extract.docx import _blocks, _names
from scanner.extract.package import xml_texts
from scanner.model import Extraction, Segment

WORDML_2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
_W = f"{{{WORDML_2003}}}"
_AUX = "http://schemas.microsoft.com/office/word/2003/auxHint"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def extract_wordml(data: bytes) -> Extraction:
    result = Extraction(type="wordml")
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        result.errors.append(f"unreadable Word 2003 XML: {exc}")
        return result
    names = _names(root)
    body = root.find(f"{_W}body")
    if body is None:
        result.errors.append("Word 2003 XML without a w:body")
        return result
    _unwrap_sections(body)
    order = itertools.count(1)
    # Headers and footers live inside w:sectPr, which the body walk passes over.
    sections = [s for s in body.iter(f"{_W}sectPr")]
    result.segments.extend(_blocks(body, names, {}, "body", order))
    title_page = any(s.find(f"{_W}titlePg") is not None for s in sections[:1])
    for section_no, section in enumerate(sections):
        for holder in section.iter(f"{_W}hdr", f"{_W}ftr"):
            part = "header" if holder.tag == f"{_W}hdr" else "footer"
            kind = holder.get(f"{_W}type", "odd")
            first = section_no == 0 and (kind == "first" or (kind == "odd" and not title_page))
            result.segments.extend(_blocks(holder, names, {}, part, order,
                                           fixed_page=1 if first else None))
    for holder in root.iter("{*}DocumentProperties", f"{_W}docVars"):
        for text in xml_texts(holder) + [v for var in holder.iter(f"{_W}docVar")
                                         for v in var.attrib.values()]:
            result.segments.append(_metadata(text, order))
    return result


def _unwrap_sections(body: etree._Element) -> None:
    """Word wraps the body in wx:sect and wx:sub-section (auxiliary hints): their children
    are the document's paragraphs and tables."""
    for wrapper in list(body.iter(f"{{{_AUX}}}sect", f"{{{_AUX}}}sub-section")):
        parent = wrapper.getparent()
        if parent is None:
            continue
        at = parent.index(wrapper)
        for child in list(wrapper):
            parent.insert(at, child)
            at += 1
        parent.remove(wrapper)


def _metadata(text: str, order: Iterator[int]) -> Segment:
    return Segment(text, "metadata", None, 0, order=next(order))
