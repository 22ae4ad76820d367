"""Every file of the shared corpus (../shared/corpus, real-world files) gets a sound verdict.

Expectations come from MANIFEST.tsv (its ``kind`` and ``notes`` columns), so they follow the
corpus as it grows instead of naming files.
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
if not (CORPUS / "MANIFEST.tsv").is_file():
    pytest.skip("../shared/corpus not present (only in the development workspace)",
                allow_module_level=True)

from scanner.extract.ocr import SWITCH as OCR_SWITCH  # noqa: E402
from scanner.model import PARTS, Status  # noqa: E402
from scanner.pipeline import Settings, scan_file  # noqa: E402


def _manifest() -> dict[str, dict[str, str]]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


MANIFEST = _manifest()
FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*")
               if p.is_file() and p.name != "MANIFEST.tsv")


def where(predicate) -> list[str]:
    return sorted(f for f, row in MANIFEST.items() if predicate(row["kind"], row["notes"]))


NEEDS_PASSWORD = where(lambda kind, notes: "needs user password" in notes)
OWNER_PASSWORD_ONLY = where(lambda kind, notes: "owner password only" in notes)
EMPTY = where(lambda kind, notes: "empty (0 bytes)" in notes)
ENCRYPTED_OOXML = where(lambda kind, notes: "encrypted OOXML" in notes)
LEGACY_BINARY = where(lambda kind, notes: "legacy binary" in notes)
# Legacy Word files are read through their piece table (scanner/extract/ole.py); a
# password-encrypted one cannot be, and is review.
LEGACY_ENCRYPTED = [f for f in LEGACY_BINARY if "password-encrypted" in MANIFEST[f]["notes"]]
LEGACY_READABLE = [f for f in LEGACY_BINARY if f not in LEGACY_ENCRYPTED]
PDF_UNOPENABLE = where(lambda kind, notes: kind == "pdf" and "pymupdf: FAILS to open" in notes)
# A scan that also needs a password is review for the password: its pages cannot be seen.
SCANNED = where(lambda kind, notes: "scanned image, no text layer" in notes
                and "needs user password" not in notes)
LAWS = where(lambda kind, notes: notes.startswith(("Chinese law", "Chinese regulation")))
WORK_REPORTS = where(lambda kind, notes: "government work report" in notes)
# Everything the MANIFEST calls public: laws and regulations (lawrefbook), State Council and
# congress reports (chinese-political-corpora), the seed regulations, work reports.
PUBLIC = sorted(set(LAWS + WORK_REPORTS
                    + where(lambda kind, notes: "must pass" in notes or "public text" in notes)))
# Public files that do not pass yet, each with why; strict, so a fix must remove its entry.
KNOWN_FALSE_ALARMS: dict[str, str] = {}
# Text left under opaque boxes: CONTRACT says a failed redaction blocks whatever its words.
FAILED_REDACTIONS = where(lambda kind, notes: "failed redaction" in notes)


@pytest.fixture(scope="module")
def results():
    """Without OCR, even where the extra is installed: scans are then review with their page
    numbers, and OCR of the corpus would add minutes (tests/test_ocr.py reads a scan)."""
    settings = Settings()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(OCR_SWITCH, "off")
        return {name: scan_file(str(CORPUS / name), settings) for name in FILES}


def errors_of(result) -> str:
    return " | ".join(result.errors).lower()


def test_manifest_describes_every_file():
    assert set(FILES) == set(MANIFEST)
    # The selections below are not empty: the notes still use the words they look for.
    for group in (NEEDS_PASSWORD, OWNER_PASSWORD_ONLY, EMPTY, ENCRYPTED_OOXML, SCANNED, LAWS,
                  WORK_REPORTS, PUBLIC):
        assert group
    assert set(KNOWN_FALSE_ALARMS) <= set(PUBLIC)


def test_every_file_gets_a_verdict(results):
    for name, result in results.items():
        assert result.status.verdict is result.verdict, name
        # Reasons and verdict agree: a reason to review is never silently a pass.
        if result.errors:
            assert result.verdict.value != "pass", (name, result.errors)
        if result.status is Status.UNREADABLE:
            assert result.errors, name
        for finding in result.findings:
            assert finding.location.part in PARTS, (name, finding)
        json.dumps(result.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("name", NEEDS_PASSWORD)
def test_pdf_needing_a_user_password_is_review(results, name):
    result = results[name]
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert "encrypted" in errors_of(result)


@pytest.mark.parametrize("name", OWNER_PASSWORD_ONLY)
def test_pdf_with_owner_password_only_is_read(results, name):
    """An empty user password opens the file: it is read like any other PDF."""
    result = results[name]
    assert "encrypted" not in errors_of(result) and "password" not in errors_of(result)
    if "no text layer" not in MANIFEST[name]["notes"]:
        assert result.verdict.value == "pass", (result.findings, result.errors)


@pytest.mark.parametrize("name", EMPTY)
def test_empty_file_is_review(results, name):
    result = results[name]
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert "empty" in errors_of(result)


@pytest.mark.parametrize("name", ENCRYPTED_OOXML)
def test_password_encrypted_docx_is_review(results, name):
    result = results[name]
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert "password" in errors_of(result) or "encrypted" in errors_of(result)


@pytest.mark.parametrize("name", LEGACY_ENCRYPTED + PDF_UNOPENABLE)
def test_file_baomi_cannot_read_is_review(results, name):
    result = results[name]
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")


@pytest.mark.parametrize("name", LEGACY_READABLE)
def test_legacy_word_file_is_read(results, name):
    """Public English samples: their text is read, so they pass like their DOCX twins."""
    result = results[name]
    assert result.type == "doc" and (result.verdict.value, result.errors) == ("pass", [])


@pytest.mark.parametrize("name", SCANNED)
def test_image_only_scan_is_review_with_page_numbers(results, name):
    """The pages named are those pdfplumber (a second, independent reader) sees as an image
    with no characters."""
    import pdfplumber

    result = results[name]
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    with pdfplumber.open(CORPUS / name) as pdf:
        expected = {p.page_number for p in pdf.pages if p.images and not p.chars}
    assert expected
    named = {int(n) for e in result.errors if "image" in e.lower()
             for n in re.findall(r"\b\d+\b", e.split(":", 1)[-1])}
    assert named == expected, result.errors


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FALSE_ALARMS[name]))
    if name in KNOWN_FALSE_ALARMS else name for name in PUBLIC])
def test_public_text_passes(results, name):
    """Published law (保守国家秘密法 is full of 绝密/机密/秘密), regulations, government work
    reports, congress reports: everything the MANIFEST calls public."""
    result = results[name]
    assert (result.verdict.value, result.status.value) == ("pass", "clean"), \
        [(f.rule, f.text, f.context) for f in result.findings]


def test_nothing_blocks_except_failed_redactions(results):
    """No file in the corpus is a secret; the only arguable blocks are failed redactions."""
    blocked = {n: (r.status.value, [f.text for f in r.findings][:3])
               for n, r in results.items()
               if r.verdict.value == "block" and n not in KNOWN_FALSE_ALARMS}
    assert set(blocked) <= set(FAILED_REDACTIONS), blocked


@pytest.mark.parametrize("name", FAILED_REDACTIONS)
def test_failed_redaction_blocks(results, name):
    result = results[name]
    assert (result.verdict.value, result.status.value) == ("block", "unmarked-sensitive")
    assert any(f.location.part == "redacted" for f in result.findings)


def test_cli_over_the_whole_corpus(tmp_path):
    env = dict(os.environ, BAOMI_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1",
               **{OCR_SWITCH: "off"})
    exe = Path(sys.executable).with_name("baomi")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "scanner.cli"]
    proc = subprocess.run([*cmd, "scan", str(CORPUS), "--format", "json", "--no-cache"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr  # some files are review
    report = json.loads(proc.stdout)
    assert report["version"] == 1
    assert report["tool"]["name"] == "baomi"
    assert report["target"] == "internet"
    paths = [f["path"] for f in report["files"]]
    assert sorted(os.path.relpath(p, CORPUS) for p in paths) == FILES
    assert all(p.startswith(str(CORPUS)) for p in paths)
    for f in report["files"]:
        assert set(f) >= {"path", "type", "sha256", "verdict", "status", "marking", "score",
                          "findings", "errors"}
        assert f["verdict"] in ("pass", "block", "review")
        assert f["status"] in {s.value for s in Status}
        assert re.fullmatch(r"[0-9a-f]{64}", f["sha256"])
        assert isinstance(f["findings"], list) and isinstance(f["errors"], list)
    summary = report["summary"]
    assert summary["files"] == len(FILES)
    for verdict in ("pass", "block", "review"):
        assert summary[verdict] == sum(f["verdict"] == verdict for f in report["files"])
    assert summary["review"] > 0
