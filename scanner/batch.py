"""Many files: cache first, then worker processes with per-file time and memory limits,
results in input order.

Each worker process loads the dictionaries and jieba once, then reads one file at a time
under an address-space limit (RLIMIT_AS). A file that runs past the time limit gets its
worker killed and replaced; a worker that dies takes only its current file with it. Either
way that file is ``review`` with the reason, and the batch goes on.

Memory stays flat in the number of files: file bytes live only in the worker reading them,
and results wait for their turn only within a bounded window ahead of the oldest unfinished
file.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait

from scanner.cache import ResultCache, settings_key
from scanner.model import FileResult
from scanner.pipeline import Settings, scan_bytes, scan_file, unreadable

DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY_MB = 2048
# How far results may run ahead of the oldest unfinished file, per worker.
WINDOW_PER_WORKER = 32
# A short text that goes through every detector, so a worker has loaded dictionaries,
# the automaton and jieba before its first file's clock starts.
WARM_UP_TEXT = "经研究，拟提拔张伟同志任副局长，目前尚未公示，请严格保密。".encode()


class BatchError(RuntimeError):
    """The batch cannot run at all; the message says why."""


class WorkerStartError(BatchError):
    """A worker process died before it was ready: the next would too."""


@dataclass(frozen=True)
class Limits:
    """Per file: wall-clock seconds, and MB a worker's address space may grow by beyond
    what it holds once loaded (None: no limit)."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


@dataclass(frozen=True)
class Task:
    """A file the cache could not answer for; ``sha256`` when the cache hashed it."""

    path: str
    sha256: str = ""


# What a runner yields: the result, and whether it may be cached (not a limit's verdict).
Outcome = tuple[FileResult, bool]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scan_files(files: Iterable[str], settings: Settings, jobs: int | None = None, *,
               limits: Limits = Limits(), use_cache: bool = True,
               scheduler: str | None = None) -> Iterator[FileResult]:
    """One result per file, in the order given. Closing the iterator early (Ctrl-C)
    stops the workers and keeps in the cache what finished."""
    cache = None
    if use_cache:
        cache = ResultCache.open(settings_key(settings))
    tasks = _look_up(files, cache)
    if scheduler:
        from scanner.cluster import run_on_cluster

        outcomes = run_on_cluster(tasks, settings, scheduler)
    else:
        outcomes = WorkerPool(jobs or default_jobs(), settings, limits).run(tasks)
    try:
        for result, cacheable in outcomes:
            if cache is not None and cacheable:
                cache.store(result)
            yield result
    finally:
        outcomes.close()
        if cache is not None:
            cache.close()


def collect(results: Iterator[FileResult]) -> tuple[list[FileResult], bool]:
    """Every result, or on Ctrl-C those that finished; the flag says it was interrupted."""
    done: list[FileResult] = []
    try:
        for result in results:
            done.append(result)
    except KeyboardInterrupt:
        results.close()  # stop the workers now, keep in the cache what finished
        return done, True
    return done, False


def _look_up(files: Iterable[str], cache: ResultCache | None) -> Iterator[FileResult | Task]:
    for path in files:
        if cache is None:
            yield Task(path)
            continue
        sha, found = cache.lookup(path)
        yield found if found is not None else Task(path, sha or "")


def scan_in_worker(path: str, settings: Settings, limits: Limits) -> Outcome:
    """Scan one file; a MemoryError (the address-space limit) is named as such and not
    cached, since a later run may allow more memory."""
    result = scan_file(path, settings)
    if any("MemoryError" in error for error in result.errors):
        return replace(result, errors=[f"over the memory limit of {limits.max_memory_mb} MB "
                                       "while reading"]), False
    return result, True


def _worker_main(conn: Connection, settings: Settings, limits: Limits) -> None:
    """A worker: load once, then scan paths from ``conn`` until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    scan_bytes(WARM_UP_TEXT, "warm-up.txt", settings)
    if limits.max_memory_mb:
        _limit_growth(limits.max_memory_mb * 1024 * 1024)
    conn.send(None)  # ready: the time limit starts counting from here
    while (path := conn.recv()) is not None:
        result, cacheable = scan_in_worker(path, settings, limits)
        conn.send((result, cacheable))


def _limit_growth(extra_bytes: int) -> None:
    """Cap this process's address space at its loaded size plus ``extra_bytes``: what a
    worker holds after loading differs by platform and by what the parent had imported
    (fork), what one file may add should not. Only where the size can be read (Linux)."""
    try:
        with open("/proc/self/statm") as fh:
            loaded = int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError):
        return
    cap = loaded + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


@dataclass
class _Running:
    index: int
    task: Task
    started: float


class _Worker:
    def __init__(self, context, settings: Settings, limits: Limits):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, settings, limits),
                                       daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.running: _Running | None = None

    @property
    def idle(self) -> bool:
        return self.ready and self.running is None

    def give(self, index: int, task: Task) -> None:
        self.running = _Running(index, task, time.monotonic())
        self.conn.send(task.path)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """Worker processes started as files need them (none when every file is cached)."""

    def __init__(self, jobs: int, settings: Settings, limits: Limits):
        self.jobs = jobs
        self.settings = settings
        self.limits = limits
        methods = multiprocessing.get_all_start_methods()
        # fork: a replacement worker starts in milliseconds and shares loaded modules.
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.workers: list[_Worker] = []

    def run(self, tasks: Iterable[FileResult | Task]) -> Iterator[Outcome]:
        numbered = enumerate(tasks)
        done: dict[int, Outcome] = {}
        queue: deque[tuple[int, Task]] = deque()  # taken from ``tasks``, no worker free yet
        next_out, taken, exhausted = 0, 0, False
        window = self.jobs * WINDOW_PER_WORKER
        try:
            while True:
                while not exhausted and len(queue) < self.jobs and taken - next_out < window:
                    item = next(numbered, None)
                    if item is None:
                        exhausted = True
                    elif isinstance(item[1], FileResult):
                        done[item[0]] = (item[1], False)
                    else:
                        queue.append(item)
                    taken += item is not None
                self._dispatch(queue)
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                if next_out == taken:
                    if exhausted:
                        return
                    continue  # nothing in flight (all cached so far): take more files
                self._wait(done)
        finally:
            for worker in self.workers:
                worker.stop()
            self.workers.clear()

    def _dispatch(self, queue: deque[tuple[int, Task]]) -> None:
        """Give queued files to idle workers; start workers (up to ``jobs``) for the rest,
        so that several warm up at once."""
        for worker in self.workers:
            if queue and worker.idle:
                worker.give(*queue.popleft())
        warming = sum(not w.ready for w in self.workers)
        for _ in range(min(len(queue) - warming, self.jobs - len(self.workers))):
            self.workers.append(_Worker(self.context, self.settings, self.limits))

    def _wait(self, done: dict[int, Outcome]) -> None:
        """Block until a worker answers, dies or overruns; record what that finished."""
        timeout = None
        if self.limits.timeout is not None:
            starts = [w.running.started for w in self.workers if w.running]
            if starts:
                timeout = max(0.0, min(starts) + self.limits.timeout - time.monotonic())
        ready = wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers],
                     timeout)
        for worker in list(self.workers):
            if worker.conn in ready or worker.process.sentinel in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    self._replace(worker, done, self._death(worker))
                    continue
                if message is None:
                    worker.ready = True
                elif worker.running is not None:
                    done[worker.running.index] = message
                    worker.running = None
                    if not message[1]:  # it ran out of memory: a fresh worker, a clean heap
                        self._replace(worker, done, "")
            elif self._overran(worker):
                self._replace(worker, done, f"took longer than {self.limits.timeout:g} s to read "
                                            "(time limit); stopped")

    def _overran(self, worker: _Worker) -> bool:
        return (self.limits.timeout is not None and worker.running is not None
                and time.monotonic() - worker.running.started > self.limits.timeout)

    @staticmethod
    def _death(worker: _Worker) -> str:
        worker.process.join(1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            hint = ", probably out of memory" if name == "SIGKILL" else ""
            return f"the worker reading it was killed ({name}{hint})"
        return f"the worker reading it stopped (exit status {code})"

    def _replace(self, worker: _Worker, done: dict[int, Outcome], why: str) -> None:
        """Stop a worker; its file (if any) becomes ``review`` with ``why``. A worker that
        dies before it is ready would die again: that stops the run."""
        worker.stop()
        self.workers.remove(worker)
        if not worker.ready:
            raise WorkerStartError(f"a worker process could not start: {why}")
        if worker.running is not None:
            task = worker.running.task
            done[worker.running.index] = (unreadable(task.path, why, sha256=task.sha256), False)
