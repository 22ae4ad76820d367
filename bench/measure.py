"""Timing helpers shared by the benchmarks: best of N, the two in-process workloads (bare
extraction, full scan) and ``baomi`` as a subprocess.

The machines these run on are shared and noisy, so every figure is the best of several
runs, and what the benchmarks report as the result is a ratio of two such figures measured
in the same run; absolute seconds are printed for context only.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from scanner.extract import extract
from scanner.pipeline import Settings, scan_file


def timed(fn: Callable, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def best_of(runs: int, fn: Callable, *args) -> float:
    return min(timed(fn, *args) for _ in range(runs))


def best_interleaved(runs: int, cases: dict[str, tuple]) -> dict[str, float]:
    """Best of ``runs`` for each case ``name: (fn, *args)``, taking turns, so that a slow
    spell of a noisy machine falls on every case alike rather than on one."""
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(runs):
        for name, (fn, *args) in cases.items():
            best[name] = min(best[name], timed(fn, *args))
    return best


def bare_extract(files: Sequence[Path]) -> int:
    """Read, sniff and extract Segments: the floor a scan is measured against."""
    return sum(len(extract(p.read_bytes()).segments) for p in files)


def extract_one(path: Path) -> int:
    return len(extract(path.read_bytes()).segments)


def full_scan(files: Sequence[Path], settings: Settings) -> int:
    return sum(scan_file(str(p), settings).verdict.value == "block" for p in files)


def subprocess_env(pycache: Path, **extra: str) -> dict[str, str]:
    """The environment for ``baomi`` subprocesses: bytecode cached (under ``pycache``,
    outside the source tree) as it is for an installed package, even where the shell sets
    PYTHONDONTWRITEBYTECODE; plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env.update(extra)
    return env


def run_baomi(args: Sequence[str], env: dict[str, str]) -> float:
    """Seconds one ``baomi`` command takes as a new process; exit 0 or 1 (files found)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scanner.cli", *args], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"baomi {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return elapsed
