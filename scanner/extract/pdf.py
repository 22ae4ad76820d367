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

import functools
import io
import re
from typing import NamedTuple

from markers._pymupdf import load_pymupdf
from scanner.extract import ocr
from scanner.extract.pdf_metadata import metadata_texts
from scanner.extract.pdf_catalog import catalog_texts
from scanner.extract.pdf_fonts import is_cjk_font
from scanner.extract.pdf_lines import join
from scanner.extract.pdf_paragraphs import Line, Paragraph, over_page_break, paragraphs
from scanner.extract.pdf_redactions import covered_text, dark_argb
from scanner.extract.pdf_revisions import deleted_text
from scanner.extract.pdf_tables import cell_text
from scanner.extract.pdf_truncation import missing_pages
from scanner.extract.plausible import garbled
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
# A glyph drawn as outlines is one or two shapes; a few words of them is no icon or logo.
MIN_OUTLINE_SHAPES = 8
PAGE_IMAGE_SHARE = 0.85
FEW_CHARS = 40  # a scanner app's watermark line ("由 XX扫描王 扫描") is 10-30 characters


def extract_pdf(data: bytes) -> Extraction:
    pymupdf = load_pymupdf()
    result = Extraction(type="pdf")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
        page_count = doc.page_count
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
        if page_count == 0:
            result.errors.append("PDF has no pages")
            return result
        out = _Collector(result)
        values, errors = metadata_texts(doc)
        result.errors += errors
        for value in values:
            out.add(Segment(value, "metadata"))
        if page_count > MAX_PAGES:
            result.errors.append(f"{page_count} pages: only the first {MAX_PAGES} read")
        flags = pymupdf.TEXT_COLLECT_VECTORS
        for name in _TEXT_FLAGS_NAMES:
            flags |= getattr(pymupdf, name)
        pdf = pdf_document(doc, pymupdf)
        unread: list[tuple[int, str]] = []  # (page index, why its text layer is not enough)
        fallback_pages: list[int] = []
        for pno in range(min(page_count, MAX_PAGES)):
            try:
                page = doc.load_page(pno)
                obj = page_object(pdf, pno, pymupdf)
                oversized = _oversized_contents(pdf, obj, pymupdf)
                if oversized:
                    result.errors.append(f"page {pno + 1}: {oversized}")
                    continue
                rotation = _rotation(obj, pymupdf)
                layout = _layout(page, rotation, flags, pymupdf)
                facts = _facts(doc, pdf, page, obj, pymupdf)
                geometry = _geometry(page, rotation, pymupdf)
                shown = _page_text(pno + 1, geometry, layout, out, pymupdf)
                if shown is not None:
                    _redactions(page, pno + 1, geometry, layout, facts, out, pymupdf)
                why = _why_unread(doc, page, layout, shown, facts)
            except Exception as exc:
                result.errors.append(f"page {pno + 1}: cannot read text ({exc})")
                continue
            if facts.annotations:
                _annotations(page, pno + 1, out)
            if why == _DRAWS_TEXT:
                fallback_pages.append(pno)
            elif why:
                unread.append((pno, why))
        result.errors += missing_pages(doc, data)
        _embedded_files_and_forms(doc, pdf, result, pymupdf)
        _catalog(doc, out)
        if fallback_pages:
            _pdfplumber_pages(data, fallback_pages, out)
        if unread:
            _pages_to_ocr(doc, unread, out)
        latest = "\n".join(s.text for s in result.segments)
        for page_no, text in deleted_text(data, latest, pymupdf):
            out.add(Segment(text, "deleted", page_no))
    return result


class _Facts(NamedTuple):
    """What a page holds besides its text, looked up once (resource and key lookups, no
    content stream decoding): the checks that cost more run only where these say so. (A
    named tuple, made per page: a frozen dataclass sets each field by a call.)"""
    images: bool
    annotations: bool


def _facts(doc, pdf, page, obj, pymupdf) -> _Facts:
    """``images``: ``page.get_images()`` lists any; ``annotations``: the page has an /Annots
    entry, as ``doc.xref_get_key(page.xref, "Annots")`` sees it (a reference counts, whatever
    it points to; a null value does not). Read on the page's object ``obj`` (page_object)
    with MuPDF's low-level calls: the wrappers cost 50 µs a page. A page whose resources hold
    an XObject still asks get_images (it looks into forms for images); a page object that is
    no numbered object (a damaged page tree) asks xref_get_key, which raises."""
    mupdf = pymupdf.mupdf
    resources = mupdf.ll_pdf_dict_gets_inheritable(obj, "Resources")
    xobjects = mupdf.ll_pdf_dict_gets(resources, "XObject") if resources else None
    images = bool(xobjects and mupdf.ll_pdf_dict_len(xobjects)
                  and page.get_images(full=False))
    if 0 < mupdf.ll_pdf_to_num(obj) < mupdf.ll_pdf_xref_len(pdf):
        annots = mupdf.ll_pdf_dict_gets(obj, "Annots")
        annotations = bool(annots) and (bool(mupdf.ll_pdf_is_indirect(annots))
                                        or not mupdf.ll_pdf_is_null(annots))
    else:
        annotations = doc.xref_get_key(page.xref, "Annots")[0] != "null"
    return _Facts(images, annotations)


class _Geometry(NamedTuple):
    """A page's box and rotation as plain numbers, asked of MuPDF once: ``size`` (width,
    height) of the page box, ``matrix`` its rotation matrix, ``turn`` the same as six
    numbers, ``area`` the visible box in unrotated coordinates. (A named tuple, as _Facts.)"""
    size: tuple[float, float]
    matrix: object
    turn: tuple[float, ...]
    area: tuple[float, float, float, float]


def _rotation(obj, pymupdf) -> int:
    """``page.rotation`` of the page whose object is ``obj`` (page_object): its inherited
    /Rotate normalised to 0, 90, 180 or 270 (an angle that is no multiple of 90 reads as
    0), through MuPDF's low-level calls (the property costs 25 µs a page)."""
    mupdf = pymupdf.mupdf
    angle = mupdf.ll_pdf_to_int(mupdf.ll_pdf_dict_gets_inheritable(obj, "Rotate"))
    return angle % 360 if angle % 90 == 0 else 0


def _layout(page, rotation: int, flags: int, pymupdf) -> list[dict]:
    """The one text pass: text with span styles, and the shapes drawn (vectors), as
    ``page.get_text("dict", flags=flags, sort=True, clip=INFINITE_RECT())["blocks"]``
    returns them. On an upright page (``rotation`` 0, page.rotation) it makes the two
    calls get_text makes underneath, without its Python wrappers (about 0.2 M
    instructions a page); a rotated page goes through get_text, which takes the rotation
    off the page for the pass."""
    clip = _everywhere(pymupdf)
    if rotation:
        return page.get_text("dict", flags=flags, sort=True, clip=clip)["blocks"]
    extra = pymupdf.extra
    text_page = pymupdf.mupdf.FzStextPage(
        extra.page_get_textpage(page.this, clip, flags, pymupdf.Identity))
    found: dict = {}
    extra.JM_make_textpage_dict(text_page.m_internal, found, False)
    blocks = found["blocks"]
    blocks.sort(key=_reading_order)  # as TextPage.extractDICT sorts them
    return blocks


@functools.cache
def _everywhere(pymupdf):
    """``pymupdf.INFINITE_RECT()``, the clip of every text pass (read, never changed), made
    once: a Rect costs 16 k instructions to make."""
    return pymupdf.INFINITE_RECT()


def _reading_order(block: dict) -> tuple[float, float]:
    return block["bbox"][3], block["bbox"][0]


def _geometry(page, rotation: int, pymupdf) -> _Geometry:
    """PyMuPDF's page.rect, rotation_matrix and derotation_matrix (the last two 50 µs a
    page together); on a page without /Rotate (``rotation`` 0, page.rotation) both matrices
    are the identity (MuPDF makes them from the rotation, and returns the identity for 0
    without lookups). The visible area is ``page.rect * derotation_matrix`` made by the
    call Rect * Matrix makes underneath; by the identity, that call (20 k instructions)
    adds 0.0 to each coordinate of a box within MuPDF's finite range (the box is in single
    precision, as MuPDF computes), which is done here."""
    if rotation:
        matrix, derotation = page.rotation_matrix, page.derotation_matrix
        turn = tuple(matrix)  # plain numbers: a Matrix reads its items one call at a time
    else:
        matrix = derotation = pymupdf.Identity
        turn = _identity_turn(pymupdf)
    box = _page_box(page, pymupdf)
    x0, y0, x1, y1 = box
    low, high = pymupdf.FZ_MIN_INF_RECT, pymupdf.FZ_MAX_INF_RECT  # beyond: clamped, infinite
    if derotation is pymupdf.Identity and low < x0 < high and low < y0 < high \
            and low < x1 < high and low < y1 < high:  # not NaN either
        area = (x0 + 0.0, y0 + 0.0, x1 + 0.0, y1 + 0.0)
    else:
        area = tuple(pymupdf.util_transform_rect(box, derotation))
    return _Geometry(_size(box), matrix, turn, area)


@functools.cache
def _identity_turn(pymupdf) -> tuple[float, ...]:
    """``tuple(pymupdf.Identity)``, made once (a Matrix reads its items one call at a time):
    the ``turn`` of every upright page, ``_UPRIGHT`` itself when it is the identity."""
    turn = tuple(pymupdf.Identity)
    return _UPRIGHT if turn == _UPRIGHT else turn


def _page_box(page, pymupdf) -> tuple[float, float, float, float]:
    """``tuple(page.rect)``: MuPDF's bound of the page, asked without the property's Python
    wrappers (35 µs a page); an infinite bound goes through the property, which mends it."""
    bound = pymupdf.mupdf.ll_fz_bound_page(page.this.m_internal)
    box = (bound.x0, bound.y0, bound.x1, bound.y1)
    if box[0] == box[1] == pymupdf.FZ_MIN_INF_RECT and box[2] == box[3] == pymupdf.FZ_MAX_INF_RECT:
        return tuple(page.rect)
    return box


def _size(box: tuple[float, float, float, float]) -> tuple[float, float]:
    """Width and height as Rect.width and Rect.height give them (``float(max(0, w))``: 0
    for an inverted box or a NaN side), compared without calling max()."""
    width, height = box[2] - box[0], box[3] - box[1]
    return float(width) if width > 0 else 0.0, float(height) if height > 0 else 0.0


# The identity as six numbers: the ``turn`` of a page without /Rotate, which _turned knows.
_UPRIGHT = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _Collector:
    """The Extraction being built, numbering segments as they come: ``order`` in the file,
    ``index`` within their page and part."""

    def __init__(self, result: Extraction) -> None:
        self.result = result
        self.counts: dict[tuple[str, int | None], int] = {}
        self.tables = 0  # tables found on the pages read so far
        # The last page's passages and their segments, in reading order: a passage may run
        # on over the page break.
        self.last_page: tuple[list[Paragraph], list[Segment]] = ([], [])

    def add(self, segment: Segment) -> None:
        key = (segment.part, segment.page)
        segment.index = self.counts[key] = self.counts.get(key, 0) + 1
        segment.order = len(self.result.segments) + 1
        self.result.segments.append(segment)


def _oversized_contents(pdf, obj, pymupdf) -> str | None:
    """Why the page's content streams are too large to read, or None. A bound comes first
    (``upper``: a stream of each line of text costs 3 calls fewer), the exact count only
    over the limit."""
    if content_bytes(pdf, obj, pymupdf, upper=True) <= MAX_CONTENT_BYTES:
        return None
    total = content_bytes(pdf, obj, pymupdf)
    if total > MAX_CONTENT_BYTES:
        return f"content streams of {total} bytes, over the {MAX_CONTENT_BYTES}-byte limit"
    return None


def pdf_document(doc, pymupdf):
    """MuPDF's own handle on an open PDF as its low-level (``ll_``) calls take it, the
    borrowed ``pdf_document *`` (valid while ``doc`` is open), made once per file: the
    Python wrapper makes a ``mupdf.PdfDocument`` for every key it looks up, and each read
    of its ``m_internal`` makes a new Python object (8 k instructions)."""
    this = doc.this
    pdf = this if isinstance(this, pymupdf.mupdf.PdfDocument) else pymupdf.mupdf.PdfDocument(this)
    handle = pdf.m_internal
    if not handle:  # MuPDF read the file as another kind of document
        raise ValueError("not a PDF document")
    return handle


def page_object(pdf, pno: int, pymupdf):
    """The object of page ``pno`` (from 0) of ``pdf`` (pdf_document) as MuPDF's low-level
    (``ll_``) calls take it: the borrowed ``pdf_obj *`` MuPDF's page tree holds, the one a
    loaded page keeps (``pdf_load_page`` looks it up the same way)."""
    return pymupdf.mupdf.ll_pdf_lookup_page_obj(pdf, pno)


def content_bytes(pdf, obj, pymupdf, *, upper: bool = False) -> int:
    """The stored, undecoded length of the content streams of the page whose object is
    ``obj`` (page_object) (the text pass is the only decoding). The streams are those
    ``page.get_contents()`` lists, each stream's /Length read as
    ``doc.xref_get_key(xref, "Length")`` reads it (a direct integer counts, an indirect one
    0, an xref out of range raises ValueError), with MuPDF's low-level calls on ``pdf``
    (pdf_document): the wrappers cost 0.3 ms a page where a writer puts each line in a
    stream of its own (the ``ll_`` calls make no Python object per PDF object). Each stream
    is resolved in MuPDF's object cache (a borrowed object: a fifth of loading and dropping
    one); one that resolves to nothing is loaded with ``pdf_load_object``, which raises
    MuPDF's error as xref_get_key does.

    ``upper``: at least that count, by one call a stream instead of four, raising as it
    does: each /Length as ``pdf_dict_get_int`` reads it, which resolves a reference and
    converts a real, where the count takes a direct integer only, and 0 where that is
    below 0 (the count takes the same integer or 0). It is asked of the reference itself
    (pdf_dict_get resolves it, as pdf_resolve_indirect does: a third of a stream's calls
    fewer); only a stream it gives no positive length is resolved and looked at again."""
    mupdf = pymupdf.mupdf
    name = _length_name(pymupdf) if upper else None
    length = functools.partial(_length_at_least, name) if upper else _direct_length
    xrefs = mupdf.ll_pdf_xref_len(pdf)
    contents = mupdf.ll_pdf_dict_gets(obj, "Contents")
    if mupdf.ll_pdf_is_array(contents):
        refs = [mupdf.ll_pdf_array_get(contents, i)
                for i in range(mupdf.ll_pdf_array_len(contents))]
    else:
        refs = [contents] if contents else []
    total = 0
    for ref in refs:
        xref = mupdf.ll_pdf_to_num(ref)
        if not 0 < xref < xrefs:
            raise ValueError(pymupdf.MSG_BAD_XREF)
        if upper:
            at_least = mupdf.ll_pdf_dict_get_int(ref, name)  # 0 also where it did not resolve
            if at_least > 0:
                total += at_least
                continue
        stream = mupdf.ll_pdf_resolve_indirect(ref)
        if stream:
            total += length(mupdf, stream)
            continue
        stream = mupdf.ll_pdf_load_object(pdf, xref)  # not in the cache: raises MuPDF's error
        try:
            total += length(mupdf, stream)
        finally:
            mupdf.ll_pdf_drop_obj(stream)
    return total


def _direct_length(mupdf, stream) -> int:
    """The integer under /Length of ``stream``'s dictionary when it is written there, else 0."""
    value = mupdf.ll_pdf_dict_gets(stream, "Length")
    if value and not mupdf.ll_pdf_is_indirect(value) and mupdf.ll_pdf_is_int(value):
        return mupdf.ll_pdf_to_int(value)
    return 0


def _length_at_least(name, mupdf, stream) -> int:
    """No less than _direct_length: /Length as ``pdf_dict_get_int`` reads it (``name``,
    _length_name), or 0 below 0."""
    value = mupdf.ll_pdf_dict_get_int(stream, name)
    return value if value > 0 else 0


@functools.cache
def _length_name(pymupdf):
    """The PDF name /Length as MuPDF's low-level calls take it (a static object: made once)."""
    return pymupdf.mupdf.ll_pdf_new_name("Length")


def _page_text(page_no: int, geometry: _Geometry, blocks: list[dict], out: _Collector,
               pymupdf) -> dict[str, str] | None:
    """Body paragraphs and hidden text of one page; its visible text by font name, or None
    without any text."""
    size, area = geometry.size, geometry.area
    # Boxes as the reader sees the page: a /Rotate page turns them, and the
    # marking detector asks what is at the visible top left.
    matrix, turn = geometry.matrix, geometry.turn
    shown_blocks: list[list[Line]] = []
    shapes = []  # rules and cell boxes of tables, for pdf_tables
    by_font: dict[str, list[str]] = {}
    hidden_boxes = []
    for block in blocks:
        kind = block["type"]
        if kind != 0:
            if kind == 3:
                shapes.append(_turned(block["bbox"], turn))
            continue
        shown: list[Line] = []
        hidden: list[str] = []
        for line in block.get("lines", ()):
            spans = line["spans"]
            if len(spans) == 1:  # most lines: what follows, for one span
                span = spans[0]
                text = span["text"]
                if _is_hidden(span, area):
                    hidden.append(text)
                elif text.strip():
                    shown.append(Line(text, _turned(span["bbox"], turn), float(span["size"])))
                    font = span["font"]
                    if font in by_font:
                        by_font[font].append(text)
                    else:
                        by_font[font] = [text]
                continue
            visible = [span for span in spans if not _is_hidden(span, area)]
            if len(visible) < len(spans):
                hidden.append("".join(s["text"] for s in spans if _is_hidden(s, area)))
            if "".join(s["text"] for s in visible).strip():
                shown.append(_line(visible, turn))
                for span in visible:
                    by_font.setdefault(span["font"], []).append(span["text"])
        shown_blocks.append(shown)
        if not hidden:
            continue
        text = "\n".join(line for line in hidden if line.strip())
        if text.strip():
            rect = pymupdf.Rect(block["bbox"]) * matrix
            hidden_boxes.append((rect.y0, rect.x0, tuple(rect), text))
    found = sorted(paragraphs(shown_blocks, shapes), key=lambda p: (p.bbox[1], p.bbox[0]))
    before, segments = out.last_page
    joined = over_page_break(before, found)
    out.last_page = (found, [])
    tables = out.tables
    for n, paragraph in enumerate(found):
        if joined and n == joined[1]:  # the passage runs on from the page before
            into = segments[joined[0]]
            # cell-open: alone on the next page, a narrow cell's lines read as a narrow
            # column's (one per line); they are the cell's wrapped text.
            more = cell_text(paragraph.text.split("\n")) if into.cell else paragraph.text
            into.text = join(into.text, more)
            out.last_page[1].append(into)
            continue
        cell = paragraph.cell
        if cell:  # tables numbered through the file, as a Word document's are
            out.tables = max(out.tables, tables + cell[0])
            cell = (tables + cell[0], cell[1], cell[2])
        # Positional (index 0, cell, bbox, page_size): keywords cost a class call a dict.
        segment = Segment(paragraph.text, "table" if cell else "body", page_no, 0, cell,
                          paragraph.bbox, size)
        out.last_page[1].append(segment)
        out.add(segment)
    for _y, _x, bbox, text in sorted(hidden_boxes):
        out.add(Segment(text, "hidden", page_no, bbox=bbox, page_size=size))
    if not found and not hidden_boxes:
        return None
    return {font: "".join(texts) for font, texts in by_font.items()}


def _line(spans: list[dict], turn) -> Line:
    boxes = [_turned(span["bbox"], turn) for span in spans]
    return Line("".join(s["text"] for s in spans),
                (min(b[0] for b in boxes), min(b[1] for b in boxes),
                 max(b[2] for b in boxes), max(b[3] for b in boxes)),
                max(float(s["size"]) for s in spans))


def _turned(box, turn) -> tuple[float, float, float, float]:
    """The box as the reader sees the page (plain arithmetic on ``turn``, the page's
    rotation matrix as six numbers: PyMuPDF's Rect objects cost 0.4 ms a line; a call of
    min() or max() costs CPython 3.11 about 1,400 instructions, a comparison a tenth)."""
    x0, y0, x1, y1 = box
    # Upright (most pages), the arithmetic below adds 0.0 to each coordinate, which only
    # turns -0.0 into 0.0, as long as all four are finite (0.0 times an infinity is NaN).
    if turn is _UPRIGHT and (x0 + y0 + x1 + y1) * 0.0 == 0.0:
        if x0 <= x1 and y0 <= y1:  # as MuPDF makes boxes: no min() or max() to call
            if x0 and y0 and x1 and y1:  # no 0.0 or -0.0 (most boxes): the box as it is
                return box
            return (x0 + 0.0, y0 + 0.0, x1 + 0.0, y1 + 0.0)
        return (min(x0, x1) + 0.0, min(y0, y1) + 0.0, max(x0, x1) + 0.0, max(y0, y1) + 0.0)
    a, b, c, d, e, f = turn
    xs = (a * x0 + c * y0 + e, a * x1 + c * y1 + e)
    ys = (b * x0 + d * y0 + f, b * x1 + d * y1 + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _is_hidden(span: dict, area: tuple[float, float, float, float]) -> bool:
    """Off the visible ``area`` (x0, y0, x1, y1), white, or tiny (see the module doc)."""
    x0, y0, x1, y1 = span["bbox"]
    off_page = x1 <= area[0] or x0 >= area[2] or y1 <= area[1] or y0 >= area[3]
    return off_page or span["color"] == WHITE or span["size"] < MIN_VISIBLE_SIZE


def _redactions(page, page_no: int, geometry: _Geometry, blocks: list[dict], facts: _Facts,
                out: _Collector, pymupdf) -> None:
    """candidate-shapes: only a page with something that could cover text is checked for
    failed redactions (drawings, glyph trace and renders are costly): a dark opaque filled
    shape over a text block, an image, or an annotation."""
    texts = [tuple(b["bbox"]) for b in blocks if b["type"] == 0]
    shapes = [b["bbox"] for b in blocks if b["type"] == 3 and not b.get("stroked")
              and b.get("alpha", 255) == 255 and dark_argb(b.get("color", 0))]
    dark_shapes = any(_overlap(shape, text) for shape in shapes for text in texts)
    if not (dark_shapes or facts.images or facts.annotations):
        return
    found, why_not = covered_text(page, pymupdf, texts, shapes=dark_shapes,
                                  images=facts.images, annotations=facts.annotations)
    if why_not:
        out.result.errors.append(f"page {page_no}: {why_not}")
    for covered in found:
        bbox = tuple(pymupdf.Rect(covered.rect) * geometry.matrix)
        out.add(Segment(covered.text, "redacted", page_no, bbox=bbox, page_size=geometry.size))


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# _why_unread's answer for a page whose content stream shows text MuPDF did not extract.
_DRAWS_TEXT = "draws-text"
_IMAGE_ONLY = "image-only pages with no text layer (scans?)"


def _why_unread(doc, page, blocks: list[dict], shown: dict[str, str] | None,
                facts: _Facts) -> str | None:
    """Why the page's text layer does not hold what the page shows, or None when it does.

    The rule for every kind: a page that draws something (paths, images, a content stream)
    but yields no plausible text is read by OCR where installed, else ``review``.
    - ``no-text``: no text at all; the page shows text operators (read by pdfplumber),
      an image (a scan), or curved filled shapes (``outline-shapes``: glyphs converted to
      outlines, 转曲 — at least ``MIN_OUTLINE_SHAPES`` of them);
    - ``garbled``: the text a font yields is no text a person wrote (plausible.py), judged
      font by font (one broken font among good ones garbles its own sentences);
    - ``picture-of-a-page``: an image covers ``PAGE_IMAGE_SHARE`` of the page and the text
      is a line or two (``FEW_CHARS``): a phone scanner's page with its watermark.
    """
    if not shown:
        if shown is None and _TEXT_OPERATORS.search(page.read_contents()):
            return _DRAWS_TEXT
        if facts.images:
            return _IMAGE_ONLY
        outlines = sum(1 for b in blocks if b["type"] == 3 and not b.get("stroked")
                       and not b.get("isrect"))
        if outlines >= MIN_OUTLINE_SHAPES:
            return (f"draws {outlines} curved shapes and no text: text converted to outlines "
                    "(转曲)?")
        return None
    for font, text in shown.items():
        why = garbled(text, lambda: is_cjk_font(doc, page, font))
        if why:
            return f"garbled text layer: {why}"
    # Characters other than white space (str.split drops exactly what str.isspace calls
    # space), counted only where the rule can apply: on a page with an image.
    if facts.images and sum(len("".join(text.split())) for text in shown.values()) < FEW_CHARS:
        page_box = tuple(page.rect * page.derotation_matrix)  # image boxes are unrotated
        area = _area(page_box, page_box)
        covered = max((_area(info["bbox"], page_box) for info in page.get_image_info()),
                      default=0.0)
        if area and covered >= PAGE_IMAGE_SHARE * area:
            return ("a picture of a page: one image covers nearly all of it and its only "
                    "text is a line or two (a phone scan with the app's watermark?)")
    return None


def _area(a, clip) -> float:
    """The area of box ``a`` inside box ``clip``."""
    width = min(a[2], clip[2]) - max(a[0], clip[0])
    height = min(a[3], clip[3]) - max(a[1], clip[1])
    return width * height if width > 0 and height > 0 else 0.0


def _pages_to_ocr(doc, pages: list[tuple[int, str]], out: _Collector) -> None:
    """Pages whose text layer is missing or not to be trusted: OCR where the extra is
    installed, else the reason to review, per page."""
    if not ocr.available():
        scans = [str(pno + 1) for pno, why in pages if why == _IMAGE_ONLY]
        if scans:
            out.result.errors.append(f"{_IMAGE_ONLY}: {', '.join(scans)}; {ocr.NO_OCR}")
        for pno, why in pages:
            if why != _IMAGE_ONLY:
                out.result.errors.append(f"page {pno + 1}: {why}; {ocr.NO_OCR}")
        return
    if len(pages) > ocr.MAX_PAGES:
        listed = ", ".join(str(p + 1) for p, _why in pages[ocr.MAX_PAGES:])
        out.result.errors.append(f"pages {listed}: text not read (only the first "
                                 f"{ocr.MAX_PAGES} pages without a usable text layer are "
                                 "read by OCR)")
    for pno, why in pages[:ocr.MAX_PAGES]:
        page = doc.load_page(pno)
        size = (float(page.rect.width), float(page.rect.height))
        try:
            lines = ocr.page_lines(page)
        except Exception as exc:  # a page MuPDF cannot render, or the OCR runtime failing
            out.result.errors.append(f"page {pno + 1}: {why}; OCR failed ({exc})")
            continue
        if not lines:
            out.result.errors.append(f"page {pno + 1}: {why}; OCR found no text on it")
        for text, box in lines:
            out.add(Segment(text, "ocr", pno + 1, bbox=box, page_size=size))


def _catalog(doc, out: _Collector) -> None:
    """Outlines, page labels, layer names, structure alt texts, fields without a widget …
    (pdf_catalog.py); text the pages already gave is not repeated."""
    try:
        found = catalog_texts(doc)
    except Exception as exc:  # a damaged object graph MuPDF trips over: fail closed
        out.result.errors.append(f"the document catalogue cannot be read ({exc})")
        return
    out.result.errors += found.errors
    if found.texts:  # most files have none: the page text is not gathered for nothing
        have = {(s.text.strip(), s.part) for s in out.result.segments}
        for text, part in found.texts:
            if (text, part) not in have:
                out.add(Segment(text, part))
    if not found.files:
        return
    known = {(a.name, a.data) for a in out.result.attachments}
    for name, content in found.files:
        if (_readable_name(name), content) not in known and \
                all(content != a.data for a in out.result.attachments):
            out.result.attachments.append(Attachment(_readable_name(name), content))


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


def _embedded_files_and_forms(doc, pdf, result: Extraction, pymupdf) -> None:
    """Embedded files are scanned in turn; XFA forms fail closed (review). ``pdf``: the
    document as MuPDF's low-level calls take it (pdf_document)."""
    for name in doc.embfile_names():
        try:
            result.attachments.append(Attachment(_readable_name(name), doc.embfile_get(name)))
        except Exception as exc:
            result.errors.append(f"embedded file {name}: cannot be extracted ({exc})")
    if not _may_have_forms(pdf, pymupdf):
        return
    try:
        acroform = doc.xref_get_key(doc.pdf_catalog(), "AcroForm")
        xfa = acroform[0] != "null" and "XFA" in (
            doc.xref_object(int(acroform[1].split()[0])) if acroform[0] == "xref" else acroform[1])
    except (ValueError, IndexError, RuntimeError):
        xfa = False
    if xfa:
        result.errors.append("XFA form: its dynamic form content is not read")


def _may_have_forms(pdf, pymupdf) -> bool:
    """False where ``doc.xref_get_key(doc.pdf_catalog(), "AcroForm")`` reads null, asked with
    MuPDF's low-level calls on ``pdf`` (pdf_document; the wrapper costs 0.15 ms a file): the
    catalogue is a numbered object in range that resolves (into MuPDF's object cache, where
    ``pdf_load_object`` then finds it without raising), without an /AcroForm entry. Any
    other catalogue is True: the wrapper decides."""
    mupdf = pymupdf.mupdf
    root = mupdf.ll_pdf_dict_gets(mupdf.ll_pdf_trailer(pdf), "Root")
    if not (root and mupdf.ll_pdf_is_indirect(root)
            and 0 < mupdf.ll_pdf_to_num(root) < mupdf.ll_pdf_xref_len(pdf)):
        return True
    catalog = mupdf.ll_pdf_resolve_indirect(root)
    return not catalog or bool(mupdf.ll_pdf_dict_gets(catalog, "AcroForm"))


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
