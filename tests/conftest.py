"""Builders for real DOCX and PDF files, written the way offices lay documents out."""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from markers._pymupdf import load_pymupdf

pymupdf = load_pymupdf()

MM = 72 / 25.4
A4 = (595.28, 841.89)
# GB/T 9704-2012 type area: top margin 37 mm, left margin 28 mm, 156 mm wide.
TYPE_AREA_LEFT = 28 * MM
TYPE_AREA_TOP = 37 * MM
LINE = 28.9  # 22 lines on 225 mm


Runs = str | Sequence[str]


def write_docx(path: Path, paragraphs: Sequence[Runs] = (), *, header: str | None = None,
               first_page_header: str | None = None, footer: str | None = None,
               table: Sequence[Sequence[str]] | None = None, table_first: bool = False,
               hidden: str | None = None, core_title: str | None = None) -> Path:
    """A DOCX whose paragraphs are given as text or as a list of runs (a word split
    across runs is how Word stores text after edits)."""
    document = docx.Document()

    def add_table() -> None:
        rows = table or []
        t = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                t.cell(r, c).text = text

    if table and table_first:
        add_table()
    for para in paragraphs:
        p = document.add_paragraph()
        for run_text in [para] if isinstance(para, str) else para:
            run = p.add_run(run_text)
            run.font.size = Pt(16)
    if hidden:
        run = document.add_paragraph().add_run(hidden)
        run.font.hidden = True
    if table and not table_first:
        add_table()
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if first_page_header is not None:
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = first_page_header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    if core_title is not None:
        document.core_properties.title = core_title
    document.save(path)
    return path


def write_pdf(path: Path, lines: Sequence[str | tuple[str, float, float]], *,
              size: tuple[float, float] = A4, encrypt_password: str | None = None,
              pages: int = 1) -> Path:
    """A PDF with CJK text. A plain string goes on the next line of the type area
    (line 1 at the 37 mm top margin, flush with the 28 mm left margin); a tuple gives
    (text, x, y) in points from the top-left corner."""
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page(width=size[0], height=size[1])
    page = doc[0]
    line_no = 0
    for item in lines:
        if isinstance(item, str):
            line_no += 1
            text, x, y = item, TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE * line_no
        else:
            text, x, y = item
        page.insert_text((x, y), text, fontname="china-s", fontsize=16)
    if encrypt_password:
        doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=encrypt_password,
                 owner_pw=encrypt_password + "-owner")
    else:
        doc.save(path)
    return path


def write_png(path: Path, side: int = 40) -> Path:
    """A real PNG picture (grey, no text)."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, side, side), False)
    pix.clear_with(200)
    path.write_bytes(pix.tobytes("png"))
    return path


@cache
def builtin_dictionary():
    """The built-in dictionaries, loaded once for every test that builds a view."""
    from scanner.dictionary import load_dictionary

    return load_dictionary()


def view_of(*paragraphs: str):
    """The detectors' View of a text given as paragraphs, one Segment each, numbered from 1."""
    from scanner.detect.view import View
    from scanner.model import Segment

    return View([Segment(p, index=i) for i, p in enumerate(paragraphs, 1)],
                builtin_dictionary())


@pytest.fixture
def settings():
    from scanner.pipeline import Settings

    return Settings()


@pytest.fixture
def scan(settings):
    """Scan one file with the real pipeline."""
    from scanner.pipeline import scan_file

    def run(path: Path, target: str = "internet"):
        settings.target = target
        return scan_file(str(path), settings)

    return run


@pytest.fixture(autouse=True)
def private_result_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own result cache: none reads another's, none writes the user's."""
    monkeypatch.setenv("BAOMI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
