"""Evaluation of baomi's verdicts on the labelled set (tests/eval/README.md).

    python tests/eval/evaluate.py [--split fit|test|all] [--target internet|extranet] [--all]

Prints block precision and recall (positive = block expected), the status accuracy and a
confusion table, figures per sector, per brief style (what made a case block or pass, as the
writer was asked to write it) and per signal (the judge's features in the passage that
decided), every mismatch with its top findings, and ends with exactly one line:

    <split>: N documents, precision P, recall R

``evaluate(target, split)`` returns the same figures as a dict. The set has two parts: the
first 83 cases (docs/ + labels.tsv, fit only) and the blind-written cases (cases/ +
cases.tsv, rendered by render.py into the form an office publishes).
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
LABELS = HERE / "labels.tsv"
ROOT = HERE.parent.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:  # run as a script from anywhere; an installed baomi wins
    sys.path.append(str(ROOT))

from cases import load_cases, rendered  # noqa: E402
from scanner.pipeline import Settings, scan_file  # noqa: E402

STATUSES = ("classified", "restricted", "unmarked-sensitive", "personal-data", "unreadable", "clean")
SPLITS = ("fit", "test", "all")


@dataclass(frozen=True)
class Document:
    """One labelled document, whichever part of the set it comes from."""

    name: str
    path: Path
    verdict: str
    status: str
    sector: str
    style: str
    split: str
    note: str


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        if row["verdict"] not in ("block", "pass", "review") or row["status"] not in STATUSES:
            raise ValueError(f"bad label row: {row}")
    return rows


def documents(split: str = "all") -> list[Document]:
    """Every labelled document of ``split`` (fit, test or all)."""
    docs = [Document(row["file"], DOCS / row["file"], row["verdict"], row["status"],
                     row["category"], "first set", row.get("split", "fit"), row["note"])
            for row in load_labels()]
    docs += [Document(row["id"], rendered(row), row["verdict"], row["status"], row["sector"],
                      row["style"], row["split"], row["note"]) for row in load_cases()]
    return [d for d in docs if split == "all" or d.split == split]


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _block_figures(pairs: list[tuple[str, str]]) -> dict[str, float | int]:
    """pairs of (expected verdict, got verdict); positive = block."""
    tp = sum(1 for e, g in pairs if e == "block" and g == "block")
    fp = sum(1 for e, g in pairs if e != "block" and g == "block")
    fn = sum(1 for e, g in pairs if e == "block" and g != "block")
    tn = len(pairs) - tp - fp - fn
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "files": len(pairs),
            "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)}


def _top_findings(result, n: int = 4) -> list[str]:
    findings = sorted(result.findings, key=lambda f: -(f.score or 0.0))
    return [f"{f.rule} [{f.location.part}] '{(f.text or '').replace(chr(10), ' ')[:40]}' "
            f"score={f.score:.2f}" for f in findings[:n]]


def _signals(result) -> list[str]:
    """The judge's features that were present in the passage that decided the file."""
    trace = result.trace or {}
    passages = trace.get("passages") or []
    return sorted(passages[0].get("features", {})) if passages else []


def _grouped(outcomes: list[dict], key: str) -> dict[str, dict]:
    groups: dict[str, list] = defaultdict(list)
    for o in outcomes:
        values = o[key] if isinstance(o[key], list) else [o[key]]
        for value in values:
            groups[value].append(o)
    return {k: _block_figures([(o["expected_verdict"], o["verdict"]) for o in items])
            for k, items in sorted(groups.items())}


def evaluate(target: str = "internet", split: str = "all") -> dict:
    """Scan every labelled document of ``split``; return the metrics and the outcomes."""
    settings = Settings(target=target)
    outcomes = []
    for doc in documents(split):
        result = scan_file(str(doc.path), settings)
        outcomes.append({
            "file": doc.name, "sector": doc.sector, "style": doc.style, "note": doc.note,
            "expected_verdict": doc.verdict, "expected_status": doc.status,
            "verdict": result.verdict.value, "status": result.status.value,
            "score": result.score, "marking": result.marking.text if result.marking else None,
            "signals": _signals(result), "findings": _top_findings(result),
        })
    overall = _block_figures([(o["expected_verdict"], o["verdict"]) for o in outcomes])
    confusion: dict[str, Counter] = defaultdict(Counter)
    for o in outcomes:
        confusion[o["expected_status"]][o["status"]] += 1
    mismatches = [o for o in outcomes if o["expected_verdict"] != o["verdict"]]
    return {
        "target": target, "split": split, "files": len(outcomes), **overall,
        "status_accuracy": _ratio(sum(o["expected_status"] == o["status"] for o in outcomes),
                                  len(outcomes)),
        "confusion": {k: dict(v) for k, v in confusion.items()},
        "sectors": _grouped(outcomes, "sector"), "styles": _grouped(outcomes, "style"),
        "signals": _grouped(outcomes, "signals"),
        "mismatches": mismatches, "outcomes": outcomes,
    }


def _table(title: str, groups: dict[str, dict]) -> list[str]:
    lines = [f"{title:<20}{'files':>6}{'prec':>7}{'recall':>8}{'tp':>5}{'fp':>4}{'fn':>4}{'tn':>5}"]
    for name, c in groups.items():
        lines.append(f"{name:<20}{c['files']:>6}{c['precision']:>7.2f}{c['recall']:>8.2f}"
                     f"{c['tp']:>5}{c['fp']:>4}{c['fn']:>4}{c['tn']:>5}")
    return lines + [""]


def format_report(m: dict, show_all: bool = False) -> str:
    lines = [f"baomi evaluation — split {m['split']}, target {m['target']}, "
             f"{m['files']} documents", ""]
    lines.append(f"block precision {m['precision']:.3f}   recall {m['recall']:.3f}   "
                 f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']}, tn {m['tn']})   "
                 f"status accuracy {m['status_accuracy']:.3f}")
    lines.append("")
    short = {"classified": "classif", "restricted": "restrict", "unmarked-sensitive": "unmarked",
             "personal-data": "personal", "unreadable": "unread", "clean": "clean"}
    cols = [s for s in STATUSES if s in m["confusion"]
            or any(s in row for row in m["confusion"].values())]
    lines.append("confusion (rows expected status, columns got status)")
    lines.append(f"{'':>20}" + "".join(f"{short[c]:>10}" for c in cols))
    for exp in STATUSES:
        if exp in m["confusion"]:
            row = m["confusion"][exp]
            lines.append(f"{exp:>20}" + "".join(f"{row.get(c, 0):>10}" for c in cols))
    lines.append("")
    lines += _table("sector", m["sectors"])
    lines += _table("brief style", m["styles"])
    lines += _table("signal (deciding)", m["signals"])
    listed = m["outcomes"] if show_all else m["mismatches"]
    lines.append(("all files" if show_all else "mismatches") + f" ({len(listed)})")
    for o in listed:
        flag = "✗ " if o in m["mismatches"] else "  "
        lines.append(f"{flag}{o['file']} [{o['sector']}, {o['style']}]: expected "
                     f"{o['expected_verdict']}, got {o['verdict']}/{o['status']}  "
                     f"score={o['score']:.2f}" + (f"  marking={o['marking']}" if o["marking"] else ""))
        lines.append(f"      note: {o['note']}")
        for f in o["findings"]:
            lines.append(f"      - {f}")
    lines.append("")
    lines.append(f"{m['split']}: {m['files']} documents, precision {m['precision']:.3f}, "
                 f"recall {m['recall']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--target", choices=("internet", "extranet"), default="internet")
    parser.add_argument("--all", action="store_true", help="list every file, not only mismatches")
    args = parser.parse_args(argv)
    print(format_report(evaluate(args.target, args.split), show_all=args.all))
    return 0


if __name__ == "__main__":
    sys.exit(main())
