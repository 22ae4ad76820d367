"""Many files: in this process for a few, in worker processes for many, in a stable order."""
from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from scanner.model import FileResult
from scanner.pipeline import Settings, scan_file

# Below this many files per worker, starting workers (imports, jieba's model) costs
# more than it saves.
MIN_FILES_PER_WORKER = 4

_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    _worker_settings.dictionary  # load once per worker, not once per file


def _scan_in_worker(path: str) -> FileResult:
    assert _worker_settings is not None
    return scan_file(path, _worker_settings)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scan_files(files: list[str], settings: Settings, jobs: int | None = None) -> Iterator[FileResult]:
    jobs = min(jobs or default_jobs(), max(1, len(files) // MIN_FILES_PER_WORKER))
    if jobs <= 1:
        for path in files:
            yield scan_file(path, settings)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(settings,)) as pool:
        yield from pool.map(_scan_in_worker, files, chunksize=1)
