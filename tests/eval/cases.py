"""The blind-written cases of the labelled set: their labels and their rendered files.

    load_cases() -> list[dict]        rows of cases.tsv (id, verdict, status, sector, style,
                                      kind, position, form, split, writer, note)
    rendered(row, form=None) -> Path  the case rendered in its own form (or ``form``), cached
                                      under tests/eval/.rendered by the hash of its source

Every case was written from a brief (writing/briefs.json) by a writer who saw only that
brief, never the detector, the dictionaries or other cases (tests/eval/README.md).
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from render import SUFFIX, parse, render

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
CASE_LABELS = HERE / "cases.tsv"
RENDERED = HERE / ".rendered"
# The renderer's own source: a change to render.py rebuilds every cached file (a version
# bumped by hand was forgotten once, and figures were measured on stale renders).
RENDER_VERSION = hashlib.sha256((HERE / "render.py").read_bytes()).hexdigest()
SPLITS = ("fit", "test")


def load_cases(path: Path = CASE_LABELS) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        if row["verdict"] not in ("block", "pass") or row["split"] not in SPLITS:
            raise ValueError(f"bad case row: {row}")
    return rows


def source_of(row: dict[str, str]) -> str:
    return (CASES / f"{row['id']}.txt").read_text(encoding="utf-8")


def rendered(row: dict[str, str], form: str | None = None) -> Path:
    """The case as a file, named ``<id><suffix>`` so reports read naturally."""
    source = source_of(row)
    case = parse(source)
    form = form or case.form
    key = hashlib.sha256(f"{RENDER_VERSION}\0{form}\0{source}".encode()).hexdigest()[:16]
    path = RENDERED / key / f"{row['id']}{SUFFIX[form]}"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(render(case, form))
        tmp.replace(path)
    return path
