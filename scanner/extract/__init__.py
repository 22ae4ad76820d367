"""Extractors: one module per format; ``extract`` picks one by the sniffed type."""
from __future__ import annotations

from collections.abc import Callable

from scanner.extract.sniff import IMAGE_TYPES, WORD_TYPES, sniff
from scanner.model import Extraction


# kind → (module, function). Imports are deferred so a run that reads no PDF never pays for
# importing PyMuPDF. Images are read (OCR) but not listed: a folder walk does not pick up
# every picture.
_READER_FUNCTIONS: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "extract_pdf"), "text": ("text", "extract_text"),
    "html": ("html", "extract_html"), "ole": ("ole", "extract_ole"),
    "xlsx": ("xlsx", "extract_xlsx"), "pptx": ("pptx", "extract_pptx"),
    "ofd": ("ofd", "extract_ofd"), "zip": ("archive", "extract_zip"),
    "rtf": ("rtf", "extract_rtf"), "mht": ("mht", "extract_mht"),
    "wordml": ("wordml", "extract_wordml"),
    **{kind: ("docx", "extract_docx") for kind in WORD_TYPES},
}
READERS = frozenset(_READER_FUNCTIONS)
# Readers that serve several kinds and are told which one they got.
_TOLD_THE_KIND = {"extract_docx", "extract_image"}


def _reader(module: str, function: str) -> Callable[..., Extraction]:
    import importlib  # here: a walk uses this package's names alone (importlib costs 2 M)

    return getattr(importlib.import_module(f"scanner.extract.{module}"), function)


_WHY_UNREADABLE = {
    "empty": "empty file: no content to check",
    "encrypted-office": "password-encrypted Office document: cannot be read without the password",
    "7z": "7z archive: members are not read (no 7z reader is installed)",
    "rar": "rar archive: members are not read (no rar reader is installed)",
    "unknown": "unrecognised binary content",
}


def extract(data: bytes, kind: str | None = None) -> Extraction:
    kind = kind or sniff(data)
    module, function = ("ocr", "extract_image") if kind in IMAGE_TYPES else \
        _READER_FUNCTIONS.get(kind, ("", ""))
    if not module:
        why = _WHY_UNREADABLE.get(kind, f"{kind}: a type baomi cannot read")
        return Extraction(type=kind, errors=[why])
    read = _reader(module, function)
    return read(data, kind) if function in _TOLD_THE_KIND else read(data)
