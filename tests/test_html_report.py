"""The HTML report: self-contained, masked by default, and sorted and filtered by its script
as a browser runs it (headless Chromium, Debian's package)."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from test_batch import mixed_folder

from scanner.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def report(tmp_path, *options: str) -> str:
    (tmp_path / "docs").mkdir()
    mixed_folder(tmp_path / "docs")
    out = tmp_path / "report.html"
    assert main(["scan", str(tmp_path / "docs"), "--format", "html", "-o", str(out),
                 *options]) == 1
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained_and_masked(tmp_path):
    html = report(tmp_path)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<svg" in html and "@media print" in html
    assert "秘＊＊＊＊＊" in html and "秘密★10年" not in html
    assert 'id="summary"' in html and "unmarked-sensitive" in html


def test_no_redact_quotes_matched_text(tmp_path):
    html = report(tmp_path, "--no-redact")
    assert "秘密★10年" in html and "unmasked" in html


def rendered_rows(tmp_path, url: str) -> list[tuple[str, str]]:
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--dump-dom", url], capture_output=True, text=True, timeout=60).stdout
    rows = re.findall(r'<tr class="file( hidden)?" data-order="\d+" data-rank="\d" '
                      r'data-verdict="(\w+)" data-status="[\w-]+" data-path="([^"]+)"', dom)
    return [(verdict, path.rsplit("/", 1)[-1]) for hidden, verdict, path in rows if not hidden]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                    "(apt-get install chromium; .ci/run installs it)")
def test_browser_sorts_and_filters_from_the_address(tmp_path):
    report(tmp_path)
    url = (tmp_path / "report.html").as_uri()
    by_path_desc = rendered_rows(tmp_path, url + "#sort=path&dir=desc")
    assert [p for _, p in by_path_desc] == sorted((p for _, p in by_path_desc), reverse=True)
    assert len(by_path_desc) == 13
    blocked = rendered_rows(tmp_path, url + "#verdict=block&sort=path")
    assert blocked and {v for v, _ in blocked} == {"block"}
    assert [p for _, p in blocked] == sorted(p for _, p in blocked)
    searched = rendered_rows(tmp_path, url + "#q=broken")
    assert searched == [("review", "broken.pdf")]
