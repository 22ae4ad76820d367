"""The scan service behind ``baomi serve``: uploads go through the same worker processes,
time and memory limits and result cache as ``baomi scan``, for as long as the server runs.

Shape: a bounded queue of jobs and ``jobs`` lanes. Each lane is a thread that runs
``WorkerPool(1, …)`` on a generator that blocks on the queue while nothing is in flight.
The pool's loop pulls its next task and waits for its worker in one thread, so the
generator never blocks while the worker is busy: it ends the run instead when the queue is
empty, the run hands back what it holds, and its worker stops. A busy lane keeps its worker
from upload to upload; an idle server holds no worker process, and the next upload forks
one from this warmed-up process. ``jobs`` lanes read ``jobs`` files at once. A lane looks
each upload up in the result cache first (one SQLite connection per lane: a connection
belongs to its thread) and stores what its worker read.

Callers see ``submit(path, name) -> Future[FileResult]``, ``scan(data, name)`` and
``close()``; the queue raises ``QueueFull`` (the server answers 503 with Retry-After).
"""
from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace

from scanner.run.batch import WARM_UP_TEXT, BatchError, Limits, Task, WorkerPool
from scanner.run.cache import ResultCache, settings_key
from scanner.model import FileResult
from scanner.pipeline import Settings, scan_bytes, unreadable

# What a lane waits for before it tries a new worker after one could not start.
RESTART_PAUSE_SECONDS = 1.0


class QueueFull(RuntimeError):
    """Every lane is busy and the queue holds as many uploads as it may."""


@dataclass
class _Job:
    path: str  # where the upload is on disk, named as uploaded
    name: str  # the name the report gives
    future: Future[FileResult] = field(default_factory=Future)

    def finish(self, result: FileResult) -> None:
        self.future.set_result(replace(result, path=self.name))


class ScanService:
    """Scan uploads with ``settings``: ``jobs`` worker processes under ``limits``, at most
    ``queue_size`` uploads waiting for one, results cached unless ``use_cache`` is False.

    Raises ``DictionaryError`` at construction when the dictionaries cannot be loaded.
    """

    def __init__(self, settings: Settings, jobs: int, limits: Limits, use_cache: bool = True,
                 queue_size: int = 32):
        self.settings = settings
        self.limits = limits
        self._cache_key = settings_key(settings) if use_cache else None
        # Loaded here, before the lanes fork workers: a forked worker then shares the
        # dictionaries and jieba with this process and is ready in milliseconds.
        scan_bytes(WARM_UP_TEXT, "warm-up.txt", settings)
        self._queue: queue.Queue[_Job | None] = queue.Queue(maxsize=queue_size)
        self._closed = threading.Event()
        self._lanes = [threading.Thread(target=self._lane, name=f"baomi-lane-{n}", daemon=True)
                       for n in range(jobs)]
        for lane in self._lanes:
            lane.start()

    def submit(self, path: str, name: str) -> Future[FileResult]:
        """Queue the file at ``path`` (which must stay there until the future is done);
        the result's ``path`` is ``name``. Raises QueueFull, or RuntimeError once closed."""
        if self._closed.is_set():
            raise RuntimeError("the scan service is closed")
        job = _Job(path, name)
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            raise QueueFull("the scan queue is full") from None
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
        """Stop taking uploads, let the lanes finish what is queued, stop the workers."""
        if self._closed.is_set():
            return
        self._closed.set()
        for _ in self._lanes:
            self._queue.put(None)  # blocks while the queue is full: the lanes are draining it
        for lane in self._lanes:
            lane.join()

    def _lane(self) -> None:
        cache = ResultCache.open(self._cache_key) if self._cache_key else None
        pending: deque[_Job] = deque()  # given to the pool, result not yet back
        stop = threading.Event()  # this lane took a None from the queue
        try:
            while not stop.is_set():
                try:
                    self._run_pool(cache, pending, stop)
                except (BatchError, OSError) as exc:  # no worker (fork refused, died at
                    # start): its files are review with the reason, and the lane tries again
                    while pending:
                        job = pending.popleft()
                        job.finish(unreadable(job.path, f"not read: {exc}"))
                    self._closed.wait(RESTART_PAUSE_SECONDS)
        finally:
            if cache is not None:
                cache.close()

    def _run_pool(self, cache: ResultCache | None, pending: deque[_Job],
                  stop: threading.Event) -> None:
        """One run of a one-worker pool: from the upload that starts it until the queue is
        empty while the worker is busy; then the run drains and its worker stops."""
        pool = WorkerPool(1, self.settings, self.limits)
        for result, cacheable in pool.run(self._tasks(cache, pending, stop)):
            job = pending.popleft()
            if cache is not None and cacheable:
                cache.store(result)
                cache.commit()  # a server may go quiet for hours: keep it now
            job.finish(result)

    def _tasks(self, cache: ResultCache | None, pending: deque[_Job],
               stop: threading.Event) -> Iterator[Task]:
        """The queue as the pool's task list. The pool asks for its next task before it
        hands back the result it holds, so with a job in flight this never blocks: an
        empty queue then ends the list. Cache hits are answered here and never reach the
        worker; None (from ``close``) ends the lane."""
        while True:
            try:
                job = self._queue.get_nowait() if pending else self._queue.get()
            except queue.Empty:
                return
            if job is None:
                stop.set()
                return
            sha = ""
            if cache is not None:
                found_sha, found = cache.lookup(job.path)
                if found is not None:
                    job.finish(found)
                    continue
                sha = found_sha or ""
            pending.append(job)
            yield Task(job.path, sha)


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
