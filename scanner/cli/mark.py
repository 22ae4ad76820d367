"""``baomi mark`` and ``baomi ledger``: stamp markings and read the 台账.

Exit status (CONTRACT): 0 stamped (or already carried that mark); 1 a file was refused
(different mark without --force, encrypted, unreadable) or the ledger failed; 2 usage error
(invalid level, term or options), with nothing written.
"""
from __future__ import annotations

import io
import os
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from markers.ledger import LedgerError, export_csv, open_ledger, record, rows, verify
from markers.marking import MarkingError, validate
from scanner.cli.help import epilog
from scanner.cli.stamping import ledger_option
from scanner.publish.record import ledger_entry

if TYPE_CHECKING:
    from markers.stamp import StampResult

EXIT_OK, EXIT_REFUSED = 0, 1
T = TypeVar("T")


def _error(message: str) -> None:
    click.echo(f"baomi: error: {message}", err=True)


@click.command(epilog=epilog(
    {0: "stamped, or the file already carries that marking",
     1: "a file refused (another marking without --force, encrypted, not DOCX or PDF, an "
        "output that exists) or the ledger failed",
     2: "usage error: invalid level, term or options; nothing written"},
    ("BAOMI_LEDGER",),
    ["baomi mark notice.docx --level 秘密 --term 10年 --copy-number 1",
     "baomi mark memo.pdf --level 内部 -o memo-内部.pdf"]))
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--level", required=True, help="绝密, 机密, 秘密, or 内部 (a work secret).")
@click.option("--term", default=None, help="保密期限: N年, N个月, YYYY年M月D日 or a 解密条件.")
@click.option("--copy-number", type=int, default=None,
              help="份号 of the first file; further files are numbered in sequence.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Output file (one input only; default NAME.marked.EXT).")
@click.option("--in-place", is_flag=True, help="Stamp the file itself, keeping NAME.orig.EXT.")
@click.option("--force", is_flag=True, help="Replace a different marking the file carries, "
              "or an output file that exists.")
@click.option("--operator", default=None, help="Who stamps (default: the login name).")
@ledger_option
def mark(files: tuple[str, ...], level: str, term: str | None, copy_number: int | None,
         output: str | None, in_place: bool, force: bool, operator: str | None,
         ledger_path: str | None) -> int:
    """Stamp 份号 and 密级★保密期限 on DOCX and PDF files (GB/T 9704-2012)."""
    # Imported here: the stamping code loads PyMuPDF and python-docx, which a scan that
    # is all cache hits must not pay for.
    from markers.stamp import StampError, format_copy_number, stamp_file

    # Every usage check comes before the first write, so a usage error writes nothing.
    try:
        validate(level, term)
        if copy_number is not None:
            format_copy_number(copy_number + len(files) - 1)
    except MarkingError as exc:
        raise click.UsageError(str(exc)) from exc
    if output is not None and (len(files) > 1 or in_place):
        raise click.UsageError("-o/--output takes one input file and excludes --in-place")
    missing = [f for f in files if not os.path.isfile(f)]
    if missing:
        raise click.UsageError(f"no such file: {missing[0]}")
    try:
        conn = open_ledger(ledger_path)
    except LedgerError as exc:
        _error(str(exc))
        return EXIT_REFUSED

    status = EXIT_OK
    with closing(conn):
        for position, path in enumerate(files):
            number = None if copy_number is None else copy_number + position
            try:
                result = stamp_file(path, level, term, number, output, in_place, force)
            except StampError as exc:
                _error(str(exc))
                status = EXIT_REFUSED
                continue
            _say(result)
            if not result.changed:
                continue
            try:
                record(conn, ledger_entry(result, operator))
            except LedgerError as exc:
                _error(f"{result.output} was stamped but not recorded: {exc}")
                status = EXIT_REFUSED
    return status


def _say(result: StampResult) -> None:
    if not result.changed:
        click.echo(f"{result.input}: {result.note}")
        return
    copy = f" 份号 {result.copy_number}" if result.copy_number else ""
    note = f" ({result.note})" if result.note else ""
    click.echo(f"{result.input} -> {result.output}: {result.marking.text()}{copy}{note}")


class LedgerUnavailable(click.ClickException):
    """The ledger cannot be opened or read: exit 1, one line on stderr."""

    exit_code = EXIT_REFUSED


def _read_ledger(ledger_path: str | None, read: Callable[[sqlite3.Connection], T]) -> T:
    """``read`` of the open ledger; raises LedgerUnavailable when it cannot be done."""
    try:
        with closing(open_ledger(ledger_path)) as conn:
            return read(conn)
    except LedgerError as exc:
        raise LedgerUnavailable(str(exc)) from exc


@click.group(epilog=epilog(
    {0: "done", 1: "the ledger cannot be opened, or (verify) its chain is broken",
     2: "usage error"},
    ("BAOMI_LEDGER",), ["baomi ledger list --limit 20", "baomi ledger verify",
                        "baomi ledger export --csv -o 台账.csv"]))
def ledger() -> None:
    """The 台账: every stamping baomi has made."""


@ledger.command("list", epilog=epilog(
    {0: "done", 1: "the ledger cannot be opened or read"}, ("BAOMI_LEDGER",),
    ["baomi ledger list --limit 20"]))
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the last N entries.")
@ledger_option
def list_entries(limit: int | None, ledger_path: str | None) -> int:
    """Show the ledger, oldest first."""
    for entry in _read_ledger(ledger_path, lambda conn: rows(conn, limit)):
        mark_text = entry.level + (f"★{entry.term}" if entry.term else "") if entry.level else "-"
        copy = entry.copy_number or "-"
        click.echo(f"{entry.id}\t{entry.time}\t{entry.operator}\t{entry.action}\t{mark_text}\t{copy}"
                   f"\t{entry.input_path} -> {entry.output_path or '-'}"
                   f"\t{entry.sha256_before[:12]} -> {(entry.sha256_after or '-')[:12]}")
    return EXIT_OK


@ledger.command("verify", epilog=epilog(
    {0: "intact", 1: "broken (the first bad row is named) or unreadable"}, ("BAOMI_LEDGER",),
    ["baomi ledger verify --ledger /srv/baomi/台账.sqlite3"]))
@ledger_option
def verify_command(ledger_path: str | None) -> int:
    """Check the ledger's hash chain; name the first row edited, removed or inserted.

    Intact, it prints the row count and the head hash: write that down elsewhere, and a
    later ledger whose chain no longer reaches it has lost rows.
    """
    outcome = _read_ledger(ledger_path, verify)
    if outcome.broken is not None:
        _error(f"ledger broken at row {outcome.broken}: {outcome.reason}")
        return EXIT_REFUSED
    click.echo(f"ledger intact: {outcome.rows} rows, head {outcome.head}")
    return EXIT_OK


@ledger.command("export", epilog=epilog(
    {0: "written", 1: "the ledger cannot be opened or read",
     2: "usage error: no format, or an output that exists (without --force)"},
    ("BAOMI_LEDGER",), ["baomi ledger export --csv -o 台账.csv"]))
@click.option("--csv", "as_csv", is_flag=True, help="Export as CSV (the one format so far).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (UTF-8 with BOM, for Excel and WPS) instead of stdout.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@ledger_option
def export(as_csv: bool, output: str | None, force: bool, ledger_path: str | None) -> int:
    """Export every ledger entry."""
    if not as_csv:
        raise click.UsageError("choose an export format: --csv")
    buffer = io.StringIO(newline="")
    _read_ledger(ledger_path, lambda conn: export_csv(conn, buffer))
    if output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        from markers.atomic import write_atomic

        try:
            write_atomic(Path(output), buffer.getvalue().encode("utf-8-sig"), replace=force)
        except FileExistsError:
            raise click.UsageError(f"{output} exists; use --force to replace it") from None
    return EXIT_OK
