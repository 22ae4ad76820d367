"""WordprocessingML (docx, docm, dotx, dotm) to Segments, reading the package parts with lxml.

python-docx is for writing; for reading it is ~18x slower over the same XML and blind to
most places text hides. Text is read paragraph by paragraph with runs joined, so a word
split across runs is whole again.
"""
from __future__ import annotations

import copy
import functools
import itertools
import threading
import zipfile
from collections.abc import Iterator

from lxml import etree

from scanner.extract.ooxml import (
    PackageError, embedded_files, parse, parse_xml, part_key, read_part, rels,
)
from scanner.extract.package import read_package
from scanner.model import Extraction, Segment

# Transitional and Strict (ISO 29500) namespaces name the same elements, and so does Word
# 2003 XML's (wordml.py) for paragraphs, runs and tables.
_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.microsoft.com/office/word/2003/wordml",
)
_R_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

# Roughly one GB/T 9704 page of text (22 lines x 28 characters); used only when the file
# records no page breaks at all, to say which paragraphs surely sit on page 1.
_FIRST_PAGE_CHARS = 616
# Text at 2 pt or less (w:sz counts half-points) cannot be read on the page: "tiny text".
_TINY_HALF_POINTS = 4
# White text is invisible only on a white (or absent) background.
_WHITE = {"FFFFFF", "white"}
_NO_FILL = {None, "auto", "FFFFFF", "none", "white"}

# Run properties (the children of a w:rPr) by element name: _properties.
_Properties = dict[str, etree._Element]


def extract_docx(data: bytes, kind: str = "docx") -> Extraction:
    return read_package(data, kind, "word/document.xml", _extract_package)


def _names(root: etree._Element) -> _Names:
    """Element names in the namespace the document whose root is ``root`` uses (the
    Transitional one where it uses none of _W_NAMESPACES)."""
    ns = etree.QName(root).namespace
    return _names_in(ns if ns in _W_NAMESPACES else _W_NAMESPACES[0])


@functools.cache
def _names_in(w: str) -> _Names:
    """The _Names of namespace ``w``, made once: 0.1 M instructions each time."""
    return _Names(w)


class _Names:
    """Element names in WordprocessingML namespace ``w`` (one of _W_NAMESPACES); read only."""

    def __init__(self, w: str):
        r = _R_NAMESPACES[_W_NAMESPACES.index(w)]
        for tag in ("p", "r", "t", "delText", "tab", "br", "cr", "tbl", "tr", "tc", "sdt",
                    "sdtContent", "customXml", "smartTag", "txbxContent", "rPr", "vanish",
                    "lastRenderedPageBreak", "sectPr", "headerReference", "footerReference",
                    "titlePg", "body", "footnote", "endnote", "comment", "type", "val",
                    "ins", "instrText", "delInstrText", "fldSimple", "instr", "color", "sz",
                    "shd", "fill", "highlight", "rStyle", "pStyle", "pPr", "tcPr", "style",
                    "styleId"):
            setattr(self, tag, f"{{{w}}}{tag}")
        self.rid = f"{{{r}}}id"
        self.fallback = f"{{{_MC}}}Fallback"


def _extract_package(zf: zipfile.ZipFile, main: str, result: Extraction) -> None:
    raw = read_part(zf, main)
    root = parse_xml(raw)
    names = _names(root)
    body = root.find(names.body)
    if body is None:
        raise PackageError(f"not a Word document: {main} has no body")
    main_rels = rels(zf, main)
    order = itertools.count(1)  # the reading position of each segment in the file
    styles = _run_styles(zf, main_rels, names)

    known_pages = b"lastRenderedPageBreak" in raw
    anchored = _anchors(_detach_textboxes(root, names))
    result.segments.extend(_blocks(body, names, styles, "body", order,
                                   page_tracking=known_pages, anchored=anchored))
    # Boxes whose anchor paragraph was not read (none in practice): still read, at the end.
    result.segments.extend(_textbox_segments([b for bs in anchored.values() for b in bs],
                                             names, styles, order))

    first_page_parts = _first_page_header_parts(body, names, main_rels)
    seen: set[str] = set()
    for rel_type in ("header", "footer"):
        for kind, name in main_rels.values():
            if kind != rel_type or name in seen or name not in zf.NameToInfo:
                continue
            seen.add(name)
            part_root = parse(zf, name)
            part_boxes = [box for box, _ in _detach_textboxes(part_root, names)]
            page = 1 if name in first_page_parts else None
            result.segments.extend(_blocks(part_root, names, styles, rel_type, order,
                                           fixed_page=page))
            result.segments.extend(_textbox_segments(part_boxes, names, styles, order, page))

    # Embedded documents and imported chunks are files of their own: scanned in turn.
    result.attachments.extend(embedded_files(zf, main_rels))

    for kind, name in main_rels.values():
        part = {"footnotes": "footnote", "endnotes": "endnote", "comments": "comment"}.get(kind)
        if part and name in zf.NameToInfo:
            part_root = parse(zf, name)
            _detach_textboxes(part_root, names)
            result.segments.extend(_blocks(part_root, names, styles, part, order, notes=True))


def _run_styles(zf: zipfile.ZipFile, main_rels: dict[str, tuple[str, str]],
                names: _Names) -> dict[str, _Properties]:
    """Style id -> its run properties, so a run hidden through its style is seen as hidden.
    ``basedOn`` chains are not followed: the direct style is where hiding is set in practice.

    same-template: the documents of one office come from one template, so the styles part
    of the file before is usually this one, byte for byte; its styles are taken from
    ``_STYLES`` instead of parsing it again (Word's larger templates are 300-400 KB of XML,
    5-10 ms to parse, more than the text of a 10-page document). Keyed by the part as
    stored (ooxml.part_key: inflating it to compare would cost a third of the parse) and the
    namespace read in, so only identical bytes share a result; a part that does not parse
    raises every time.
    """
    out: dict[str, _Properties] = {}
    for kind, name in main_rels.values():
        if kind == "styles" and name in zf.NameToInfo:
            key = (names.style, part_key(zf, name))
            with _STYLES_LOCK:
                styles = _STYLES.get(key)
            if styles is None:
                styles = _parse_styles(parse(zf, name), names)
                with _STYLES_LOCK:
                    if len(_STYLES) >= _STYLES_KEPT:
                        _STYLES.pop(next(iter(_STYLES)))
                    _STYLES[key] = styles
            out.update(styles)
    return out


# Styles parts recently read (namespace and part_key → their styles), oldest first; a few
# templates at a time.
# The lock: baomi serve reads markings in threads of one process.
_STYLES: dict[tuple[object, ...], dict[str, _Properties]] = {}
_STYLES_KEPT = 4
_STYLES_LOCK = threading.Lock()


def _parse_styles(root: etree._Element, names: _Names) -> dict[str, _Properties]:
    """Style id → its run properties, of a copy (the copy lets the parsed part go)."""
    out: dict[str, _Properties] = {}
    for style in root.iter(names.style):
        rpr = style.find(names.rPr)
        if rpr is not None and style.get(names.styleId):
            out[style.get(names.styleId)] = _properties(copy.deepcopy(rpr))
    return out


def _anchors(boxes: list[tuple[etree._Element, etree._Element | None]]
             ) -> dict[etree._Element | None, list[etree._Element]]:
    """Anchor paragraph → the text boxes anchored in it, in document order."""
    out: dict[etree._Element | None, list[etree._Element]] = {}
    for box, anchor in boxes:
        out.setdefault(anchor, []).append(box)
    return out


def _detach_textboxes(root: etree._Element, names: _Names
                      ) -> list[tuple[etree._Element, etree._Element | None]]:
    """Take text box contents out of the tree so they are read once, as their own part;
    each with the paragraph it is anchored in (where it sits on the page).

    DrawingML boxes come with a VML fallback holding the same text: keep one copy.
    """
    boxes = []
    for box in list(root.iter(names.txbxContent)):
        if any(a.tag == names.fallback for a in box.iterancestors()):
            continue
        boxes.append((box, next(box.iterancestors(names.p), None)))
    for box in list(root.iter(names.txbxContent)):
        parent = box.getparent()
        if parent is not None:
            parent.remove(box)
    return boxes


def _textbox_segments(boxes: list[etree._Element], names: _Names,
                      styles: dict[str, _Properties], order: Iterator[int],
                      page: int | None = None) -> Iterator[Segment]:
    for box in boxes:
        yield from _blocks(box, names, styles, "textbox", order, fixed_page=page)


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


def _blocks(container: etree._Element, names: _Names, styles: dict[str, _Properties],
            part: str, order: Iterator[int],
            page_tracking: bool = False, fixed_page: int | None = None,
            notes: bool = False,
            anchored: dict[etree._Element | None, list[etree._Element]] | None = None,
            ) -> list[Segment]:
    """Paragraphs of a part in reading order; table text cell by cell; the text boxes in
    ``anchored`` right after their anchor paragraph (taken out of ``anchored`` once read).
    ``order``: the file's reading position, the next one for each segment."""
    part_index = _PartIndex(container, names)
    out: list[Segment] = []
    page, chars, breaks_seen, index, tables = 1, 0, False, 0, 0
    structure = (names.sdt, names.sdtContent, names.customXml, names.smartTag)
    notes_tags = (names.footnote, names.endnote, names.comment) if notes else ()
    body = part == "body"

    def walk(node: etree._Element, cell: tuple[int, int, int] | None) -> None:
        nonlocal tables
        for child in node:
            tag = child.tag
            if tag == names.p:
                paragraph(child, cell)
            elif tag == names.tbl:
                tables += 1
                table_no = tables
                for row_no, row in enumerate(child.iter(names.tr), 1):
                    # Nested tables are walked from their own cell; skip them here.
                    if _nearest(row, names.tbl) is not child:
                        continue
                    for col_no, tc in enumerate(_children(row, names.tc, names), 1):
                        walk(tc, (table_no, row_no, col_no))
            elif tag in structure or tag in notes_tags:
                if notes and tag in (names.footnote, names.endnote) and child.get(
                        names.type) in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                    continue
                walk(child, cell)

    def paragraph(p: etree._Element, cell: tuple[int, int, int] | None) -> None:
        nonlocal page, chars, breaks_seen, index
        visible, inserted, deleted, hidden, breaks = _paragraph_text(p, part_index, names, styles)
        if not body:
            at = fixed_page
        elif page_tracking:
            at = page
        else:  # without rendered breaks, only the opening text is surely on page 1
            at = 1 if not breaks_seen and chars <= _FIRST_PAGE_CHARS else None
        if breaks:
            breaks_seen = True
            page += breaks
        chars += len(visible) + len(hidden) + 1
        index += 1
        # Inserted text is part of what the document reads (so it stays in ``visible``) and
        # is also reported as ``inserted``: a reviewer sees that the words are a pending change.
        if visible and not visible.isspace():
            out.append(Segment(visible, "table" if cell and body else part, at, index, cell,
                               order=next(order)))
        if inserted or deleted or hidden:
            for text, seg_part in ((inserted, "inserted"), (deleted, "deleted"),
                                   (hidden, "hidden")):
                if text and not text.isspace():
                    out.append(Segment(text, seg_part, at, index, cell, order=next(order)))
        if anchored:
            for box in anchored.pop(p, ()):
                out.extend(_blocks(box, names, styles, "textbox", order, fixed_page=at,
                                   anchored=anchored))

    walk(container, None)
    # walk calls itself through its closure: a cycle that holds the part's tree (and the
    # index's elements) until the cyclic collector runs; broken here, all are freed at once.
    del walk
    return out


# A piece of a paragraph (_PartIndex.pieces): the element, its tag and its parent (the run
# that holds it, for what a run holds), each asked of lxml once.
_Piece = tuple[etree._Element, str, "etree._Element | None"]


class _PartIndex:
    """What _paragraph_text asks of a part, from one walk of it: lxml sets up its tag filter
    on every ``iter`` call (~5 µs for ten tags), and a look through an element's children
    costs ~0.5 µs, both more than the text of a short paragraph.

    ``pieces``: paragraph → what _paragraph_text reads in it (text, deleted text, field
    codes, tabs, breaks, simple fields, rendered page breaks, insertions), in document
    order, as _Piece; an element inside a paragraph nested in another (no valid file has
    one) is in both, as ``p.iter`` gives it. ``run_properties``: element → its first w:rPr
    child. ``styled``: the paragraphs with a w:pStyle in a w:pPr child; any other has no
    style.
    """

    def __init__(self, container: etree._Element, names: _Names):
        self.pieces: dict[etree._Element, list[_Piece]] = {}
        self.run_properties: dict[etree._Element, etree._Element] = {}
        self.styled: set[etree._Element] = set()
        run_properties = self.run_properties
        p_tag, rpr_tag, pstyle_tag, ppr_tag = names.p, names.rPr, names.pStyle, names.pPr
        # The paragraph met last in document order (paragraphs are walked too) and the piece
        # lists of it and of the paragraphs it is nested in, made at its first piece: a
        # piece in a run that is its child (most are) goes there without a look up its
        # ancestors, which costs a tag and a parent asked of lxml for each step.
        current: object = _NOT_YET
        current_lists: list[list[_Piece]] | None = None
        for el in container.iter(p_tag, names.t, names.delText, names.instrText,
                                 names.delInstrText, names.tab, names.br, names.cr,
                                 names.fldSimple, names.lastRenderedPageBreak, names.ins,
                                 rpr_tag, pstyle_tag):
            tag = el.tag
            if tag == p_tag:
                if el is not container:
                    current, current_lists = el, None
                continue
            parent = el.getparent()
            if tag == rpr_tag:
                # Document order: an element's first rPr child comes before any other.
                if parent is not None and parent not in run_properties:
                    run_properties[parent] = el
                continue
            if tag == pstyle_tag:
                if parent is not None and parent.tag == ppr_tag:
                    self.styled.add(parent.getparent())
                continue
            if parent is not None and parent.getparent() is current:
                # Its parent is no paragraph: one would have been met after ``current``.
                if current_lists is None:
                    current_lists = self._lists(current, container, p_tag)
                lists = current_lists
            else:
                holder = parent
                while holder is not None and holder is not container and holder.tag != p_tag:
                    holder = holder.getparent()
                if holder is None or holder is container:
                    continue  # in no paragraph
                lists = self._lists(holder, container, p_tag)
            piece = (el, tag, parent)
            for found in lists:
                found.append(piece)

    def _lists(self, p: etree._Element, container: etree._Element, p_tag: str
               ) -> list[list[_Piece]]:
        """The piece lists of ``p`` and of the paragraphs above it inside ``container``,
        innermost first (made where not yet)."""
        lists = [self.pieces.setdefault(p, [])]
        holder = p.getparent()
        while holder is not None and holder is not container:
            if holder.tag == p_tag:
                lists.append(self.pieces.setdefault(holder, []))
            holder = holder.getparent()
        return lists


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


def _is_on(prop: etree._Element | None, names: _Names) -> bool:
    return prop is not None and prop.get(names.val, "true") not in ("0", "false", "off")


def _properties(rpr: etree._Element) -> _Properties:
    """Run properties (w:rPr) by element name, the first of each (what ``find`` gives):
    one look through the children answers every property asked of them."""
    out: _Properties = {}
    for child in rpr:
        out.setdefault(child.tag, child)
    return out


def _run_holders(rpr: etree._Element | None, paragraph_style: _Properties | None,
                 names: _Names, styles: dict[str, _Properties]) -> list[_Properties]:
    """Where a run's properties come from, first wins: its own (``rpr``, its first w:rPr,
    or None), its character style's, its paragraph style's (``paragraph_style``:
    _paragraph_style; the order Word applies them in)."""
    if rpr is None:
        return [] if paragraph_style is None else [paragraph_style]
    own = _properties(rpr)
    holders = [own]
    character_style = own.get(names.rStyle)
    if character_style is not None:
        found = styles.get(character_style.get(names.val, ""))
        if found is not None:
            holders.append(found)
    if paragraph_style is not None:
        holders.append(paragraph_style)
    return holders


def _paragraph_style(p: etree._Element, names: _Names, styles: dict[str, _Properties]
                     ) -> _Properties | None:
    """The run properties of the paragraph's style, or None."""
    ppr = _child(p, names.pPr)
    if ppr is not None and _child(ppr, names.pStyle) is not None:
        return styles.get(_child(ppr, names.pStyle).get(names.val, ""))
    return None


def _run_property(holders: list[_Properties], tag: str) -> etree._Element | None:
    """The property ``tag`` from the first of ``holders`` that sets it."""
    for props in holders:
        found = props.get(tag)
        if found is not None:
            return found
    return None


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """``element.find(tag)``, the first child named ``tag``: stepping through a few children
    in Python (first child, then each next sibling) costs less than find's path machinery
    or a child iterator (0.3 µs against 2 and 0.8, for each run of a document); an element
    with more children than ``_FEW`` is left to find."""
    count = len(element)
    if count > _FEW:
        return element.find(tag)
    child = element[0] if count else None
    while child is not None:
        if child.tag == tag:
            return child
        child = child.getnext()
    return None


_FEW = 8


def _background_is_white(run: etree._Element, p: etree._Element, names: _Names) -> bool:
    """No fill behind the run: not on the run, its paragraph or its table cell."""
    shadings = []
    for holder in (run.find(names.rPr), p.find(names.pPr)):
        if holder is not None:
            shadings.append(holder.find(names.shd))
    cell = next(p.iterancestors(names.tc), None)
    if cell is not None and cell.find(names.tcPr) is not None:
        shadings.append(cell.find(names.tcPr).find(names.shd))
    if any(shd is not None and shd.get(names.fill) not in _NO_FILL for shd in shadings):
        return False
    rpr = run.find(names.rPr)
    highlight = rpr.find(names.highlight) if rpr is not None else None
    return highlight is None or highlight.get(names.val) in _NO_FILL


def _run_is_hidden(run: etree._Element, p: etree._Element, rpr: etree._Element | None,
                   paragraph_style: _Properties | None, names: _Names,
                   styles: dict[str, _Properties]) -> bool:
    """Hidden (w:vanish), tiny (2 pt or less) or white on white: text nobody sees on the page.
    ``rpr``: the run's first w:rPr, or None."""
    holders = _run_holders(rpr, paragraph_style, names, styles)
    if not holders:  # no properties anywhere: plain visible text
        return False
    if _is_on(_run_property(holders, names.vanish), names):
        return True
    size = _run_property(holders, names.sz)
    if size is not None and size.get(names.val, "").isdigit() and \
            int(size.get(names.val)) <= _TINY_HALF_POINTS:
        return True
    color = _run_property(holders, names.color)
    return color is not None and color.get(names.val) in _WHITE and \
        _background_is_white(run, p, names)


# _paragraph_text: the paragraph style is looked up at the first run that asks; a paragraph
# with nothing to read.
_NOT_YET = object()
_NO_TEXT = ("", "", "", "", 0)


def _paragraph_text(p: etree._Element, index: _PartIndex, names: _Names,
                    styles: dict[str, _Properties]) -> tuple[str, str, str, str, int]:
    """(visible, tracked-inserted, tracked-deleted, hidden) text of one paragraph, runs
    joined, and its page breaks: those Word rendered in it, else those typed in it.
    ``index``: the part's _PartIndex.

    Field instructions (w:instrText, w:fldSimple/@w:instr: MERGEFIELD names, HYPERLINK
    targets, QUOTE text) are in the file but not on the page: ``hidden``, simple fields'
    first. The field's result is ordinary text. One pass over the pieces, text first (most
    of them are).
    """
    pieces = index.pieces.get(p)
    if pieces is None:
        return _NO_TEXT
    if len(pieces) == 1:
        # plain-run: one text in a run without properties, in a paragraph without a style
        # (most paragraphs of many files): shown, not inserted (no w:ins piece), and what
        # the loop below would give, without its lists and dicts.
        el, tag, run = pieces[0]
        if tag == names.t and run is not None and run.tag == names.r and \
                run not in index.run_properties and p not in index.styled:
            return el.text or "", "", "", "", 0
    visible: list[str] = []
    inserted: list[str] = []
    deleted: list[str] = []
    hidden: list[str] = []
    fields: list[str] = []
    rendered = typed = 0
    run_shown: dict[etree._Element | None, bool] = {}
    run_inserted: dict[etree._Element, bool] = {}  # inside a tracked insertion (w:ins)
    # An insertion wraps its runs, so it comes before them in the walk: until one is seen,
    # no run is inside one.
    insertions = False
    paragraph_style: _Properties | None | object = _NOT_YET
    run_tag, t_tag = names.r, names.t
    run_properties = index.run_properties
    for el, tag, run in pieces:
        if tag == t_tag:
            piece = el.text or ""
        elif tag == names.tab:
            piece = "\t"
        elif tag == names.br or tag == names.cr:
            if tag == names.br and el.get(names.type) == "page":
                typed += 1
            piece = "\n"
        elif tag == names.ins:
            insertions = True
            continue
        elif tag == names.fldSimple:
            fields.append(f" {el.get(names.instr, '')} ")
            continue
        elif tag == names.lastRenderedPageBreak:
            rendered += 1
            continue
        else:  # field code, deleted text or deleted field code: read where in a run
            if run is not None and run.tag == run_tag:
                if tag == names.instrText:
                    hidden.append(f" {el.text or ''} ")
                else:
                    deleted.append(el.text or "")
            continue
        shown = run_shown.get(run)
        if shown is None:
            if run is None or run.tag != run_tag:
                continue  # w:tab inside w:tabs is a tab stop, not a character
            if paragraph_style is _NOT_YET:
                paragraph_style = _paragraph_style(p, names, styles) if p in index.styled \
                    else None
            rpr = run_properties.get(run)
            # No properties anywhere (_run_holders gives none): plain visible text.
            shown = run_shown[run] = (rpr is None and paragraph_style is None) or \
                not _run_is_hidden(run, p, rpr, paragraph_style, names, styles)
        if not shown:
            hidden.append(piece)
            continue
        visible.append(piece)
        if insertions:
            if run not in run_inserted:
                run_inserted[run] = next(run.iterancestors(names.ins, names.p), p).tag == names.ins
            if run_inserted[run]:
                inserted.append(piece)
    return ("".join(visible), "".join(inserted), "".join(deleted), "".join(fields + hidden),
            rendered or typed)
