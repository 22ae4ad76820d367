"""CSV: one row per finding (a file without findings gets one row), for spreadsheets.

Errors of an unreadable file are rows too (rule ``file.unreadable``), so a filter on
``verdict`` shows every file that needs a person. Written with a BOM: Excel and WPS then
read the Chinese text as UTF-8.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from scanner.model import FileResult
from scanner.judge.rules import UNREADABLE as UNREADABLE_RULE
from scanner.report.names import visible

COLUMNS = ("path", "verdict", "status", "rule", "category", "severity", "part", "page",
           "paragraph", "text", "context")


def render_csv(results: Iterable[FileResult]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for result in results:
        head = [result.path, result.verdict.value, result.status.value]
        for f in result.findings:
            loc = f.location
            writer.writerow(head + [f.rule, f.category, f.severity, loc.part, loc.page or "",
                                    loc.paragraph or "", f.text, f.context])
        for error in result.errors:
            writer.writerow(head + [UNREADABLE_RULE, "unreadable", "", "", "", "", "", error])
        if not result.findings and not result.errors:
            writer.writerow(head + [""] * (len(COLUMNS) - len(head)))
    return "\ufeff" + visible(out.getvalue())
