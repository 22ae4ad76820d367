"""Extractors: one module per format; ``extract`` picks one by the sniffed type."""
from __future__ import annotations

from collections.abc import Callable

from scanner.extract.sniff import IMAGE_TYPES, WORD_TYPES, sniff
from scanner.model import Extraction


def _docx(data: bytes, kind: str) -> Extraction:
    from scanner.extract.docx import extract_docx
    return extract_docx(data, kind)


def _pdf(data: bytes, kind: str) -> Extraction:
    from scanner.extract.pdf import extract_pdf
    return extract_pdf(data)


def _text(data: bytes, kind: str) -> Extraction:
    from scanner.extract.text import extract_text
    return extract_text(data)


def _html(data: bytes, kind: str) -> Extraction:
    from scanner.extract.html import extract_html
    return extract_html(data)


def _image(data: bytes, kind: str) -> Extraction:
    from scanner.extract.ocr import extract_image
    return extract_image(data, kind)


def _xlsx(data: bytes, kind: str) -> Extraction:
    from scanner.extract.xlsx import extract_xlsx
    return extract_xlsx(data)


def _pptx(data: bytes, kind: str) -> Extraction:
    from scanner.extract.pptx import extract_pptx
    return extract_pptx(data)


def _ofd(data: bytes, kind: str) -> Extraction:
    from scanner.extract.ofd import extract_ofd
    return extract_ofd(data)


def _zip(data: bytes, kind: str) -> Extraction:
    from scanner.extract.archive import extract_zip
    return extract_zip(data)


def _ole(data: bytes, kind: str) -> Extraction:
    from scanner.extract.ole import extract_ole
    return extract_ole(data)


# Imports are deferred so a run that reads no PDF never pays for importing PyMuPDF.
READERS: dict[str, Callable[[bytes, str], Extraction]] = {
    "pdf": _pdf, "text": _text, "html": _html, "ole": _ole, "xlsx": _xlsx, "pptx": _pptx,
    "ofd": _ofd, "zip": _zip,
    **{kind: _docx for kind in WORD_TYPES},
}

_WHY_UNREADABLE = {
    "empty": "empty file: no content to check",
    "encrypted-office": "password-encrypted Office document: cannot be read without the password",
    "7z": "7z archive: members are not read (no 7z reader is installed)",
    "rar": "rar archive: members are not read (no rar reader is installed)",
    "unknown": "unrecognised binary content",
}


def extract(data: bytes, kind: str | None = None) -> Extraction:
    kind = kind or sniff(data)
    if kind in IMAGE_TYPES:  # not in READERS: a folder walk does not pick up every picture
        return _image(data, kind)
    reader = READERS.get(kind)
    if reader is None:
        why = _WHY_UNREADABLE.get(kind, f"{kind}: a type baomi cannot read")
        return Extraction(type=kind, errors=[why])
    return reader(data, kind)
