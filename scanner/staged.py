"""``baomi scan --staged``: scan what the next commit will hold (the index), not the
working tree, which may differ in either direction."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator

from scanner.extract.sniff import claimed_type
from scanner.gitrepo import index_entries, read_blobs, toplevel
from scanner.model import FileResult
from scanner.pipeline import MAX_FILE_BYTES, Settings, scan_read_bytes, unreadable
from scanner.walk import SNIFF_BYTES, is_document_content

# A git LFS pointer stands in the index for the real file, which baomi cannot see there.
LFS_POINTER = b"version https://git-lfs.github.com/spec/"
LFS_POINTER_MAX_BYTES = 1024


def scan_staged(paths: list[str], settings: Settings,
                selects: Callable[[str], bool] | None = None) -> Iterator[FileResult]:
    """The index version of each file under ``paths``; reported by repo-relative path.
    Files named as such are always scanned, folder members when they look like documents
    (as in ``walk``); ``selects`` applies the config's include/exclude."""
    root = toplevel()
    named = {os.path.normpath(p) for p in paths}
    entries = [e for e in index_entries(paths)
               if not _in_hidden_folder(e.path, named)
               and (selects is None or selects(str(root / e.repo_path)))]
    blobs = read_blobs([e.blob for e in entries], MAX_FILE_BYTES)
    for entry, data in zip(entries, blobs):
        if isinstance(data, int):
            yield unreadable(entry.repo_path,
                             f"file is {data} bytes, over the {MAX_FILE_BYTES}-byte limit")
        elif data.startswith(LFS_POINTER) and len(data) <= LFS_POINTER_MAX_BYTES:
            yield unreadable(entry.repo_path, "git LFS pointer: the document itself is not in "
                             "the index", kind="text", sha256=hashlib.sha256(data).hexdigest())
        elif (os.path.normpath(entry.path) in named or claimed_type(entry.path) is not None
              or is_document_content(data[:SNIFF_BYTES])):
            yield scan_read_bytes(data, entry.repo_path, settings)


def _in_hidden_folder(path: str, named: set[str]) -> bool:
    """Like ``walk``: hidden folders (.github …) are not entered unless named."""
    parts = path.split("/")[:-1]
    return any(part.startswith(".") and "/".join(parts[:i + 1]) not in named
               for i, part in enumerate(parts))
