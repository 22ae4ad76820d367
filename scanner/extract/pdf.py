"""PDF to Segments: PyMuPDF text blocks with their positions, pdfplumber as second opinion.

One Segment per text block (lines kept, joined by newlines), so the marking detector
can look at lines and positions while the content detector reads whole passages.
"""
from __future__ import annotations

import io
import re

from markers._pymupdf import load_pymupdf
from scanner.model import Attachment, Extraction, Segment

# Keep hidden and off-page text: a leak does not stop at the media box.
_TEXT_FLAGS_NAMES = ("TEXT_PRESERVE_LIGATURES", "TEXT_PRESERVE_WHITESPACE")
# A content stream that shows text: Tj, TJ, ' and " after a string operand.
_TEXT_OPERATORS = re.compile(rb"(?:\)|>|\])\s*(?:Tj|TJ|'|\")")
_META_KEYS = ("title", "subject", "keywords", "author", "creator")


def extract_pdf(data: bytes) -> Extraction:
    pymupdf = load_pymupdf()
    result = Extraction(type="pdf")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own and generic errors for broken files
        result.errors.append(f"corrupt PDF: {exc}")
        return result
    with doc:
        if doc.needs_pass:
            result.errors.append("encrypted PDF: a password is needed to open it")
            return result
        if doc.page_count == 0:
            result.errors.append("PDF has no pages")
            return result
        order = 0
        for key in _META_KEYS:
            value = (doc.metadata or {}).get(key) or ""
            if value.strip():
                order += 1
                result.segments.append(Segment(value, "metadata", None, order, order=order))
        flags = 0
        for name in _TEXT_FLAGS_NAMES:
            flags |= getattr(pymupdf, name)
        image_only: list[int] = []
        fallback_pages: list[int] = []
        for pno in range(doc.page_count):
            try:
                page = doc.load_page(pno)
                blocks = page.get_text("blocks", flags=flags, sort=True)
            except Exception as exc:
                result.errors.append(f"page {pno + 1}: cannot read text ({exc})")
                continue
            size = (float(page.rect.width), float(page.rect.height))
            # Boxes as the reader sees the page: a /Rotate page turns them, and the
            # marking detector asks what is at the visible top left.
            turn = page.rotation_matrix
            boxes = []
            for x0, y0, x1, y1, text, _no, block_type in blocks:
                if block_type == 0 and text.strip():
                    rect = pymupdf.Rect(x0, y0, x1, y1) * turn
                    boxes.append((rect.y0, rect.x0, tuple(rect), text))
            index = 0
            for _y, _x, bbox, text in sorted(boxes):
                index += 1
                order += 1
                result.segments.append(Segment(
                    text=text.rstrip("\n"), part="body", page=pno + 1, index=index,
                    bbox=bbox, page_size=size, order=order))
            order = _annotations(page, pno + 1, result, order)
            if index:
                continue
            if _has_text_operators(page):
                fallback_pages.append(pno)
            elif page.get_images(full=False):
                image_only.append(pno + 1)
        _embedded_files_and_forms(doc, result)
        if fallback_pages:
            order = _pdfplumber_pages(data, fallback_pages, result, order)
        if image_only:
            pages = ", ".join(str(p) for p in image_only)
            result.errors.append(f"image-only pages with no text layer (scans?): {pages}")
    return result


def _annotations(page, page_no: int, result: Extraction, order: int) -> int:
    """Comments, notes and free text (``annotation``) and form field values (``form``)."""
    index = 0
    for annot in page.annots() or ():
        if annot.type[1] == "FileAttachment":
            info = annot.file_info or {}
            name = _readable_name(info.get("filename") or f"attachment-p{page_no}")
            result.attachments.append(Attachment(name, annot.get_file(), page_no))
        info = annot.info or {}
        for text in (info.get("content"), info.get("title") if annot.type[0] in (0, 2) else ""):
            if text and text.strip():
                index += 1
                order += 1
                result.segments.append(Segment(text, "annotation", page_no, index, order=order))
    index = 0
    for widget in page.widgets() or ():
        value = widget.field_value
        if isinstance(value, str) and value.strip() and value not in ("Off", "Yes"):
            index += 1
            order += 1
            result.segments.append(Segment(value, "form", page_no, index, order=order))
    return order


def _embedded_files_and_forms(doc, result: Extraction) -> None:
    """Embedded files are scanned in turn; XFA forms fail closed (review)."""
    for name in doc.embfile_names():
        try:
            result.attachments.append(Attachment(_readable_name(name), doc.embfile_get(name)))
        except Exception as exc:
            result.errors.append(f"embedded file {name}: cannot be extracted ({exc})")
    try:
        acroform = doc.xref_get_key(doc.pdf_catalog(), "AcroForm")
        xfa = acroform[0] != "null" and "XFA" in (
            doc.xref_object(int(acroform[1].split()[0])) if acroform[0] == "xref" else acroform[1])
    except (ValueError, IndexError, RuntimeError):
        xfa = False
    if xfa:
        result.errors.append("XFA form: its dynamic form content is not read")


def _readable_name(name: str) -> str:
    """Some writers store UTF-8 bytes in a PDF string, which reads back as Latin-1."""
    try:
        return name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _has_text_operators(page) -> bool:
    try:
        return bool(_TEXT_OPERATORS.search(page.read_contents()))
    except Exception:
        return False


def _pdfplumber_pages(data: bytes, pages: list[int], result: Extraction, order: int) -> int:
    """Pages where PyMuPDF found no text although the page draws some."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for pno in pages:
                text = pdf.pages[pno].extract_text() or ""
                if not text.strip():
                    result.errors.append(
                        f"page {pno + 1}: draws text that neither PyMuPDF nor pdfplumber can read")
                    continue
                for index, block in enumerate(re.split(r"\n\s*\n", text), 1):
                    if block.strip():
                        order += 1
                        result.segments.append(Segment(block, "body", pno + 1, index,
                                                       order=order))
    except Exception as exc:
        result.errors.append(f"pdfplumber could not read pages PyMuPDF found empty ({exc})")
    return order
