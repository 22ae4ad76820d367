"""The committed sample documents in sample_docs/ get the verdicts they were written to show.

The table below is the documented intent of each sample (see the docstring of
sample_docs/make_samples.py), not a copy of the scanner's output.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scanner.extract import extract
from scanner.pipeline import Settings, scan_file

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_docs"


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch):
    """The samples show the default install: scanned_notice.pdf is review for want of OCR
    (with the OCR extra it reads as the public notice it is, and passes)."""
    monkeypatch.setenv("BAOMI_OCR", "off")


@dataclass(frozen=True)
class Intent:
    verdict: str
    status: str
    level: str | None = None
    term: str | None = None
    part: str | None = None          # where the marking sits
    copy_number: str | None = None   # 份号 on the line above the marking
    topic: str | None = None         # a content finding's category and matched term
    error: str | None = None         # a word the reason for `review` must contain


EXPECTED: dict[str, Intent] = {
    # 份号 000023 on line 1, 秘密★10年 flush left on line 2 (GB/T 9704-2012).
    "notice_secret_10y.docx": Intent("block", "classified", "秘密", "10年", "body", "000023"),
    # A PDF with 机密★6个月 top left of page 1, under 份号 000008.
    "plan_confidential_6m.pdf": Intent("block", "classified", "机密", "6个月", "body"),
    # A 呈批件: the marking is the form itself, 密级 | 秘密 and 保密期限 | 5年.
    "approval_form_secret_5y.docx": Intent("block", "classified", "秘密", "5年", "table"),
    # A 工作简报 marked 内部资料 注意保存: a work secret.
    "work_bulletin_internal.docx": Intent("block", "restricted", "内部", None, "body"),
    # No marking, but appointments 尚未公示，请严格保密.
    "draft_appointment_unmarked.docx": Intent("block", "unmarked-sensitive",
                                              topic="personnel:拟提拔"),
    # 任前公示 announces 拟提拔 on purpose.
    "pre_appointment_public_notice.pdf": Intent("pass", "clean"),
    # 保密宣传: quotes the law's 绝密/机密/秘密 and even “秘密★5年” as an example.
    "secrecy_awareness_notice.docx": Intent("pass", "clean"),
    # 有机密封件 (not 机密) and 内部控制制度 (not 内部).
    "tender_organic_seals.docx": Intent("pass", "clean"),
    # Needs a user password.
    "economic_analysis_encrypted.pdf": Intent("review", "unreadable", error="encrypted"),
    # PNG bytes under a .pdf name.
    "scanned_notice.pdf": Intent("review", "unreadable", error="png"),
}


def load_make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    load_make_samples().build(out)
    return out


def check(result, intent: Intent) -> None:
    assert (result.verdict.value, result.status.value) == (intent.verdict, intent.status), \
        (result.findings, result.errors)
    if intent.level is None:
        assert result.marking is None
    else:
        assert result.marking is not None
        assert (result.marking.level, result.marking.term) == (intent.level, intent.term)
        assert result.marking.location.part == intent.part
        assert result.marking.location.page == 1
    if intent.copy_number:
        assert result.marking.copy_number == intent.copy_number
    if intent.topic:
        category, term = intent.topic.split(":")
        assert any(f.rule == f"content.{category}" and f.text == term
                   for f in result.findings), result.findings
    if intent.verdict == "pass":
        assert result.findings == [] and result.errors == []
    if intent.error:
        assert any(intent.error in e.lower() for e in result.errors), result.errors
    else:
        assert result.errors == []


def test_every_sample_has_a_documented_intent():
    documents = {p.name for p in SAMPLES.iterdir() if p.is_file() and p.suffix != ".py"}
    assert documents == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_sample(name: str, settings: Settings):
    check(scan_file(str(SAMPLES / name), settings), EXPECTED[name])


def test_samples_show_every_verdict_and_status():
    assert {i.verdict for i in EXPECTED.values()} == {"pass", "block", "review"}
    assert {i.status for i in EXPECTED.values()} == {
        "classified", "restricted", "unmarked-sensitive", "unreadable", "clean"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_regenerated_sample_gets_the_same_verdict(name: str, regenerated: Path,
                                                  settings: Settings):
    check(scan_file(str(regenerated / name), settings), EXPECTED[name])


def _text(data: bytes) -> list[str]:
    return ["".join(s.text.split()) for s in extract(data).segments]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_sample_is_what_the_script_makes(name: str, regenerated: Path):
    """The committed files are up to date with make_samples.py (same text; same bytes
    except where the libraries differ between machines or encryption salts at random)."""
    committed = (SAMPLES / name).read_bytes()
    fresh = (regenerated / name).read_bytes()
    assert _text(committed) == _text(fresh)
    assert extract(committed).type == extract(fresh).type


def test_build_is_deterministic(tmp_path: Path, regenerated: Path):
    again = tmp_path / "again"
    load_make_samples().build(again)
    for name in EXPECTED:
        if name == "economic_analysis_encrypted.pdf":
            continue  # PDF encryption draws a random salt and file ID
        assert (again / name).read_bytes() == (regenerated / name).read_bytes(), name


def test_cli_demo_over_sample_docs(tmp_path: Path):
    """What a new user sees right after install: `baomi scan sample_docs/`."""
    env = dict(os.environ, BAOMI_CACHE_DIR=str(tmp_path / "cache"), NO_COLOR="1")
    exe = Path(sys.executable).with_name("baomi")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "scanner.cli"]
    proc = subprocess.run([*cmd, "scan", "sample_docs", "--format", "json", "--no-cache"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert set(by_name) == set(EXPECTED)
    for name, intent in EXPECTED.items():
        got = by_name[name]
        assert (got["verdict"], got["status"]) == (intent.verdict, intent.status), name
        marking = got["marking"]
        assert (marking and (marking["level"], marking["term"])) == \
            ((intent.level, intent.term) if intent.level else None), name
        assert got["path"] == os.path.join("sample_docs", name)
    counts = {v: sum(i.verdict == v for i in EXPECTED.values()) for v in ("pass", "block",
                                                                          "review")}
    assert report["summary"] == {"files": len(EXPECTED), **counts}
