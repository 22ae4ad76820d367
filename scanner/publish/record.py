"""The ledger (台账) rows baomi writes: one per stamping (``baomi mark``, ``scan --mark``)
and, with ``baomi scan --record``, one per scanned file.

CONTRACT: the ledger is an append-only record of every stamping and, with --record, of
every scan. A row keeps what was decided about which bytes, never the matched text.
"""
from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Any

from markers.ledger import Entry, open_ledger, record
from scanner.model import FileResult

if TYPE_CHECKING:
    from markers.stamp import StampResult


def scan_summary(result: FileResult) -> dict[str, Any]:
    """What the ledger keeps of a scan: the decision and the rules that fired."""
    suggested = result.suggested_marking
    return {"verdict": result.verdict.value, "status": result.status.value,
            "score": round(result.score, 3),
            "rules": dict(Counter(f.rule for f in result.findings)),
            "suggested_marking": suggested.to_dict(result.findings) if suggested else None}


def record_scans(results: list[FileResult], ledger_path: str | None,
                 operator: str | None) -> int:
    """Append a ``scan`` row for each result; returns how many were written."""
    who: dict[str, Any] = {"operator": operator} if operator else {}
    conn = open_ledger(ledger_path)
    try:
        for result in results:
            marking = result.marking
            record(conn, Entry(
                action="scan", input_path=os.path.abspath(result.path),
                sha256_before=result.sha256, sha256_after=result.sha256,
                level=marking.level if marking else None,
                term=marking.term if marking else None,
                extra={"type": result.type, "scan": scan_summary(result)}, **who))
    finally:
        conn.close()
    return len(results)


def ledger_entry(result: StampResult, operator: str | None,
                 extra: dict[str, Any] | None = None) -> Entry:
    """The ledger row for a stamping; ``extra`` adds to what the row's ``extra`` holds
    (``scan --mark`` records the scan's findings there)."""
    fields: dict[str, Any] = {"operator": operator} if operator else {}
    return Entry(
        action="mark", input_path=str(result.input.resolve()),
        output_path=str(result.output.resolve()) if result.output else None,
        sha256_before=result.sha256_before, sha256_after=result.sha256_after,
        level=result.marking.level, term=result.marking.term, copy_number=result.copy_number,
        extra={"type": result.kind, **({"note": result.note} if result.note else {}),
               **(extra or {})},
        **fields,
    )
