"""Plain text and Markdown to Segments: one Segment per paragraph (blank-line separated;
in Chinese text also one per line, see ``line_paragraphs``).

The encoding is detected, not assumed: a byte-order mark, else UTF-16 by its NUL pattern,
else strict UTF-8, else the charset the file declares (HTML), else GB18030 (a superset of
GBK and GB2312). Markdown is told from plain text by its own marks (front matter, ``#``
headings); its front matter is ``metadata``, its HTML comments, which no reader of the
rendered page sees, are ``hidden``, and its pipe tables are read cell by cell (``table``).
"""
from __future__ import annotations

import codecs
import re

import regex

from scanner.lazy_pattern import LazyPattern
from scanner.model import Extraction, Segment

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
# Share of printable characters for bytes to pass as text in an encoding.
_PLAUSIBLE = 0.95
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes, declared: str | None = None) -> tuple[str | None, str]:
    """(text, encoding); text is None when no encoding we know decodes the bytes cleanly.
    ``declared`` is the charset the file names for itself, tried after UTF-8: pages often
    declare gb2312 and are UTF-8 (corpus: readability__qq.html)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None, encoding
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    # GB18030 decodes almost anything, so UTF-8 (strict) has to be tried first.
    for encoding in ("utf-8", declared, "gb18030"):
        if not encoding:
            continue
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None, "unknown"


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``data`` reads as UTF-16 text without a byte-order
    mark, else None. Heuristic "NULs on one side": Chinese text in UTF-16 has few NUL bytes
    (only its ASCII: digits, spaces, newlines), all at the same parity; GBK and UTF-8 text
    have none. The decoded text must then be plausible (printable, not control codes)."""
    head = data[:4096]
    if b"\x00" not in head or len(data) % 2:
        return None
    encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    try:
        text = data[:4096].decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return encoding if printable >= _PLAUSIBLE * len(text) else None


# ``regex``: ``re`` compiles this range code point by code point (19 M instructions, every
# scan's start-up); ``regex`` keeps the range, and finds it the same.
_CJK = regex.compile(r"[\u4e00-\u9fff]")
# The three line patterns below compile when a block of lines first needs them: ``re``
# builds a class of CJK characters slowly (7 M instructions for the three, every scan's
# start-up else, and most scans read no plain text).
# A line that ends a sentence or a heading (。：；！？ and closing quotes or brackets).
_LINE_END = LazyPattern(re.compile, r"[。！？；：:!?;…”’」』）)]\s*$")
# A line shorter than this share of the block's longest line (at least LINE_WIDTH
# characters, so that a block of short lines is read line by line) ends its paragraph.
SHORT_LINE = 0.7
LINE_WIDTH = 30
# A 《 opened this few characters before a line's end is a title the next line finishes.
QUOTED_TITLE = 40
# A line that opens with these continues the line before (》，。、).
_CONTINUES = LazyPattern(re.compile, r"[》」』）)，,。、；;：:！？!?]")
# Cell separators of a table row written as text.
_ROW = LazyPattern(re.compile, r"[\t｜|]")


def line_paragraphs(block: str) -> list[str]:
    """line-paragraphs: Chinese offices write plain text one paragraph per line, with no
    blank line between (a title, 一、 headings, table rows); a line ends its paragraph when it
    ends a sentence, holds a tab or a bar (a table row) or is short. Lines hard-wrapped at a width
    (long, no sentence end) are joined, without a space as CJK text is. Text with no CJK
    character stays one block (English hard-wraps at every line)."""
    lines = [line for line in block.split("\n") if line.strip()]
    if len(lines) < 2 or not _CJK.search(block):
        return [block]
    width = max(LINE_WIDTH, *(len(line.strip()) for line in lines))
    out, current = [], ""
    for line, after in zip(lines, lines[1:] + [""]):
        current += line.strip() if current else line
        opened = current.rfind("《")
        if _CONTINUES.match(after.strip()) or (
                opened > current.rfind("》") and len(current) - opened < QUOTED_TITLE):
            continue  # the next line closes a quotation or a sentence begun here
        if (_LINE_END.search(line) or _ROW.search(line)
                or len(line.strip()) < SHORT_LINE * width):
            out.append(current)
            current = ""
    return out + ([current] if current else [])


def paragraphs(text: str, part: str = "body", start_order: int = 0) -> list[Segment]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    segments = []
    for block in _PARAGRAPH_BREAK.split(text):
        for paragraph in line_paragraphs(block.strip("\n")) if block.strip() else []:
            segments.append(Segment(paragraph, part, None, len(segments) + 1,
                                    order=start_order + len(segments) + 1))
    return segments


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                           re.S)
_HEADING = re.compile(r"^#{1,6} \S", re.M)
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")


def _pipe_tables(segments: list[Segment]) -> list[Segment]:
    """Markdown pipe tables (GFM): consecutive paragraphs whose lines are all ``| … |`` rows
    (line-paragraphs gives each row its own) become one ``table`` Segment per cell with its
    (table, row, column), as a Word table's cells are; the ``|---|`` separator row is no
    text."""
    out: list[Segment] = []
    tables = 0
    rows: list[list[str]] = []
    first: Segment | None = None

    def close() -> None:
        kept = [r for r in rows if not all(_SEPARATOR_CELL.match(c) for c in r)]
        for row_no, row in enumerate(kept, 1):
            for col_no, text in enumerate(row, 1):
                if text:
                    out.append(Segment(text, "table", None, first.index,
                                       cell=(tables, row_no, col_no)))
        rows.clear()

    for seg in segments:
        lines = seg.text.split("\n")
        if all(_PIPE_ROW.match(line) for line in lines):
            if not rows:
                tables, first = tables + 1, seg
            rows.extend([c.strip() for c in line.strip()[1:-1].split("|")] for line in lines)
            continue
        if rows:
            close()
        out.append(seg)
    if rows:
        close()
    for order, seg in enumerate(out, 1):
        seg.order = order
    return out


def extract_text(data: bytes) -> Extraction:
    result = Extraction(type="text")
    text, encoding = decode_text(data)
    if text is None:
        result.errors.append(f"text file in an unknown encoding (tried {encoding})")
        return result
    front = _FRONT_MATTER.match(text)
    if front or _HEADING.search(text):
        result.type = "markdown"
        extras = [("metadata", front.group(1))] if front else []
        body = text[front.end():] if front else text
        extras += [("hidden", m.group(1)) for m in _HTML_COMMENT.finditer(body)]
        body = _HTML_COMMENT.sub("", body)
    else:
        extras, body = [], text
    result.segments = paragraphs(body)
    if result.type == "markdown":
        result.segments = _pipe_tables(result.segments)
    for part, content in extras:
        for seg in paragraphs(content, part, start_order=len(result.segments)):
            result.segments.append(seg)
    return result
