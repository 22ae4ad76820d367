"""Which files a scan reads: named files always; in folders, what looks like a document."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from scanner.extract import READERS
from scanner.extract.sniff import claimed_type, sniff

SNIFF_BYTES = 4096


def _is_document(path: str) -> bool:
    """A folder member is scanned when its name claims a document format (so a
    mislabelled or broken document is not skipped) or when its bytes are a binary
    document format baomi reads. Unnamed text is not scanned: code and style sheets
    are not documents."""
    if claimed_type(path) is not None:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return True  # let the scan report why it cannot be read
    return is_binary_document(head)


def is_binary_document(head: bytes) -> bool:
    """Whether the first bytes of a file are a binary document format baomi reads."""
    if head.startswith(b"PK\x03\x04"):
        return True  # an Office package under another name; the scan sniffs it whole
    kind = sniff(head)
    return kind in READERS and kind not in ("text", "html")


def walk(paths: list[str], selects: Callable[[str], bool] | None = None) -> Iterator[str]:
    """Files to scan, in a stable order; hidden folders (.git …) are not entered.
    ``selects`` (the config's include/exclude) filters named files and folder members."""
    for path in paths:
        if not os.path.isdir(path):
            if selects is None or selects(path):
                yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(root, name)
                if (os.path.isfile(full) and _is_document(full)
                        and (selects is None or selects(full))):
                    yield full
