"""Import PyMuPDF without its optional add-ons.

PyMuPDF 2 imports ``pymupdf.layout`` (and with it onnxruntime, ~0.4 s) and
``pymupdf4llm`` (~0.17 s more) on ``import pymupdf``; neither stamping nor text
extraction needs them (only pymupdf.to_markdown and friends do).
"""
from __future__ import annotations

import sys
from types import ModuleType


def load_pymupdf() -> ModuleType:
    # A None entry in sys.modules makes those imports fail fast, which pymupdf tolerates.
    sys.modules.setdefault("pymupdf.layout", None)
    sys.modules.setdefault("pymupdf4llm", None)
    import pymupdf

    # MuPDF prints every repair of a broken file to stderr; baomi reports what matters
    # (unreadable parts) in the file's errors, so the console stays one line a file.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    return pymupdf
