"""The speed figures of issue 13's "Done when", on two corpora, in one run.

    python bench/issue13.py [--files 240] [--runs 3] [--skip-venv]

For each corpus (bench/text_corpora.py: secrecy-dense regulations, ordinary work reports;
half 8-page PDFs, half 120-paragraph DOCX), every command a new process:

1. ``baomi scan -j 1 --no-cache`` against bare extraction in one process
   (bench/bare_extract.py: PyMuPDF ``page.get_text()``, DOCX ``w:t`` text);
2. the ``-j 2`` speed-up of the scan beside bare extraction's own in a pool of two, and
   the share of it the scan keeps;
3. a warm rescan of the unchanged folder (fresh ``BAOMI_CACHE_DIR``, cold scan first; the
   two reports must be identical) against bare extraction in one process;
4. the peak RSS of each worker of the cold ``-j 2`` scan (bench/peak_rss.py).

First, once: a fresh virtualenv with ``pip install .`` of this tree (needs the package
index), weighed, with what jieba weighs in it; every command then runs with that venv's
Python, as a user's install runs (not the development install's import hooks, which cost
a warm rescan some 8 %). ``--skip-venv`` leaves the venv out and times this interpreter.

Timings are the best of ``--runs``, the compared commands taking turns, so a slow spell
of a shared machine falls on all alike; the ratios are the figures, seconds are context.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import procstat  # noqa: E402
from measure import subprocess_env  # noqa: E402
from text_corpora import KINDS, Corpus, build  # noqa: E402

from scanner.run.batch import default_jobs  # noqa: E402

ROOT = BENCH.parent
TARGETS = {"scan": 1.5, "kept": 0.9, "warm": 0.05, "rss": 300.0, "venv": 200.0}


def _baomi(python: str, *args: str) -> list[str]:
    """``baomi ARGS`` as installed for ``python``: its console script where it has one (a
    venv's), else ``python -m scanner.cli`` (this development checkout)."""
    script = Path(python).with_name("baomi")
    if python != sys.executable and script.exists():
        return [str(script), *args]
    return [python, "-m", "scanner.cli", *args]


def _checked(usage: procstat.Usage, what: str) -> procstat.Usage:
    if usage.returncode not in (0, 1):  # 1: files found, as a scan of such a corpus should
        raise SystemExit(f"{what} exited {usage.returncode}: {usage.stderr}")
    return usage


def speed(folder: Path, runs: int, env: dict[str, str], python: str) -> dict[
        str, tuple[float, float]]:
    """Best (wall s, CPU s) of scan and bare extraction at one and two processes, each
    case's runs taking turns with the others'."""
    bare = [python, str(BENCH / "bare_extract.py"), str(folder), "-j"]
    cases = {"scan 1": _baomi(python, "scan", str(folder), "--no-cache", "-q", "-j", "1"),
             "scan 2": _baomi(python, "scan", str(folder), "--no-cache", "-q", "-j", "2"),
             "bare 1": bare + ["1"], "bare 2": bare + ["2"]}
    for cmd in cases.values():  # warm the page cache and the bytecode caches
        _checked(procstat.run(cmd, env), cmd[-1])
    best = dict.fromkeys(cases, (float("inf"), float("inf")))
    for _ in range(runs):
        for name, cmd in cases.items():
            usage = _checked(procstat.run(cmd, env), name)
            best[name] = (min(best[name][0], usage.seconds), min(best[name][1], usage.cpu))
    return best


def cache_and_memory(folder: Path, tmp: Path, runs: int, env: dict[str, str],
                     python: str) -> dict:
    """A cold ``-j 2`` scan in a fresh cache, watched for memory, then warm rescans
    (best wall s, best CPU s)."""
    cache_env = {**env, "BAOMI_CACHE_DIR": str(tmp / f"cache-{folder.name}")}
    cold_report, warm_report = tmp / f"{folder.name}-cold.json", tmp / f"{folder.name}-warm.json"
    scan = ["scan", str(folder), "--format", "json", "-j", "2", "--force", "-o"]
    cold = _checked(procstat.run(_baomi(python, *scan, str(cold_report)), cache_env,
                                 watch=True), "cold")
    warms = [_checked(procstat.run(_baomi(python, *scan, str(warm_report)), cache_env), "warm")
             for _ in range(runs)]
    if cold_report.read_bytes() != warm_report.read_bytes():
        raise SystemExit("the warm rescan's report differs from the cold scan's")
    verdicts = Counter(f["verdict"] for f in json.loads(cold_report.read_text())["files"])
    return {"warm": (min(u.seconds for u in warms), min(u.cpu for u in warms)),
            "cold": cold, "verdicts": verdicts}


def _disk_mb(folder: Path) -> float:
    """What ``du -s`` counts: allocated blocks, each inode once."""
    seen, total = set(), 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total / 2**20


def venv_size(tmp: Path) -> dict | str:
    """MB of a fresh venv with ``pip install .`` of this tree, its largest site-packages
    entries, jieba's share and its Python; or why it could not be measured."""
    src, venv = tmp / "src", tmp / "venv"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".rendered"))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(src)],
                          capture_output=True, text=True)
    if done.returncode:
        return f"not measured: pip install . failed ({done.stderr.strip().splitlines()[-1:]})"
    site = next(venv.glob("lib/python*/site-packages"))
    entries = {p.name: _disk_mb(p) if p.is_dir() else p.stat().st_size / 2**20
               for p in site.iterdir()}
    jieba = sum(mb for name, mb in entries.items() if name.split("-")[0] == "jieba")
    return {"total": _disk_mb(venv), "largest": sorted(entries.items(), key=lambda e: -e[1])[:8],
            "jieba": jieba, "python": str(venv / "bin" / "python")}


def _check(value: float, key: str, at_most: bool = True) -> str:
    target = TARGETS[key]
    return "ok" if (value <= target if at_most else value >= target) else "MISSED"


def _ratio(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """(wall, CPU) of a over b."""
    return a[0] / b[0], a[1] / b[1]


def print_report(corpora: dict[str, Corpus], speeds: dict, caches: dict,
                 venv: dict | str | None, runs: int) -> None:
    print(f"{default_jobs()} CPUs; every command a new process; best of {runs}, commands "
          "taking turns; wall s / CPU s (user + system, all processes)\n")
    for kind, corpus in corpora.items():
        s, c = speeds[kind], caches[kind]
        cold = c["cold"]
        size = sum(p.stat().st_size for p in corpus.files) / 1e6
        print(f"{kind}: {len(corpus.files)} files ({size:.1f} MB), text from {corpus.source}; "
              f"{corpus.hit_share:.0%} of paragraphs hold 保密/秘密/涉密; verdicts "
              + ", ".join(f"{n} {v}" for v, n in sorted(c["verdicts"].items())))
        print("   " + "   ".join(f"{name} {s[key][0]:.2f}/{s[key][1]:.2f}" for name, key in (
            ("baomi scan -j 1", "scan 1"), ("-j 2", "scan 2"),
            ("bare extraction x1", "bare 1"), ("x2", "bare 2"))))
        print(f"   cold scan -j 2 {cold.seconds:.2f}/{cold.cpu:.2f}   warm rescan "
              f"{c['warm'][0]:.3f}/{c['warm'][1]:.3f}   peak RSS: main process "
              f"{cold.main_mb:.0f} MB, its child processes "
              + ", ".join(f"{mb:.0f}" for mb in cold.worker_mb)
              + f" MB (largest process of the tree {cold.tree_max_mb:.0f} MB)")
    scan = {k: _ratio(speeds[k]["scan 1"], speeds[k]["bare 1"]) for k in corpora}
    kept = {k: (speeds[k]["scan 1"][0] / speeds[k]["scan 2"][0])
            / (speeds[k]["bare 1"][0] / speeds[k]["bare 2"][0]) for k in corpora}
    warm = {k: _ratio(caches[k]["warm"], speeds[k]["bare 1"]) for k in corpora}
    rss = {k: max(caches[k]["cold"].worker_mb, default=0.0) for k in corpora}
    print("\n| measure | " + " | ".join(corpora) + " | target |")
    print("|---|" + "---|" * len(corpora) + "---|")
    print("| full scan / bare extraction, -j 1 (wall; CPU) | " + " | ".join(
        f"{scan[k][0]:.2f}× {_check(scan[k][0], 'scan')} (CPU {scan[k][1]:.2f}×)"
        for k in corpora) + " | ≤ 1.5× |")
    print("| -j 2 speed-up kept, vs bare extraction's own | " + " | ".join(
        f"{kept[k]:.2f} {_check(kept[k], 'kept', at_most=False)}"
        f" ({speeds[k]['scan 1'][0] / speeds[k]['scan 2'][0]:.2f}× vs "
        f"{speeds[k]['bare 1'][0] / speeds[k]['bare 2'][0]:.2f}×)" for k in corpora)
        + " | ≥ 0.9 |")
    print("| warm rescan / bare extraction (wall; CPU) | " + " | ".join(
        f"{warm[k][0]:.3f}× {_check(warm[k][0], 'warm')} (CPU {warm[k][1]:.3f}×)"
        for k in corpora) + " | ≤ 0.05× |")
    print("| peak RSS per worker, cold -j 2 | " + " | ".join(
        f"{rss[k]:.0f} MB {_check(rss[k], 'rss')}" for k in corpora) + " | ≤ 300 MB |")
    blank = " |" * (len(corpora) - 1)
    if isinstance(venv, dict):
        print(f"| venv from `pip install .` | {venv['total']:.0f} MB "
              f"{_check(venv['total'], 'venv')} |{blank} < 200 MB |")
        print(f"\nvenv: jieba {venv['jieba']:.0f} MB of it; largest site-packages entries: "
              + ", ".join(f"{name} {mb:.0f}" for name, mb in venv["largest"]) + " MB")
    else:
        print(f"| venv from `pip install .` | {venv or 'skipped (--skip-venv)'} |{blank} "
              "< 200 MB |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=240, help="per corpus, half PDF")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--skip-venv", action="store_true",
                        help="do not build a venv to weigh an install")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = subprocess_env(tmp / "pycache")
        venv = None if args.skip_venv else venv_size(tmp)
        python = venv["python"] if isinstance(venv, dict) else sys.executable
        print(f"timed with {python}"
              + (" (the venv of `pip install .`)" if isinstance(venv, dict) else "") + "\n")
        corpora = {kind: build(kind, tmp / kind, args.files) for kind in args.kinds}
        speeds = {kind: speed(tmp / kind, args.runs, env, python) for kind in corpora}
        caches = {kind: cache_and_memory(tmp / kind, tmp, args.runs, env, python)
                  for kind in corpora}
        print_report(corpora, speeds, caches, venv, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
