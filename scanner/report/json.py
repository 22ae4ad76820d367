"""The JSON report, exactly as CONTRACT.md specifies (report version 1)."""
from __future__ import annotations

import json
from collections.abc import Iterable

from scanner import __version__
from scanner.model import FileResult, Skipped
from scanner.report.names import visible_json

REPORT_VERSION = 1


def summary(results: list[FileResult]) -> dict[str, int]:
    counts = {"files": len(results), "pass": 0, "block": 0, "review": 0}
    for result in results:
        counts[result.verdict.value] += 1
    return counts


def render_json(results: Iterable[FileResult], target: str, config: str | None = None,
                skipped: Iterable[Skipped] = ()) -> str:
    """The report; ``config`` is the path of the config file used (``null`` without one),
    ``skipped`` the paths not read on purpose, each with the reason (an addition to the
    contract's shape). Names that are not UTF-8 are shown escaped (``report.names``)."""
    results = list(results)
    report = {
        "version": REPORT_VERSION,
        "tool": {"name": "baomi", "version": __version__},
        "target": target,
        "config": config,
        "files": [r.to_dict() for r in results],
        "summary": summary(results),
        "skipped": [s.to_dict() for s in skipped],
    }
    return visible_json(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
