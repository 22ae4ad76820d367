"""``baomi scan --staged``: scan what the next commit will hold (the index), not the
working tree, which may differ in either direction.

The blobs become tasks that carry their bytes, run like any other scan: the same worker
pool with the same time and memory limits, the same cache, the same settings.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator

from scanner.extract.sniff import claimed_type
from scanner.publish.gitrepo import IndexEntry, index_entries, read_blobs
from scanner.model import FileResult
from scanner.run.task import MAX_FILE_BYTES, Task, unreadable
from scanner.run.walk import SNIFF_BYTES, is_document_content

# A git LFS pointer stands in the index for the real file, which baomi cannot see there.
LFS_POINTER = b"version https://git-lfs.github.com/spec/"
LFS_POINTER_MAX_BYTES = 1024


def staged_tasks(paths: list[str], root: str | os.PathLike[str],
                 selects: Callable[[str], bool] | None = None) -> tuple[
                     int, Iterator[Task | FileResult]]:
    """(how many index entries there are, a task per entry that is scanned), the index
    version of each file under ``paths``, reported by repo-relative path. Files named as
    such are always scanned, folder members when they look like documents (as in
    ``walk``); ``selects`` applies the config's include/exclude. Entries that cannot be
    scanned (over the size limit, a git LFS pointer) are results already. Raises
    GitError here for paths git does not know, and from the iterator if git fails."""
    named = {os.path.normpath(p) for p in paths}
    entries = [e for e in index_entries(paths)
               if not _in_hidden_folder(e.path, named)
               and (selects is None or selects(os.path.join(root, e.repo_path)))]
    return len(entries), _tasks(entries, named)


def _tasks(entries: list[IndexEntry], named: set[str]) -> Iterator[Task | FileResult]:
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
            yield Task(entry.repo_path, data=data)


def _in_hidden_folder(path: str, named: set[str]) -> bool:
    """Like ``walk``: hidden folders (.github …) are not entered unless named."""
    parts = path.split("/")[:-1]
    return any(part.startswith(".") and "/".join(parts[:i + 1]) not in named
               for i, part in enumerate(parts))
