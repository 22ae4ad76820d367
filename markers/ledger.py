"""The 台账: an append-only SQLite record of every stamping.

One row per event. baomi only ever INSERTs; triggers make the database itself refuse
UPDATE and DELETE through any client that honours them. Triggers can be dropped, so each row
also carries a hash chain: ``row_hash`` = sha256 of the previous row's hash and this row's
content. ``verify`` recomputes the chain and names the first row that was edited, or whose
predecessor was removed or inserted; the head hash it prints, written down elsewhere, also
reveals newest rows removed later.
Several processes may append at once: WAL journal, one short transaction per row, and
a busy timeout long enough that writers queue instead of failing.
"""
from __future__ import annotations

import csv
import datetime as _dt
import getpass
import hashlib
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
SCHEMA_VERSION = 2
# The previous-hash of the first row.
GENESIS = "0" * 64

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
    extra         TEXT NOT NULL DEFAULT '{}',
    prev_hash     TEXT,
    row_hash      TEXT
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
            _migrate(conn)
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


def _migrate(conn: sqlite3.Connection) -> None:
    """Schema 1 ledgers had no hash chain: add the columns. Their rows stay unhashed; the
    first chained row links to the hash of the last of them, computed from its content, so
    they are covered by the chain from then on."""
    present = {row[1] for row in conn.execute("PRAGMA table_info(entries)")}
    for column in ("prev_hash", "row_hash"):
        if column not in present:
            conn.execute(f"ALTER TABLE entries ADD COLUMN {column} TEXT")


def _content(values: dict[str, Any]) -> str:
    """What a row's hash covers: every column but the id and the hashes, as stored."""
    return json.dumps([values[name] for name in COLUMNS], ensure_ascii=False,
                      separators=(",", ":"))


def chain_hash(prev_hash: str, values: dict[str, Any]) -> str:
    return hashlib.sha256(f"{prev_hash}\n{_content(values)}".encode()).hexdigest()


def _stored_rows(conn: sqlite3.Connection) -> Iterator[tuple[int, dict[str, Any], str | None,
                                                            str | None]]:
    query = f"SELECT id, {', '.join(COLUMNS)}, prev_hash, row_hash FROM entries ORDER BY id"
    for row in conn.execute(query):
        yield row[0], dict(zip(COLUMNS, row[1:-2])), row[-2], row[-1]


def _head(conn: sqlite3.Connection) -> str:
    """The hash the next row links to: the last row's, recomputed for unchained rows."""
    last = conn.execute("SELECT id, row_hash FROM entries ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        return GENESIS
    if last[1]:
        return last[1]
    head = GENESIS  # an old (schema 1) ledger without hashes: compute the chain once
    for _id, values, _prev, stored in _stored_rows(conn):
        head = stored or chain_hash(head, values)
    return head


@dataclass(frozen=True)
class Verification:
    """``broken`` is the id of the first row that fails, with ``reason``; None if intact."""

    rows: int
    head: str
    broken: int | None = None
    reason: str = ""


def verify(conn: sqlite3.Connection) -> Verification:
    """Recompute the hash chain from the first row; stop at the first row that fails."""
    prev = GENESIS
    count = 0
    for row_id, values, stored_prev, stored in _stored_rows(conn):
        count += 1
        if stored_prev is not None and stored_prev != prev:
            return Verification(count, prev, row_id, "the row before it was removed, inserted "
                                "or changed")
        computed = chain_hash(prev, values)
        if stored is not None and stored != computed:
            return Verification(count, prev, row_id, "its content changed after it was written")
        prev = computed
    return Verification(count, prev)


def record(conn: sqlite3.Connection, entry: Entry) -> int:
    """Append one row, chained to the previous one; returns its id."""
    values = asdict(entry)
    values["extra"] = json.dumps(entry.extra, ensure_ascii=False, sort_keys=True)
    placeholders = ", ".join(f":{name}" for name in COLUMNS)
    try:
        conn.execute("BEGIN IMMEDIATE")
        prev = _head(conn)
        row = {name: values[name] for name in COLUMNS}
        cursor = conn.execute(
            f"INSERT INTO entries ({', '.join(COLUMNS)}, prev_hash, row_hash) "
            f"VALUES ({placeholders}, :prev_hash, :row_hash)",
            {**row, "prev_hash": prev, "row_hash": chain_hash(prev, row)},
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
