"""Per-file cost of a scan by file type (PDF, DOCX) against bare extraction, on the two
corpora of bench/text_corpora.py, each command a new process, in one run.

    python bench/per_type.py [--files 240] [--runs 3] [--tree DIR ...]

Each corpus is split by type (120 PDFs, 120 DOCX at the default size); for each part,
``baomi scan -j 1 --no-cache`` of this tree (and of every ``--tree``: another checkout's
source root, run with it first on PYTHONPATH, to compare before and after) and bare
extraction (bench/bare_extract.py) take turns ``--runs`` times; the best CPU time (user +
system, bench/procstat.py: it barely moves when other jobs share the machine) is printed
per file, with the scan / bare ratio. Process start-up (imports, the segmenter) is in each
figure, as it is in issue 13's.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import procstat  # noqa: E402
from measure import subprocess_env  # noqa: E402
from text_corpora import KINDS, build  # noqa: E402

ROOT = BENCH.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=240)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", type=Path, nargs="*", default=[])
    args = parser.parse_args(argv)
    trees = {"this tree": ROOT, **{str(t): t.resolve() for t in args.tree}}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.chdir(tmp)  # ``python -m`` puts the working directory first on sys.path
        for kind in KINDS:
            corpus = build(kind, tmp / kind, args.files)
            for suffix in (".pdf", ".docx"):
                folder = tmp / f"{kind}-{suffix[1:]}"
                folder.mkdir()
                files = [f for f in corpus.files if f.suffix == suffix]
                for f in files:
                    os.link(f, folder / f.name)
                cases = {"bare": [sys.executable, str(BENCH / "bare_extract.py"), str(folder),
                                  "-j", "1"]}
                envs = {"bare": subprocess_env(tmp / "pycache")}
                for name, tree in trees.items():
                    cases[name] = [sys.executable, "-m", "scanner.cli", "scan", str(folder),
                                   "--no-cache", "-q", "-j", "1"]
                    envs[name] = subprocess_env(tmp / f"pycache-{len(envs)}",
                                                PYTHONPATH=str(tree))
                best = dict.fromkeys(cases, float("inf"))
                for run in range(args.runs + 1):  # the first run warms the caches
                    for name, cmd in cases.items():
                        usage = procstat.run(cmd, envs[name])
                        if usage.returncode not in (0, 1):
                            raise SystemExit(f"{name} exited {usage.returncode}: {usage.stderr}")
                        if run:
                            best[name] = min(best[name], usage.cpu)
                bare = best.pop("bare")
                line = ", ".join(f"{name} {cpu / len(files) * 1000:.1f} ms ({cpu / bare:.2f}x)"
                                 for name, cpu in best.items())
                print(f"{kind} {suffix[1:]}: {len(files)} files, CPU per file: bare "
                      f"{bare / len(files) * 1000:.1f} ms; scan: {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
