"""``POST /api/v1/mark``: stamp one upload as ``baomi mark`` does, under the limits a scan
runs under, and record the ledger row.

The stamping itself (reading the file, finding the marking it carries, writing the stamped
copy) runs in a process of its own with the server's ``--timeout`` and ``--max-memory``
(``scanner.run.batch.call_limited``), so a hostile file cannot hold or grow the server. The
request is checked first, in the server, with ``baomi mark``'s own checks; the ledger row
is written by the server once the stamped copy exists, so a stamping that was stopped
leaves no row and no copy is handed out without one.
"""
from __future__ import annotations

from contextlib import closing
from dataclasses import replace
from pathlib import Path

# Imported before any request forks a stamping process: the child then has them loaded.
from markers.ledger import LedgerError, open_ledger, record
from markers.marking import MarkingError, validate
from markers.stamp import StampError, derived_path, format_copy_number, stamp_file
from scanner.publish.record import ledger_entry
from scanner.run.batch import LimitExceeded, Limits, call_limited
from scanner.serve.service import upload_name


class Refused(Exception):
    """A stamping ``baomi mark`` would refuse, or one that could not finish within the
    limits; the message is one line for the client (422)."""


class NotRecorded(Exception):
    """Stamped, but the ledger could not record it (500): the copy is not handed out."""


def stamp_upload(path: str, shown: str, folder: str, level: str, term: str | None,
                 copy_number: int | None, operator: str | None, ledger_path: str | None,
                 limits: Limits) -> tuple[bytes, str]:
    """Stamp the upload at ``path`` (named ``shown`` by its client) into ``folder``; the
    stamped bytes and the name to download them as. A file that already carries exactly
    this marking comes back as it was, with no ledger row (as ``baomi mark``). Raises
    Refused or NotRecorded; blocks the calling thread while the stamping runs."""
    try:
        validate(level, term)
        format_copy_number(copy_number)
    except MarkingError as exc:
        raise Refused(str(exc)) from None
    output = Path(folder) / "stamped"
    try:
        result = call_limited(stamp_file, (path, level, term, copy_number, str(output)), limits)
    except (MarkingError, StampError) as exc:
        raise Refused(str(exc).replace(path, shown)) from None
    except LimitExceeded as exc:
        raise Refused(f"could not be stamped: {exc}") from None
    if not result.changed:
        return Path(path).read_bytes(), shown
    name = derived_path(Path(upload_name(shown)), "marked", result.kind).name
    entry = replace(ledger_entry(result, operator, {"via": "baomi serve"}),
                    input_path=shown, output_path=name)
    try:
        with closing(open_ledger(ledger_path)) as conn:
            record(conn, entry)
    except LedgerError as exc:
        raise NotRecorded(f"stamped, but not recorded in the ledger: {exc}") from None
    return output.read_bytes(), name
