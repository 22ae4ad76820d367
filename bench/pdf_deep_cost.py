"""What reading every hiding place costs: extract_pdf against bare text blocks, same PDFs.

    python bench/pdf_deep_cost.py [FOLDER ...]     (default: the generated bench corpus,
                                                   plus ../shared/corpus/pdf when present)

Bare text is PyMuPDF's ``get_text()`` of every page, the floor any PDF reader pays (and, for
comparison, ``get_text("dict")``, the one text pass deep reading makes).
extract_pdf adds hidden spans, the failed-redaction check (drawings, and for pages with
candidate boxes the glyph trace and a render), annotations, XMP and earlier revisions. Both
run in one process after a warm-up pass, with OCR off; the ratio is what counts.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["BAOMI_OCR"] = "off"

from corpus import make_corpus  # noqa: E402

from markers._pymupdf import load_pymupdf  # noqa: E402
from scanner.extract.pdf import extract_pdf  # noqa: E402

SHARED_PDFS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def bare_text(datas: list[bytes], mode: str = "text") -> None:
    pymupdf = load_pymupdf()
    flags = pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
    for data in datas:
        try:
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                if not doc.needs_pass:
                    for page in doc:
                        page.get_text(mode, flags=flags)
        except Exception:  # the corpus holds broken files on purpose
            pass


def dict_text(datas: list[bytes]) -> None:
    bare_text(datas, "dict")


def deep(datas: list[bytes]) -> None:
    for data in datas:
        extract_pdf(data)


def timed(run, datas: list[bytes]) -> float:
    start = time.perf_counter()
    run(datas)
    return time.perf_counter() - start


def main(folders: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(f) for folder in folders for f in sorted(Path(folder).rglob("*.pdf"))]
        if not folders:
            paths = [p for p in make_corpus(Path(tmp), 100) if p.suffix == ".pdf"]
            if SHARED_PDFS.is_dir():
                paths += sorted(SHARED_PDFS.glob("*.pdf"))
        datas = [p.read_bytes() for p in paths]
    bare_text(datas)
    deep(datas)  # warm-up: imports, fonts, caches
    bare, as_dict, full = timed(bare_text, datas), timed(dict_text, datas), timed(deep, datas)
    print(f"{len(datas)} PDFs: bare get_text() {bare:.2f} s, get_text('dict') {as_dict:.2f} s, "
          f"extract_pdf {full:.2f} s; ratio to bare {full / bare:.2f}x, "
          f"to dict {full / as_dict:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
