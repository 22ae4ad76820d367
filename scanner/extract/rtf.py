"""Rich Text Format to Segments, with striprtf (PyPI).

striprtf was chosen over rtfparse: it turns RTF into text directly, decodes the code page
the file declares (\\ansicpg936, \\fcharset134: GBK) and \\uN escapes, is pure Python with no
dependencies and still maintained; rtfparse builds a tree for re-encoding Outlook's HTML and
leaves text extraction to the caller. striprtf drops the destinations a reader does not
print — headers, footers, footnotes, comments, text boxes, document variables, the info
block, field codes — which are exactly where text hides; so each of those groups is cut out
here (brace matching) and converted on its own as its part.

OA systems export "Word" files that are RTF under a .doc name; Word opens them as documents.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from striprtf.striprtf import rtf_to_text

from scanner.extract.text import paragraphs
from scanner.model import Extraction

# Destination control word → part. \headerf/\footerf are the first page's; the plain ones
# show on page 1 unless the document has \titlepg.
_DESTINATIONS = {
    "headerf": "header", "footerf": "footer", "header": "header", "footer": "footer",
    "headerl": "header", "headerr": "header", "footerl": "footer", "footerr": "footer",
    "footnote": "footnote", "annotation": "comment", "shptxt": "textbox",
    "dptxbxtext": "textbox", "docvar": "metadata", "title": "metadata", "subject": "metadata",
    "author": "metadata", "operator": "metadata", "keywords": "metadata",
    "doccomm": "metadata", "company": "metadata", "manager": "metadata",
    "category": "metadata", "fldinst": "hidden",
}
_GROUP_START = re.compile(rb"\{(?:\\\*)?\\(" + b"|".join(k.encode() for k in _DESTINATIONS)
                          + rb")(?![a-z])")
_FONT_TABLE = re.compile(rb"\{\\fonttbl")
_CODEPAGE = re.compile(rb"\\ansicpg\d+")
MAX_GROUPS = 10_000


def extract_rtf(data: bytes) -> Extraction:
    result = Extraction(type="rtf")
    prelude = _prelude(data)
    try:
        body = _text(data)
        groups = list(_destination_groups(data))
    except (ValueError, IndexError, LookupError) as exc:  # a malformed group or code page
        result.errors.append(f"unreadable RTF: {type(exc).__name__}: {exc}")
        return result
    title_page = b"\\titlepg" in data
    pieces = [("body", None, body)]
    for word, group in groups[:MAX_GROUPS]:
        part = _DESTINATIONS[word]
        first_page = word in ("headerf", "footerf") or (
            part in ("header", "footer") and not title_page and word in ("header", "footer"))
        pieces.append((part, 1 if first_page else None, _text(prelude + group + b"}")))
    if len(groups) > MAX_GROUPS:
        result.errors.append(f"{len(groups)} header, note and field groups: only the first "
                             f"{MAX_GROUPS} read")
    for part, page, text in pieces:
        for seg in paragraphs(text, part):
            seg.page = page if part != "body" else None
            seg.order = len(result.segments) + 1
            result.segments.append(seg)
    return result


def _text(rtf: bytes) -> str:
    # RTF is 7-bit: non-ASCII text is escaped (\'hh, \uN); latin-1 keeps any stray byte.
    return rtf_to_text(rtf.decode("latin-1"), errors="ignore")


def _prelude(data: bytes) -> bytes:
    """``{\\rtf1\\ansi\\ansicpgN`` and the font table: what a cut-out group needs to be
    decoded as it was in the document."""
    codepage = _CODEPAGE.search(data[:4096])
    prelude = b"{\\rtf1\\ansi" + (codepage.group() if codepage else b"")
    fonts = _FONT_TABLE.search(data)
    if fonts:
        end = _group_end(data, fonts.start())
        prelude += data[fonts.start():end]
    return prelude + b" "


def _group_end(data: bytes, start: int) -> int:
    """Index just after the ``}`` closing the group opened at ``start``."""
    depth, i = 0, start
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash: skip the escaped character (\{ \} \\)
            i += 2
            continue
        if c == 0x7B:
            depth += 1
        elif c == 0x7D:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(data)


def _destination_groups(data: bytes) -> Iterator[tuple[str, bytes]]:
    """(control word, group content after it) for each destination in ``_DESTINATIONS``;
    a group nested in another (a field inside a header) comes out with both."""
    for m in _GROUP_START.finditer(data):
        end = _group_end(data, m.start())
        yield m.group(1).decode(), data[m.end():end - 1]
