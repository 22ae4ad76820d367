"""Only regular files are read (issue 14 item 7): a FIFO or a device named on the command
line, or met inside a run, is ``review`` with what it is, at once, with or without the
cache; a file over the size limit is neither read nor hashed. Real FIFOs, real /dev/zero,
a real baomi process under a timeout."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import write_docx

from scanner.run.batch import scan_files
from scanner.pipeline import Settings
from scanner.run.task import MAX_FILE_BYTES

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def baomi_json(*args: str) -> tuple[int, list[dict]]:
    """``baomi scan --format json`` as a new process; a hang fails the test, not the run."""
    done = subprocess.run([sys.executable, "-m", "scanner.cli", "scan", "--format", "json",
                           *args], capture_output=True, text=True, timeout=120)
    assert not done.stderr.strip(), done.stderr
    return done.returncode, json.loads(done.stdout)["files"]


@needs_fifo
@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_a_fifo_on_the_command_line_is_review_not_a_hang(tmp_path, cache):
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    clean = write_docx(tmp_path / "clean.docx", ["关于做好春季防火工作的通知"])
    code, files = baomi_json(*cache, str(fifo), str(clean))
    assert code == 1
    assert [f["verdict"] for f in files] == ["review", "pass"]
    assert "FIFO" in files[0]["errors"][0] and "not read" in files[0]["errors"][0]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_dev_zero_is_review_not_a_hang_or_memory_error(cache):
    code, files = baomi_json(*cache, "/dev/zero")
    assert code == 1
    assert files[0]["verdict"] == "review"
    assert "character device" in files[0]["errors"][0]


@needs_fifo
def test_a_fifo_among_the_files_of_a_run_is_review(tmp_path):
    """What a folder walk hands the runner: a FIFO among documents comes back as review
    in its place, without opening it, and the other files are scanned."""
    clean = str(write_docx(tmp_path / "a.docx", ["关于做好春季防火工作的通知"]))
    fifo = str(tmp_path / "b.docx")
    os.mkfifo(fifo)
    for use_cache in (True, False):
        results = list(scan_files([clean, fifo], Settings(), jobs=1, use_cache=use_cache))
        assert [r.verdict.value for r in results] == ["pass", "review"]
        assert "FIFO (named pipe)" in results[1].errors[0]


def test_a_file_over_the_size_limit_is_neither_hashed_nor_read(tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:  # sparse: no disk space, the size is what counts
        fh.truncate(MAX_FILE_BYTES + 1)
    for cache in ([], ["--no-cache"]):
        code, files = baomi_json(*cache, str(big))
        assert code == 1 and files[0]["verdict"] == "review"
        assert files[0]["sha256"] == ""  # never hashed
        assert f"over the {MAX_FILE_BYTES}-byte limit" in files[0]["errors"][0]
