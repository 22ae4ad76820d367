"""One unit of work, whichever runner carries it (the local pool, a Dask cluster, staged
git blobs, an upload): a ``Task`` names a file to read or carries bytes already read, and
``run_task`` turns it into a ``FileResult``. Runners only move tasks and results. A path
is read as ``scanner.reading`` reads it: regular files only, within MAX_FILE_BYTES.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from scanner.model import FileResult
from scanner.settings import Settings

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 2048


class BatchError(RuntimeError):
    """A run cannot go on at all; the message says why."""


@dataclass(frozen=True)
class Limits:
    """Per file: wall-clock seconds, and MB a worker's address space may grow by beyond
    what it holds once loaded (None: no limit)."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


@dataclass(frozen=True)
class Task:
    """A file to scan. ``path`` is read from disk, unless ``data`` carries the bytes
    already (a staged git blob, an upload), when ``path`` is only the name reported and
    whose extension is checked against the content. ``sha256``: the content's hash when
    the cache already computed it."""

    path: str
    sha256: str = ""
    data: bytes | None = None


# What a runner yields: the result, and whether it may be cached (not a limit's verdict).
Outcome = tuple[FileResult, bool]


def run_task(task: Task, settings: Settings) -> FileResult:
    """Scan one task; never raises for a bad file: what cannot be read is ``review`` with
    the reason."""
    from scanner import pipeline  # the heavy part: only in the process that scans

    if task.data is None:
        return pipeline.scan_file(task.path, settings, sha256=task.sha256)
    return pipeline.scan_read_bytes(task.data, task.path, settings)


def scan_in_worker(task: Task, settings: Settings, limits: Limits) -> Outcome:
    """``run_task`` in a worker under ``limits``: a MemoryError (the address-space limit)
    is named as such and not cached, since a later run may allow more memory."""
    result = run_task(task, settings)
    if any("MemoryError" in error for error in result.errors):
        return replace(result, errors=[f"over the memory limit of {limits.max_memory_mb} MB "
                                       "while reading"]), False
    return result, True
