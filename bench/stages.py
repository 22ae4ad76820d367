"""Where a scan's time goes: CPU time per stage of the pipeline, per folder, in one process.

    python bench/stages.py [--check] [--trace] FOLDER [FOLDER ...]

Each file goes through the steps ``scanner.pipeline.scan_file`` takes (read, sniff, extract,
normalise, dictionary hits, each detector in the registry's order, the judge, then the
file's result: embedded files, allowlist, status, verdict, proposed marking, hash), timed
one by one with the process clock, after the warm-up scan a worker makes and an untimed scan
of each folder's first file (which loads its type's reader), so loading is not counted.
Prints per folder the CPU milliseconds a file and each stage's. ``--check`` also scans every
file with ``scan_file`` itself and stops at the first result that differs from
the staged one (the stages must stay what the pipeline does). Files are scanned as
``baomi scan --no-cache`` scans them, without the judge's trace; ``--trace`` builds it, as a
scan that fills the cache (or ``baomi explain``) does. Build the bench corpora first
(bench/text_corpora.py) or point it at any folder of documents.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import defaultdict
from pathlib import Path

from scanner import pipeline
from scanner.detect.allowlist import drop_allowlisted
from scanner.detect.registry import DETECTORS
from scanner.detect.view import View
from scanner.extract import extract
from scanner.extract.sniff import sniff
from scanner.judge.policy import decide, judge, threshold_for, verdict_for
from scanner.judge.suggest import suggest_marking
from scanner.model import FileResult
from scanner.run.batch import warm_up
from scanner.run.task import read_regular
from scanner.settings import Settings

clock = time.process_time


def staged_scan(data: bytes, path: str, settings: Settings, spent: dict[str, float],
                depth: int = 0, trace: bool = False) -> FileResult:
    """``pipeline.scan_bytes``, step by step, adding each step's CPU seconds to ``spent``."""
    t0 = clock()
    kind = sniff(data)
    t1 = clock()
    extraction = extract(data, kind)
    t2 = clock()
    view = View(extraction.segments, settings.dictionary, path=path, kind=kind)
    view.norms
    t3 = clock()
    view.hits
    t4 = clock()
    spent["sniff"] += t1 - t0
    spent["extract"] += t2 - t1
    spent["normalise"] += t3 - t2
    spent["dictionary hits"] += t4 - t3
    evidence = []
    for detector in DETECTORS:
        start = clock()
        evidence += detector.detect(view)
        spent[f"detector {detector.name}"] += clock() - start
    start = clock()
    judgement = judge(evidence, view.segments, settings.dictionary,
                      threshold_for(settings.target, settings.thresholds), settings.target,
                      (view.norms, view.offsets), trace)
    spent["judge"] += clock() - start
    start = clock()
    marking, findings, score = judgement.marking, judgement.findings, judgement.score
    built = judgement.trace
    errors = list(extraction.errors)
    attachments = extraction.attachments[:pipeline.MAX_ATTACHMENTS]
    children = []
    spent["result"] += clock() - start
    for attachment in attachments:
        if depth < pipeline.MAX_DEPTH:  # an embedded file's stages count as the stages
            children.append(staged_scan(attachment.data, attachment.name, settings, spent,
                                        depth + 1, trace))
    start = clock()
    for attachment, child in zip(attachments, children):
        marking = pipeline._stronger(marking, pipeline._relocate_marking(child.marking,
                                                                         attachment))
        findings += [pipeline._relocate(f, attachment) for f in child.findings]
        errors += [f"{attachment.name}: {e}" for e in child.errors]
        score = max(score, child.score)
        if built is not None and child.trace and (child.findings or child.trace["passages"]):
            built.setdefault("attachments", {})[attachment.name] = child.trace
    if depth >= pipeline.MAX_DEPTH:
        errors += [f"{a.name}: nested more than {pipeline.MAX_DEPTH} levels deep, not read"
                   for a in attachments]
    if len(extraction.attachments) > pipeline.MAX_ATTACHMENTS:
        errors.append(f"{len(extraction.attachments)} embedded files, only the first "
                      f"{pipeline.MAX_ATTACHMENTS} read")
    marking, findings = drop_allowlisted(marking, findings, settings.allowlist)
    status = decide(marking, findings, errors, settings.dictionary)
    result = FileResult(
        path=path, type=extraction.type, sha256=hashlib.sha256(data).hexdigest(),
        verdict=verdict_for(status, findings), status=status, marking=marking, score=score,
        findings=findings, errors=list(dict.fromkeys(errors)),
        suggested_marking=suggest_marking(status, findings, settings.dictionary), trace=built)
    spent["result"] += clock() - start
    return result


def _comparable(result: FileResult) -> dict:
    data = result.to_dict()
    data.pop("elapsed_ms", None)
    return data


def stages(folder: Path, settings: Settings, check: bool = False,
           trace: bool = False) -> tuple[int, float, dict[str, float]]:
    """(files, CPU seconds, seconds by stage) for every file of ``folder``; ``check``: raise
    AssertionError where the staged result is not ``scan_file``'s (not timed)."""
    spent: dict[str, float] = defaultdict(float)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    total = 0.0
    for path in files:
        began = clock()
        data = read_regular(str(path))
        spent["read"] += clock() - began
        result = staged_scan(data, str(path), settings, spent, trace=trace)
        total += clock() - began
        if check and _comparable(result) != _comparable(pipeline.scan_file(str(path), settings,
                                                                      trace=trace)):
            raise AssertionError(f"{path}: the staged result is not scan_file's")
    return len(files), total, spent


def _warm(folder: Path, settings: Settings) -> None:
    """Scan the folder's first file, untimed: a worker warms up on a text, so the first file
    of another type would load its reader on the clock (the first PDF folder measured paid
    PyMuPDF's import, 0.35 s: 3 ms a file of 120)."""
    first = min((p for p in folder.iterdir() if p.is_file()), default=None)
    if first is not None:
        staged_scan(read_regular(str(first)), str(first), settings, defaultdict(float))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--check", action="store_true",
                        help="compare every staged result with scan_file's")
    parser.add_argument("--trace", action="store_true",
                        help="build the judge's trace, as a scan that fills the cache does")
    args = parser.parse_args(argv)
    settings = Settings()
    warm_up(settings, segmenter=True)
    for folder in args.folders:
        _warm(folder, settings)
    for folder in args.folders:
        count, total, spent = stages(folder, settings, args.check, args.trace)
        per_file = 1000 / max(1, count)
        print(f"{folder}: {count} files, {total:.2f} s CPU, {total * per_file:.1f} ms a file"
              + (", every result as scan_file's" if args.check else ""))
        for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"   {name:28s} {seconds * per_file:7.2f} ms  {seconds / max(total, 1e-9):6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
