"""One unit of work, whichever runner carries it (the local pool, a Dask cluster, staged
git blobs, an upload): a ``Task`` names a file to read or carries bytes already read, and
``scanner.run.worker.run_task`` turns it into a ``FileResult``. Runners only move tasks and
results.

Only regular files are read: a FIFO would block ``open`` or ``read`` forever and a device
such as ``/dev/zero`` never ends, so anything else is ``review`` with what it is.
"""
from __future__ import annotations

import os
import stat
from collections import namedtuple

from scanner.model import FileResult, Status

# The largest file read (or hashed) at all; a larger one is review, never half-read.
MAX_FILE_BYTES = 512 * 1024 * 1024
# A file that grows while it is read is read on in steps of this many bytes.
GROWTH_CHUNK = 1 << 20
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 2048


class BatchError(RuntimeError):
    """A run cannot go on at all; the message says why."""


# Limits and Task are named tuples, not frozen dataclasses: every scan makes the classes,
# and dataclasses compiles a class's methods when it makes it (7 M instructions for these
# two; a warm rescan's 240 cache lookups cost 34 M).


class Limits(namedtuple("Limits", "timeout max_memory_mb",
                        defaults=(DEFAULT_TIMEOUT, DEFAULT_MAX_MEMORY_MB))):
    """Per file: wall-clock seconds (``timeout``: float | None), and MB a worker's address
    space may grow by beyond what it holds once loaded (``max_memory_mb``: int | None);
    None: no limit."""

    __slots__ = ()


class Task(namedtuple("Task", "path sha256 data target trace", defaults=("", None, "", True))):
    """A file to scan. ``path`` (str) is read from disk, unless ``data`` (bytes | None)
    carries the bytes already (a staged git blob, an upload), when ``path`` is only the
    name reported and whose extension is checked against the content. ``sha256`` (str):
    the content's hash when the cache already computed it. ``target`` (str): where this
    file is going, when not where the run's settings say (``baomi serve`` takes it per
    upload, with one pool for both). ``trace`` (bool): whether the result carries the
    judge's trace; False where nothing will read it (no cache to keep it, no report that
    shows it), which spares building it."""

    __slots__ = ()


# What a runner yields: the result, and whether it may be cached (not a limit's verdict).
Outcome = tuple[FileResult, bool]


class NotReadable(OSError):
    """A path that is not a regular file, or one over the size limit; ``str`` says why."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def check_regular(st: os.stat_result) -> None:
    """Raise NotReadable unless ``st`` is a regular file within MAX_FILE_BYTES."""
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise NotReadable(f"{kind}, not a regular file: not read")
    if st.st_size > MAX_FILE_BYTES:
        raise NotReadable(f"file is {st.st_size} bytes, over the {MAX_FILE_BYTES}-byte limit")


def open_regular(path: str) -> int:
    """A read-only descriptor of the regular file at ``path``. Checked by ``stat`` before
    opening, then the open file again (``fstat``): O_NONBLOCK keeps a FIFO swapped in
    between the two from blocking the open. Raises NotReadable or OSError."""
    check_regular(os.stat(path))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        check_regular(os.fstat(fd))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str) -> bytes:
    """The bytes of the regular file at ``path``, never more than MAX_FILE_BYTES (a file
    that grows while read is cut there and the scan reports it as over the limit)."""
    with os.fdopen(open_regular(path), "rb") as fh:
        # Sized reads: read(n) reserves n bytes up front, so never ask for the limit itself.
        parts = [fh.read(os.fstat(fh.fileno()).st_size + 1)]
        total = len(parts[0])
        while total <= MAX_FILE_BYTES and (more := fh.read(GROWTH_CHUNK)):
            parts.append(more)
            total += len(more)
    if total > MAX_FILE_BYTES:
        raise NotReadable(f"file grew over the {MAX_FILE_BYTES}-byte limit while read")
    return b"".join(parts) if len(parts) > 1 else parts[0]


def unreadable(path: str, why: str, kind: str = "unknown", sha256: str = "") -> FileResult:
    """The ``review`` result of a file that could not be read (fully), with the reason."""
    return FileResult(path=path, type=kind, sha256=sha256, verdict=Status.UNREADABLE.verdict,
                      status=Status.UNREADABLE, errors=[why])
