"""Bare text extraction, the floor a scan is measured against: PyMuPDF ``page.get_text()``
of every PDF page, the ``w:t`` text of a DOCX's ``word/document.xml``. Nothing of baomi.

    python bench/bare_extract.py [-j N] FOLDER

Run as its own process, like ``baomi scan``, so that both pay for starting Python and
importing their readers; with ``-j 2`` the files go to a pool of two processes, the
reference for what a second core can give.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import zipfile
from pathlib import Path

from lxml import etree

# PyMuPDF 2 (the full package) imports its layout and LLM add-ons on ``import pymupdf``
# unless they are marked absent; pymupdf-lite has none. Either way: the bare reader.
sys.modules.setdefault("pymupdf.layout", None)
sys.modules.setdefault("pymupdf4llm", None)
import pymupdf  # noqa: E402

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def pdf_text(path: Path) -> int:
    with pymupdf.open(path) as doc:
        return sum(len(page.get_text()) for page in doc)


def docx_text(path: Path) -> int:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return sum(len(t.text or "") for t in root.iter(W_T))


def extract_one(path: Path) -> int:
    """Characters of text in one PDF or DOCX."""
    return pdf_text(path) if path.suffix == ".pdf" else docx_text(path)


def extract_all(files: list[Path], jobs: int) -> int:
    if jobs == 1:
        return sum(map(extract_one, files))
    methods = multiprocessing.get_all_start_methods()
    with multiprocessing.get_context("fork" if "fork" in methods else "spawn").Pool(jobs) as pool:
        return sum(pool.imap_unordered(extract_one, files, chunksize=4))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    files = sorted(p for p in args.folder.iterdir() if p.suffix in (".pdf", ".docx"))
    print(extract_all(files, args.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
