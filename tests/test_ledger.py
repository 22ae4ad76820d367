"""The 台账: append-only, safe with several writers, exportable."""
from __future__ import annotations

import csv
import io
import multiprocessing
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from markers.ledger import (
    COLUMNS, ENV_VAR, Entry, default_ledger_path, export_csv, open_ledger, record,
    resolve_ledger_path, rows, verify,
)


def entry(n: int = 1, **overrides) -> Entry:
    values = dict(action="mark", input_path=f"/docs/{n}.docx", sha256_before="a" * 64,
                  output_path=f"/docs/{n}.marked.docx", sha256_after="b" * 64, level="秘密",
                  term="1年", copy_number=f"{n:06d}", operator="张三")
    values.update(overrides)
    return Entry(**values)


def test_record_and_read_back(tmp_path):
    with closing(open_ledger(tmp_path / "l.sqlite3")) as conn:
        first = record(conn, entry(1, extra={"findings": {"marking": 1}}))
        second = record(conn, entry(2, term=None))
        found = rows(conn)
    assert [e.id for e in found] == [first, second]
    assert found[0].extra == {"findings": {"marking": 1}}
    assert found[0].operator == "张三" and found[1].term is None
    assert found[0].time.endswith("+00:00")  # ISO 8601, UTC
    assert found[0].tool_version


def test_limit_returns_the_most_recent_oldest_first(tmp_path):
    with closing(open_ledger(tmp_path / "l.sqlite3")) as conn:
        for n in range(1, 6):
            record(conn, entry(n))
        assert [e.copy_number for e in rows(conn, limit=2)] == ["000004", "000005"]


def test_rows_cannot_be_updated_or_deleted(tmp_path):
    path = tmp_path / "l.sqlite3"
    with closing(open_ledger(path)) as conn:
        record(conn, entry())
    # Any client, not only baomi: the database itself refuses.
    with closing(sqlite3.connect(path)) as other:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            other.execute("UPDATE entries SET level = '内部'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            other.execute("DELETE FROM entries")
        assert other.execute("SELECT level FROM entries").fetchall() == [("秘密",)]


def test_ledger_uses_wal(tmp_path):
    with closing(open_ledger(tmp_path / "l.sqlite3")) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def _append(args: tuple[str, int, int]) -> None:
    path, worker, count = args
    with closing(open_ledger(path)) as conn:
        for n in range(count):
            record(conn, entry(worker * 1000 + n, operator=f"worker{worker}"))


def test_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    workers, each = 6, 40
    # Every process opens the (not yet existing) ledger itself: creation races too.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_append, [(path, w, each) for w in range(workers)])
    with closing(open_ledger(path)) as conn:
        found = rows(conn)
    assert len(found) == workers * each
    assert len({e.id for e in found}) == workers * each
    assert {e.copy_number for e in found} == {f"{w * 1000 + n:06d}" for w in range(workers) for n in range(each)}


def test_export_csv_has_a_header_and_every_row(tmp_path):
    with closing(open_ledger(tmp_path / "l.sqlite3")) as conn:
        record(conn, entry(1))
        record(conn, entry(2, level="内部", term=None))
        out = io.StringIO()
        assert export_csv(conn, out) == 2
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(table[0]) == ["id", *COLUMNS]
    assert [(r["level"], r["term"]) for r in table] == [("秘密", "1年"), ("内部", "")]


def test_location_option_then_environment_then_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite3"))
    assert resolve_ledger_path(tmp_path / "opt.sqlite3") == tmp_path / "opt.sqlite3"
    assert resolve_ledger_path(None) == tmp_path / "env.sqlite3"
    monkeypatch.delenv(ENV_VAR)
    assert resolve_ledger_path(None) == default_ledger_path()
    assert default_ledger_path().name == "ledger.sqlite3" and "baomi" in default_ledger_path().parts


def test_open_creates_missing_folders(tmp_path):
    path = tmp_path / "a" / "b" / "ledger.sqlite3"
    with closing(open_ledger(path)):
        pass
    assert Path(path).is_file()


# ------------------------------------------------------------------ the hash chain

def _tamper(path: Path, *statements: str) -> None:
    """What anyone with the file can do: drop the triggers, then edit."""
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("DROP TRIGGER entries_no_update")
        raw.execute("DROP TRIGGER entries_no_delete")
        for statement in statements:
            raw.execute(statement)
        raw.commit()


def _verify_cli(path: Path):
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("baomi")
    return subprocess.run([str(exe), "ledger", "verify", "--ledger", str(path)],
                          capture_output=True, text=True, timeout=60)


def _ledger_of(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "l.sqlite3"
    with closing(open_ledger(path)) as conn:
        for i in range(1, n + 1):
            record(conn, entry(i))
    return path


def test_an_untouched_ledger_verifies(tmp_path):
    path = _ledger_of(tmp_path, 4)
    with closing(open_ledger(path)) as conn:
        outcome = verify(conn)
    assert (outcome.rows, outcome.broken) == (4, None)
    proc = _verify_cli(path)
    assert proc.returncode == 0 and f"head {outcome.head}" in proc.stdout


@pytest.mark.parametrize("statement, broken", [
    ("UPDATE entries SET level = '内部' WHERE id = 3", 3),          # an edited row
    ("DELETE FROM entries WHERE id = 2", 3),                       # a removed row
    ("UPDATE entries SET row_hash = NULL, prev_hash = NULL WHERE id = 4", None),
])
def test_tampering_names_the_first_broken_row(tmp_path, statement, broken):
    path = _ledger_of(tmp_path, 5)
    _tamper(path, statement)
    with closing(open_ledger(path)) as conn:
        outcome = verify(conn)
    if broken is None:
        # Hashes wiped from one row: the chain still recomputes through it, and the next
        # row's stored link proves the content unchanged.
        assert outcome.broken is None
        return
    assert outcome.broken == broken
    proc = _verify_cli(path)
    assert proc.returncode == 1
    assert f"row {broken}" in proc.stderr and "Traceback" not in proc.stderr


def test_a_forged_row_with_a_made_up_hash_is_found(tmp_path):
    path = _ledger_of(tmp_path, 3)
    _tamper(path, "INSERT INTO entries (time, operator, action, input_path, sha256_before, "
                  "tool_version, extra, prev_hash, row_hash) VALUES ('2026-01-01T00:00:00+00:00', "
                  "'x', 'mark', '/a', 'c', '0', '{}', 'f', 'f')")
    with closing(open_ledger(path)) as conn:
        assert verify(conn).broken == 4


def test_an_old_ledger_without_hashes_is_chained_from_then_on(tmp_path):
    """A schema-1 ledger (no hash columns) opens, its rows are covered by the first new row."""
    path = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(path)) as raw:
        raw.execute(f"CREATE TABLE entries (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    f"{', '.join(c + ' TEXT' for c in COLUMNS)})")
        raw.execute(f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES "
                    f"({', '.join('?' for _ in COLUMNS)})",
                    ["2025-01-01T00:00:00+00:00", "李四", "mark", "/old.docx", None, "a" * 64,
                     None, "秘密", None, None, "0.0.1", "{}"])
        raw.execute("PRAGMA user_version = 1")
        raw.commit()
    with closing(open_ledger(path)) as conn:
        record(conn, entry(2))
        assert verify(conn).broken is None
    _tamper(path, "UPDATE entries SET operator = '王五' WHERE id = 1")
    with closing(open_ledger(path)) as conn:
        assert verify(conn).broken == 2
