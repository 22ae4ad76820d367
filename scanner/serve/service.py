"""The scan service behind ``baomi serve``: uploads go through the same worker processes,
time and memory limits and result cache as ``baomi scan``, for as long as the server runs.

Shape: one bounded queue of uploads waiting for a worker, one ``WorkerPool`` of ``jobs``
workers (for every target: each upload carries its own), and one dispatcher thread
between them. The dispatcher moves uploads from the queue to the pool while a worker is
free, answers each upload's future as its worker finishes (in the order they finish: a
slow file holds up no other), and waits on the workers and on a wake-up pipe at once, so
an upload that arrives while every worker is busy waits in the queue and one that arrives
while a worker is free starts at once.
Workers start with the first uploads (forked from this warmed-up process) and then stay
up for the next. The dispatcher looks each upload up in the result cache first (the
cache's SQLite connection belongs to its thread) and stores what the workers read.

Callers see ``submit(path, name, target) -> Future[FileResult]``, ``scan(data, name)`` and
``close()``; ``submit`` raises ``QueueFull`` when ``queue_size`` uploads already wait
(the server answers 503 with Retry-After).
"""
from __future__ import annotations

import itertools
import os
import queue
import shutil
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from scanner.run.batch import BatchError, Limits, Task, WorkerPool, warm_up
from scanner.run.cache import ResultCache, settings_key
from scanner.model import FileResult
from scanner.pipeline import Settings, unreadable
from scanner.plain import replace

# What the dispatcher waits for before it tries new workers after one could not start.
RESTART_PAUSE_SECONDS = 1.0


class QueueFull(RuntimeError):
    """Every worker is busy and the queue holds as many uploads as it may."""


@dataclass
class _Job:
    path: str  # where the upload is on disk, named as uploaded
    name: str  # the name the report gives
    target: str  # where it is going (scanner.settings.TARGETS)
    future: Future[FileResult] = field(default_factory=Future)

    def finish(self, result: FileResult) -> None:
        self.future.set_result(replace(result, path=self.name))


class ScanService:
    """Scan uploads with ``settings`` (the target given per upload, else the settings'):
    ``jobs`` worker processes under ``limits``, at most ``queue_size`` uploads waiting for
    one, results cached unless ``use_cache`` is False.

    Raises ``DictionaryError`` at construction when the dictionaries cannot be loaded.
    """

    def __init__(self, settings: Settings, jobs: int, limits: Limits, use_cache: bool = True,
                 queue_size: int = 32):
        self.settings = settings
        self.jobs = jobs
        self.limits = limits
        self.use_cache = use_cache
        # Loaded here, before the pool forks workers: a forked worker then shares the
        # dictionaries and jieba with this process and is ready in milliseconds.
        warm_up(settings, segmenter=True)
        self._queue: queue.Queue[_Job] = queue.Queue(maxsize=queue_size)
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self._closed = threading.Event()
        self._dispatcher = threading.Thread(target=self._dispatch, name="baomi-dispatch",
                                            daemon=True)
        self._dispatcher.start()

    def submit(self, path: str, name: str, target: str | None = None) -> Future[FileResult]:
        """Queue the file at ``path`` (which must stay there until the future is done),
        judged for ``target`` (default: the settings'); the result's ``path`` is ``name``.
        Raises QueueFull, or RuntimeError once closed."""
        if self._closed.is_set():
            raise RuntimeError("the scan service is closed")
        job = _Job(path, name, target or self.settings.target)
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            raise QueueFull("the scan queue is full") from None
        self._wake()
        return job.future

    def scan(self, data: bytes, name: str) -> FileResult:
        """Scan ``data`` as a file called ``name``; it is on disk (in a private folder)
        only until its result is back."""
        folder = tempfile.mkdtemp(prefix="baomi-scan-")
        try:
            path = os.path.join(folder, upload_name(name))
            with open(path, "xb") as fh:
                fh.write(data)
            return self.submit(path, name).result()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        """Stop taking uploads, finish what is queued, stop the workers."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._wake()
        self._dispatcher.join()
        os.close(self._wake_read)
        os.close(self._wake_write)

    def _wake(self) -> None:
        try:
            os.write(self._wake_write, b"\0")
        except BlockingIOError:  # the pipe is full of wake-ups: the dispatcher will look
            pass

    def _dispatch(self) -> None:
        caches: dict[str, ResultCache | None] = {}  # by target: a result is keyed by it
        running: dict[int, _Job] = {}  # given to the pool, by key
        keys = itertools.count()
        pool: WorkerPool | None = None
        try:
            while True:
                pool = pool or WorkerPool(self.jobs, self.settings, self.limits)
                try:
                    self._feed(pool, running, keys, caches)
                    if self._closed.is_set() and not running and self._queue.empty():
                        return
                    for key, (result, cacheable) in pool.collect([self._wake_read]).items():
                        job = running.pop(key)
                        cache = caches.get(job.target)
                        if cache is not None and cacheable:
                            cache.store(result)
                            cache.commit()  # a server may go quiet for hours: keep it now
                        job.finish(result)
                    self._drain_wake()
                except (BatchError, OSError) as exc:  # no worker (fork refused, died at
                    # start): its files are review with the reason; new workers later
                    pool.close()
                    pool = None
                    for job in running.values():
                        job.finish(unreadable(job.path, f"not read: {exc}"))
                    running.clear()
                    self._closed.wait(RESTART_PAUSE_SECONDS)
        finally:
            if pool is not None:
                pool.close()
            for cache in caches.values():
                if cache is not None:
                    cache.close()

    def _feed(self, pool: WorkerPool, running: dict[int, _Job], keys: itertools.count,
              caches: dict[str, ResultCache | None]) -> None:
        """Move uploads from the queue to the pool while a worker is free; cache hits are
        answered here and never reach a worker."""
        while pool.in_flight < self.jobs:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return
            cache = self._cache(caches, job.target)
            sha = ""
            if cache is not None:
                found_sha, found = cache.lookup(job.path)
                if found is not None:
                    job.finish(found)
                    continue
                sha = found_sha or ""
            key = next(keys)
            running[key] = job
            pool.put(key, Task(job.path, sha, target=job.target))

    def _cache(self, caches: dict[str, ResultCache | None], target: str) -> ResultCache | None:
        """The result cache for ``target``, opened on first use (None: no cache)."""
        if target not in caches:
            caches[target] = (ResultCache.open(settings_key(replace(self.settings, target=target)))
                              if self.use_cache else None)
        return caches[target]

    def _drain_wake(self) -> None:
        try:
            while os.read(self._wake_read, 4096):
                pass
        except BlockingIOError:
            pass


def upload_name(name: str) -> str:
    """A safe file name for an upload, kept as close to ``name`` as possible: its extension
    matters (a name that lies about the content is reported, as by ``baomi scan``)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c != "\0").strip().lstrip(".")
    encoded = base.encode("utf-8")
    if len(encoded) > 200:  # file systems allow 255 bytes per name
        stem, dot, ext = base.rpartition(".")
        keep = ext if dot and len(ext.encode()) <= 16 else ""
        base = encoded[:180].decode("utf-8", "ignore") + (f".{keep}" if keep else "")
    return base or "upload"


__all__ = ["QueueFull", "ScanService", "upload_name"]
