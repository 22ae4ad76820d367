"""WordprocessingML (docx, docm, dotx, dotm) to Segments, reading the package parts with lxml.

python-docx is for writing; for reading it is ~18x slower over the same XML and blind to
most places text hides. Text is read paragraph by paragraph with runs joined, so a word
split across runs is whole again.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator

from lxml import etree

from scanner.model import Attachment, Extraction, Segment

# Transitional and Strict (ISO 29500) namespaces name the same elements.
_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_R_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

MAX_PART_BYTES = 256 * 1024 * 1024
# Roughly one GB/T 9704 page of text (22 lines x 28 characters); used only when the file
# records no page breaks at all, to say which paragraphs surely sit on page 1.
_FIRST_PAGE_CHARS = 616

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)


class DocxError(Exception):
    pass


def extract_docx(data: bytes, kind: str = "docx") -> Extraction:
    result = Extraction(type=kind)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        result.errors.append(f"corrupt {kind}: not a readable zip package ({exc})")
        return result
    with zf:
        try:
            main = _main_part(zf)
            _extract_package(zf, main, result)
        except DocxError as exc:
            result.errors.append(str(exc))
        except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError,
                RuntimeError, ValueError, EOFError, zipfile.LargeZipFile) as exc:
            result.errors.append(f"corrupt {kind}: {type(exc).__name__}: {exc}")
    return result


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise DocxError(f"part {name} is {info.file_size} bytes uncompressed, over the limit")
    return zf.read(info)


def _parse(zf: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(_read_part(zf, name), _PARSER)


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, target part name) for ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    out = {}
    for rel in _parse(zf, rels_name).iter(f"{{{_PKG_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
    return out


def _main_part(zf: zipfile.ZipFile) -> str:
    for rel_type, name in _rels(zf, "").values():
        if rel_type == "officeDocument" and name in zf.NameToInfo:
            return name
    if "word/document.xml" in zf.NameToInfo:
        return "word/document.xml"
    raise DocxError("not a Word document: the package has no main document part")


class _Names:
    """Element names in the namespace this document uses."""

    def __init__(self, root: etree._Element):
        ns = etree.QName(root).namespace
        w = ns if ns in _W_NAMESPACES else _W_NAMESPACES[0]
        r = _R_NAMESPACES[_W_NAMESPACES.index(w)]
        for tag in ("p", "r", "t", "delText", "tab", "br", "cr", "tbl", "tr", "tc", "sdt",
                    "sdtContent", "customXml", "smartTag", "txbxContent", "rPr", "vanish",
                    "lastRenderedPageBreak", "sectPr", "headerReference", "footerReference",
                    "titlePg", "body", "footnote", "endnote", "comment", "type", "val"):
            setattr(self, tag, f"{{{w}}}{tag}")
        self.rid = f"{{{r}}}id"
        self.fallback = f"{{{_MC}}}Fallback"


def _extract_package(zf: zipfile.ZipFile, main: str, result: Extraction) -> None:
    root = _parse(zf, main)
    names = _Names(root)
    body = root.find(names.body)
    if body is None:
        raise DocxError(f"not a Word document: {main} has no body")
    rels = _rels(zf, main)
    order = _Counter()

    known_pages = b"lastRenderedPageBreak" in _read_part(zf, main)
    textboxes = _detach_textboxes(root, names)
    result.segments.extend(_blocks(body, names, "body", order, page_tracking=known_pages))
    result.segments.extend(_textbox_segments(textboxes, names, order))

    first_page_parts = _first_page_header_parts(body, names, rels)
    seen: set[str] = set()
    for rel_type in ("header", "footer"):
        for rel_id, (kind, name) in rels.items():
            if kind != rel_type or name in seen or name not in zf.NameToInfo:
                continue
            seen.add(name)
            part_root = _parse(zf, name)
            part_boxes = _detach_textboxes(part_root, names)
            page = 1 if name in first_page_parts else None
            for seg in _blocks(part_root, names, rel_type, order, fixed_page=page):
                result.segments.append(seg)
            result.segments.extend(_textbox_segments(part_boxes, names, order, page=page))

    # Embedded documents and imported chunks are files of their own: scanned in turn.
    for kind, name in rels.values():
        if kind in ("package", "oleObject", "aFChunk") and name in zf.NameToInfo:
            result.attachments.append(Attachment(name, _read_part(zf, name)))

    for kind, name in rels.values():
        part = {"footnotes": "footnote", "endnotes": "endnote", "comments": "comment"}.get(kind)
        if part and name in zf.NameToInfo:
            part_root = _parse(zf, name)
            _detach_textboxes(part_root, names)
            result.segments.extend(_blocks(part_root, names, part, order, notes=True))


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _detach_textboxes(root: etree._Element, names: _Names) -> list[etree._Element]:
    """Take text box contents out of the tree so they are read once, as their own part.

    DrawingML boxes come with a VML fallback holding the same text: keep one copy.
    """
    boxes = []
    for box in list(root.iter(names.txbxContent)):
        if any(a.tag == names.fallback for a in box.iterancestors()):
            continue
        boxes.append(box)
    for box in list(root.iter(names.txbxContent)):
        parent = box.getparent()
        if parent is not None:
            parent.remove(box)
    return boxes


def _textbox_segments(boxes: list[etree._Element], names: _Names, order: _Counter,
                      page: int | None = None) -> Iterator[Segment]:
    for box in boxes:
        yield from _blocks(box, names, "textbox", order, fixed_page=page)


def _first_page_header_parts(body: etree._Element, names: _Names,
                             rels: dict[str, tuple[str, str]]) -> set[str]:
    """Header/footer parts shown on page 1: section 1's first-page ones, else its defaults."""
    sect = next(body.iter(names.sectPr), None)
    if sect is None:
        return set()
    wanted = "first" if sect.find(names.titlePg) is not None else "default"
    parts = set()
    for ref in (*sect.iter(names.headerReference), *sect.iter(names.footerReference)):
        if ref.get(names.type, "default") == wanted and ref.get(names.rid) in rels:
            parts.add(rels[ref.get(names.rid)][1])
    return parts


def _blocks(container: etree._Element, names: _Names, part: str, order: _Counter,
            page_tracking: bool = False, fixed_page: int | None = None,
            notes: bool = False) -> Iterator[Segment]:
    """Paragraphs of a part in reading order; table text cell by cell."""
    state = {"page": 1, "chars": 0, "breaks": False, "index": 0, "tables": 0}

    def page_now() -> int | None:
        if part != "body":
            return fixed_page
        if page_tracking:
            return state["page"]
        # Without rendered breaks, only the opening text is surely on page 1.
        if not state["breaks"] and state["chars"] <= _FIRST_PAGE_CHARS:
            return 1
        return None

    def walk(node: etree._Element, cell: tuple[int, int, int] | None) -> Iterator[Segment]:
        for child in node:
            tag = child.tag
            if tag == names.p:
                yield from paragraph(child, cell)
            elif tag == names.tbl:
                state["tables"] += 1
                table_no = state["tables"]
                for row_no, row in enumerate(child.iter(names.tr), 1):
                    # Nested tables are walked from their own cell; skip them here.
                    if _nearest(row, names.tbl) is not child:
                        continue
                    for col_no, tc in enumerate(_children(row, names.tc, names), 1):
                        yield from walk(tc, (table_no, row_no, col_no))
            elif tag in (names.sdt, names.sdtContent, names.customXml, names.smartTag) or (
                    notes and tag in (names.footnote, names.endnote, names.comment)):
                if notes and tag in (names.footnote, names.endnote) and child.get(
                        names.type) in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                    continue
                yield from walk(child, cell)

    def paragraph(p: etree._Element, cell: tuple[int, int, int] | None) -> Iterator[Segment]:
        visible, deleted, hidden = _paragraph_text(p, names)
        page = page_now()
        breaks = _page_breaks(p, names)
        if breaks:
            state["breaks"] = True
            state["page"] += breaks
        state["chars"] += len(visible) + len(hidden) + 1
        state["index"] += 1
        where = "table" if cell and part == "body" else part
        for text, seg_part in ((visible, where), (deleted, "deleted"), (hidden, "hidden")):
            if text.strip():
                yield Segment(text=text, part=seg_part, page=page, index=state["index"],
                              cell=cell, order=order.next())

    yield from walk(container, None)


def _children(row: etree._Element, tag: str, names: _Names) -> Iterator[etree._Element]:
    """Cells of a row, including those wrapped in content controls."""
    for child in row:
        if child.tag == tag:
            yield child
        elif child.tag in (names.sdt, names.sdtContent, names.customXml):
            yield from _children(child, tag, names)


def _nearest(node: etree._Element, tag: str) -> etree._Element | None:
    for anc in node.iterancestors(tag):
        return anc
    return None


def _page_breaks(p: etree._Element, names: _Names) -> int:
    count = sum(1 for _ in p.iter(names.lastRenderedPageBreak))
    if count == 0:
        count = sum(1 for br in p.iter(names.br) if br.get(names.type) == "page")
    return count


def _is_on(prop: etree._Element | None, names: _Names) -> bool:
    return prop is not None and prop.get(names.val, "true") not in ("0", "false", "off")


def _paragraph_text(p: etree._Element, names: _Names) -> tuple[str, str, str]:
    """(visible, tracked-deleted, hidden) text of one paragraph, runs joined."""
    visible: list[str] = []
    deleted: list[str] = []
    hidden: list[str] = []
    run_hidden: dict[etree._Element, bool] = {}
    for el in p.iter(names.t, names.delText, names.tab, names.br, names.cr):
        run = el.getparent()
        if run is None or run.tag != names.r:
            continue  # w:tab inside w:tabs is a tab stop, not a character
        if run not in run_hidden:
            rpr = run.find(names.rPr)
            run_hidden[run] = _is_on(rpr.find(names.vanish) if rpr is not None else None, names)
        if el.tag == names.delText:
            target = deleted
        elif run_hidden[run]:
            target = hidden
        else:
            target = visible
        if el.tag in (names.t, names.delText):
            target.append(el.text or "")
        elif el.tag == names.tab:
            target.append("\t")
        else:
            target.append("\n")
    return "".join(visible), "".join(deleted), "".join(hidden)
