"""Scans and images: read by OCR (part ``ocr``) with the extra, ``review`` without it.

The scans are made here: Chinese text typeset by PyMuPDF, rasterised at 200 dpi and placed as
the only content of a page, as a scanner would. Pages are small to keep OCR quick.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import pymupdf

from scanner.extract import ocr

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="OCR is not available: the extra "
                               "is not installed (pip install 'baomi[ocr]') or BAOMI_OCR=off")

MARK = "机密★10年"
SECRET = "拟提拔赵海燕同志任财政局副局长，尚未公示，请严格保密。"
SMALL_PAGE = (420, 220)


def _typeset(lines: list[str]) -> bytes:
    """A PNG of ``lines`` as printed, 200 dpi, black on white."""
    doc = pymupdf.open()
    page = doc.new_page(width=SMALL_PAGE[0], height=SMALL_PAGE[1])
    for n, line in enumerate(lines):
        page.insert_text((20, 40 + 30 * n), line, fontname="china-s", fontsize=14)
    return page.get_pixmap(dpi=200, alpha=False).tobytes("png")


def _scan_pdf(path: Path, lines: list[str]) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=SMALL_PAGE[0], height=SMALL_PAGE[1])
    page.insert_image(page.rect, stream=_typeset(lines))
    doc.save(path)
    return path


@needs_ocr
def test_scanned_classified_pdf_blocks_with_its_mark(tmp_path, scan):
    result = scan(_scan_pdf(tmp_path / "scan.pdf", [MARK, "关于二〇二四年工作安排的通知"]))
    assert (result.verdict.value, result.status.value) == ("block", "classified"), result.errors
    assert (result.marking.level, result.marking.term) == ("机密", "10年")
    assert result.marking.location.part == "ocr" and result.marking.location.page == 1
    assert result.errors == []


@needs_ocr
def test_scanned_sensitive_text_blocks_as_ocr(tmp_path, scan):
    result = scan(_scan_pdf(tmp_path / "draft.pdf", ["情况说明", SECRET[:16], SECRET[16:]]))
    assert (result.verdict.value, result.status.value) == ("block", "unmarked-sensitive")
    assert {f.location.part for f in result.findings} == {"ocr"}


@needs_ocr
def test_image_file_is_read_by_ocr(tmp_path, scan):
    path = tmp_path / "photo.png"
    path.write_bytes(_typeset([MARK, "关于二〇二四年工作安排的通知"]))
    result = scan(path)
    assert (result.type, result.status.value) == ("png", "classified"), result.errors
    assert result.marking.location.part == "ocr"


def test_without_ocr_a_scan_is_review_with_the_reason(tmp_path, scan, monkeypatch):
    monkeypatch.setenv(ocr.SWITCH, "off")
    doc = pymupdf.open()
    page = doc.new_page(width=SMALL_PAGE[0], height=SMALL_PAGE[1])
    png = page.get_pixmap(dpi=72).tobytes("png")
    page.insert_image(page.rect, stream=png)
    doc.save(tmp_path / "scan.pdf")
    (tmp_path / "photo.png").write_bytes(png)
    for name in ("scan.pdf", "photo.png"):
        result = scan(tmp_path / name)
        assert (result.verdict.value, result.status.value) == ("review", "unreadable")
        assert any("no OCR" in e for e in result.errors), result.errors
