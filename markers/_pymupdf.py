"""Import PyMuPDF without its optional layout add-on.

PyMuPDF 2 imports ``pymupdf.layout`` (and with it onnxruntime, ~0.4 s) on
``import pymupdf``; neither stamping nor text extraction needs it.
"""
from __future__ import annotations

import sys
from types import ModuleType


def load_pymupdf() -> ModuleType:
    # A None entry in sys.modules makes that import fail fast, which pymupdf tolerates.
    sys.modules.setdefault("pymupdf.layout", None)
    import pymupdf

    return pymupdf
