"""The cached answer (scanner/cli/cached.py) reads ``baomi scan``'s options as click does,
leaves everything else to click, and answers a warm rescan exactly as click's path does."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from scanner.cli.cached import parse
from scanner.cli.scan import cli
from scanner.cli.scanning import ScanOptions

from test_batch import mixed_folder
from test_cache import age

SCAN = cli.get_command(click.Context(cli), "scan")
FIELDS = set(ScanOptions._fields)


def clicks(argv: list[str]) -> ScanOptions:
    """``baomi ARGV`` as click's scan command parses it, as ScanOptions (no stamping)."""
    params = SCAN.make_context("scan", argv[1:]).params
    assert not params["mark"] and params["mark_level"] is None
    return ScanOptions(**{k: v for k, v in params.items() if k in FIELDS})


@pytest.mark.parametrize("argv", [
    ["scan", "a.pdf"],
    ["scan", "--format", "json", "-o", "report.json", "--force", "-j", "2", "site/"],
    ["scan", "--format=csv", "-q", "a.docx", "--", "-odd name.docx", "--force"],
    ["scan", "-v", "--target", "extranet", "--dictionary", "extra.toml",
     "--dictionary=more/", "a.pdf", "b.pdf"],
    ["scan", "--redact", "--no-redact", "--timeout", "2.5", "--max-memory", "0", "a.pdf"],
    ["scan", "--no-cache", "-j", "1", "-q", "a.pdf"],
    ["scan", "--config", "c.toml", "a.pdf", "--jobs", "1", "--output=r.txt", "--quiet",
     "--verbose", "--timeout", ".5", "-"],
])
def test_the_table_reads_options_as_click_does(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert parse(argv) == clicks(argv)


def _option_strings() -> list[str]:
    return sorted({name for param in SCAN.params if isinstance(param, click.Option)
                   for name in (*param.opts, *param.secondary_opts)})


@pytest.mark.parametrize("option", _option_strings())
def test_every_option_of_scan_is_read_as_click_does_or_left_to_click(option, tmp_path,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argv in (["scan", option, "a.pdf"], ["scan", option, "json", "a.pdf"]):
        ours = parse(argv)
        if ours is not None:
            assert ours == clicks(argv), argv


@pytest.mark.parametrize("argv", [
    ["scan"], ["scan", "--", ], ["--version"], ["explain", "a.pdf"], ["scan", "--help"],
    ["scan", "-qv", "a.pdf"], ["scan", "-j2", "a.pdf"], ["scan", "-j", "0", "a.pdf"],
    ["scan", "-j", "+2", "a.pdf"], ["scan", "--format", "xml", "a.pdf"],
    ["scan", "--format", "JSON", "a.pdf"], ["scan", "--timeout", "inf", "a.pdf"],
    ["scan", "--staged", "a.pdf"],
    ["scan", "--record", "a.pdf"], ["scan", "--mark", "--yes", "a.pdf"],
    ["scan", "--scheduler", "tcp://127.0.0.1:8786", "a.pdf"], ["scan", "a.pdf", "-o"],
    ["scan", "-o", "a folder", "a.pdf"], ["scan", "--quiet=1", "a.pdf"],
])
def test_anything_else_is_left_to_click(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a folder").mkdir()
    assert parse(argv) is None


def _baomi(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scanner.cli", *args], capture_output=True,
                          text=True, cwd=cwd, check=False)


def test_a_warm_rescan_reports_and_refuses_as_a_cold_scan(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    age(mixed_folder(folder))
    cold = _baomi("scan", "--format", "json", "-o", "cold.json", "site", cwd=tmp_path)
    warm = _baomi("scan", "site", "--format", "json", "-o", "warm.json", cwd=tmp_path)
    assert cold.returncode == warm.returncode == 1
    assert (tmp_path / "cold.json").read_bytes() == (tmp_path / "warm.json").read_bytes()
    text = [_baomi("scan", "site", "-v", cwd=tmp_path) for _ in range(2)]
    assert text[0].stdout == text[1].stdout and "block" in text[0].stdout
    # A usage error found after parsing is click's path's, word for word, and writes nothing.
    before = (tmp_path / "warm.json").read_bytes()
    refused = _baomi("scan", "site", "--format", "json", "-o", "warm.json", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == "baomi: error: -o warm.json exists; use --force to replace it\n"
    assert (tmp_path / "warm.json").read_bytes() == before
    missing = _baomi("scan", "site", "nowhere.pdf", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        2, "baomi: error: no such file or folder: nowhere.pdf\n")
