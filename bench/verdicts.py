"""Verdicts and findings of every file a speed change must leave alone, to diff before and after.

    python bench/verdicts.py dump OUT.json [--all-forms] [--extra FOLDER ...] [-j N]
    python bench/verdicts.py diff BEFORE.json AFTER.json

``dump`` scans, without the cache: every file of ``../shared/corpus``, sample_docs/, the
first labelled set (tests/eval/docs) and every blind-written case of tests/eval/cases in its
own form (with ``--all-forms``: in all six forms, as tests/test_eval_formats.py renders
them), plus any ``--extra`` folders (a bench corpus), and writes each file's whole result
(verdict, status, marking, score, findings, errors, suggested marking: its report) by path,
scanned as ``baomi scan --no-cache`` scans, without building the judge's trace.
``diff`` prints every file whose result differs, field by field, and exits 1 if any does:
a change made for speed alone must print nothing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "tests" / "eval"
SHARED = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(EVAL))

from cases import load_cases, rendered  # noqa: E402
from render import FORMS  # noqa: E402

from scanner.run.batch import scan_files  # noqa: E402
from scanner.settings import Settings  # noqa: E402


def files(all_forms: bool, extra: list[Path]) -> list[Path]:
    """Every file to scan, each once, in a stable order."""
    found: list[Path] = []
    for folder in (SHARED, ROOT / "sample_docs", EVAL / "docs", *extra):
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*") if p.is_file())
    for row in load_cases():
        forms = FORMS if all_forms else (None,)
        found += [rendered(row, form) for form in forms]
    return list(dict.fromkeys(found))


def dump(out: Path, all_forms: bool, extra: list[Path], jobs: int) -> int:
    paths = [str(p) for p in files(all_forms, extra)]
    results = {}
    for result in scan_files(paths, Settings(), jobs, use_cache=False, traces=False):
        data = result.to_dict()
        data.pop("elapsed_ms", None)  # time, not outcome
        results[result.path] = data
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True),
                   encoding="utf-8")
    print(f"{len(results)} files scanned into {out}")
    return 0


def diff(before: Path, after: Path) -> int:
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    changed = 0
    for path in sorted(set(a) | set(b)):
        if a.get(path) == b.get(path):
            continue
        changed += 1
        if path not in a or path not in b:
            print(f"{path}: only in {'after' if path not in a else 'before'}")
            continue
        for key in sorted(set(a[path]) | set(b[path])):
            if a[path].get(key) != b[path].get(key):
                was, now = (json.dumps(r[path].get(key), ensure_ascii=False)[:600] for r in (a, b))
                print(f"{path}: {key}\n  before: {was}\n  after:  {now}")
    print(f"{len(set(a) | set(b))} files, {changed} with a different result")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--all-forms", action="store_true")
    d.add_argument("--extra", type=Path, nargs="*", default=[])
    d.add_argument("-j", "--jobs", type=int, default=2)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args.out, args.all_forms, args.extra, args.jobs)
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
