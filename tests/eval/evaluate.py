"""Evaluation of baomi's verdicts on the labelled documents in tests/eval/docs.

    python tests/eval/evaluate.py [--target internet|extranet] [--split fit|test|all] [--all]

Prints precision and recall for ``block`` (positive = block expected), the accuracy of the
status, a confusion table of expected vs got status, per-category figures, and every mismatch
with its top findings. ``evaluate(target)`` returns the same figures as a dict.

The documents were written without looking at the dictionaries or the detectors: they stand
for material nobody on the project has seen. Labels are in labels.tsv (file, verdict, status,
category, note, split). ``split`` is ``fit`` (what tests/eval/fit_weights.py may fit the
judge's weights on) or ``test`` (never fitted on).
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
LABELS = HERE / "labels.tsv"
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere; an installed baomi wins
    sys.path.append(str(ROOT))

from scanner.pipeline import Settings, scan_file  # noqa: E402

SPLITS = ("fit", "test")
STATUSES = ("classified", "restricted", "unmarked-sensitive", "personal-data", "unreadable", "clean")


def load_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        if row["verdict"] not in ("block", "pass", "review") or row["status"] not in STATUSES \
                or row.get("split") not in SPLITS:
            raise ValueError(f"bad label row: {row}")
    return rows


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _block_figures(pairs: list[tuple[str, str]]) -> dict[str, float | int]:
    """pairs of (expected verdict, got verdict); positive = block."""
    tp = sum(1 for e, g in pairs if e == "block" and g == "block")
    fp = sum(1 for e, g in pairs if e != "block" and g == "block")
    fn = sum(1 for e, g in pairs if e == "block" and g != "block")
    tn = len(pairs) - tp - fp - fn
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)}


def _top_findings(result, n: int = 4) -> list[str]:
    findings = sorted(result.findings, key=lambda f: -(f.score or 0.0))
    out = []
    for f in findings[:n]:
        text = (f.text or "").replace("\n", " ")[:40]
        out.append(f"{f.rule} [{f.location.part}] '{text}' score={f.score:.2f}")
    return out


def evaluate(target: str = "internet", docs: Path = DOCS, labels: Path = LABELS,
             split: str = "all") -> dict:
    """Scan every labelled document of ``split`` (fit, test or all); return the metrics
    and the per-file outcomes."""
    settings = Settings(target=target)
    rows = [r for r in load_labels(labels) if split == "all" or r["split"] == split]
    outcomes = []
    for row in rows:
        result = scan_file(str(docs / row["file"]), settings)
        outcomes.append({
            "file": row["file"], "category": row["category"], "note": row["note"],
            "expected_verdict": row["verdict"], "expected_status": row["status"],
            "verdict": result.verdict.value, "status": result.status.value,
            "score": result.score, "marking": result.marking.text if result.marking else None,
            "findings": _top_findings(result),
        })
    overall = _block_figures([(o["expected_verdict"], o["verdict"]) for o in outcomes])
    status_ok = sum(1 for o in outcomes if o["expected_status"] == o["status"])
    confusion: dict[str, Counter] = defaultdict(Counter)
    by_cat: dict[str, list] = defaultdict(list)
    for o in outcomes:
        confusion[o["expected_status"]][o["status"]] += 1
        by_cat[o["category"]].append(o)
    categories = {}
    for cat, items in sorted(by_cat.items()):
        figs = _block_figures([(o["expected_verdict"], o["verdict"]) for o in items])
        figs["files"] = len(items)
        figs["status_accuracy"] = _ratio(
            sum(1 for o in items if o["expected_status"] == o["status"]), len(items))
        categories[cat] = figs
    mismatches = [o for o in outcomes
                  if o["expected_verdict"] != o["verdict"] or o["expected_status"] != o["status"]]
    return {
        "target": target, "split": split, "files": len(outcomes),
        "precision": overall["precision"], "recall": overall["recall"],
        "tp": overall["tp"], "fp": overall["fp"], "fn": overall["fn"], "tn": overall["tn"],
        "verdict_accuracy": _ratio(sum(1 for o in outcomes
                                       if o["expected_verdict"] == o["verdict"]), len(outcomes)),
        "status_accuracy": _ratio(status_ok, len(outcomes)),
        "confusion": {k: dict(v) for k, v in confusion.items()},
        "categories": categories, "mismatches": mismatches, "outcomes": outcomes,
    }


def format_report(m: dict, show_all: bool = False) -> str:
    lines = [f"baomi evaluation — target {m['target']}, split {m['split']}, "
             f"{m['files']} documents", ""]
    lines.append(f"block precision {m['precision']:.3f}   recall {m['recall']:.3f}   "
                 f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']}, tn {m['tn']})")
    lines.append(f"verdict accuracy {m['verdict_accuracy']:.3f}   "
                 f"status accuracy {m['status_accuracy']:.3f}")
    lines.append("")
    short = {"classified": "classif", "restricted": "restrict", "unmarked-sensitive": "unmarked",
             "personal-data": "personal", "unreadable": "unread", "clean": "clean"}
    cols = [s for s in STATUSES if any(s in row for row in m["confusion"].values())
            or s in m["confusion"]]
    lines.append("confusion (rows expected status, columns got status)")
    lines.append(f"{'':>20}" + "".join(f"{short[c]:>10}" for c in cols))
    for exp in STATUSES:
        if exp not in m["confusion"]:
            continue
        row = m["confusion"][exp]
        lines.append(f"{exp:>20}" + "".join(f"{row.get(c, 0):>10}" for c in cols))
    lines.append("")
    lines.append(f"{'category':<14}{'files':>6}{'prec':>7}{'recall':>8}{'tp':>4}{'fp':>4}"
                 f"{'fn':>4}{'status':>8}")
    for cat, c in m["categories"].items():
        lines.append(f"{cat:<14}{c['files']:>6}{c['precision']:>7.2f}{c['recall']:>8.2f}"
                     f"{c['tp']:>4}{c['fp']:>4}{c['fn']:>4}{c['status_accuracy']:>8.2f}")
    lines.append("")
    listed = m["outcomes"] if show_all else m["mismatches"]
    lines.append(("all files" if show_all else "mismatches") + f" ({len(listed)})")
    for o in listed:
        flag = "✗ " if o in m["mismatches"] else "  "
        lines.append(f"{flag}{o['file']}: expected {o['expected_verdict']}/{o['expected_status']}, "
                     f"got {o['verdict']}/{o['status']}  score={o['score']:.2f}"
                     + (f"  marking={o['marking']}" if o["marking"] else ""))
        lines.append(f"      note: {o['note']}")
        for f in o["findings"]:
            lines.append(f"      - {f}")
    if m["mismatches"]:
        lines.append("")
        lines.append("(passages below the threshold are not findings: "
                     "`baomi explain tests/eval/docs/FILE` shows them)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=("internet", "extranet"), default="internet")
    parser.add_argument("--split", choices=("fit", "test", "all"), default="all",
                        help="which labelled documents (labels.tsv column split)")
    parser.add_argument("--all", action="store_true", help="list every file, not only mismatches")
    args = parser.parse_args(argv)
    print(format_report(evaluate(args.target, split=args.split), show_all=args.all))
    return 0


if __name__ == "__main__":
    sys.exit(main())
