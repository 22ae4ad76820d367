"""The JSON report, exactly as CONTRACT.md specifies (report version 1)."""
from __future__ import annotations

import json
from collections.abc import Iterable

from scanner import __version__
from scanner.model import FileResult

REPORT_VERSION = 1


def summary(results: list[FileResult]) -> dict[str, int]:
    counts = {"files": len(results), "pass": 0, "block": 0, "review": 0}
    for result in results:
        counts[result.verdict.value] += 1
    return counts


def render_json(results: Iterable[FileResult], target: str,
                skipped: list[tuple[str, str]] | None = None) -> str:
    """The report; ``skipped`` lists what a folder walk did not read, with why (an addition
    to CONTRACT's shape: ``files`` and ``summary`` are as they were)."""
    results = list(results)
    report = {
        "version": REPORT_VERSION,
        "tool": {"name": "baomi", "version": __version__},
        "target": target,
        "files": [r.to_dict() for r in results],
        "summary": summary(results),
        "skipped": [{"path": path, "reason": reason} for path, reason in skipped or []],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
