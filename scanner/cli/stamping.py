"""The ``--mark`` options of ``baomi scan``: parsed and checked before anything is scanned,
the copies listed and confirmed on the terminal, then stamped by
``scanner.publish.mark_flagged``. Also the ``--ledger`` option every command that writes
the ledger shares.

The marking grammar and the stamping code load only when stamping is asked for: a scan
without ``--mark`` never needs them.
"""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scanner.model import FileResult

if TYPE_CHECKING:
    from scanner.publish.mark_flagged import MarkRequest, PlannedCopy


def ledger_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--ledger", "ledger_path", type=click.Path(dir_okay=False), default=None,
        help="Ledger database (default: $BAOMI_LEDGER, else the user data directory).",
    )(command)


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
    from markers.marking import MarkingError, validate
    from scanner.publish.mark_flagged import MarkRequest

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
    from scanner.publish.mark_flagged import (
        PlannedCopy, not_stamped, plan_copies, stamp_copies, with_copies)

    plans = plan_copies(results, request)
    ready = [plan for plan in plans.values() if isinstance(plan, PlannedCopy)]
    if ready and not request.assume_yes and not _confirmed(ready, len(plans) - len(ready)):
        click.echo("baomi: nothing stamped", err=True)
        return results
    from markers.ledger import LedgerError  # the ledger loads only when copies are stamped

    try:
        done = stamp_copies(plans, request)
    except LedgerError as exc:
        click.echo(f"baomi: error: nothing stamped: {exc}", err=True)
        done = not_stamped(plans, f"nothing stamped: {exc}")
    return with_copies(results, done)


def _confirmed(ready: list[PlannedCopy], refused: int) -> bool:
    from markers.marking import format_marking

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
