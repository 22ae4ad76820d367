r"""File names are bytes: a GBK-named file (as copied from a Windows share) is reported in
every format, as valid UTF-8, with each byte that is not UTF-8 shown as ``\xNN``."""
import csv
import io
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from conftest import write_docx

NAME = "保密通知".encode("gbk") + b".docx"  # b'\xb1\xa3\xc3\xdc\xcd\xa8\xd6\xaa.docx'
# What the report shows: bytes that are not UTF-8 as \xNN, the rest decoded (here the
# GBK bytes of 通知 happen to be valid UTF-8 for two other characters).
SHOWN = NAME.decode("utf-8", "backslashreplace")


@pytest.fixture
def share(tmp_path):
    """A folder with a GBK-named marked document beside a UTF-8-named clean one."""
    folder = tmp_path / "share"
    folder.mkdir()
    made = write_docx(folder / "tmp.docx", ["秘密★10年", "关于某事项的通知"])
    os.rename(os.fsencode(made), os.fsencode(folder) + b"/" + NAME)
    write_docx(folder / "公告.docx", ["关于做好春季防火工作的通知"])
    with pytest.raises(UnicodeDecodeError):
        NAME.decode("utf-8")  # the test is only worth it if the name is not UTF-8
    return folder


def baomi(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command, its output as bytes (it must be UTF-8 by itself), in a UTF-8
    locale where Python's stdout is strict about what it writes."""
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}
    return subprocess.run([sys.executable, "-m", "scanner.cli", "scan", *args], cwd=cwd,
                          env=env, capture_output=True, timeout=300)


def test_text_and_json_on_stdout_are_utf8_with_the_name_escaped(share):
    text = baomi(share.parent, "--no-cache", "share")
    assert text.returncode == 1, text.stderr.decode("utf-8", "replace")
    lines = text.stdout.decode("utf-8").splitlines()
    assert any(line.startswith("BLOCK  classified") and f"share/{SHOWN}" in line
               for line in lines), lines
    assert any("share/公告.docx" in line for line in lines)

    proc = baomi(share.parent, "--no-cache", "--format", "json", "share")
    report = json.loads(proc.stdout.decode("utf-8"))
    assert {f["path"] for f in report["files"]} == {f"share/{SHOWN}", "share/公告.docx"}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "csv", "html"])
def test_every_format_written_with_o(share, fmt):
    out = share.parent / f"report.{fmt}"
    proc = baomi(share.parent, "--no-cache", "--format", fmt, "-o", str(out), "--no-redact",
                 "share")
    assert proc.returncode == 1 and not proc.stderr, proc.stderr.decode("utf-8", "replace")
    body = out.read_bytes().decode("utf-8")  # strict: valid UTF-8
    if fmt == "json":
        paths = [f["path"] for f in json.loads(body)["files"]]
    elif fmt == "sarif":
        results = json.loads(body)["runs"][0]["results"]
        paths = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                 for r in results]
        # A URI names the very bytes: %B1%A3… decodes back to the GBK name.
        assert b"share/" + NAME in [urllib.parse.unquote_to_bytes(u) for u in paths], paths
        return
    elif fmt == "csv":
        paths = [row[0] for row in csv.reader(io.StringIO(body.lstrip("\ufeff")))]
    else:
        paths = [body]
    assert any(SHOWN in p for p in paths), paths


def test_cached_scan_of_a_gbk_name(share, tmp_path):
    """With the result cache on (the default), as a user runs it."""
    env_cache = {"BAOMI_CACHE_DIR": str(tmp_path / "cache")}
    os.environ.update(env_cache)
    try:
        proc = baomi(share.parent, "--format", "json", "share")
        again = baomi(share.parent, "--format", "json", "share")  # served from the cache
    finally:
        for key in env_cache:
            os.environ.pop(key)
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")[-500:]
    assert f"share/{SHOWN}" in {f["path"] for f in json.loads(proc.stdout)["files"]}
    assert json.loads(again.stdout)["files"] == json.loads(proc.stdout)["files"]
