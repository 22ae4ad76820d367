"""SARIF 2.1.0 for code-scanning services, and CSV: valid, stable, and not leaking."""
import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import write_docx, write_pdf
from publishing import SECRET_PARAGRAPHS, SECRET_WORDS
from scanner.cli import main

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def site(tmp_path, monkeypatch):
    root = tmp_path / "web"
    (root / "site").mkdir(parents=True)
    write_docx(root / "site" / "secret.docx", ["秘密★10年", "关于某项工作的通知"])
    write_docx(root / "site" / "draft.docx", SECRET_PARAGRAPHS)
    write_docx(root / "site" / "clean.docx", ["关于做好春季防火工作的通知"])
    write_pdf(root / "site" / "locked.pdf", ["关于某事项的通知"], encrypt_password="pw")
    monkeypatch.chdir(root)
    return root


def sarif(capsys, *argv):
    assert main(["scan", "--format", "sarif", *argv, "site"]) == 1
    out = capsys.readouterr().out
    return out, json.loads(out)


@pytest.mark.skipif(not SCHEMA.exists(), reason=f"SARIF schema not found at {SCHEMA}")
def test_sarif_is_valid_against_the_official_schema(site, capsys):
    _, log = sarif(capsys)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_sarif_rules_results_and_fingerprints(site, capsys):
    _, log = sarif(capsys)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert {"marking.national-secret", "content.personnel", "file.unreadable"} <= set(ids)
    assert all(r["shortDescription"]["text"] and float(r["properties"]["security-severity"])
               for r in rules)
    by_rule = {}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        by_rule.setdefault(result["ruleId"], []).append(result)
    secret = by_rule["marking.national-secret"][0]
    artifact = secret["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "site/secret.docx", "uriBaseId": "%SRCROOT%"}
    assert "page 1" in secret["message"]["text"] and secret["properties"]["part"] == "body"
    assert by_rule["file.unreadable"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"] == "site/locked.pdf"
    # Fingerprints hold no line numbers: the same finding elsewhere in the file keeps them.
    before = {r["ruleId"]: r["partialFingerprints"] for r in run["results"]}
    write_docx(site / "site" / "draft.docx", ["前言。"] * 5 + SECRET_PARAGRAPHS)
    _, moved = sarif(capsys)
    after = {r["ruleId"]: r["partialFingerprints"] for r in moved["runs"][0]["results"]}
    assert after == before


def test_no_clear_sensitive_text_in_sarif_by_default(site, capsys):
    text, _ = sarif(capsys)
    assert not [w for w in SECRET_WORDS if w in text]
    assert "拟＊＊" in text
    clear, _ = sarif(capsys, "--no-redact")
    assert all(w in clear for w in SECRET_WORDS)


def test_approved_results_are_suppressed(site, capsys):
    assert main(["approve", "site/draft.docx", "--by", "王审核", "--reason", "已公示"]) == 0
    capsys.readouterr()
    _, log = sarif(capsys)
    draft = [r for r in log["runs"][0]["results"]
             if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
             == "site/draft.docx"]
    assert draft and all(r["suppressions"][0]["kind"] == "external" for r in draft)


def test_csv_one_row_per_finding_redaction_honoured(site, capsys):
    assert main(["scan", "--format", "csv", "--redact", "site"]) == 1
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert list(rows[0]) == ["path", "verdict", "status", "rule", "category", "severity", "part",
                             "page", "paragraph", "text", "context"]
    by_path = {}
    for row in rows:
        by_path.setdefault(row["path"], []).append(row)
    assert by_path["site/clean.docx"] == [{**dict.fromkeys(rows[0], ""), "path": "site/clean.docx",
                                          "verdict": "pass", "status": "clean"}]
    assert by_path["site/locked.pdf"][0]["rule"] == "file.unreadable"
    assert not [w for w in SECRET_WORDS if w in out]
    assert main(["scan", "--format", "csv", "site/draft.docx"]) == 1
    assert "拟提拔" in capsys.readouterr().out  # not redacted unless asked
