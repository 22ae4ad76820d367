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
"""
from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from markers.ledger import LedgerError, open_ledger, record
from scanner.publish.record import scan_summary
from markers.marking import MarkingError, format_marking, validate
from scanner.cli.mark import ledger_entry, ledger_option
from scanner.model import FileResult, MarkedCopy, Status, Verdict

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


def mark_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The stamping options of ``baomi scan``. The command gets them as one argument,
    ``stamping`` (a MarkRequest, or None when no stamping was asked for), checked before
    the command runs: a usage error (exit 2) comes before any scanning or writing; and
    ``ledger_path`` and ``operator``, which ``--record`` uses too."""
    @functools.wraps(command)
    def with_request(*args: Any, mark: bool, mark_level: str | None, mark_term: str | None,
                     mark_dir: str | None, yes: bool, operator: str | None,
                     ledger_path: str | None, **kwargs: Any) -> Any:
        kwargs["stamping"] = mark_request(kwargs["paths"], mark, mark_level, mark_term,
                                          mark_dir, yes, ledger_path, operator)
        # --record writes scan rows to the same ledger, as the same operator.
        return command(*args, ledger_path=ledger_path, operator=operator, **kwargs)

    options = [
        click.option("--mark", is_flag=True, help="Stamp a marked copy of each "
                     "unmarked-sensitive file with the level baomi suggests."),
        click.option("--mark-level", help="Stamp the copies with this level instead: "
                     "绝密, 机密, 秘密 or 内部."),
        click.option("--mark-term", help="保密期限 for --mark-level: N年, N个月, "
                     "YYYY年M月D日 or a 解密条件."),
        click.option("--mark-dir", type=click.Path(file_okay=False), help="Write the copies "
                     "under DIR, mirroring the scanned folder (default: NAME.marked.EXT "
                     "beside each file)."),
        click.option("--yes", is_flag=True, help="Stamp without asking (needed when stdin "
                     "is not a terminal)."),
        click.option("--operator", help="Who stamps or scans, for the ledger (default: the "
                     "login name)."),
        ledger_option,
    ]
    for option in reversed(options):
        with_request = option(with_request)
    return with_request


def mark_request(roots: tuple[str, ...], mark: bool, level: str | None, term: str | None,
                 mark_dir: str | None, yes: bool, ledger_path: str | None,
                 operator: str | None) -> MarkRequest | None:
    """The stamping asked for, checked before anything is scanned so that a usage error
    (exit 2) writes nothing; None when no stamping was asked for."""
    if not mark and level is None:
        if term is not None or mark_dir is not None:
            raise click.UsageError("--mark-term and --mark-dir need --mark or --mark-level")
        return None
    if term is not None and level is None:
        raise click.UsageError("--mark-term needs --mark-level (a suggested level is "
                               "stamped without a term)")
    if level is not None:
        try:
            chosen = validate(level, term)
        except MarkingError as exc:
            raise click.UsageError(str(exc)) from exc
        level, term = chosen.level, chosen.term
    if not yes and not (sys.stdin is not None and sys.stdin.isatty()):
        raise click.UsageError("stamping needs --yes when stdin is not a terminal "
                               "(baomi cannot ask)")
    return MarkRequest(level, term, Path(mark_dir) if mark_dir else None, roots, yes,
                       ledger_path, operator)


def stamp_flagged(results: list[FileResult], request: MarkRequest) -> list[FileResult]:
    """The results, each file the request concerns carrying what was done (``marked``).
    Unless ``assume_yes``, lists the copies and asks once; a 'no' writes nothing."""
    plans = plan_copies(results, request)
    ready = {i: plan for i, plan in plans.items() if isinstance(plan, PlannedCopy)}
    done: dict[int, MarkedCopy] = {i: plan for i, plan in plans.items()
                                   if isinstance(plan, MarkedCopy)}
    if ready and not request.assume_yes and not _confirmed(list(ready.values()), len(done)):
        click.echo("baomi: nothing stamped", err=True)
        return results
    done |= _stamp_all(ready, request)
    return [replace(result, marked=done[i]) if i in done else result
            for i, result in enumerate(results)]


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


def _confirmed(ready: list[PlannedCopy], refused: int) -> bool:
    click.echo(f"baomi: {len(ready)} marked copies to stamp (the originals are not changed):",
               err=True)
    for plan in ready:
        click.echo(f"  {plan.result.path} → {plan.output}  "
                   f"{format_marking(plan.level, plan.term)}{_suggestion(plan)}", err=True)
    if refused:
        click.echo(f"  ({refused} more cannot be stamped; the report says why)", err=True)
    return click.confirm("Stamp these copies?", default=False, err=True)


def _suggestion(plan: PlannedCopy) -> str:
    suggested = plan.result.suggested_marking
    if suggested is None:
        return ""
    categories = ", ".join(suggested.categories)
    if suggested.level == plan.level:
        return f"  (suggested: {categories})"
    return f"  (baomi suggests {suggested.level}: {categories})"


def _stamp_all(plans: dict[int, PlannedCopy], request: MarkRequest) -> dict[int, MarkedCopy]:
    if not plans:
        return {}
    try:
        conn = open_ledger(request.ledger_path)
    except LedgerError as exc:
        click.echo(f"baomi: error: nothing stamped: {exc}", err=True)
        return {i: MarkedCopy(None, p.level, p.term, f"nothing stamped: {exc}")
                for i, p in plans.items()}
    with closing(conn):
        return {index: _stamp_one(plan, conn, request.operator) for index, plan in plans.items()}


def _stamp_one(plan: PlannedCopy, conn: sqlite3.Connection, operator: str | None) -> MarkedCopy:
    from markers.stamp import StampError, stamp_file
    from scanner.pipeline import carried_marking

    refused = functools.partial(MarkedCopy, None, plan.level, plan.term)
    try:
        if hashlib.sha256(Path(plan.result.path).read_bytes()).hexdigest() != plan.result.sha256:
            return refused("changed since it was scanned; scan it again")
        plan.output.parent.mkdir(parents=True, exist_ok=True)
        stamped = stamp_file(plan.result.path, plan.level, plan.term, output=plan.output,
                             marking_of=carried_marking)
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
