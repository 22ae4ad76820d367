"""baomi scan --record: every scanned file becomes a ledger row (CONTRACT: 台账)."""
import hashlib
import sqlite3

from conftest import write_docx
from scanner.cli import main


def test_scan_record_appends_one_row_per_file(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    secret = write_docx(docs / "a.docx", ["秘密★1年", "关于某项工作的通知"])
    draft = write_docx(docs / "b.docx", ["经研究，拟提拔韩立新同志任办公室主任，尚未公示，请严格保密。"])
    clean = write_docx(docs / "c.docx", ["关于做好春季防火工作的通知"])
    ledger = tmp_path / "taizhang.sqlite3"
    argv = ["scan", "--record", "--ledger", str(ledger), "--operator", "保密员甲", str(docs)]
    assert main(argv) == 1
    rows = sqlite3.connect(ledger).execute(
        "SELECT action, operator, input_path, sha256_before, sha256_after, level, term, extra "
        "FROM entries ORDER BY id").fetchall()
    assert [r[0] for r in rows] == ["scan"] * 3
    assert {r[1] for r in rows} == {"保密员甲"}
    by_path = {r[2]: r for r in rows}
    for path in (secret, draft, clean):
        row = by_path[str(path.resolve())]
        assert row[3] == row[4] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert by_path[str(secret.resolve())][5:7] == ("秘密", "1年")
    assert '"unmarked-sensitive"' in by_path[str(draft.resolve())][7]
    assert "韩立新" not in "".join(r[7] for r in rows)  # decisions, never the matched text
    capsys.readouterr()
    assert main(["ledger", "list", "--ledger", str(ledger)]) == 0
    assert capsys.readouterr().out.count("scan") >= 3


def test_no_rows_without_record(tmp_path):
    doc = write_docx(tmp_path / "c.docx", ["关于做好春季防火工作的通知"])
    ledger = tmp_path / "l.sqlite3"
    assert main(["scan", "--ledger", str(ledger), str(doc)]) == 0
    assert not ledger.exists()


def test_unwritable_ledger_is_exit_2(tmp_path, capsys):
    doc = write_docx(tmp_path / "c.docx", ["关于做好春季防火工作的通知"])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["scan", "--record", "--ledger", str(blocker / "l.sqlite3"), str(doc)]) == 2
    assert "not recorded in the ledger" in capsys.readouterr().err
