"""Text still in a PDF under an opaque box: a redaction that only looks done.

Each candidate box is an opaque, dark shape that sits over text in paint order; the text
whose glyphs it covers is returned with the box. What counts as a placeholder (XXXX,
REDACTED) is for the detector to judge: this module only reports what is under a box.

Heuristics, each named where it is applied (after Free Law Project's x-ray):
- ``dark-fill``: a box hides text only if its fill is dark (luminance <= 0.4) and fully
  opaque; white and coloured fills are backgrounds, form fields and highlights.
- ``not-a-rule``: shapes thinner than 4 pt are lines and table rules, not boxes.
- ``each-rect``: a drawing's own ``re`` items are the boxes, not its outer rectangle, or two
  bars of a multi-line redaction would swallow the visible words between them.
- ``drawn-after``: a box covers a glyph only if it is painted after it (higher seqno),
  or the glyph has the box's own colour (black on black is just as unreadable).
- ``mostly-covered``: 80 % of a glyph's box must be under the shape; a box that grazes
  the neighbouring line hides nothing.
- ``rendered-dark``: the page rendered at the box is (nearly) one dark colour; that is what
  the reader sees, whatever clipping, blending or later drawings did.
- Annotations (unapplied Redact annotations, dark Square and Highlight annotations) are
  painted over the whole page; so are dark images smaller than half the page.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

DARK_LUMINANCE = 0.4
MIN_BOX_SIDE = 4.0
COVERED_SHARE = 0.8
# Share of the rendered box that must be one colour; anti-aliased edges are the rest (a
# 20-pixel-high box at 72 dpi keeps 89 % after a 1 pt inset). Visible text on a box
# covers far more than the 10 % left over.
UNIFORM_SHARE = 0.9
EDGE_INSET = 1.5
# An image covering more than this share of the page is a scan or background, not a box.
MAX_IMAGE_SHARE = 0.5
# Bound the work on hostile pages: get_cdrawings costs ~9 µs a fill (2.6 s for 300,000).
MAX_FILLS = 50_000
# Fill-path operators in a content stream (f, F, f*, B, B*, b, b*), counted before asking
# MuPDF for the drawings, so a page with millions of them is refused cheaply.
_FILL_OPERATOR = re.compile(rb"(?<![A-Za-z0-9*'\"])(?:[fFBb]\*?)(?=[\s\[\]/<>()%]|$)")
_OVER_EVERYTHING = math.inf
_REDACT, _SQUARE, _HIGHLIGHT = 12, 4, 8  # PDF_ANNOT_* numbers


@dataclass(frozen=True)
class Box:
    rect: tuple[float, float, float, float]
    seqno: float
    fill: tuple[float, ...] | None
    always: bool = False  # an unapplied Redact annotation hides by intent, whatever colour


@dataclass
class CoveredText:
    text: str
    rect: tuple[float, float, float, float]


def covered_text(page, pymupdf, text_boxes: list[tuple], *, shapes: bool, images: bool,
                 annotations: bool) -> tuple[list[CoveredText], str | None]:
    """Text under opaque boxes on ``page``, and why the page could not be checked, if so.

    Costly (drawings, glyph trace, renders): the page pass asks only for pages with a
    candidate, and says which kinds it saw: dark filled ``shapes`` over text (its text pass
    collects the shapes a page draws, form XObjects included), ``images``,
    ``annotations``. Only boxes over one of ``text_boxes`` (the text blocks) are checked.
    """
    boxes: list[Box] = []
    if annotations:
        boxes += _annotation_boxes(page)
    if images:
        boxes += _image_boxes(page)
    if shapes:
        fills = len(_FILL_OPERATOR.findall(page.read_contents()))
        if fills > MAX_FILLS:
            return [], (f"{fills} filled shapes, over the {MAX_FILLS} checked for text under "
                        "opaque boxes")
        boxes += _drawn_boxes(page)
    boxes = [b for b in boxes if any(_overlap(b.rect, t) for t in text_boxes)]
    if not boxes:
        return [], None
    spans = page.get_texttrace()
    found = []
    claimed: set[tuple[int, int]] = set()
    # Topmost box first, so a glyph under two stacked boxes is reported once.
    for box in sorted(boxes, key=lambda b: b.seqno, reverse=True):
        chars = []
        for s, span in enumerate(spans):
            if not _overlap(span["bbox"], box.rect):
                continue
            hidden_by_order = box.seqno > span["seqno"] or _same_colour(span["color"], box.fill)
            if not hidden_by_order:
                continue
            for c, char in enumerate(span["chars"]):
                if (s, c) not in claimed and _covered(char[3], box.rect):
                    claimed.add((s, c))
                    chars.append(chr(char[0]))
        text = "".join(chars)
        if text.strip() and (box.always or _renders_dark(page, pymupdf, box.rect)):
            found.append(CoveredText(text, box.rect))
    return found, None


def _drawn_boxes(page) -> list[Box]:
    boxes = []
    for drawing in page.get_cdrawings():
        fill = drawing.get("fill")
        if fill is None or drawing.get("fill_opacity", 1.0) < 1.0 or not _dark(fill):
            continue  # dark-fill
        rects = [item[1] for item in drawing["items"] if item[0] == "re"]  # each-rect
        for rect in rects or [drawing["rect"]]:
            if _big_enough(rect):
                boxes.append(Box(tuple(rect), drawing["seqno"], tuple(fill)))
    return boxes


def _annotation_boxes(page) -> list[Box]:
    boxes = []
    for annot in page.annots() or ():
        kind = annot.type[0]
        colours = annot.colors or {}
        colour = colours.get("fill") if kind == _SQUARE else colours.get("stroke")
        opaque = annot.opacity in (-1, 1) or annot.opacity >= 1.0
        if kind == _REDACT:
            boxes.append(Box(tuple(annot.rect), _OVER_EVERYTHING, None, always=True))
        elif kind in (_SQUARE, _HIGHLIGHT) and colour and opaque and _dark(colour):
            boxes.append(Box(tuple(annot.rect), _OVER_EVERYTHING, tuple(colour)))
    return boxes


def _image_boxes(page) -> list[Box]:
    page_area = abs(page.rect)
    boxes = []
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        if _big_enough(info["bbox"]) and (x1 - x0) * (y1 - y0) <= MAX_IMAGE_SHARE * page_area:
            boxes.append(Box(tuple(info["bbox"]), _OVER_EVERYTHING, None))
    return boxes


def _big_enough(rect) -> bool:
    x0, y0, x1, y1 = rect
    return abs(x1 - x0) > MIN_BOX_SIDE and abs(y1 - y0) > MIN_BOX_SIDE  # not-a-rule


def dark_argb(colour: int) -> bool:
    """dark-fill for a colour packed as 0xRRGGBB, as the text pass reports shapes."""
    return _dark(((colour >> 16 & 0xFF) / 255, (colour >> 8 & 0xFF) / 255, (colour & 0xFF) / 255))


def _dark(colour) -> bool:
    if len(colour) == 1:
        return colour[0] <= DARK_LUMINANCE
    if len(colour) == 4:  # CMYK
        c, m, y, k = colour
        colour = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    r, g, b = colour[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b <= DARK_LUMINANCE


def _same_colour(a, b) -> bool:
    return b is not None and len(a) == len(b) and all(abs(x - y) < 0.02 for x, y in zip(a, b))


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _covered(glyph, box) -> bool:
    """mostly-covered"""
    area = (glyph[2] - glyph[0]) * (glyph[3] - glyph[1])
    if area <= 0:
        return False
    width = min(glyph[2], box[2]) - max(glyph[0], box[0])
    height = min(glyph[3], box[3]) - max(glyph[1], box[1])
    return width > 0 and height > 0 and width * height >= COVERED_SHARE * area


def _renders_dark(page, pymupdf, rect) -> bool:
    """rendered-dark: what the reader sees at the box, a little in from its edges."""
    clip = pymupdf.Rect(rect) + (EDGE_INSET, EDGE_INSET, -EDGE_INSET, -EDGE_INSET)
    if clip.is_empty:
        return False
    pix = page.get_pixmap(colorspace=pymupdf.csRGB, clip=clip, alpha=False)
    if pix.width == 0 or pix.height == 0:
        return False
    share, colour = pix.color_topusage()
    return share >= UNIFORM_SHARE and _dark(tuple(v / 255 for v in colour[:3]))
