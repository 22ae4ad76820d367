"""Plain text and Markdown to Segments: one Segment per paragraph (blank-line separated)."""
from __future__ import annotations

import codecs
import re

from scanner.model import Extraction, Segment

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> tuple[str | None, str]:
    """(text, encoding); text is None when no encoding we know decodes the bytes cleanly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None, encoding
    if data[:512].count(b"\x00") * 3 >= min(len(data), 512):
        # UTF-16 without a byte-order mark: ASCII has its NULs on one side.
        head = data[:512]
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            return None, encoding
    # GB18030 decodes almost anything, so UTF-8 (strict) has to be tried first.
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, "unknown"


def paragraphs(text: str, part: str = "body", start_order: int = 0) -> list[Segment]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    segments = []
    for block in _PARAGRAPH_BREAK.split(text):
        if block.strip():
            segments.append(Segment(block.strip("\n"), part, None, len(segments) + 1,
                                    order=start_order + len(segments) + 1))
    return segments


def extract_text(data: bytes) -> Extraction:
    result = Extraction(type="text")
    text, encoding = decode_text(data)
    if text is None:
        result.errors.append(f"text file in an unknown encoding (tried {encoding})")
        return result
    result.segments = paragraphs(text)
    return result
