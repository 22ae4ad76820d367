"""Wall time, CPU time and peak memory of a command and of the worker processes it
starts (POSIX).

CPU time (user + system of the command and every process it reaped, from ``os.wait4``)
barely moves when other jobs share the machine, where wall time does; the benchmarks print
both. With ``watch``, the command's descendants are polled every POLL_S while it runs:
their peak RSS is read from ``/proc/PID/status`` (VmHWM, the kernel's own high-water mark,
so a peak between two polls is not missed while the process lives) or, off Linux,
psutil's current RSS. ``wait4`` also gives the peak of the largest process of the whole
tree exactly, which bounds what polling may have missed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

try:
    import psutil
except ImportError:  # not a dependency of baomi; /proc serves on Linux
    psutil = None

POLL_S = 0.02
PROC = Path("/proc")


@dataclass(frozen=True)
class Usage:
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the command and the processes it reaped
    returncode: int
    stderr: str
    tree_max_mb: float  # the largest process of the tree, from wait4
    main_mb: float = 0.0  # the command's own process (watch only)
    worker_mb: list[float] = field(default_factory=list)  # each descendant seen, largest first


def _children(pid: int) -> list[int]:
    if psutil is not None:
        try:
            return [c.pid for c in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:
            return []
    found, parents = [], {pid}
    for entry in sorted(PROC.iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else 0):
        if entry.name.isdigit():
            try:
                # the parent's pid is field 4 of /proc/PID/stat, after ") "
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid in parents:
                parents.add(int(entry.name))
                found.append(int(entry.name))
    return found


def _peak_mb(pid: int) -> float | None:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    if psutil is not None:
        try:
            return psutil.Process(pid).memory_info().rss / 2**20
        except psutil.Error:
            return None
    return None


def run(cmd: Sequence[str], env: dict[str, str], watch: bool = False) -> Usage:
    """Run ``cmd`` to its end, stdout to /dev/null, and say what it used."""
    peaks: dict[int, float] = {}
    with tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err, text=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if watch else 0)
            if pid:
                break
            for child in [proc.pid, *_children(proc.pid)]:
                peak = _peak_mb(child)
                if peak:  # None or 0: gone, or a zombie, which holds no memory
                    peaks[child] = max(peaks.get(child, 0.0), peak)
            time.sleep(POLL_S)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    # ru_maxrss: kilobytes on Linux, bytes on macOS
    tree_max = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    main = peaks.pop(proc.pid, 0.0)
    return Usage(seconds, usage.ru_utime + usage.ru_stime, proc.returncode, stderr, tree_max,
                 main, sorted(peaks.values(), reverse=True))
