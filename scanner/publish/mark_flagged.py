"""``baomi scan --mark``: stamp a marked copy of each file the scan found unmarked-sensitive.

Deciding a level (定密) is a person's call. ``--mark`` stamps the level baomi suggests for
each file (scanner/judge/suggest.py); ``--mark-level``/``--mark-term`` stamp the level the person
chose for all of them. Copies go beside each file as ``NAME.marked.EXT`` or under
``--mark-dir``, mirroring the scanned folder; the originals are never written. Every copy
goes through ``markers.stamp.stamp_file`` and into the same ledger as ``baomi mark``, with
the scan's findings in the row's ``extra``.

Files that cannot be stamped are left alone and say why in the report (``marked.error``):
unreadable files (what they hold is unknown, so is the marking they need), formats baomi
cannot write (only DOCX and PDF), encrypted files, files changed since they were scanned.
Files approved for publication (verdict ``pass``) need no marking and are not touched.

No terminal here: the command line (scanner/cli/stamping.py) parses the options, shows the
plan and asks; this module plans (``plan_copies``) and stamps what it is given
(``stamp_copies``).
"""
from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from markers.ledger import LedgerError, open_ledger, record
from markers.marking import MarkingError
from scanner.model import FileResult, MarkedCopy, Status, Verdict
from scanner.publish.record import ledger_entry, scan_summary
from scanner.plain import replace

WRITABLE_TYPES = ("docx", "pdf")


@dataclass(frozen=True)
class MarkRequest:
    """What the command line asked to stamp; ``level`` None means each file's suggestion."""

    level: str | None
    term: str | None
    mark_dir: Path | None
    roots: tuple[str, ...]  # the scanned paths, for mirroring folders under mark_dir
    assume_yes: bool
    ledger_path: str | None
    operator: str | None


@dataclass(frozen=True)
class PlannedCopy:
    """A copy to stamp."""

    result: FileResult
    level: str
    term: str | None
    output: Path


def plan_copies(results: list[FileResult],
                request: MarkRequest) -> dict[int, PlannedCopy | MarkedCopy]:
    """By position in ``results``, for every file that needs a marking and is not approved:
    the copy to stamp, or the refusal (a MarkedCopy without output) that says why not."""
    from markers.stamp import derived_path  # loads PyMuPDF: only when stamping

    # Never write over a file that was scanned (an original, or a copy from an earlier run).
    taken = {os.path.abspath(r.path): "a scanned file" for r in results}
    plans: dict[int, PlannedCopy | MarkedCopy] = {}
    for index, result in enumerate(results):
        if result.verdict is Verdict.PASS:
            continue
        if result.status is Status.UNREADABLE:
            plans[index] = MarkedCopy(None, error="could not be read fully, so baomi cannot "
                                      "tell which marking it needs")
            continue
        if result.status is not Status.UNMARKED_SENSITIVE:
            continue
        level, term = request.level, request.term
        if level is None and result.suggested_marking:
            level = result.suggested_marking.level
        if level is None:
            plans[index] = MarkedCopy(None, error="no level suggested (nothing from the topic "
                                      "dictionaries): choose one with --mark-level")
            continue
        if result.type not in WRITABLE_TYPES:
            plans[index] = MarkedCopy(None, level, term,
                                      f"baomi stamps DOCX and PDF only, not {result.type}")
            continue
        output = (_mirrored(result.path, request.roots, request.mark_dir) if request.mark_dir
                  else derived_path(Path(result.path), "marked", result.type))
        if (what := taken.get(os.path.abspath(output))) is not None:
            plans[index] = MarkedCopy(None, level, term, f"{output} is {what}; not overwritten")
            continue
        taken[os.path.abspath(output)] = f"the copy of {result.path}"
        plans[index] = PlannedCopy(result, level, term, output)
    return plans


def _mirrored(path: str, roots: tuple[str, ...], mark_dir: Path) -> Path:
    """A file's copy under --mark-dir: at its path below the scanned folder that holds it;
    a file named on the command line goes to the top of mark_dir."""
    for root in roots:
        if os.path.isdir(root):
            relative = os.path.relpath(path, root)
            if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
                return mark_dir / relative
    return mark_dir / os.path.basename(path)


def stamp_copies(plans: dict[int, PlannedCopy | MarkedCopy],
                 request: MarkRequest) -> dict[int, MarkedCopy]:
    """By position, what was done: each PlannedCopy stamped and recorded in the ledger (or
    the reason it was not), each refusal as planned. Raises LedgerError, having stamped
    nothing, when the ledger cannot be opened."""
    ready = {i: plan for i, plan in plans.items() if isinstance(plan, PlannedCopy)}
    done = {i: plan for i, plan in plans.items() if isinstance(plan, MarkedCopy)}
    if not ready:
        return done
    with closing(open_ledger(request.ledger_path)) as conn:
        return done | {index: _stamp_one(plan, conn, request.operator)
                       for index, plan in ready.items()}


def not_stamped(plans: dict[int, PlannedCopy | MarkedCopy], why: str) -> dict[int, MarkedCopy]:
    """By position: each PlannedCopy refused for ``why`` (the ledger could not be opened),
    each refusal as planned."""
    return {i: MarkedCopy(None, plan.level, plan.term, why) if isinstance(plan, PlannedCopy)
            else plan for i, plan in plans.items()}


def with_copies(results: list[FileResult], done: dict[int, MarkedCopy]) -> list[FileResult]:
    """The results, each file ``done`` concerns carrying what was done (``marked``)."""
    return [replace(result, marked=done[i]) if i in done else result
            for i, result in enumerate(results)]


def _stamp_one(plan: PlannedCopy, conn: sqlite3.Connection, operator: str | None) -> MarkedCopy:
    from markers.stamp import StampError, stamp_file

    refused = functools.partial(MarkedCopy, None, plan.level, plan.term)
    try:
        if hashlib.sha256(Path(plan.result.path).read_bytes()).hexdigest() != plan.result.sha256:
            return refused("changed since it was scanned; scan it again")
        plan.output.parent.mkdir(parents=True, exist_ok=True)
        stamped = stamp_file(plan.result.path, plan.level, plan.term, output=plan.output)
    except (StampError, MarkingError, OSError) as exc:
        return refused(str(exc))
    if not stamped.changed:
        return refused(stamped.note)
    copy = MarkedCopy(str(stamped.output), plan.level, plan.term)
    try:
        record(conn, ledger_entry(stamped, operator, {"scan": scan_summary(plan.result)}))
    except LedgerError as exc:
        return replace(copy, error=f"stamped but not recorded in the ledger: {exc}")
    return copy
