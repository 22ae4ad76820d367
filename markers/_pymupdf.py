"""Import PyMuPDF without its optional add-ons.

PyMuPDF 2 imports ``pymupdf.layout`` (and with it onnxruntime, ~0.4 s) and
``pymupdf4llm`` (~0.17 s more) on ``import pymupdf``; neither stamping nor text
extraction needs them (only pymupdf.to_markdown and friends do).
"""
from __future__ import annotations

import gc
import sys
from types import ModuleType


def load_pymupdf() -> ModuleType:
    # A None entry in sys.modules makes those imports fail fast, which pymupdf tolerates.
    sys.modules.setdefault("pymupdf.layout", None)
    sys.modules.setdefault("pymupdf4llm", None)
    # The first import makes tens of thousands of objects that live as long as the process:
    # the cyclic collector walking them while they are made, and at every full collection
    # after, cost a two-file scan's worker 27 M instructions (the import itself: 310 M).
    # So it is paused for the import, and what the process holds then is frozen, as a
    # worker freezes what it loaded after its warm-up (garbage of earlier files not yet
    # collected would stay: a few objects, once).
    pause = "pymupdf" not in sys.modules and gc.isenabled()
    if pause:
        gc.disable()
    try:
        import pymupdf
    finally:
        if pause:
            gc.freeze()
            gc.enable()

    # MuPDF prints every repair of a broken file to stderr; baomi reports what matters
    # (unreadable parts) in the file's errors, so the console stays one line a file.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    return pymupdf
