"""The 台账: an append-only SQLite record of every stamping.

One row per event. baomi only ever INSERTs; triggers make the database itself refuse
UPDATE and DELETE, so a row cannot be edited through any client that honours them.
Several processes may append at once: WAL journal, one short transaction per row, and
a busy timeout long enough that writers queue instead of failing.
"""
from __future__ import annotations

import csv
import datetime as _dt
import getpass
import json
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Iterator, TextIO

import platformdirs

ENV_VAR = "BAOMI_LEDGER"
# Writers wait this long for each other before giving up (milliseconds).
BUSY_TIMEOUT_MS = 30_000
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    time          TEXT NOT NULL,
    operator      TEXT NOT NULL,
    action        TEXT NOT NULL,
    input_path    TEXT NOT NULL,
    output_path   TEXT,
    sha256_before TEXT NOT NULL,
    sha256_after  TEXT,
    level         TEXT,
    term          TEXT,
    copy_number   TEXT,
    tool_version  TEXT NOT NULL,
    extra         TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'the baomi ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'the baomi ledger is append-only'); END;
"""


class LedgerError(Exception):
    """The ledger cannot be opened or written."""


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def current_operator() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        # No login name (some containers): the numeric uid still identifies the account.
        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def tool_version() -> str:
    try:
        return metadata.version("baomi")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class Entry:
    """One ledger row. ``extra`` holds anything a later feature needs (e.g. a scan summary)."""

    action: str
    input_path: str
    sha256_before: str
    output_path: str | None = None
    sha256_after: str | None = None
    level: str | None = None
    term: str | None = None
    copy_number: str | None = None
    operator: str = field(default_factory=current_operator)
    time: str = field(default_factory=utc_now)
    tool_version: str = field(default_factory=tool_version)
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


# Column order of the table and of the CSV export: when, who, what, then the details.
COLUMNS: tuple[str, ...] = (
    "time", "operator", "action", "input_path", "output_path", "sha256_before", "sha256_after",
    "level", "term", "copy_number", "tool_version", "extra",
)


def default_ledger_path() -> Path:
    return Path(platformdirs.user_data_dir("baomi", appauthor=False)) / "ledger.sqlite3"


def resolve_ledger_path(option: str | os.PathLike[str] | None = None) -> Path:
    """``--ledger PATH``, else ``$BAOMI_LEDGER``, else the user data directory."""
    if option:
        return Path(option)
    if env := os.environ.get(ENV_VAR):
        return Path(env)
    return default_ledger_path()


def open_ledger(path: str | os.PathLike[str] | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the ledger at ``resolve_ledger_path(path)``."""
    target = resolve_ledger_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so each transaction is explicit.
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split_schema():
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except (OSError, sqlite3.Error) as exc:
        raise LedgerError(f"cannot open ledger {target}: {exc}") from exc
    return conn


def _split_schema() -> list[str]:
    # executescript() would COMMIT our IMMEDIATE transaction first; run statement by statement.
    statements, current = [], ""
    for line in _SCHEMA.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def record(conn: sqlite3.Connection, entry: Entry) -> int:
    """Append one row; returns its id."""
    values = asdict(entry)
    values["extra"] = json.dumps(entry.extra, ensure_ascii=False, sort_keys=True)
    placeholders = ", ".join(f":{name}" for name in COLUMNS)
    try:
        conn.execute("BEGIN IMMEDIATE")
        cursor = conn.execute(
            f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({placeholders})",
            {name: values[name] for name in COLUMNS},
        )
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise LedgerError(f"cannot write ledger: {exc}") from exc
    return int(cursor.lastrowid)


def rows(conn: sqlite3.Connection, limit: int | None = None) -> list[Entry]:
    """Entries oldest first; with ``limit``, the most recent ``limit`` of them."""
    return list(_iter_rows(conn, limit))


def _iter_rows(conn: sqlite3.Connection, limit: int | None) -> Iterator[Entry]:
    query = f"SELECT id, {', '.join(COLUMNS)} FROM entries ORDER BY id"
    if limit is not None:
        query = f"SELECT * FROM ({query} DESC LIMIT {int(limit)}) ORDER BY id"
    for row in conn.execute(query):
        values = dict(zip(("id",) + COLUMNS, row))
        values["extra"] = json.loads(values["extra"] or "{}")
        yield Entry(**values)


def export_csv(conn: sqlite3.Connection, out: TextIO) -> int:
    """Write every entry as CSV (header row first); returns the number of entries."""
    writer = csv.writer(out)
    writer.writerow(("id",) + COLUMNS)
    count = 0
    for entry in _iter_rows(conn, None):
        values = asdict(entry)
        values["extra"] = json.dumps(entry.extra, ensure_ascii=False, sort_keys=True)
        writer.writerow([values[name] for name in ("id",) + COLUMNS])
        count += 1
    return count
