"""The same per-file work on an existing Dask distributed cluster (``--scheduler``).

Workers must see the files at the same absolute paths (a shared folder) and have baomi
installed (``pip install 'baomi[cluster]'``); tasks that carry their bytes (staged blobs)
need no shared folder. The cache stays on this machine: only the tasks it cannot answer
for are sent. Each task carries the run's whole ``Settings`` (target, dictionaries,
allowlist, thresholds), so a cluster scan judges as a local one does; a worker process
loads the dictionaries once per distinct settings. Results come back in input order.

Per-file limits are the cluster's business here: Dask cannot stop one running task, so
``--timeout`` and ``--max-memory`` apply to local workers only; a worker the cluster loses
(killed by its nanny for memory, say) makes its file ``review``.
"""
from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator

from scanner.model import FileResult
from scanner.plain import replace
from scanner.settings import Settings
from scanner.run.task import BatchError, Limits, Outcome, Task, unreadable
from scanner.run.worker import scan_in_worker

# Files in flight on the cluster at a time, per worker thread: enough to keep it busy,
# few enough that results do not pile up ahead of a slow file.
IN_FLIGHT_PER_THREAD = 8
# Settings seen by this worker process, by their pickled form: dictionaries load once.
_LOADED: dict[bytes, Settings] = {}


class ClusterUnavailable(BatchError):
    """distributed is not installed or the scheduler cannot be reached."""


def _scan_on_worker(task: Task, settings: Settings) -> Outcome:
    settings = _LOADED.setdefault(pickle.dumps(settings), settings)
    return scan_in_worker(task, settings, Limits(timeout=None, max_memory_mb=None))


def run_on_cluster(tasks: Iterable[FileResult | Task], settings: Settings,
                   address: str) -> Iterator[Outcome]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterUnavailable("--scheduler needs distributed: "
                                 "pip install 'baomi[cluster]'") from exc
    try:
        client = Client(address)  # connect timeout: Dask's distributed.comm.timeouts.connect
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(f"cannot reach the scheduler at {address}: {exc}") from exc
    # Paths as every worker sees them (its own working folder may differ).
    shipped = replace(settings, extra_dictionaries=[os.path.abspath(p)
                                                    for p in settings.extra_dictionaries],
                      _dictionary=None)
    in_flight = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
    pending: deque[FileResult | tuple[Task, object]] = deque()
    try:
        for item in tasks:
            if isinstance(item, FileResult):
                pending.append(item)
            else:
                sent = (item if item.data is not None
                        else item._replace(path=os.path.abspath(item.path)))
                pending.append((item, client.submit(_scan_on_worker, sent, shipped, pure=False)))
            while len(pending) > in_flight:
                yield _collect(pending.popleft())
        while pending:
            yield _collect(pending.popleft())
    finally:
        client.close()


def _collect(item: FileResult | tuple[Task, object]) -> Outcome:
    """The result of one task, under the path it was given as."""
    if isinstance(item, FileResult):
        return item, False
    task, future = item
    try:
        result, cacheable = future.result()
    except Exception as exc:  # a lost worker, a worker without baomi: that file is review
        why = f"the cluster could not scan it: {type(exc).__name__}: {exc}"[:300]
        return unreadable(task.path, why, sha256=task.sha256), False
    return replace(result, path=task.path), cacheable
