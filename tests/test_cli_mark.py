"""`baomi mark` and `baomi ledger` end to end, and `baomi scan` of what was stamped."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from markers.ledger import open_ledger, rows
from scanner.cli import main
from mark_fixtures import LETTER, make_docx, make_pdf, sha256_file

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def ledger(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "ledger" / "taizhang.sqlite3"
    monkeypatch.setenv("BAOMI_LEDGER", str(path))
    return path


def ledger_rows(path: Path):
    with closing(open_ledger(path)) as conn:
        return rows(conn)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


def scan_json(*paths: Path) -> dict[str, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "scanner.cli", "scan", "--format", "json", "--no-cache", *map(str, paths)],
        capture_output=True, text=True, cwd=REPO)
    assert done.returncode in (0, 1), done.stderr
    return {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}


def test_several_files_get_copy_numbers_in_sequence_and_ledger_rows(tmp_path, ledger, capsys):
    docx_in = make_docx(tmp_path / "a.docx")
    pdf_in = make_pdf(tmp_path / "b.pdf")
    hashes = {p: sha256_file(p) for p in (docx_in, pdf_in)}

    code = main(["mark", str(docx_in), str(pdf_in), "--level", "秘密", "--term", "1年",
                 "--copy-number", "1", "--operator", "李四"])

    assert code == 0
    out = capsys.readouterr().out
    assert "a.marked.docx: 秘密★1年 份号 000001" in out and "b.marked.pdf: 秘密★1年 份号 000002" in out
    assert {p: sha256_file(p) for p in hashes} == hashes  # inputs untouched
    entries = ledger_rows(ledger)
    assert [(e.action, e.operator, e.level, e.term, e.copy_number) for e in entries] == [
        ("mark", "李四", "秘密", "1年", "000001"), ("mark", "李四", "秘密", "1年", "000002")]
    for entry, source, output in zip(entries, (docx_in, pdf_in),
                                     (tmp_path / "a.marked.docx", tmp_path / "b.marked.pdf")):
        assert entry.input_path == str(source.resolve())
        assert entry.output_path == str(output.resolve())
        assert entry.sha256_before == hashes[source]
        assert entry.sha256_after == sha256_file(output)


def test_invalid_term_exits_2_and_writes_nothing(tmp_path, ledger, capsys):
    source = make_docx(tmp_path / "a.docx")
    for term in ("11年", "十年", "2001年1月1日", "永久"):
        assert main(["mark", str(source), "--level", "秘密", "--term", term]) == 2
        err = capsys.readouterr().err
        assert err.startswith("baomi: error: ") and err.count("\n") == 1
    assert main(["mark", str(source), "--level", "内部", "--term", "1年"]) == 2
    assert main(["mark", str(source), "--level", "高级"]) == 2
    assert files_in(tmp_path) == ["a.docx"]
    assert not ledger.exists()


def test_output_option_takes_one_file(tmp_path, ledger):
    a, b = make_docx(tmp_path / "a.docx"), make_pdf(tmp_path / "b.pdf")
    assert main(["mark", str(a), str(b), "--level", "秘密", "-o", str(tmp_path / "x.pdf")]) == 2
    assert main(["mark", str(a), "--level", "秘密", "-o", str(tmp_path / "out.docx")]) == 0
    assert files_in(tmp_path) == ["a.docx", "b.pdf", "out.docx"]


def test_different_mark_exits_1_unless_forced(tmp_path, ledger, capsys):
    source = make_pdf(tmp_path / "a.pdf")
    assert main(["mark", str(source), "--level", "秘密", "--term", "1年"]) == 0
    marked = tmp_path / "a.marked.pdf"
    before = sha256_file(marked)
    capsys.readouterr()

    assert main(["mark", str(marked), "--level", "机密", "--term", "2年"]) == 1
    assert "already carries 秘密★1年" in capsys.readouterr().err
    assert files_in(tmp_path) == ["a.marked.pdf", "a.pdf"]

    assert main(["mark", str(marked), "--level", "机密", "--term", "2年", "--force"]) == 0
    assert sha256_file(marked) == before
    assert len(ledger_rows(ledger)) == 2


def test_same_mark_again_changes_nothing(tmp_path, ledger, capsys):
    source = make_docx(tmp_path / "a.docx")
    assert main(["mark", str(source), "--level", "秘密", "--term", "1年", "--copy-number", "5"]) == 0
    marked = tmp_path / "a.marked.docx"
    before = sha256_file(marked)
    capsys.readouterr()
    assert main(["mark", str(marked), "--level", "秘密", "--term", "1年"]) == 0
    assert "nothing written" in capsys.readouterr().out
    assert files_in(tmp_path) == ["a.docx", "a.marked.docx"]
    assert sha256_file(marked) == before
    assert len(ledger_rows(ledger)) == 1
    # The same level and term under another 份号 is a different marking.
    assert main(["mark", str(marked), "--level", "秘密", "--term", "1年", "--copy-number", "6"]) == 1


def test_in_place_keeps_the_original(tmp_path, ledger):
    source = make_docx(tmp_path / "a.docx")
    original = sha256_file(source)
    assert main(["mark", str(source), "--level", "机密", "--in-place"]) == 0
    assert files_in(tmp_path) == ["a.docx", "a.orig.docx"]
    assert sha256_file(tmp_path / "a.orig.docx") == original
    entry = ledger_rows(ledger)[0]
    assert entry.sha256_before == original and entry.sha256_after == sha256_file(source)
    # A second in-place stamping would overwrite the kept original: refused.
    assert main(["mark", str(source), "--level", "绝密", "--force", "--in-place"]) == 1
    assert sha256_file(tmp_path / "a.orig.docx") == original


def test_encrypted_and_unreadable_inputs_exit_1_with_the_reason(tmp_path, ledger, capsys):
    encrypted = make_pdf(tmp_path / "e.pdf", encrypt=True)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n this is not a pdf")
    text = tmp_path / "notes.docx"
    text.write_text("plain text named .docx", encoding="utf-8")
    # Office encrypts a DOCX by wrapping it in a Compound File; only its header matters here.
    protected = tmp_path / "protected.docx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    for path, reason in ((encrypted, "encrypted"), (broken, "cannot read PDF"),
                         (text, "not a PDF or DOCX"), (protected, "password-protected")):
        assert main(["mark", str(path), "--level", "秘密"]) == 1
        err = capsys.readouterr().err
        assert reason in err and err.count("\n") == 1
    assert files_in(tmp_path) == ["broken.pdf", "e.pdf", "notes.docx", "protected.docx"]


def test_ledger_list_and_export(tmp_path, ledger, capsys):
    main(["mark", str(make_docx(tmp_path / "a.docx")), "--level", "秘密", "--term", "6个月",
          "--copy-number", "9"])
    capsys.readouterr()
    assert main(["ledger", "list"]) == 0
    listing = capsys.readouterr().out
    assert "秘密★6个月" in listing and "000009" in listing and "a.marked.docx" in listing

    export = tmp_path / "taizhang.csv"
    assert main(["ledger", "export", "--csv", "-o", str(export)]) == 0
    table = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8-sig"))))
    assert [(r["level"], r["term"], r["copy_number"]) for r in table] == [("秘密", "6个月", "000009")]
    assert main(["ledger", "export"]) == 2


def test_ledger_option_beats_the_environment(tmp_path, ledger):
    explicit = tmp_path / "explicit.sqlite3"
    assert main(["mark", str(make_pdf(tmp_path / "a.pdf")), "--level", "内部",
                 "--ledger", str(explicit)]) == 0
    assert len(ledger_rows(explicit)) == 1 and not ledger.exists()


def test_python_m_entry_point_runs_mark(tmp_path):
    source = make_pdf(tmp_path / "a.pdf")
    done = subprocess.run(
        [sys.executable, "-m", "scanner.cli", "mark", str(source), "--level", "秘密", "--term", "5年",
         "--ledger", str(tmp_path / "l.sqlite3")],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.marked.pdf").is_file()


# What `baomi scan` must report for each stamped output (CONTRACT: exactly that level and term).
UPRIGHT = [
    ("docx-sections.docx", lambda p: make_docx(p, sections=3), "秘密", "10年", 1),
    ("docx-table-first.docx", lambda p: make_docx(p, table_first=True), "机密", "6个月", None),
    ("docx-level-only.docx", make_docx, "机密", None, None),
    ("docx-internal.docx", make_docx, "内部", None, 3),
    ("pdf-a4.pdf", make_pdf, "绝密", "启用前", 4),
    ("pdf-occupied.pdf", lambda p: make_pdf(p, text_at_mark_spot=True), "秘密", "2030年12月31日", 5),
    ("pdf-rule.pdf", lambda p: make_pdf(p, rule_at_mark_spot=True), "机密", "20年", None),
    ("pdf-letter.pdf", lambda p: make_pdf(p, size=LETTER), "秘密", "3年", None),
]
ROTATED = [
    ("pdf-rotated.pdf", lambda p: make_pdf(p, size=(841.89, 595.28), rotation=90), "秘密", "1年", 6),
    ("pdf-landscape.pdf", lambda p: make_pdf(p, size=LETTER, rotation=90), "内部", None, None),
]


def stamp_and_scan(folder: Path, cases) -> tuple[dict, dict]:
    """Stamp each case through the CLI; return (expected, found) marking per output name."""
    expected = {}
    for name, build, level, term, copy in cases:
        source = build(folder / name)
        args = ["mark", str(source), "--level", level]
        args += ["--term", term] if term else []
        args += ["--copy-number", str(copy)] if copy else []
        assert main(args) == 0, name
        stem, ext = name.rsplit(".", 1)
        expected[f"{stem}.marked.{ext}"] = (level, term)
    report = scan_json(*(folder / name for name in expected))
    found = {name: (f["marking"]["level"], f["marking"]["term"]) if f["marking"] else None
             for name, f in report.items()}
    for name, (level, _term) in expected.items():
        if found[name] is not None:
            assert report[name]["status"] == ("restricted" if level == "内部" else "classified")
    return expected, found


def test_scan_reports_exactly_the_stamped_marking(tmp_path, ledger):
    expected, found = stamp_and_scan(tmp_path, UPRIGHT)
    assert found == expected


def test_scan_reports_the_marking_stamped_on_rotated_pages(tmp_path, ledger):
    expected, found = stamp_and_scan(tmp_path, ROTATED)
    assert found == expected


# Issue 14: the scanner and the stamper agree on the marking a file carries.
@pytest.mark.parametrize("where", ["first-page-header", "form-table"])
def test_mark_refuses_a_file_whose_scan_finds_another_marking(tmp_path, ledger, capsys, where):
    from conftest import write_docx
    from scanner.pipeline import Settings, scan_file

    body = ["关于调整工作安排的请示", "各处室：", "现将有关事项请示如下。"]
    if where == "first-page-header":
        source = write_docx(tmp_path / "h.docx", body, first_page_header="机密★5年")
        carried = ("机密", "5年")
    else:
        source = write_docx(tmp_path / "t.docx", body, table_first=True,
                            table=[["密级", "秘密", "保密期限", "5年"], ["签发", "王明", "日期", "3月1日"]])
        carried = ("秘密", "5年")
    found = scan_file(str(source), Settings()).marking
    assert (found.level, found.term) == carried
    before = files_in(tmp_path)

    assert main(["mark", str(source), "--level", "内部"]) == 1
    assert "already carries" in capsys.readouterr().err
    # --force cannot replace a mark outside the top of page 1: refused, nothing written.
    assert main(["mark", str(source), "--level", "内部", "--force"]) == 1
    assert "remove it by hand" in capsys.readouterr().err
    assert files_in(tmp_path) == before and not ledger_rows(ledger)
    # The same marking it carries: nothing to do, and no complaint.
    assert main(["mark", str(source), "--level", carried[0], "--term", carried[1]]) == 0
