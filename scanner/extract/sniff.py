"""What a file is, from its bytes. The name is only a claim, checked against the content."""
from __future__ import annotations

import os
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    import zipfile

# Content types of the main part of a WordprocessingML package.
_WORD_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}
WORD_TYPES = frozenset(_WORD_MAIN.values())

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
)
IMAGE_TYPES = frozenset(t for _, t in _IMAGE_MAGIC) | {"webp"}
_ARCHIVE_MAGIC = ((b"7z\xbc\xaf\x27\x1c", "7z"), (b"Rar!\x1a\x07", "rar"))
# A ZIP's first local file header (what an Office package starts with), and the end record
# that alone makes an empty ZIP.
ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"

# Documents Word opens whatever they are called: OA systems' "export to Word" writes RTF,
# web archives (MHT) and Word 2003 XML under a .doc name.
WORD_OPENS = frozenset({"rtf", "mht", "wordml", "html"})

# Content types a name may claim without lying: a .docx may hold any Word package, an
# Office name may hold the encrypted (OLE) form of itself, .txt/.md may hold any text.
_SAME_FAMILY = {
    **{kind: WORD_TYPES | {"encrypted-office"} for kind in WORD_TYPES},
    "xlsx": {"xlsx", "encrypted-office"},
    "pptx": {"pptx", "encrypted-office"},
    "ole": {"ole", "encrypted-office"} | WORD_OPENS,
    "rtf": {"rtf"}, "mht": {"mht", "html"}, "wordml": {"wordml"},
    "text": {"text", "html"},
    "html": {"html", "text"},
}

# What a file name claims; used to report a mismatch and to decide what a folder walk reads.
CLAIMED_BY_EXTENSION = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docm", ".dotx": "dotx", ".dotm": "dotm",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".pptx": "pptx", ".pptm": "pptx", ".ofd": "ofd",
    ".zip": "zip", ".7z": "7z", ".rar": "rar",
    ".doc": "ole", ".wps": "ole", ".xls": "ole", ".ppt": "ole", ".et": "ole", ".dps": "ole",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rtf": "rtf", ".mht": "mht", ".mhtml": "mht",
    ".txt": "text", ".md": "text", ".markdown": "text", ".csv": "text", ".text": "text",
}


def claimed_type(name: str) -> str | None:
    return CLAIMED_BY_EXTENSION.get(os.path.splitext(name)[1].lower())


def type_mismatch(name: str, kind: str) -> str | None:
    """What the name claims, when the content is of another type (None when they agree,
    the name claims nothing, or the file is empty)."""
    claimed = claimed_type(name)
    if claimed is None or kind == "empty" or kind in _SAME_FAMILY.get(claimed, {claimed}):
        return None
    return claimed


def sniff(data: bytes) -> str:
    """The type of ``data``: pdf, docx/docm/dotx/dotm, xlsx, pptx, ofd, zip, 7z, rar, ole,
    encrypted-office, rtf, mht, wordml (Word 2003 XML), html, text, an image type, ``empty``
    or ``unknown``."""
    if not data.strip():
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith((ZIP_MAGIC, _EMPTY_ZIP)):
        return _sniff_zip(data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # Password-protected OOXML is an OLE container holding an EncryptedPackage stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted-office"
        return "ole"
    for magic, kind in _IMAGE_MAGIC + _ARCHIVE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if _looks_binary(head):
        return "unknown"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"{\\rtf"):
        return "rtf"
    if _is_mht(lowered):
        return "mht"
    if lowered.startswith(b"<?xml") and re.search(_WORDML, head):
        return "wordml"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:512]:
        return "html"
    return "text"


# Word 2003 XML: the processing instruction Word writes, or the root element's namespace.
# Compiled by re on first use: a walk imports this module and sniffs no XML.
_WORDML = (rb'progid\s*=\s*"Word\.Document"|'
           rb'<w:wordDocument[^>]+schemas\.microsoft\.com/office/word/2003/wordml')
_MIME_HEADERS = (b"mime-version:", b"from:", b"subject:", b"date:", b"content-type:",
                 b"message-id:", b"x-")


def _is_mht(lowered: bytes) -> bool:
    """A MIME message (headers first) whose body is a web page: multipart/related or HTML."""
    return lowered.startswith(_MIME_HEADERS) and b"mime-version:" in lowered and (
        b"multipart/related" in lowered or b"content-type: text/html" in lowered)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with a byte-order mark
    from scanner.extract.text import utf16_without_bom  # its regexes: only for such bytes

    return b"\x00" in head and utf16_without_bom(head[:len(head) // 2 * 2]) is None


def _sniff_zip(data: bytes) -> str:
    import zipfile  # here: a walk uses this module's names alone, and reads no package
    import zlib

    from scanner.extract.zipped import Package, keep

    # A damaged member: the extractor says why.
    errors = (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError,
              NotImplementedError, zlib.error)
    try:
        zf = Package(data)
    except errors:
        return "zip"
    try:
        kind = _package_kind(zf)
    except errors:
        kind = "zip"
    if kind in _PACKAGE_READ:
        keep(zf)  # its reader takes it: the directory is parsed once
    else:
        zf.close()
    return kind


# What read_package (scanner/extract/package.py) reads: its package is kept for it.
_PACKAGE_READ = WORD_TYPES | {"xlsx", "pptx"}


def _package_kind(zf: zipfile.ZipFile) -> str:
    from scanner.extract.zipped import read_member  # here: as _sniff_zip's imports

    names = zf.NameToInfo
    if "[Content_Types].xml" in names:
        types = read_member(zf, names["[Content_Types].xml"])
        for content_type, kind in _WORD_MAIN.items():
            if content_type.encode() in types:
                return kind
        if b"spreadsheetml" in types:
            return "xlsx"
        if b"presentationml" in types:
            return "pptx"
        if any(n.startswith("word/") for n in names):
            return "docx"
    if "OFD.xml" in names:
        return "ofd"
    return "zip"
