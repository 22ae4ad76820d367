"""Many files: cache first, then worker processes with per-file time and memory limits,
results in input order.

Every way of running a scan comes through here: ``scan_tasks`` takes ``Task``s (paths, or
bytes with a name: staged git blobs, uploads), answers what the cache can, and hands the
rest to a runner — this module's ``WorkerPool`` or, with a scheduler, ``scanner.run.cluster``
— that only moves tasks and results. The one ``Settings`` of the run goes to every worker
whole (config allowlist and thresholds included), so every runner gives the same verdict.

Each worker process loads the dictionaries and jieba once, then reads one file at a time
under an address-space limit (RLIMIT_AS). A file that runs past the time limit gets its
worker killed and replaced; a worker that dies takes only its current file with it. Either
way that file is ``review`` with the reason, and the batch goes on. Workers die with the
parent: on Linux the kernel kills them when it goes (PR_SET_PDEATHSIG), and everywhere a
worker waiting for work stops when the parent's end of its pipe closes.

``call_limited`` runs one call that is not a scan (``baomi serve``'s stamping) under the
same limits, in a process of its own forked for it.

Memory stays flat in the number of files: file bytes live only in the worker reading them,
and results wait for their turn only within a bounded window ahead of the oldest unfinished
file.

Why our own pool and not pebble or loky (measured with pebble 5.2.3 and loky 3.7.0, a pool
of two busy on a 60 s task, its parent then sent SIGTERM or SIGKILL): neither stops its
workers when the parent dies — 2 of 2 pebble workers and 4 of 4 loky processes were still
running 3 s later, after either signal, holding the caller's pipes. Neither limits a
task's memory (RLIMIT_AS would be ours, in an initializer, either way); loky has no
per-task timeout at all (a future's timeout stops the wait, not the task), pebble has one.
So the parts a library would take over are pebble's timeout-and-replace alone, while the
parent-death signal, the memory cap after warm-up, start-up failure detection and the
in-order window stay ours: not worth a dependency.
"""
from __future__ import annotations

import gc
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from scanner.run.cache import ResultCache, look_up, settings_key
from scanner.model import FileResult
from scanner.settings import Settings
from scanner.run.task import (  # noqa: F401 (Task, Limits, Outcome, BatchError: this module's API)
    DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, BatchError, Limits, Outcome, Task,
    unreadable)
from scanner.run.worker import run_task, scan_in_worker

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

# multiprocessing (and ctypes, for prctl) load when a process is started, not on import:
# a rescan that the cache answers whole starts none.
T = TypeVar("T")
# How far results may run ahead of the oldest unfinished file, per worker.
WINDOW_PER_WORKER = 32
# A short text that goes through every detector, so a worker has loaded dictionaries,
# the automaton, OpenCC and jieba before its first file's clock starts (one traditional
# character, 請: OpenCC loads only for a text that has one).
WARM_UP_TEXT = "经研究，拟提拔张伟同志任副局长，目前尚未公示，請严格保密。".encode()
# The same without a dictionary word (no window to segment) and without a traditional
# character: dictionaries, automaton and detectors load, OpenCC and jieba-rs only when a file
# needs them (``warm_up``; OpenCC costs 26 M instructions, and many folders never need it).
WARM_UP_PLAIN = "本通知自发布之日起施行。".encode()
# What loading jieba-rs later adds to a worker's address space (47 MB measured on Linux),
# left on top of a file's memory allowance when the cap is set before it loads.
SEGMENTER_MB = 64
# A worker's threshold of the cyclic collector's youngest generation (Python's is 700).
YOUNG_THRESHOLD = 10_000
# prctl(2) option: the signal the kernel sends this process when its parent thread dies.
PR_SET_PDEATHSIG = 1


class WorkerStartError(BatchError):
    """A worker process died before it was ready: the next would too."""


class Stopped(KeyboardInterrupt):
    """A signal that ends the run as Ctrl-C does: the finished files are reported."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scan_files(files: Iterable[str], settings: Settings, jobs: int | None = None, *,
               limits: Limits = Limits(), use_cache: bool = True,
               scheduler: str | None = None, traces: bool = True) -> Iterator[FileResult]:
    """One result per file, in the order given (``scan_tasks`` of the paths)."""
    return scan_tasks((Task(path) for path in files), settings, jobs, limits=limits,
                      use_cache=use_cache, scheduler=scheduler, traces=traces)


def scan_tasks(tasks: Iterable[Task | FileResult], settings: Settings, jobs: int | None = None,
               *, limits: Limits = Limits(), use_cache: bool = True,
               scheduler: str | None = None, traces: bool = True) -> Iterator[FileResult]:
    """One result per task, in the order given; a FileResult among the tasks (decided
    beforehand, e.g. a blob over the size limit) passes through in its place. Closing
    the iterator early (Ctrl-C) stops the workers and keeps in the cache what finished.
    ``traces`` false: results from the cache come without the judge's trace, which is
    then not read (a scan report never shows it), and without the cache too the judge
    does not build it. Raises DictionaryError (from the parent, before any worker starts)
    for a dictionary that cannot be used."""
    cache = None
    if use_cache:
        cache = ResultCache.open(settings_key(settings), traces=traces)
    elif not traces:  # nothing keeps the trace and nobody reads it
        tasks = (t if isinstance(t, FileResult) else t._replace(trace=False) for t in tasks)
    looked_up = look_up(tasks, cache, settings)
    if scheduler:
        from scanner.run.cluster import run_on_cluster

        outcomes = run_on_cluster(looked_up, settings, scheduler)
    else:
        outcomes = WorkerPool(jobs or default_jobs(), settings, limits).run(looked_up)
    try:
        for result, cacheable in outcomes:
            if cache is not None and cacheable:
                cache.store(result)
            yield result
    finally:
        outcomes.close()
        if cache is not None:
            cache.close()


def collect(results: Iterator[FileResult]) -> tuple[list[FileResult], int]:
    """Every result, or on Ctrl-C (or a ``Stopped`` signal) those that finished, with the
    number of the signal that stopped the run (0: it finished)."""
    done: list[FileResult] = []
    try:
        for result in results:
            done.append(result)
    except KeyboardInterrupt as exc:
        results.close()  # stop the workers now, keep in the cache what finished
        return done, exc.signum if isinstance(exc, Stopped) else signal.SIGINT
    return done, 0


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within: SIGTERM (a caller's ``kill``, a service manager) raises ``Stopped`` where
    Ctrl-C raises KeyboardInterrupt, so the workers are stopped and what finished is
    reported. Outside, SIGTERM is back to what it was (a second one just ends the
    process). Main thread only, where Python delivers signals."""
    def stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _worker_main(conn: Connection, settings: Settings, limits: Limits, parent: int) -> None:
    """A worker: load once, then scan tasks from ``conn`` until told to stop (None) or
    the parent is gone."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's partial-report handler
    segmenter_loaded = warm_up(settings, segmenter=False)
    # What is loaded now lives as long as the worker: the cyclic collector need not walk
    # it after every few thousand allocations (4 % of a scan's CPU on regulation text).
    gc.freeze()
    # young-collections: a scan's objects die by reference count (on the bench corpora the
    # collector found no cyclic garbage at all), but a file's segments and hits, alive
    # together, count as young allocations and set it walking them about twice a DOCX of
    # 120 paragraphs (2.8 % of the file loop on secrecy DOCX). At YOUNG_THRESHOLD it walks
    # only where thousands of objects outlive their statement.
    gc.set_threshold(YOUNG_THRESHOLD)
    if limits.max_memory_mb:
        _limit_growth((limits.max_memory_mb + (0 if segmenter_loaded else SEGMENTER_MB))
                      * 1024 * 1024)
    conn.send(None)  # ready: the time limit starts counting from here
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone: nobody wants the result
            return
        if task is None:
            return
        conn.send(scan_in_worker(task, settings, limits))


def warm_up(settings: Settings, segmenter: bool) -> bool:
    """Load what scanning needs before a file's clock starts; with ``segmenter`` (or when
    this process has it already), jieba-rs and OpenCC too. Without, each loads when a file
    first needs it (about half the files of the shared corpus never segment; a one-file
    scan of such a file is then half as costly). Whether jieba-rs is loaded now."""
    from scanner.detect import segmenter as words  # the pipeline's: only where it scans

    full = segmenter or words.loaded()
    run_task(Task("warm-up.txt", data=WARM_UP_TEXT if full else WARM_UP_PLAIN), settings)
    return words.loaded()


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when the parent dies (even by SIGKILL, when no
    clean-up runs), then check the parent did not die before the request took hold."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the pipe's end-of-file still stops an idle worker
    if os.getppid() != parent:
        os._exit(0)


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


class LimitExceeded(BatchError):
    """A call under ``call_limited`` ran out of time or memory, or its process died."""


def call_limited(function: Callable[..., T], args: tuple, limits: Limits) -> T:
    """``function(*args)`` in a process of its own under ``limits``, as a worker reads a
    file: the same time limit, the same cap on memory growth, dead with its parent. Its
    return value, or the exception it raised (both must pickle). Raises LimitExceeded when
    it overran, ran out of memory or died. Blocks the calling thread until then."""
    context = _start_context()
    conn, child = context.Pipe(duplex=False)
    process = context.Process(target=_call_in_child,
                              args=(child, function, args, limits, os.getpid()), daemon=True)
    process.start()
    child.close()
    try:
        if not conn.poll(limits.timeout):
            raise LimitExceeded(f"took longer than {limits.timeout:g} s (time limit); stopped")
        try:
            ok, value = conn.recv()
        except (EOFError, OSError):
            process.join(1)
            raise LimitExceeded(_death_reason(process.exitcode)) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        conn.close()
    if ok:
        return value
    raise value


def _start_context() -> BaseContext:
    """How child processes start: fork where there is one (a replacement worker starts in
    milliseconds and shares loaded modules), else spawn."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _call_in_child(conn: Connection, function: Callable[..., Any], args: tuple,
                   limits: Limits, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if limits.max_memory_mb:
        _limit_growth(limits.max_memory_mb * 1024 * 1024)
    try:
        outcome: tuple[bool, Any] = (True, function(*args))
    except MemoryError:
        outcome = (False, LimitExceeded(f"over the memory limit of {limits.max_memory_mb} MB"))
    except Exception as exc:  # the caller's to handle: it crosses the pipe as raised
        outcome = (False, exc)
    conn.send(outcome)


def _death_reason(code: int | None) -> str:
    """Why a process that sent no answer ended, from its exit code."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = ", probably out of memory" if name == "SIGKILL" else ""
        return f"the worker reading it was killed ({name}{hint})"
    return f"the worker reading it stopped (exit status {code})"


@dataclass
class _Running:
    """The task a worker is reading, its place in the run and when it started
    (``time.monotonic``, for the timeout)."""

    index: int
    task: Task
    started: float


class _Worker:
    def __init__(self, context, settings: Settings, limits: Limits):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main,
                                       args=(child, settings, limits, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.running: _Running | None = None

    @property
    def idle(self) -> bool:
        return self.ready and self.running is None

    def give(self, index: int, task: Task) -> None:
        self.running = _Running(index, task, time.monotonic())
        self.conn.send(task)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class WorkerPool:
    """Worker processes started as files need them (none when every file is cached).

    Two ways to drive it. ``run(tasks)``: a batch, results in input order. ``put`` /
    ``collect`` / ``close``: a caller with a queue of its own that never ends (``baomi
    serve``) gives tasks under keys of its choosing as workers free up (``in_flight``) and
    gets results in the order they finish; ``collect`` also returns when one of the
    caller's own handles is ready (new work has arrived), so the caller never blocks on
    its queue while a worker holds a result.
    """

    def __init__(self, jobs: int, settings: Settings, limits: Limits):
        self.jobs = jobs
        self.settings = settings
        self.limits = limits
        self.workers: list[_Worker] = []
        self.queued: deque[tuple[int, Task]] = deque()  # given, no worker free yet

    @cached_property
    def context(self) -> BaseContext:
        """Taken when the first worker starts (none when every file is cached)."""
        return _start_context()

    @property
    def in_flight(self) -> int:
        """Tasks given and not yet answered (queued or being read)."""
        return len(self.queued) + sum(w.running is not None for w in self.workers)

    def put(self, key: int, task: Task) -> None:
        """Read ``task``; its outcome comes back from ``collect`` under ``key``."""
        self.queued.append((key, task))
        self._dispatch()

    def collect(self, wake: Iterable[int] = ()) -> dict[int, Outcome]:
        """Block until a worker answers, dies or overruns, or a file descriptor in ``wake``
        is readable; the outcomes that finished, by key (often none). Raises
        WorkerStartError when a worker cannot start (the next would not either)."""
        done: dict[int, Outcome] = {}
        self._wait(done, list(wake))
        self._dispatch()
        return done

    def close(self) -> None:
        """Stop every worker; what they were reading is lost (the caller decides what)."""
        for worker in self.workers:
            worker.stop()
        self.workers.clear()

    def run(self, tasks: Iterable[FileResult | Task]) -> Iterator[Outcome]:
        numbered = enumerate(tasks)
        done: dict[int, Outcome] = {}
        next_out, taken, exhausted = 0, 0, False
        window = self.jobs * WINDOW_PER_WORKER
        try:
            while True:
                while (not exhausted and len(self.queued) < self.jobs
                       and taken - next_out < window):
                    item = next(numbered, None)
                    if item is None:
                        exhausted = True
                    elif isinstance(item[1], FileResult):
                        done[item[0]] = (item[1], False)
                    else:
                        self.queued.append(item)
                    taken += item is not None
                self._dispatch()
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                if next_out == taken:
                    if exhausted:
                        return
                    continue  # nothing in flight (all cached so far): take more files
                self._wait(done)
        finally:
            self.close()

    def _dispatch(self) -> None:
        """Give queued files to idle workers; start workers (up to ``jobs``) for the rest,
        so that several warm up at once."""
        queue = self.queued
        for worker in self.workers:
            if queue and worker.idle:
                worker.give(*queue.popleft())
        if queue and not self.workers:
            # Loaded here, once: a bad dictionary is the parent's error (not each worker's
            # death), and forked workers inherit it loaded.
            self.settings.dictionary
            if self.context.get_start_method() == "fork" and threading.active_count() == 1:
                # warm-parent: so do the detectors, and the segmenter and OpenCC when
                # several workers start (0.3 s of CPU a worker otherwise spends on its
                # own, each worker again; one worker loads them if a file needs them).
                # Only in a process of one thread (the command line): where other
                # threads may fork (baomi serve's lanes), none must be inside a library
                # when one does.
                warm_up(self.settings, segmenter=min(len(queue), self.jobs) > 1)
                # What is loaded now lives as long as this process, and the workers forked
                # from it share it: the collector need not walk it again (at exit it did:
                # 25 M instructions of a two-file scan's parent).
                gc.freeze()
        warming = sum(not w.ready for w in self.workers)
        for _ in range(min(len(queue) - warming, self.jobs - len(self.workers))):
            self.workers.append(_Worker(self.context, self.settings, self.limits))

    def _wait(self, done: dict[int, Outcome], wake: list[int] | None = None) -> None:
        """Block until a worker answers, dies or overruns (or a descriptor in ``wake`` is
        readable); record what that finished."""
        timeout = None
        if self.limits.timeout is not None:
            starts = [w.running.started for w in self.workers if w.running]
            if starts:
                timeout = max(0.0, min(starts) + self.limits.timeout - time.monotonic())
        from multiprocessing.connection import wait

        ready = wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
                     + (wake or []), timeout)
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
        return _death_reason(worker.process.exitcode)

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
