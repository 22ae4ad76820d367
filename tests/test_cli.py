"""The baomi command as users and scripts run it: exit codes, reports, errors."""
import json
import os
import shutil
import subprocess
import sys

import jsonschema
import pytest

from conftest import write_docx, write_pdf
from scanner.cli import main

LOCATION = {
    "type": "object", "additionalProperties": False,
    "required": ["part", "page", "paragraph"],
    "properties": {
        "part": {"enum": ["body", "table", "header", "footer", "footnote", "endnote", "comment",
                          "textbox", "deleted", "inserted", "hidden", "metadata", "annotation",
                          "form", "attachment", "redacted", "ocr"]},
        "page": {"type": ["integer", "null"], "minimum": 1},
        "paragraph": {"type": ["integer", "null"], "minimum": 1},
    },
}
# The JSON report as CONTRACT.md specifies it (version 1).
REPORT_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["version", "tool", "target", "config", "files", "summary", "skipped"],
    "properties": {
        "version": {"const": 1},
        "config": {"type": ["string", "null"]},
        "tool": {"type": "object", "required": ["name", "version"],
                 "properties": {"name": {"const": "baomi"}, "version": {"type": "string"}}},
        "target": {"enum": ["internet", "extranet"]},
        # What a folder walk did not read, with why (never dropped silently).
        "skipped": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["path", "reason"],
            "properties": {"path": {"type": "string"}, "reason": {"type": "string"}}}},
        "summary": {"type": "object", "additionalProperties": False,
                    "required": ["files", "pass", "block", "review"],
                    "properties": {k: {"type": "integer", "minimum": 0}
                                   for k in ("files", "pass", "block", "review")}},
        "files": {"type": "array", "items": {
            "type": "object",
            "required": ["path", "type", "sha256", "verdict", "status", "marking", "score",
                         "findings", "errors"],
            "properties": {
                "path": {"type": "string"}, "type": {"type": "string"},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "verdict": {"enum": ["pass", "block", "review"]},
                "status": {"enum": ["classified", "restricted", "unmarked-sensitive",
                                    "personal-data", "unreadable", "clean"]},
                "score": {"type": "number"},
                "marking": {"oneOf": [{"type": "null"}, {
                    "type": "object", "required": ["level", "term", "text", "location"],
                    "properties": {"level": {"enum": ["绝密", "机密", "秘密", "工作秘密", "内部"]},
                                   "term": {"type": ["string", "null"]},
                                   "text": {"type": "string"}, "location": LOCATION}}]},
                "findings": {"type": "array", "items": {
                    "type": "object",
                    "required": ["rule", "category", "severity", "text", "location", "context"],
                    "properties": {"rule": {"type": "string"}, "category": {"type": "string"},
                                   "severity": {"enum": ["high", "medium", "low"]},
                                   "text": {"type": "string"}, "context": {"type": "string"},
                                   "location": LOCATION}}},
                "errors": {"type": "array", "items": {"type": "string"}},
            }}},
    },
}


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "site"
    d.mkdir()
    write_docx(d / "secret.docx", ["秘密★10年", "关于某项工作的通知"])
    write_docx(d / "clean.docx", ["关于做好春季防火工作的通知", "请各单位认真落实。"])
    write_pdf(d / "draft.pdf", ["经研究，拟提拔陈立新同志任办公室主任，尚未公示，请严格保密。"])
    (d / "sub").mkdir()
    write_pdf(d / "sub" / "locked.pdf", ["关于某事项的通知"], encrypt_password="pw")
    (d / "style.css").write_text("body { color: red }")
    (d / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (d / ".git").mkdir()
    write_docx(d / ".git" / "hidden.docx", ["秘密★1年"])
    return d


def test_json_report_matches_contract(folder, capsys):
    assert main(["scan", "--format", "json", str(folder)]) == 1
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, REPORT_SCHEMA)
    by_name = {os.path.relpath(f["path"], folder): f for f in report["files"]}
    assert sorted(by_name) == ["clean.docx", "draft.pdf", "secret.docx", "sub/locked.pdf"]
    assert by_name["secret.docx"]["status"] == "classified"
    assert by_name["secret.docx"]["marking"]["text"] == "秘密★10年"
    assert by_name["clean.docx"]["verdict"] == "pass"
    assert by_name["draft.pdf"]["status"] == "unmarked-sensitive"
    assert by_name["sub/locked.pdf"]["verdict"] == "review"
    assert report["summary"] == {"files": 4, "pass": 1, "block": 2, "review": 1}
    skipped = {os.path.relpath(s["path"], folder): s["reason"] for s in report["skipped"]}
    assert sorted(skipped) == [".git", "logo.png", "style.css"]
    assert "picture" in skipped["logo.png"] and "hidden folder" in skipped[".git"]


def test_exit_zero_when_everything_passes(folder, capsys):
    assert main(["scan", str(folder / "clean.docx")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PASS") and "clean.docx" in out and "\033[" not in out


def test_text_report_gives_reasons(folder, capsys):
    assert main(["scan", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    secret = next(line for line in lines if "secret.docx" in line)
    assert secret.startswith("BLOCK") and "秘密★10年" in secret
    draft = next(line for line in lines if "draft.pdf" in line)
    assert "personnel" in draft and "拟提拔" in draft
    locked = next(line for line in lines if "locked.pdf" in line)
    assert locked.startswith("REVIEW") and "encrypted" in locked
    assert lines[-1] == "4 files: 1 pass, 2 block, 1 review"


def test_output_file(folder, tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["scan", "--format", "json", "-o", str(out), str(folder / "clean.docx")]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["summary"]["pass"] == 1


def test_target_is_recorded(folder, capsys):
    main(["scan", "--format", "json", "--target", "extranet", str(folder / "clean.docx")])
    assert json.loads(capsys.readouterr().out)["target"] == "extranet"


@pytest.mark.parametrize("argv, message", [
    (["scan", "does/not/exist.pdf"], "no such file"),
    (["scan", "--format", "yaml", "."], "yaml"),
    (["scan", "--bogus", "."], "--bogus"),
    (["scan"], "PATH"),
    (["scan", "-j", "0", "."], "jobs"),
])
def test_usage_errors_exit_2_with_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err and err.startswith("baomi: error:")


def test_bad_dictionary_exits_2(tmp_path, folder, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("category = 'x'\n[terms]\n'拟提拔' = 'heavy'\n", encoding="utf-8")
    assert main(["scan", "--dictionary", str(bad), str(folder / "clean.docx")]) == 2
    assert "bad.toml" in capsys.readouterr().err


def test_user_dictionary_adds_terms(tmp_path, capsys):
    doc = write_docx(tmp_path / "plan.docx", ["关于启动“青松行动”的工作方案", "“青松行动”具体部署尚未公开，请严格保密。"])
    assert main(["scan", str(doc)]) == 0
    extra = tmp_path / "local.toml"
    extra.write_text('category = "operations"\nsuggested_level = "秘密"\n[terms]\n"青松行动" = 3\n',
                     encoding="utf-8")
    capsys.readouterr()
    assert main(["scan", "--dictionary", str(extra), str(doc)]) == 1
    assert "operations" in capsys.readouterr().out


def test_parallel_scan_gives_the_same_report(folder, capsys):
    for i in range(10):
        write_docx(folder / f"copy{i}.docx", ["关于做好春季防火工作的通知"])
    main(["scan", "--format", "json", "-j", "1", str(folder)])
    serial = json.loads(capsys.readouterr().out)
    main(["scan", "--format", "json", "-j", "2", str(folder)])
    assert json.loads(capsys.readouterr().out) == serial


def test_installed_console_script(folder):
    """The entry point pip installs, run as a user would."""
    exe = shutil.which("baomi")
    cmd = [exe] if exe else [sys.executable, "-m", "scanner.cli"]
    proc = subprocess.run([*cmd, "scan", "--format", "json", str(folder)], capture_output=True,
                          text=True, cwd=folder.parent, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["files"] == 4
    proc = subprocess.run([*cmd, "scan", "nowhere"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_version():
    proc = subprocess.run([sys.executable, "-m", "scanner.cli", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and "baomi" in proc.stdout
