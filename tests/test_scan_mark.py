"""`baomi scan --mark`: the level baomi suggests, and marked copies of exactly the files
that need one, stamped by the same code and recorded in the same ledger as `baomi mark`."""
from __future__ import annotations

import hashlib
import json
import os
import pty
import select
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from conftest import write_docx, write_pdf
from markers.ledger import open_ledger, rows
from scanner.cli import main
from scanner.dictionary import load_dictionary
from scanner.model import Finding, Location, Status
from scanner.judge.suggest import suggest_marking

REPO = Path(__file__).resolve().parent.parent
PERSONNEL = ["关于干部调整的初步方案（讨论稿）",
             "经研究，拟提拔陈立新同志任办公室主任，尚未公示，请严格保密。"]
DISCIPLINE = ["关于王某某涉嫌受贿问题线索的初核情况报告",
              "经初核，王某某在任职期间收受他人财物的问题基本属实。",
              "举报人张某某反映的问题尚未核实，请严格保密。"]
NEEDS_MARKING = ["discipline/report.pdf", "personnel/draft.docx"]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch) -> Path:
    """Ledger and result cache of this test only."""
    monkeypatch.setenv("BAOMI_CACHE_DIR", str(tmp_path / "cache"))
    ledger = tmp_path / "state" / "taizhang.sqlite3"
    monkeypatch.setenv("BAOMI_LEDGER", str(ledger))
    return ledger


@pytest.fixture
def share(tmp_path) -> Path:
    """A shared folder: clean, marked, two unmarked-sensitive (DOCX and PDF, in
    subfolders), one unmarked-sensitive text file baomi cannot stamp, one encrypted PDF."""
    root = tmp_path / "share"
    (root / "personnel").mkdir(parents=True)
    (root / "discipline").mkdir()
    write_docx(root / "clean.docx", ["关于做好春季防火工作的通知", "请各单位认真落实。"])
    write_docx(root / "notice.docx", ["秘密★10年", "关于某项工作的通知"])
    write_docx(root / "personnel" / "draft.docx", PERSONNEL)
    write_pdf(root / "discipline" / "report.pdf", DISCIPLINE)
    (root / "personnel" / "list.txt").write_text("".join(PERSONNEL), encoding="utf-8")
    write_pdf(root / "locked.pdf", ["关于某事项的通知"], encrypt_password="pw")
    return root


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def scan_json(capsys, *argv: str) -> tuple[int, dict[str, dict]]:
    code = main(["scan", "--format", "json", *argv])
    report = json.loads(capsys.readouterr().out)
    return code, {f["path"]: f for f in report["files"]}


def by_name(files: dict[str, dict], folder: Path) -> dict[str, dict]:
    return {Path(path).relative_to(folder).as_posix(): f for path, f in files.items()}


def ledger_rows(path: Path):
    with closing(open_ledger(path)) as conn:
        return rows(conn)


def test_suggestion_follows_the_dictionaries(share, capsys):
    code, files = scan_json(capsys, str(share))
    files = by_name(files, share)

    assert code == 1
    draft, report = files["personnel/draft.docx"], files["discipline/report.pdf"]
    assert draft["suggested_marking"]["level"] == "内部"
    assert draft["suggested_marking"]["categories"] == ["personnel"]
    assert {(f["rule"], f["text"]) for f in draft["suggested_marking"]["findings"]} == {
        ("content.personnel", "拟提拔")}
    assert "personnel" in draft["suggested_marking"]["reason"]
    # discipline.toml: suggested_level = "秘密" (an unverified lead about a named person).
    assert report["suggested_marking"]["level"] == "秘密"
    assert report["suggested_marking"]["categories"] == ["discipline"]
    assert {"初核", "举报人"} <= {f["text"] for f in report["suggested_marking"]["findings"]}
    assert all(f["location"]["part"] == "body" for f in report["suggested_marking"]["findings"])
    for name in ("clean.docx", "notice.docx", "locked.pdf"):
        assert files[name]["suggested_marking"] is None
    assert all(f["marked"] is None for f in files.values())

    main(["scan", str(share / "discipline")])
    line = capsys.readouterr().out.splitlines()[0]
    assert line.endswith("→ suggest 秘密 (discipline)")


@pytest.mark.parametrize("findings, level", [
    ([("content.personnel", "personnel")], "内部"),
    ([("content.personnel", "personnel"), ("content.discipline", "discipline")], "秘密"),
    ([("content.exams", "exams")], "绝密"),
    # A failed redaction hides text of unknown weight; personal data is masked, not marked.
    ([("content.failed-redaction", "redaction")], None),
    ([("content.failed-redaction", "redaction"), ("personal.mobile", "personal-data")], None),
])
def test_strongest_suggested_level_of_the_content_categories(findings, level):
    found = [Finding(rule, category, "high", "x", Location("body", 1, 1))
             for rule, category in findings]
    suggestion = suggest_marking(Status.UNMARKED_SENSITIVE, found, load_dictionary())
    assert (suggestion.level if suggestion else None) == level
    assert suggest_marking(Status.CLASSIFIED, found, load_dictionary()) is None


def test_mark_yes_stamps_exactly_the_unmarked_sensitive_files(share, isolated, capsys):
    before = snapshot(share)
    scan_json(capsys, str(share))  # fills the result cache: --mark works from cached results too

    code, files = scan_json(capsys, str(share), "--mark", "--yes", "--operator", "王五")
    files = by_name(files, share)

    assert code == 1  # the scan's status, whatever was stamped
    after = snapshot(share)
    copies = {"personnel/draft.marked.docx": "内部", "discipline/report.marked.pdf": "秘密"}
    assert set(after) == set(before) | set(copies)
    assert {name: after[name] for name in before} == before  # originals unchanged
    for name, level in zip(NEEDS_MARKING, ("秘密", "内部")):
        assert files[name]["marked"] == {"output": str(share / name.replace(".", ".marked.")),
                                         "level": level, "term": None, "text": level,
                                         "error": None}
    assert "DOCX and PDF only" in files["personnel/list.txt"]["marked"]["error"]
    assert "could not be read" in files["locked.pdf"]["marked"]["error"]
    for name in ("clean.docx", "notice.docx"):
        assert files[name]["marked"] is None

    _, rescanned = scan_json(capsys, *(str(share / name) for name in copies))
    rescanned = by_name(rescanned, share)
    assert rescanned["personnel/draft.marked.docx"]["status"] == "restricted"
    assert rescanned["discipline/report.marked.pdf"]["status"] == "classified"
    assert {name: f["marking"]["level"] for name, f in rescanned.items()} == copies

    entries = ledger_rows(isolated)
    assert [(Path(e.input_path).relative_to(share).as_posix(), e.level, e.operator)
            for e in entries] == [("discipline/report.pdf", "秘密", "王五"),
                                  ("personnel/draft.docx", "内部", "王五")]
    for entry in entries:
        assert entry.sha256_before == before[Path(entry.input_path).relative_to(share).as_posix()]
        assert entry.sha256_after == after[Path(entry.output_path).relative_to(share).as_posix()]
        scan = entry.extra["scan"]
        assert scan["status"] == "unmarked-sensitive" and scan["score"] > 0
        assert scan["suggested_marking"]["level"] == entry.level
        assert scan["suggested_marking"]["findings"] and scan["rules"]

    # A second run finds the copies among the scanned files and writes over none of them.
    code, again = scan_json(capsys, str(share), "--mark", "--yes")
    again = by_name(again, share)
    assert snapshot(share) == after and len(ledger_rows(isolated)) == 2
    assert "not overwritten" in again["personnel/draft.docx"]["marked"]["error"]


def test_chosen_level_into_a_mirrored_folder(share, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    before = snapshot(share)
    ledger = tmp_path / "own-ledger.sqlite3"

    code = main(["scan", "share", "--mark-level", "秘密", "--mark-term", "1年",
                 "--mark-dir", "marked/", "--yes", "--ledger", str(ledger)])

    assert code == 1
    assert snapshot(share) == before
    assert sorted(snapshot(tmp_path / "marked")) == NEEDS_MARKING
    out = capsys.readouterr().out
    assert "marked copy marked/personnel/draft.docx (秘密★1年)" in out
    assert "→ suggest 内部 (personnel)" in out  # the suggestion is shown beside the choice
    _, rescanned = scan_json(capsys, "marked")
    assert {p: (f["status"], f["marking"]["text"]) for p, f in rescanned.items()} == {
        f"marked/{name}": ("classified", "秘密★1年") for name in NEEDS_MARKING}
    assert [e.term for e in ledger_rows(ledger)] == ["1年", "1年"]


@pytest.mark.parametrize("argv", [
    ["--mark"],  # stdin is no terminal and there is no --yes
    ["--mark-level", "高级", "--yes"],
    ["--mark-level", "内部", "--mark-term", "1年", "--yes"],
    ["--mark-level", "秘密", "--mark-term", "11年", "--yes"],
    ["--mark", "--mark-term", "1年", "--yes"],
    ["--mark-dir", "marked"],
])
def test_usage_errors_exit_2_and_write_nothing(share, isolated, argv, capsys):
    before = snapshot(share)
    assert main(["scan", str(share), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # refused before scanning
    assert captured.err.startswith("baomi: error: ") and captured.err.count("\n") == 1
    assert snapshot(share) == before and not isolated.exists()


@pytest.mark.parametrize("answer, stamped", [(b"n", False), (b"y", True)])
def test_asks_once_on_a_terminal(share, tmp_path, isolated, answer, stamped):
    before = snapshot(share)
    prompt, code = run_on_terminal(["scan", str(share), "--mark"], answer + b"\n", tmp_path)

    assert prompt.count("Stamp these copies?") == 1
    assert "personnel/draft.docx → " in prompt and "内部  (suggested: personnel)" in prompt
    assert "2 more cannot be stamped" in prompt
    assert code == 1
    new = set(snapshot(share)) - set(before)
    assert new == ({"personnel/draft.marked.docx", "discipline/report.marked.pdf"}
                   if stamped else set())
    assert isolated.exists() == stamped


def run_on_terminal(argv: list[str], answer: bytes, cwd: Path) -> tuple[str, int]:
    """Run baomi with stdin and stderr on a pseudo-terminal; answer its prompt."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "scanner.cli", *argv], stdin=terminal,
                               stdout=subprocess.PIPE, stderr=terminal, cwd=cwd,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    os.close(terminal)
    seen = b""
    while b"[y/N]" not in seen:
        ready, _, _ = select.select([controller], [], [], 120)
        assert ready, f"no prompt; got {seen!r}"
        seen += os.read(controller, 4096)
    os.write(controller, answer)
    process.communicate(timeout=120)
    os.close(controller)
    return seen.decode(errors="replace"), process.returncode


def test_the_library_stamps_what_it_is_given_and_asks_nothing(share, isolated):
    """scanner.publish.mark_flagged takes the decision as an argument: with no terminal
    and no --yes it neither asks nor refuses; the command line is what asks."""
    from scanner.pipeline import Settings, scan_file
    from scanner.publish.mark_flagged import (
        MarkRequest, PlannedCopy, plan_copies, stamp_copies, with_copies)

    settings = Settings()
    results = [scan_file(str(share / name), settings) for name in NEEDS_MARKING]
    request = MarkRequest("秘密", "5年", None, (str(share),), assume_yes=False,
                          ledger_path=str(isolated), operator="审核员")
    plans = plan_copies(results, request)
    assert all(isinstance(plan, PlannedCopy) for plan in plans.values()) and len(plans) == 2
    before = snapshot(share)
    stamped = with_copies(results, stamp_copies(plans, request))
    made = [Path(r.marked.output) for r in stamped]
    assert all(p.exists() and r.marked.error is None for p, r in zip(made, stamped))
    assert set(snapshot(share)) - set(before) == {p.relative_to(share).as_posix() for p in made}
    with closing(open_ledger(str(isolated))) as conn:
        assert [(e.action, e.level, e.operator) for e in rows(conn)] == [("mark", "秘密", "审核员")] * 2
