"""Optional OCR of scans and images (``pip install 'baomi[ocr]'``), as part ``ocr``.

RapidOCR (rapidocr-onnxruntime) runs PaddleOCR's Chinese PP-OCRv4 models on ONNX Runtime;
the models ship inside its wheel, so nothing is downloaded at run time. Without the extra,
images and image-only pages stay ``review`` (fail closed).
"""
from __future__ import annotations

import os
from functools import lru_cache

from scanner.model import Extraction, Segment

# Scans are read at 200 dpi: small 公文 print (仿宋 3号 is 16 pt) reads well, and an A4 page
# takes 3-5 s on one core; a larger page is rendered no larger than an A4 page at 200 dpi
# (detection time grows with the pixels). More pages than MAX_PAGES are left to a person.
DPI = 200
MAX_SIDE_PIXELS = 2339
MAX_PAGES = 20
# OCR costs seconds a page: BAOMI_OCR=off turns it off for a run (scans are then review).
SWITCH = "BAOMI_OCR"
NO_OCR = "text in images is not read (no OCR: pip install 'baomi[ocr]')"
Box = tuple[float, float, float, float]


@lru_cache(maxsize=1)
def _engine():
    """The recogniser, built once per process, or None without the extra."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    return RapidOCR()


def available() -> bool:
    return os.environ.get(SWITCH, "").lower() not in ("off", "0", "no") and _engine() is not None


def recognise(image: bytes) -> list[tuple[str, Box]]:
    """(line text, pixel box) for each line of text found in an encoded image."""
    result, _timings = _engine()(image)
    lines = []
    for corners, text, _confidence in result or ():
        xs = [float(x) for x, _ in corners]
        ys = [float(y) for _, y in corners]
        if text.strip():
            lines.append((text, (min(xs), min(ys), max(xs), max(ys))))
    return lines


def page_lines(page) -> list[tuple[str, Box]]:
    """OCR of one PDF page as the reader sees it, boxes in points from its top-left."""
    dpi = min(DPI, MAX_SIDE_PIXELS * 72 / max(page.rect.width, page.rect.height))
    scale = 72 / dpi
    png = page.get_pixmap(dpi=round(dpi), alpha=False).tobytes("png")
    return [(text, (x0 * scale, y0 * scale, x1 * scale, y1 * scale))
            for text, (x0, y0, x1, y1) in recognise(png)]


def extract_image(data: bytes, kind: str) -> Extraction:
    """An image file: its text by OCR, one Segment per line, as page 1."""
    result = Extraction(type=kind)
    if not available():
        result.errors.append(f"{kind} image: {NO_OCR}")
        return result
    from markers._pymupdf import load_pymupdf

    try:
        pixmap = load_pymupdf().Pixmap(data)  # the size in pixels, and proof it decodes
        size = (float(pixmap.width), float(pixmap.height))
        lines = recognise(data)  # at its own resolution: boxes are in pixels
    except Exception as exc:  # a corrupt or unsupported image
        result.errors.append(f"{kind} image cannot be decoded ({exc})")
        return result
    if not lines:
        result.errors.append(f"{kind} image: OCR found no text in it")
    result.segments += [Segment(text, "ocr", 1, i, bbox=box, page_size=size, order=i)
                        for i, (text, box) in enumerate(lines, 1)]
    return result
