"""The result cache: exact round trip, a rescan that is a stat per file and loads nothing
heavier than the cache, invalidation by content and settings, two scans at once."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from conftest import write_docx, write_pdf
from test_batch import CLEAN, DRAFT, SECRET, mixed_folder

from scanner import __version__
from scanner.cache_folder import ROOT, code_fingerprint, source_files
from scanner.run.batch import scan_files, scan_tasks
from scanner.run.task import Task
from scanner.model import FileResult, MarkedCopy, Skipped
from scanner.run.cache import (
    _KEPT, FILE_NAME, SCHEMA, ResultCache, decode, dictionaries_stamp, encode, look_up,
    settings_key)
from scanner.pipeline import Settings, scan_file
from scanner.plain import replace
from scanner.report.explain import render as render_explanation
from scanner.report.json import (
    REPORT_VERSION, entry_tail, file_entry, render_json, summary, with_path)
from scanner.report.names import visible_json

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
        assert moved == replace(result, path="elsewhere/" + path.name)


def test_the_json_report_is_json_dumps_of_the_report_with_or_without_entries():
    """The JSON report is written in pieces (each file's entry apart, the cache's spliced
    in): byte for byte what json.dumps of the whole report gives, for names that are not
    UTF-8, approvals, stamped copies, skipped paths and no file at all."""
    settings = Settings()
    results = [scan_file(str(path), settings) for path in sorted(SAMPLES.iterdir())]
    assert any(r.findings for r in results) and any(r.suggested_marking for r in results)
    results.append(replace(results[0], path='odd/\udcb9"name.pdf',
                                       approval={"by": "a", "at": "b", "reason": "c"},
                                       marked=MarkedCopy(None, error="why")))
    skipped = [Skipped("a/\udcb9b", 'why "so"'), Skipped("c", "d")]
    for some in (results, results[:1], []):
        cached = [decode(encode(r), r.path) for r in some]
        entries = {id(r): (r, with_path(entry_tail(r), r.path)) for r in cached}
        for config, skip in ((None, ()), ("/x/\udcb9.toml", skipped)):
            for listed, given in ((some, None), (cached, entries)):
                whole = {"version": REPORT_VERSION,
                         "tool": {"name": "baomi", "version": __version__},
                         "target": "internet", "config": config,
                         "files": [r.to_dict() for r in listed], "summary": summary(listed),
                         "skipped": [s.to_dict() for s in skip]}
                expected = visible_json(json.dumps(whole, ensure_ascii=False, indent=2) + "\n")
                assert render_json(listed, "internet", config, skip, given) == expected


def test_the_kept_fields_are_in_the_order_results_are_built_from():
    """``decode`` gives the kept list to ``FileResult.from_plain`` by position."""
    import inspect

    names = list(inspect.signature(FileResult.from_plain).parameters)
    assert names[1:1 + len(_KEPT)] == list(_KEPT)


def test_a_cache_of_the_earlier_schema_is_upgraded(tmp_path):
    """A cache written before results kept their JSON entry gets the column and serves
    its rows (their entries rendered afresh); new rows carry it."""
    folder = tmp_path / "cache"
    folder.mkdir()
    path = str(SAMPLES / "notice_secret_10y.docx")
    result = scan_file(path, Settings())
    with closing(sqlite3.connect(folder / FILE_NAME)) as db, db:
        db.executescript(SCHEMA.replace(" entry TEXT,", ""))
        db.execute("INSERT INTO results VALUES (?, ?, ?)",
                   (result.sha256, f"k:{Path(path).suffix}", encode(result)[0]))
    cache = ResultCache(folder, "k", traces=False, entries=True)
    found = cache.lookup(path)[1]
    assert found == replace(result, trace=None) and cache.entries == {}
    cache.store(result)
    cache.close()
    cache = ResultCache(folder, "k", traces=False, entries=True)
    found = cache.lookup(path)[1]
    assert cache.entries == {id(found): (found, file_entry(found))}
    cache.close()


def test_a_result_is_kept_for_its_extension_only(tmp_path):
    """The same bytes under another extension are judged afresh (a result may say the
    name lies about the content); the extension's case does not matter."""
    first = tmp_path / "a.docx"
    write_docx(first, SECRET)
    same, other = tmp_path / "b.DOCX", tmp_path / "c.pdf"
    same.write_bytes(first.read_bytes())
    other.write_bytes(first.read_bytes())
    age([str(first), str(same), str(other)])
    cache = ResultCache(tmp_path / "cache", "k", traces=False)
    cache.store(scan_file(str(first), Settings()))
    cache.commit()
    sha = hashlib.sha256(first.read_bytes()).hexdigest()
    tasks = [Task(str(p)) for p in (first, same, other)]
    found = list(look_up(tasks, cache, Settings()))
    cache.close()
    assert [type(f).__name__ for f in found] == ["FileResult", "FileResult", "Task"]
    assert found[1].path == str(same) and found[1].verdict == found[0].verdict
    assert found[2].sha256 == sha


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


def test_a_changed_dictionary_keys_results_anew(tmp_path):
    """Results are keyed by the dictionaries' files as by the code's (name and stat): a
    dictionary written again never serves a stale result; the weights count too."""
    extra = tmp_path / "local.toml"
    extra.write_text('category = "local"\n[terms]\n"内部代号" = 2\n', encoding="utf-8")
    before = settings_key(Settings(extra_dictionaries=[str(extra)]))
    assert before == settings_key(Settings(extra_dictionaries=[str(extra)]))
    assert before != settings_key(Settings())
    extra.write_text('category = "local"\n[terms]\n"内部代号" = 3\n', encoding="utf-8")
    assert settings_key(Settings(extra_dictionaries=[str(extra)])) != before
    assert "/weights.toml\0" in dictionaries_stamp([])


def test_the_code_fingerprint_reads_every_module(tmp_path):
    """A rule changed without a version bump (a development install) keys new results:
    the fingerprint is read from every module of scanner/ and markers/."""
    files = set(source_files())
    assert {"scanner/pipeline.py", "scanner/detect/scope.py", "markers/marking.py",
            "scanner/run/cache.py"} <= files
    assert len(files) == sum(1 for package in ("scanner", "markers")
                             for _ in Path(ROOT).glob(f"{package}/**/*.py"))
    assert code_fingerprint() != hashlib.sha256(__version__.encode()).hexdigest()


WARM_RUN = """
import json, sys
from scanner.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""
# What a rescan that the cache answers whole must not load: the readers and their libraries,
# the segmenters, the dictionaries and detectors, the worker pool and its module, what only
# a config, an approvals file, stamping or git need, click (scanner.cli.cached answers
# first), typing (annotations are never evaluated), hashlib (OpenSSL: the keys are
# hashed by CPython's own sha256, unchanged files not at all), signal (its enums: only
# a scan that was stopped names its signal), pathlib (with urllib.parse, 21 M
# instructions: paths are strings until one needs a Path), dataclasses (with inspect,
# 47 M: results and settings are scanner.plain records), the sqlite3 package and datetime
# (the cache uses _sqlite3 itself) and importlib (only a reader is imported by name).
HEAVY = ("click", "scanner.run.batch", "pymupdf", "fitz", "docx", "lxml", "jieba", "rjieba",
         "scanner.pipeline", "scanner.dictionary", "scanner.detect", "scanner.judge.policy",
         "scanner.extract.pdf", "scanner.extract.docx", "multiprocessing", "markers.marking",
         "markers.ledger", "pathspec", "tomllib", "subprocess", "typing",
         "scanner.publish.approvals", "scanner.publish.gitrepo", "hashlib", "_hashlib",
         "signal", "pathlib", "urllib", "dataclasses", "inspect", "sqlite3", "datetime",
         "_datetime", "importlib")
# SARIF names each rule a dictionary defines by the dictionary's title, and locates files
# from the repository root git gives: it loads the dictionaries (not the detectors) and asks
# git, and still reads no file and starts no worker; its fingerprints are sha256 hashes
# (the dictionary's entries are dataclasses; it and git load datetime and importlib).
# HTML masks the matched text by default, through the normaliser: OpenCC (which loads
# typing) and the list of what OpenCC may change (TOML), and keys each masked text by its
# hash (and scanner.text_utils, the normaliser's, loads pathlib and importlib); the page
# is dated (datetime).
NEEDS = {"sarif": {"scanner.dictionary", "markers.marking", "tomllib", "subprocess",
                   "scanner.publish.gitrepo", "typing", "hashlib", "_hashlib", "signal",
                   "pathlib", "urllib", "dataclasses", "inspect", "datetime", "_datetime",
                   "importlib"},
         "html": {"typing", "tomllib", "hashlib", "_hashlib", "pathlib", "urllib", "datetime",
                  "_datetime", "importlib"}}


def _run(args: list[str], cwd: Path) -> tuple[dict, str]:
    """``baomi ARGS`` in a fresh interpreter (in ``cwd``, outside any git hook's
    environment): its exit status and the modules it had loaded, and its stdout.

    Started as a user's install starts it: without ``site``'s .pth files (``-S``; the
    editable install's finder imports pathlib, a user's installed package has none), the
    packages' folders on PYTHONPATH, this tree first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PYTHONPATH"] = os.pathsep.join([ROOT, *_site_folders()])
    proc = subprocess.run([sys.executable, "-S", "-c", WARM_RUN, *args], capture_output=True,
                          text=True, check=False, cwd=cwd, env=env)
    return json.loads(proc.stderr.strip().splitlines()[-1]), proc.stdout


def _site_folders() -> list[str]:
    import site

    return [*site.getsitepackages(), site.getusersitepackages()]


def _loaded(run: dict) -> list[str]:
    return sorted({heavy for heavy in HEAVY for name in run["modules"]
                   if name == heavy or name.startswith(heavy + ".")})


def test_a_warm_rescan_loads_nothing_heavier_than_the_cache(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    files = mixed_folder(folder)
    age(files)
    for fmt in ("json", "text", "sarif", "csv", "html"):
        cold, cold_report = _run(["scan", str(folder), "--format", fmt, "-j", "1"], tmp_path)
        warm, warm_report = _run(["scan", str(folder), "--format", fmt], tmp_path)
        assert warm["code"] == cold["code"] == 1
        assert warm_report == cold_report, fmt
        assert set(_loaded(warm)) <= NEEDS.get(fmt, set()), fmt
    # The probe sees them when a file must be read: one changed file loads the scan.
    write_docx(Path(files[1]), SECRET + ["补充说明。"])
    changed, _ = _run(["scan", str(folder), "--format", "json", "-j", "1"], tmp_path)
    assert {"scanner.pipeline", "scanner.dictionary", "multiprocessing"} <= set(_loaded(changed))
    # ... scanned by the cached answer itself, not walked again under click.
    assert "click" not in _loaded(changed)
    uncached, _ = _run(["scan", str(folder), "--no-cache", "-j", "1", "-q"], tmp_path)
    assert uncached["code"] == 1 and "scanner.pipeline" in _loaded(uncached)
    assert "click" not in _loaded(uncached)  # --no-cache is one of the common options


def test_a_scan_reads_results_without_the_trace(tmp_path):
    """The judge's trace is kept apart: a scan's report never shows it, so its lookups
    leave it unread; ``baomi explain`` and ``baomi serve`` get it whole."""
    files = mixed_folder(tmp_path)
    age(files)
    cold = list(scan_files(files, Settings(), jobs=2))
    assert any(r.trace for r in cold)
    tasks = [Task(path) for path in files]
    bare = list(scan_tasks(tasks, Settings(), jobs=2, traces=False))
    assert bare == [replace(r, trace=None) for r in cold]
    assert list(scan_tasks(tasks, Settings(), jobs=2)) == cold


def test_a_scan_without_the_cache_finds_the_same_without_building_the_trace(tmp_path):
    """Where nothing keeps the trace and no report shows it (``baomi scan --no-cache``),
    the judge does not build it: verdicts, statuses and findings are those of a scan that
    fills the cache, the report is the same byte for byte, and ``baomi explain`` still
    renders the whole trace."""
    folder = tmp_path / "site"
    folder.mkdir()
    files = mixed_folder(folder)
    age(files)
    bare, bare_report = _run(["scan", str(folder), "--format", "json", "-j", "1",
                              "--no-cache"], tmp_path)
    cold, cold_report = _run(["scan", str(folder), "--format", "json", "-j", "1"], tmp_path)
    assert bare["code"] == cold["code"] == 1 and bare_report == cold_report
    # The scan that filled the cache built the trace and kept it.
    stored = [ResultCache.open(settings_key(Settings())).lookup(p)[1] for p in files]
    assert stored == [scan_file(p, Settings()) for p in files]
    assert any(r.trace and r.trace["passages"] for r in stored)
    uncached = list(scan_files(files, Settings(), jobs=2, use_cache=False, traces=False))
    assert [r.trace for r in uncached] == [None] * len(files)
    assert uncached == [replace(r, trace=None) for r in stored]
    for result in stored:
        explained = render_explanation(scan_file(result.path, Settings()))
        assert explained == render_explanation(result)
        if result.trace and result.trace["passages"]:
            assert "content score" in explained and "  weights:" in explained


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
