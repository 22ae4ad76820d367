"""The result cache: exact round trip, a rescan that is a stat per file and imports neither
PyMuPDF nor jieba, invalidation by content and settings, two scans at once."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import write_docx, write_pdf
from test_batch import CLEAN, DRAFT, SECRET, mixed_folder

from scanner.run.batch import scan_files
from scanner.run.cache import ResultCache, decode, encode, settings_key
from scanner.pipeline import Settings, scan_file

SAMPLES = Path(__file__).resolve().parent.parent / "sample_docs"


def age(paths: list[str], seconds: float = 60) -> None:
    """Files written just now are re-hashed on the next scan (a write within the clock's
    granularity could hide); make them look older, as a shared folder's files are."""
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


def test_results_round_trip_exactly():
    settings = Settings()
    for path in sorted(SAMPLES.iterdir()):
        result = scan_file(str(path), settings)
        assert decode(encode(result), result.path) == result
        moved = decode(encode(result), "elsewhere/" + path.name)
        assert moved == dataclasses.replace(result, path="elsewhere/" + path.name)


def test_rescan_is_served_from_the_cache_and_equal(tmp_path):
    files = mixed_folder(tmp_path)
    age(files)
    cold = list(scan_files(files, Settings(), jobs=2))
    warm = list(scan_files(files, Settings(), jobs=2))
    assert warm == cold
    cache = ResultCache.open(settings_key(Settings()))
    assert all(cache.lookup(p)[1] is not None for p in files)  # the broken PDF too: it is data


def test_a_changed_file_or_setting_is_scanned_again(tmp_path):
    path = write_docx(tmp_path / "a.docx", CLEAN)
    age([str(path)])
    assert [r.verdict.value for r in scan_files([str(path)], Settings())] == ["pass"]
    write_docx(path, SECRET)  # same name, new content
    assert [r.verdict.value for r in scan_files([str(path)], Settings())] == ["block"]
    draft = write_pdf(tmp_path / "b.pdf", DRAFT)
    age([str(draft)])
    internet = list(scan_files([str(draft)], Settings(target="internet")))
    extranet = list(scan_files([str(draft)], Settings(target="extranet")))
    assert internet == [scan_file(str(draft), Settings(target="internet"))]
    assert extranet == [scan_file(str(draft), Settings(target="extranet"))]


WARM_RUN = """
import json, sys
from scanner.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": [m for m in ("pymupdf", "jieba", "rjieba", "docx",
                                                         "lxml", "scanner.dictionary")
                                           if m in sys.modules]}), file=sys.stderr)
"""


def _run(args: list[str]) -> tuple[dict, str]:
    proc = subprocess.run([sys.executable, "-c", WARM_RUN, *args], capture_output=True,
                          text=True, check=False)
    return json.loads(proc.stderr.strip().splitlines()[-1]), proc.stdout


def test_warm_rescan_imports_neither_pymupdf_nor_jieba(tmp_path):
    files = mixed_folder(tmp_path)
    age(files)
    cold, cold_report = _run(["scan", str(tmp_path), "--format", "json"])
    warm, warm_report = _run(["scan", str(tmp_path), "--format", "json"])
    assert warm["loaded"] == [] and warm["code"] == cold["code"] == 1
    assert json.loads(warm_report)["files"] == json.loads(cold_report)["files"]
    uncached, _ = _run(["scan", str(tmp_path), "--no-cache", "-j", "1", "-q"])
    assert uncached["code"] == 1


def test_two_scans_at_once_share_the_cache(tmp_path):
    files = mixed_folder(tmp_path, count=8)
    age(files)
    env = {**os.environ}
    procs = [subprocess.Popen([sys.executable, "-m", "scanner.cli", "scan", "--format", "json",
                               "-j", "1", *files], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    reports = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], reports[0][1]
    first, second = (json.loads(out)["files"] for out, _ in reports)
    assert first == second
    again = list(scan_files(files, Settings()))
    assert [r.to_dict() for r in again] == first
