"""PDF to Segments: PyMuPDF text blocks with their positions, pdfplumber as second opinion.

One Segment per text block (lines kept, joined by newlines), so the marking detector
can look at lines and positions while the content detector reads whole passages.
Beyond the visible text: ``hidden`` spans, text under opaque boxes (``redacted``),
annotations, form values, Info and XMP ``metadata``, text removed by an incremental update
(``deleted``), embedded files, and scans read by optional OCR (``ocr``).

Heuristics for ``hidden`` (span colour and size come with the text at no measurable cost:
``dict`` ran as fast as ``blocks`` over the corpus, 211 pages):
- ``off-page``: the span lies wholly outside the page's visible box.
- ``white-text``: pure white text (mostly on a white page; white on a dark banner is
  reported as hidden too, which moves its location, not the verdict).
- ``tiny-text``: under 2 pt, unreadable at any normal zoom.
"""
from __future__ import annotations

import io
import re

from markers._pymupdf import load_pymupdf
from scanner.extract import ocr
from scanner.extract.pdf_metadata import metadata_texts
from scanner.extract.pdf_redactions import covered_text
from scanner.extract.pdf_revisions import deleted_text
from scanner.model import Attachment, Extraction, Segment

# Keep hidden and off-page text: a leak does not stop at the media box.
_TEXT_FLAGS_NAMES = ("TEXT_PRESERVE_LIGATURES", "TEXT_PRESERVE_WHITESPACE")
# A content stream that shows text: Tj, TJ, ' and " after a string operand.
_TEXT_OPERATORS = re.compile(rb"(?:\)|>|\])\s*(?:Tj|TJ|'|\")")
WHITE = 0xFFFFFF
MIN_VISIBLE_SIZE = 2.0
# Bounds on hostile files: ~500 pages/s, so the page cap is ~10 s of reading; a page whose
# content stream is larger than MAX_CONTENT_BYTES (uncompressed) is not parsed.
MAX_PAGES = 5000
MAX_CONTENT_BYTES = 64 * 1024 * 1024


def extract_pdf(data: bytes) -> Extraction:
    pymupdf = load_pymupdf()
    result = Extraction(type="pdf")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own and generic errors for broken files
        result.errors.append(f"corrupt PDF: {exc}")
        return result
    with doc:
        if not doc.is_pdf:  # MuPDF opens an image or XPS handed to it as a PDF
            result.errors.append("not a PDF: MuPDF reads it as another document type")
            return result
        if doc.needs_pass:
            result.errors.append("encrypted PDF: a password is needed to open it")
            return result
        if doc.page_count == 0:
            result.errors.append("PDF has no pages")
            return result
        out = _Collector(result)
        values, errors = metadata_texts(doc)
        result.errors += errors
        for value in values:
            out.add(Segment(value, "metadata"))
        if doc.page_count > MAX_PAGES:
            result.errors.append(f"{doc.page_count} pages: only the first {MAX_PAGES} read")
        flags = 0
        for name in _TEXT_FLAGS_NAMES:
            flags |= getattr(pymupdf, name)
        image_only: list[int] = []
        fallback_pages: list[int] = []
        for pno in range(min(doc.page_count, MAX_PAGES)):
            try:
                page = doc.load_page(pno)
                contents = page.read_contents()
                if len(contents) > MAX_CONTENT_BYTES:
                    result.errors.append(f"page {pno + 1}: content stream of {len(contents)} "
                                         f"bytes, over the {MAX_CONTENT_BYTES}-byte limit")
                    continue
                found = _page_text(page, pno + 1, flags, out, pymupdf)
                if found:  # a page without text has none to hide
                    _redactions(page, pno + 1, contents, out, pymupdf)
            except Exception as exc:
                result.errors.append(f"page {pno + 1}: cannot read text ({exc})")
                continue
            _annotations(page, pno + 1, out)
            if found:
                continue
            if _TEXT_OPERATORS.search(contents):
                fallback_pages.append(pno)
            elif page.get_images(full=False):
                image_only.append(pno)
        _embedded_files_and_forms(doc, result)
        if fallback_pages:
            _pdfplumber_pages(data, fallback_pages, out)
        if image_only:
            _scanned_pages(doc, image_only, out)
        latest = "\n".join(s.text for s in result.segments)
        for page_no, text in deleted_text(data, latest, pymupdf):
            out.add(Segment(text, "deleted", page_no))
    return result


class _Collector:
    """The Extraction being built, numbering segments as they come: ``order`` in the file,
    ``index`` within their page and part."""

    def __init__(self, result: Extraction) -> None:
        self.result = result
        self.counts: dict[tuple[str, int | None], int] = {}

    def add(self, segment: Segment) -> None:
        key = (segment.part, segment.page)
        self.counts[key] = self.counts.get(key, 0) + 1
        segment.index = self.counts[key]
        segment.order = len(self.result.segments) + 1
        self.result.segments.append(segment)


def _page_text(page, page_no: int, flags: int, out: _Collector, pymupdf) -> bool:
    """Body and hidden text blocks of one page; whether it had any."""
    size = (float(page.rect.width), float(page.rect.height))
    # Boxes as the reader sees the page: a /Rotate page turns them, and the
    # marking detector asks what is at the visible top left.
    turn = page.rotation_matrix
    visible_area = page.rect * page.derotation_matrix
    boxes = []
    # MuPDF drops text outside the page unless the clip is unbounded.
    everywhere = pymupdf.INFINITE_RECT()
    for block in page.get_text("dict", flags=flags, sort=True, clip=everywhere)["blocks"]:
        shown: list[str] = []
        hidden: list[str] = []
        for line in block.get("lines", ()):
            parts: dict[bool, str] = {True: "", False: ""}
            for span in line["spans"]:
                parts[_is_hidden(span, visible_area)] += span["text"]
            shown.append(parts[False])
            hidden.append(parts[True])
        rect = pymupdf.Rect(block["bbox"]) * turn
        for part, lines in (("body", shown), ("hidden", hidden)):
            text = "\n".join(line for line in lines if line.strip())
            if text.strip():
                boxes.append((part != "body", rect.y0, rect.x0, tuple(rect), part, text))
    for _hidden, _y, _x, bbox, part, text in sorted(boxes):
        out.add(Segment(text, part, page_no, bbox=bbox, page_size=size))
    return bool(boxes)


def _is_hidden(span: dict, visible_area) -> bool:
    x0, y0, x1, y1 = span["bbox"]
    off_page = (x1 <= visible_area.x0 or x0 >= visible_area.x1
                or y1 <= visible_area.y0 or y0 >= visible_area.y1)
    return off_page or span["color"] == WHITE or span["size"] < MIN_VISIBLE_SIZE


def _redactions(page, page_no: int, contents: bytes, out: _Collector, pymupdf) -> None:
    size = (float(page.rect.width), float(page.rect.height))
    found, why_not = covered_text(page, contents, pymupdf)
    if why_not:
        out.result.errors.append(f"page {page_no}: {why_not}")
    for covered in found:
        bbox = tuple(pymupdf.Rect(covered.rect) * page.rotation_matrix)
        out.add(Segment(covered.text, "redacted", page_no, bbox=bbox, page_size=size))


def _scanned_pages(doc, pages: list[int], out: _Collector) -> None:
    """Image-only pages: OCR where the extra is installed, else the reason to review."""
    listed = ", ".join(str(p + 1) for p in pages)
    if not ocr.available():
        out.result.errors.append(
            f"image-only pages with no text layer (scans?): {listed}; {ocr.NO_OCR}")
        return
    if len(pages) > ocr.MAX_PAGES:
        out.result.errors.append(f"image-only pages with no text layer: {listed}; only the "
                                 f"first {ocr.MAX_PAGES} read by OCR")
    for pno in pages[:ocr.MAX_PAGES]:
        page = doc.load_page(pno)
        size = (float(page.rect.width), float(page.rect.height))
        try:
            lines = ocr.page_lines(page)
        except Exception as exc:  # a page MuPDF cannot render, or the OCR runtime failing
            out.result.errors.append(f"image-only page {pno + 1}: OCR failed ({exc})")
            continue
        if not lines:
            out.result.errors.append(f"image-only page {pno + 1}: OCR found no text on it")
        for text, box in lines:
            out.add(Segment(text, "ocr", pno + 1, bbox=box, page_size=size))


def _annotations(page, page_no: int, out: _Collector) -> None:
    """Comments, notes and free text (``annotation``) and form field values (``form``)."""
    for annot in page.annots() or ():
        if annot.type[1] == "FileAttachment":
            info = annot.file_info or {}
            name = _readable_name(info.get("filename") or f"attachment-p{page_no}")
            out.result.attachments.append(Attachment(name, annot.get_file(), page_no))
        info = annot.info or {}
        for text in (info.get("content"), info.get("title") if annot.type[0] in (0, 2) else ""):
            if text and text.strip():
                out.add(Segment(text, "annotation", page_no))
    for widget in page.widgets() or ():
        value = widget.field_value
        if isinstance(value, str) and value.strip() and value not in ("Off", "Yes"):
            out.add(Segment(value, "form", page_no))


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


def _pdfplumber_pages(data: bytes, pages: list[int], out: _Collector) -> None:
    """Pages where PyMuPDF found no text although the page draws some."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for pno in pages:
                text = pdf.pages[pno].extract_text() or ""
                if not text.strip():
                    out.result.errors.append(
                        f"page {pno + 1}: draws text that neither PyMuPDF nor pdfplumber can read")
                    continue
                for block in re.split(r"\n\s*\n", text):
                    if block.strip():
                        out.add(Segment(block, "body", pno + 1))
    except Exception as exc:
        out.result.errors.append(f"pdfplumber could not read pages PyMuPDF found empty ({exc})")
