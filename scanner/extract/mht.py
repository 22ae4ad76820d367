"""MHT / MHTML web archives (RFC 2557) to Segments, with the standard library's email parser.

Word's "Single File Web Page" and OA systems' "export to Word" write one: a MIME
multipart/related message whose HTML part (quoted-printable or base64, in the charset its
header names) is the document, and whose other parts are its pictures and files. The HTML
is read by html.py; a non-picture part is a file of its own (an attachment); pictures are
read only when the page has no text (a picture of a page), like the Office readers do.
"""
from __future__ import annotations

import email
import email.policy
import re

from scanner.extract.html import extract_html
from scanner.extract.ocr import extract_image
from scanner.extract.sniff import IMAGE_TYPES, sniff
from scanner.extract.text import decode_text, paragraphs
from scanner.model import Attachment, Extraction

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=""", re.I)
MAX_PARTS = 1000


def extract_mht(data: bytes) -> Extraction:
    result = Extraction(type="mht")
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart() and message.get_content_maintype() != "text":
        result.errors.append("MHT archive without a text or multipart body")
        return result
    pictures: list[tuple[str, bytes]] = []
    parts = [p for p in message.walk() if not p.is_multipart()]
    for number, part in enumerate(parts[:MAX_PARTS], 1):
        # str(): compat32 hands back a Header object for a non-ASCII header value.
        name = str(part.get("Content-Location") or part.get_filename() or f"part {number}")
        payload = part.get_payload(decode=True) or b""
        kind = part.get_content_type()
        if kind == "text/html":
            _add(result, extract_html(_with_charset(payload, part.get_content_charset())))
        elif kind == "text/plain":
            text, _ = decode_text(payload, part.get_content_charset())
            if text is None:
                result.errors.append(f"{name}: text in an unknown encoding")
            else:
                _add(result, Extraction("text", segments=paragraphs(text)))
        elif kind.startswith("image/") or sniff(payload) in IMAGE_TYPES:
            pictures.append((name, payload))
        elif kind not in ("text/css", "text/xml", "application/xml") and payload.strip():
            result.attachments.append(Attachment(name, payload))
    if len(parts) > MAX_PARTS:
        result.errors.append(f"{len(parts)} parts, only the first {MAX_PARTS} read")
    if not any(s.part == "body" for s in result.segments):
        for name, payload in pictures:
            read = extract_image(payload, sniff(payload))
            result.errors += [f"{name}: a picture and no text: {e}" for e in read.errors]
            _add(result, read)
    if not parts or (not result.segments and not result.errors and not result.attachments):
        result.errors.append("MHT archive with no readable part")
    return result


def _with_charset(html: bytes, charset: str | None) -> bytes:
    """The HTML part as bytes html.py decodes right: the MIME header's charset is declared
    in the page when the page does not declare one itself."""
    if not charset or _DECLARED_CHARSET.search(html[:4096]):
        return html
    return f'<meta charset="{charset}">'.encode("ascii", "ignore") + html


def _add(result: Extraction, part: Extraction) -> None:
    result.errors += part.errors
    result.attachments += part.attachments
    for seg in part.segments:
        seg.order = len(result.segments) + 1
        result.segments.append(seg)
