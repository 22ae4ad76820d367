"""PresentationML (pptx, pptm, WPS dps saved as pptx) to Segments, reading the package parts
with lxml like docx.py.

Parts: slide text is ``body`` with page = slide number (a table on a slide is ``table``); a
hidden slide's text is ``hidden``; speaker notes are ``comment`` — the author's remarks
beside the slide, not shown in the slide show but carried by every copy of the file, like a
reviewer's comment; review comments are ``comment``; document properties are ``metadata``.
"""
from __future__ import annotations

import zipfile

from lxml import etree

from scanner.extract.ooxml import add_segment, embedded_files, parse, rels
from scanner.extract.package import read_package
from scanner.model import Extraction

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def extract_pptx(data: bytes) -> Extraction:
    return read_package(data, "pptx", "ppt/presentation.xml", _read_presentation)


def _read_presentation(zf: zipfile.ZipFile, presentation: str, result: Extraction) -> None:
    pres_rels = rels(zf, presentation)
    slide_ids = parse(zf, presentation).iter(f"{_P}sldId")
    for slide_no, slide_id in enumerate(slide_ids, 1):
        _, name = pres_rels.get(slide_id.get(f"{_R}id", ""), ("", ""))
        if name not in zf.NameToInfo:
            continue
        slide = parse(zf, name)
        hidden = slide.get("show") in ("0", "false")
        for paragraph in slide.iter(f"{_A}p"):
            in_table = next(paragraph.iterancestors(f"{_A}tbl"), None) is not None
            part = "hidden" if hidden else "table" if in_table else "body"
            add_segment(result, _text(paragraph), part, slide_no)
        slide_rels = rels(zf, name)
        for kind, part_name in slide_rels.values():
            if kind in ("notesSlide", "comments") and part_name in zf.NameToInfo:
                part_root = parse(zf, part_name)
                # Notes are DrawingML paragraphs; legacy comments are plain p:text.
                blocks = [_text(p) for p in part_root.iter(f"{_A}p")] or [
                    t.text or "" for t in part_root.iter(f"{_P}text")]
                for block in blocks:
                    add_segment(result, block, "comment", slide_no)
        result.attachments.extend(embedded_files(zf, slide_rels))


def _text(paragraph: etree._Element) -> str:
    return "".join(el.text or "" if el.tag == f"{_A}t" else "\n"
                   for el in paragraph.iter(f"{_A}t", f"{_A}br"))
