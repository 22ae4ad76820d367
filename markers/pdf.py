"""Stamp a PDF per GB/T 9704-2012: 份号 and 密级★保密期限 top left of page 1's type area.

Bytes in, bytes out. The mark is typeset in a one-page PDF of its own (so subsetting the
CJK font touches no font of the document) and placed on page 1 as a form XObject: real,
extractable text in an embedded font subset that renders the same everywhere.

All geometry here is in visible page coordinates (points, top-left origin, page rotation
applied), converted to PDF space only when reading text positions or placing the mark.
"""
from __future__ import annotations

from dataclasses import dataclass

from markers._pymupdf import load_pymupdf
from markers.marking import Marking, parse_copy_number, parse_marking_line

pymupdf = load_pymupdf()

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
A4_TOLERANCE = 3.0  # points: PDF writers round A4 differently
LEFT = 28 * MM
TOP = 37 * MM
# The type area is 225 mm high and holds 22 lines of 3号 type.
LINE_PITCH = 225 * MM / 22
FONT_SIZE = 16.0
# In the margin the lines are set tighter (the font's line box is 1.31 em high), and kept
# this far from the paper edge and from content.
MARGIN_PITCH = 1.35 * FONT_SIZE
EDGE = 5 * MM
GAP = 2.0
# Only the first lines of page 1 can carry the marking.
TOP_LINES = 6
META_LEVEL, META_TERM, META_COPY = "BaomiLevel", "BaomiTerm", "BaomiCopyNumber"
FONT_RESOURCE = "BaomiCJK"


class PdfError(Exception):
    """The PDF cannot be read or stamped."""


@dataclass(frozen=True)
class Placement:
    top: float  # visible y of the first line cell
    pitch: float
    standard: bool  # at the GB/T 9704 position (else in the free top-left margin)


def _open(data: bytes) -> "pymupdf.Document":
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises FileDataError, RuntimeError, ValueError …
        raise PdfError(f"cannot read PDF: {exc}") from exc
    # Authenticate before touching pages: an encrypted PDF's pages are unreadable.
    if document.needs_pass:
        raise PdfError("PDF is encrypted (password required)")
    if document.page_count == 0:
        raise PdfError("PDF has no pages")
    return document


def _top_lines(page: "pymupdf.Page") -> list[tuple["pymupdf.Rect", str]]:
    """The first text lines of the page by visible position (top to bottom, left to right)."""
    found = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            text = "".join(span["text"] for span in line["spans"])
            if text.strip():
                found.append((pymupdf.Rect(line["bbox"]) * page.rotation_matrix, text))
    found.sort(key=lambda item: (round(item[0].y0), item[0].x0))
    return found[:TOP_LINES]


def _info_xref(document: "pymupdf.Document") -> int:
    kind, value = document.xref_get_key(-1, "Info")
    return int(value.split()[0]) if kind == "xref" else 0


def stamp(data: bytes, marking: Marking, copy_number: str | None, replace: bool) -> tuple[bytes, str | None]:
    """The stamped PDF, and a note when the mark could not go at the standard position."""
    document = _open(data)
    # An owner-password PDF opens without a password; its permissions still bind us.
    if not document.permissions & pymupdf.PDF_PERM_MODIFY:
        raise PdfError("PDF permissions forbid modification")
    page = document[0]
    if replace:
        _remove_top_marking(page)
    font = pymupdf.Font("cjk")
    lines = [copy_number, marking.text()]
    width = max(font.text_length(text, fontsize=FONT_SIZE) for text in lines if text)
    placement = _place(page, width, len(lines))
    if placement is None:
        raise PdfError("no free space at the top left of page 1 for the marking")
    _draw(page, font, lines, width, placement)
    _write_metadata(document, marking, copy_number)
    # KEEP: an owner-password PDF stays encrypted with the same permissions.
    out = document.tobytes(garbage=1, deflate=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
    note = None if placement.standard else _margin_reason(page)
    return out, note


def _margin_reason(page: "pymupdf.Page") -> str:
    why = "page 1 is not A4 portrait" if not _is_a4(page) else "the standard position is occupied"
    return f"mark placed in the free top-left margin ({why})"


def _is_a4(page: "pymupdf.Page") -> bool:
    return (abs(page.rect.width - A4[0]) <= A4_TOLERANCE
            and abs(page.rect.height - A4[1]) <= A4_TOLERANCE)


def _obstacles(page: "pymupdf.Page") -> list["pymupdf.Rect"]:
    """Everything visible on the page that the mark must not overlap, in visible coordinates."""
    area = abs(page.rect)
    rects = [pymupdf.Rect(w[:4]) for w in page.get_text("words")]
    # A filled rectangle over (nearly) the whole page is a background, not content.
    rects += [d["rect"] for d in page.get_drawings() if abs(d["rect"]) < 0.9 * area]
    rects += [pymupdf.Rect(i["bbox"]) for i in page.get_image_info() if abs(pymupdf.Rect(i["bbox"])) < 0.9 * area]
    rects += [annot.rect for annot in page.annots()]
    rects += [widget.rect for widget in page.widgets()]
    # Grown by a point so that zero-height rules and hairlines still count as occupying.
    return [(r * page.rotation_matrix) + (-1, -1, 1, 1) for r in rects]


def _place(page: "pymupdf.Page", width: float, count: int) -> Placement | None:
    """The GB/T 9704 spot when the page is A4 and it is free, else the free margin above content."""
    column = pymupdf.Rect(LEFT - GAP, 0, LEFT + width + GAP, page.rect.height)
    if column.x1 > page.rect.width:
        return None
    in_column = [r for r in _obstacles(page) if r.intersects(column) or column.contains(r)]
    standard = pymupdf.Rect(column.x0, TOP, column.x1, TOP + count * LINE_PITCH)
    if _is_a4(page) and not any(r.intersects(standard) for r in in_column):
        return Placement(TOP, LINE_PITCH, standard=True)
    # The margin: above the type area's top edge, and above whatever sits in the column.
    content_top = min((r.y0 for r in in_column), default=page.rect.height)
    top = min(TOP, content_top - GAP) - count * MARGIN_PITCH
    if top < EDGE:
        return None
    return Placement(top, MARGIN_PITCH, standard=False)


def _draw(page: "pymupdf.Page", font: "pymupdf.Font", lines: list[str | None],
          width: float, placement: Placement) -> None:
    """Typeset the lines in a PDF of their own, then show it on the page at ``placement``."""
    height = len(lines) * placement.pitch
    # Baseline that centres the font's line box (ascender to descender) in each line cell.
    baseline = placement.pitch / 2 + (font.ascender + font.descender) / 2 * FONT_SIZE
    with pymupdf.open() as mark:
        canvas = mark.new_page(width=width, height=height)
        canvas.insert_font(fontname=FONT_RESOURCE, fontbuffer=font.buffer)
        for index, text in enumerate(lines):
            if text:
                canvas.insert_text((0, index * placement.pitch + baseline), text,
                                   fontname=FONT_RESOURCE, fontsize=FONT_SIZE)
        mark.subset_fonts()
        visible = pymupdf.Rect(LEFT, placement.top, LEFT + width, placement.top + height)
        # show_pdf_page takes unrotated coordinates; rotate the mark with the page so it reads upright.
        page.show_pdf_page(visible * page.derotation_matrix, mark, 0, rotate=page.rotation)


def _remove_top_marking(page: "pymupdf.Page") -> None:
    """Redact (truly remove) the marking and 份号 lines at the top of the page."""
    for rect, text in _top_lines(page):
        if parse_marking_line(text) or parse_copy_number(text):
            page.add_redact_annot(rect * page.derotation_matrix, fill=False)
    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE,
                          graphics=pymupdf.PDF_REDACT_LINE_ART_NONE)


def _write_metadata(document: "pymupdf.Document", marking: Marking, copy_number: str | None) -> None:
    """Custom Info keys, so software reads the mark without layout heuristics."""
    if not _info_xref(document):
        document.set_metadata(document.metadata or {})
    info = _info_xref(document)
    values = {META_LEVEL: marking.level, META_TERM: marking.term, META_COPY: copy_number}
    for key, value in values.items():
        document.xref_set_key(info, key, pymupdf.get_pdf_str(value) if value else "null")
