"""Where a scan's time goes: CPU time per stage of the pipeline, per folder, in one process.

    python bench/stages.py FOLDER [FOLDER ...]

Each file goes through the stages ``scan_bytes`` runs (read and sniff, extract, normalise,
dictionary hits, each detector, the judge) timed one by one with the process clock, after
one warm-up scan, so loading is not counted. Prints per folder the CPU milliseconds a file
and each stage's share. Build the bench corpora first (bench/text_corpora.py) or point it
at any folder of documents.
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

from scanner.run.batch import WARM_UP_TEXT
from scanner.detect.registry import DETECTORS
from scanner.detect.view import View
from scanner.extract import extract
from scanner.extract.sniff import sniff
from scanner.judge.policy import judge
from scanner.settings import Settings
from scanner.run.task import Task
from scanner.run.worker import run_task


def stages(folder: Path, settings: Settings) -> tuple[int, float, dict[str, float]]:
    """(files, CPU seconds, seconds by stage) for every file of ``folder``."""
    spent: dict[str, float] = defaultdict(float)
    clock = time.process_time
    files = sorted(p for p in folder.iterdir() if p.is_file())
    began = clock()
    for path in files:
        t0 = clock()
        data = path.read_bytes()
        kind = sniff(data)
        t1 = clock()
        extraction = extract(data, kind)
        t2 = clock()
        view = View(extraction.segments, settings.dictionary, path=str(path), kind=kind)
        view.norms
        t3 = clock()
        view.hits
        t4 = clock()
        spent["read, sniff"] += t1 - t0
        spent["extract"] += t2 - t1
        spent["normalise"] += t3 - t2
        spent["dictionary hits"] += t4 - t3
        evidence = []
        for detector in DETECTORS:
            start = clock()
            evidence += detector.detect(view)
            spent[f"detector {type(detector).__name__}"] += clock() - start
        start = clock()
        judge(evidence, view.segments, settings.dictionary, settings.threshold, settings.target)
        spent["judge"] += clock() - start
    return len(files), clock() - began, spent


def main(argv: list[str] | None = None) -> int:
    folders = [Path(a) for a in (argv if argv is not None else sys.argv[1:])]
    if not folders:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    settings = Settings()
    run_task(Task("warm-up.txt", data=WARM_UP_TEXT), settings)
    for folder in folders:
        count, total, spent = stages(folder, settings)
        per_file = 1000 / max(1, count)
        print(f"{folder}: {count} files, {total:.2f} s CPU, {total * per_file:.1f} ms a file")
        for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            if seconds >= 0.005 * total:
                print(f"   {name:28s} {seconds * per_file:6.2f} ms  {seconds / total:5.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
