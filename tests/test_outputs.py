"""Writes cannot be turned against the user: nothing existing is replaced unless named with
--force, a report never replaces a scanned file, concurrent stamping leaves one copy and one
ledger row, and reports keep the user's umask."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from markers.ledger import open_ledger, rows
from mark_fixtures import make_docx, sha256_file
from scanner.cli import main

BAOMI = [sys.executable, "-m", "scanner.cli"]


def test_scan_report_never_replaces_a_scanned_file(tmp_path, capsys):
    doc = make_docx(tmp_path / "x.docx")
    before = sha256_file(doc)
    for extra in ([], ["--force"]):
        assert main(["scan", "--no-cache", str(doc), "-o", str(doc), *extra]) == 2
        assert "one of the files scanned" in capsys.readouterr().err
    # Also when the document is reached through a folder.
    assert main(["scan", "--no-cache", str(tmp_path), "-o", str(doc), "--force"]) == 2
    assert sha256_file(doc) == before


def test_scan_report_refuses_an_existing_file_unless_forced(tmp_path, capsys):
    doc = make_docx(tmp_path / "x.docx")
    report = tmp_path / "report.json"
    report.write_text("keep me", encoding="utf-8")
    assert main(["scan", "--no-cache", str(doc), "--format", "json", "-o", str(report)]) == 2
    assert "exists" in capsys.readouterr().err and report.read_text() == "keep me"
    assert main(["scan", "--no-cache", str(doc), "--format", "json", "-o", str(report),
                 "--force"]) == 0
    assert report.read_text().startswith("{")


def test_report_keeps_the_users_umask(tmp_path):
    doc = make_docx(tmp_path / "x.docx")
    report = tmp_path / "report.txt"
    proc = subprocess.run(["sh", "-c", 'umask 022 && exec "$@"', "sh", *BAOMI, "scan",
                           "--no-cache", str(doc), "-o", str(report)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(report.stat().st_mode) == 0o644


def test_mark_refuses_an_unrelated_existing_output(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BAOMI_LEDGER", str(tmp_path / "l.sqlite3"))
    source = make_docx(tmp_path / "t.docx")
    other = tmp_path / "other.docx"
    other.write_bytes(b"an unrelated file")
    assert main(["mark", str(source), "--level", "秘密", "-o", str(other)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert other.read_bytes() == b"an unrelated file"
    with closing(open_ledger(tmp_path / "l.sqlite3")) as conn:
        assert rows(conn) == []


def test_a_second_mark_keeps_the_first_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOMI_LEDGER", str(tmp_path / "l.sqlite3"))
    source = make_docx(tmp_path / "t.docx")
    assert main(["mark", str(source), "--level", "秘密", "--copy-number", "1"]) == 0
    marked = tmp_path / "t.marked.docx"
    first = sha256_file(marked)
    assert main(["mark", str(source), "--level", "秘密", "--copy-number", "2"]) == 1
    assert sha256_file(marked) == first
    with closing(open_ledger(tmp_path / "l.sqlite3")) as conn:
        assert [e.copy_number for e in rows(conn)] == ["000001"]
    assert main(["mark", str(source), "--level", "秘密", "--copy-number", "2", "--force"]) == 0
    assert sha256_file(marked) != first


def test_concurrent_marks_leave_one_copy_and_one_ledger_row(tmp_path):
    source = make_docx(tmp_path / "t.docx")
    ledger = tmp_path / "l.sqlite3"
    env = {**os.environ, "BAOMI_LEDGER": str(ledger)}
    procs = [subprocess.Popen([*BAOMI, "mark", str(source), "--level", "秘密",
                               "--copy-number", str(n)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(1, 5)]
    codes = [p.wait(timeout=120) for p in procs]
    assert sorted(codes) == [0, 1, 1, 1]
    with closing(open_ledger(ledger)) as conn:
        (entry,) = rows(conn)
    assert entry.sha256_after == sha256_file(tmp_path / "t.marked.docx")


def test_ledger_export_refuses_an_existing_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BAOMI_LEDGER", str(tmp_path / "l.sqlite3"))
    out = tmp_path / "taizhang.csv"
    out.write_text("keep", encoding="utf-8")
    assert main(["ledger", "export", "--csv", "-o", str(out)]) == 2
    assert out.read_text() == "keep"
    assert main(["ledger", "export", "--csv", "-o", str(out), "--force"]) == 0
    assert Path(out).read_text(encoding="utf-8-sig").startswith("id,")
