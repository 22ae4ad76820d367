"""Bring written cases into the set: copy each writer's documents to tests/eval/cases/ and
write cases.tsv from the briefs (labels, sector, style, position, form, split) and the
writer's own one-line note.

    python tests/eval/writing/import_cases.py WRITING_ROOT [--briefs briefs.json]

WRITING_ROOT holds one folder per writer (w1, w2 …), each with docs/<id>.txt and notes.tsv,
as WRITER_PROMPT.md asks. A case whose file does not parse (render.parse) is reported and left
out. Cases already in cases.tsv that this run does not bring are kept (a later round of
briefs adds to the set); a case brought again replaces its row.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent
sys.path.insert(0, str(EVAL))

from render import CaseError, parse  # noqa: E402

COLUMNS = ("id", "verdict", "status", "sector", "style", "kind", "position", "form", "split",
           "writer", "note")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--briefs", type=Path, default=HERE / "briefs.json")
    args = parser.parse_args(argv)
    briefs = {b["id"]: b for b in json.loads(args.briefs.read_text(encoding="utf-8"))}
    cases = EVAL / "cases"
    cases.mkdir(exist_ok=True)
    rows = []
    for writer in sorted(p for p in args.root.iterdir() if (p / "docs").is_dir()):
        notes = {}
        if (writer / "notes.tsv").is_file():
            for line in (writer / "notes.tsv").read_text(encoding="utf-8").splitlines():
                if "\t" in line:
                    key, note = line.split("\t", 1)
                    notes[key.strip()] = note.strip()
        for doc in sorted((writer / "docs").glob("*.txt")):
            brief = briefs.get(doc.stem)
            if brief is None:
                print(f"{doc}: no brief of that id, left out", file=sys.stderr)
                continue
            try:
                case = parse(doc.read_text(encoding="utf-8"))
            except (CaseError, UnicodeDecodeError) as exc:
                print(f"{doc}: {exc}, left out", file=sys.stderr)
                continue
            shutil.copyfile(doc, cases / doc.name)
            rows.append({"id": doc.stem, "verdict": brief["verdict"],
                         "status": "unmarked-sensitive" if brief["verdict"] == "block" else "clean",
                         "sector": brief["sector"], "style": brief["style"], "kind": brief["kind"],
                         "position": brief["position"], "form": case.form,
                         "split": brief["split"], "writer": writer.name,
                         "note": notes.get(doc.stem, "").replace("\t", " ")})
    brought = {row["id"] for row in rows}
    if (EVAL / "cases.tsv").is_file():
        with open(EVAL / "cases.tsv", encoding="utf-8", newline="") as fh:
            rows += [row for row in csv.DictReader(fh, delimiter="\t")
                     if row["id"] not in brought]
    with open(EVAL / "cases.tsv", "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        out.writeheader()
        out.writerows(sorted(rows, key=lambda r: r["id"]))
    print(f"{len(rows)} cases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
