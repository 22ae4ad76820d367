"""HTML to Segments: the text a browser shows, block by block, plus what it hides.

Comments, <meta> content, alt/title attributes and hidden elements are downloaded with the
page and readable by anyone, so they are read too.
"""
from __future__ import annotations

import re

from lxml import etree, html

from scanner.extract.text import decode_text, paragraphs
from scanner.model import Extraction

_BLOCK_TAGS = {"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "title",
               "blockquote", "pre", "section", "article", "header", "footer", "tr", "dt",
               "dd", "caption", "figcaption", "address", "br"}
# Code, not text. <noscript> and <template> are text a normal browser does not show: hidden.
_SKIP_TAGS = {"script", "style"}
_UNSHOWN_TAGS = {"noscript", "template"}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
# lxml refuses a str that still carries <?xml … encoding="…"?>; the text is decoded already.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def extract_html(data: bytes) -> Extraction:
    result = Extraction(type="html")
    declared = _DECLARED_CHARSET.search(data[:4096])
    text, encoding = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    if text is None:
        result.errors.append(f"HTML in an unknown encoding (tried {encoding})")
        return result
    try:
        root = html.document_fromstring(_XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError) as exc:
        result.errors.append(f"unreadable HTML: {exc}")
        return result
    extras: list[tuple[str, str]] = []
    for node in root.iter(etree.Comment):
        if node.text and node.text.strip():
            extras.append(("hidden", node.text))
    for meta in root.iter("meta"):
        if meta.get("content") and (meta.get("name") or meta.get("property")):
            extras.append(("metadata", meta.get("content")))
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for attr in ("alt", "title"):
            if node.get(attr):
                extras.append(("metadata", node.get(attr)))
        if node.tag == "input" and node.get("type", "").lower() == "hidden" and node.get("value"):
            extras.append(("hidden", node.get("value")))
    order = 0
    index = {"body": 0, "table": 0, "hidden": 0, "metadata": 0}
    blocks = _text_blocks(root) + [(part, content, None) for part, content in extras]
    for part, content, cell in blocks:
        for seg in paragraphs(content, part):
            order += 1
            index[part] += 1
            seg.index, seg.order, seg.cell = index[part], order, cell
            result.segments.append(seg)
    return result


def _is_hidden(node) -> bool:
    return node.tag in _UNSHOWN_TAGS or node.get("hidden") is not None or \
        bool(_HIDDEN_STYLE.search(node.get("style") or ""))


def _text_blocks(root) -> list[tuple[str, str, tuple[int, int, int] | None]]:
    """(part, text, cell) per block element, in document order; hidden elements give
    'hidden', the <title> 'metadata'; a shown table cell (<td>, <th>) gives 'table' with its
    (table, row, column), numbered from 1 as a Word table's cells are, so a duty in a row is
    read with the role heading that row whatever the format."""
    out: list[tuple[str, str, tuple[int, int, int] | None]] = []
    buf: list[tuple[bool, str]] = []
    tables = 0
    # [table number, rows seen, cells seen in the current row] of each open <table>.
    open_tables: list[list[int]] = []
    # The cell each open <td>/<th> is: blocks inside a cell (<td><p>…</p></td>, as Word's
    # HTML writes) are that cell's text.
    cells: list[tuple[int, int, int]] = []

    def flush(shown: str = "body") -> None:
        cell = cells[-1] if cells and shown == "body" else None
        for hidden, part in ((False, "table" if cell else shown), (True, "hidden")):
            text = " ".join("".join(t for h, t in buf if h == hidden).split())
            if text:
                out.append((part, text, None if hidden else cell))
        buf.clear()

    def walk(node, hidden: bool) -> None:
        nonlocal tables
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            return
        hidden = hidden or _is_hidden(node)
        block = node.tag in _BLOCK_TAGS
        if block:
            flush()
        is_cell = node.tag in ("td", "th") and bool(open_tables) and open_tables[-1][1] > 0
        if node.tag == "table":
            tables += 1
            open_tables.append([tables, 0, 0])
        elif node.tag == "tr" and open_tables:
            open_tables[-1][1] += 1
            open_tables[-1][2] = 0
        elif is_cell:
            open_tables[-1][2] += 1
            cells.append((open_tables[-1][0], open_tables[-1][1], open_tables[-1][2]))
        if node.text:
            buf.append((hidden, node.text))
        for child in node:
            walk(child, hidden)
            if child.tail:
                buf.append((hidden, child.tail))
        if block:
            # The <title> is shown on the tab, not the page: metadata, as a DOCX's or
            # a PDF's title is (read as body, a page's title counted twice).
            flush("metadata" if node.tag == "title" else "body")
        if is_cell:
            cells.pop()
        elif node.tag == "table":
            flush()
            open_tables.pop()

    walk(root, False)
    flush()
    return out
