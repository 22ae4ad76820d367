"""Which files a scan reads: named files always; in folders, what looks like a document.

A folder member that is not read is never dropped silently: ``walk`` lists it in ``skipped``
with the reason, and the reports show that list (JSON ``skipped``, a line of the text report).
Not reading it is the answer only for what is clearly not a document: code, style sheets,
pictures and media, hidden folders, what the config excludes. A file whose name or content is
a document format is read, and if it cannot be, it is ``review``.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from scanner.extract import READERS
from scanner.extract.sniff import IMAGE_TYPES, claimed_type, sniff

SNIFF_BYTES = 4096


def _not_a_document(path: str) -> str | None:
    """Why a folder member is not scanned, or None when it is. It is scanned when its name
    claims a document format (so a mislabelled or broken document is not skipped) or when
    its bytes are a document format baomi reads other than plain text or HTML (RTF, web
    archives, Word 2003 XML under any name). Unnamed text is not scanned: code and style
    sheets are not documents."""
    if claimed_type(path) is not None:
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return None  # let the scan report why it cannot be read
    if is_document_content(head):
        return None
    kind = sniff(head)
    if kind in IMAGE_TYPES:
        return f"{kind} picture: not a document (name it on the command line to OCR it)"
    if kind in ("text", "html", "empty"):
        return "not a document by its name (code, style sheet or data)"
    return f"{kind} content: not a document format"


def is_document_content(head: bytes) -> bool:
    """Whether the first bytes of a file are a document format baomi reads, other than
    plain text and HTML (which are documents only by name)."""
    if head.startswith(b"PK\x03\x04"):
        return True  # an Office package under another name; the scan sniffs it whole
    kind = sniff(head)
    return kind in READERS and kind not in ("text", "html")


def walk(paths: list[str], selects: Callable[[str], bool] | None = None,
         skipped: list[tuple[str, str]] | None = None) -> Iterator[str]:
    """Files to scan, in a stable order; hidden folders (.git …) are not entered.
    ``selects`` (the config's include/exclude) filters named files and folder members.
    What is not scanned is appended to ``skipped`` as (path, reason)."""
    skipped = skipped if skipped is not None else []
    for path in paths:
        if not os.path.isdir(path):
            if selects is None or selects(path):
                yield path
            else:
                skipped.append((path, "excluded by the config"))
            continue
        for root, dirs, files in os.walk(path):
            hidden = sorted(d for d in dirs if d.startswith("."))
            skipped += [(os.path.join(root, d), "hidden folder: not entered") for d in hidden]
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(root, name)
                if not os.path.isfile(full):
                    skipped.append((full, "not a regular file"))
                elif (why := _not_a_document(full)) is not None:
                    skipped.append((full, why))
                elif selects is not None and not selects(full):
                    skipped.append((full, "excluded by the config"))
                else:
                    yield full
