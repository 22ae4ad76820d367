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
    index = {"body": 0, "hidden": 0, "metadata": 0}
    for part, content in _text_blocks(root) + extras:
        for seg in paragraphs(content, part):
            order += 1
            index[part] += 1
            seg.index, seg.order = index[part], order
            result.segments.append(seg)
    return result


def _is_hidden(node) -> bool:
    return node.tag in _UNSHOWN_TAGS or node.get("hidden") is not None or \
        bool(_HIDDEN_STYLE.search(node.get("style") or ""))


def _text_blocks(root) -> list[tuple[str, str]]:
    """(part, text) per block element, in document order; hidden elements give 'hidden',
    the <title> 'metadata'."""
    out: list[tuple[str, str]] = []
    buf: list[tuple[bool, str]] = []

    def flush(shown: str = "body") -> None:
        for hidden, part in ((False, shown), (True, "hidden")):
            text = " ".join("".join(t for h, t in buf if h == hidden).split())
            if text:
                out.append((part, text))
        buf.clear()

    def walk(node, hidden: bool) -> None:
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            return
        hidden = hidden or _is_hidden(node)
        block = node.tag in _BLOCK_TAGS
        if block:
            flush()
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

    walk(root, False)
    flush()
    return out
