"""Fail closed at the edges of a folder walk: folders a user cannot list, entries that
cannot be looked at, paths over the OS limit, symbolic links and pipes. Nothing is
silently skipped: what cannot be read is ``review`` with the reason, what is passed over
on purpose is listed as skipped.

Permissions mean nothing to root, so the permission tests run baomi as an unprivileged
user (``setpriv`` to uid/gid 65534 when the tests run as root).
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import write_docx
from scanner.cli import main

MARKED = ["秘密★10年", "关于某事项的通知"]


def as_unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``baomi`` run by a user without root's power over permissions."""
    command = [sys.executable, "-m", "scanner.cli", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    # Its own temp folder: the user cannot write where root's runs left their files.
    env = {**os.environ, "TMPDIR": str(cwd), "HOME": str(cwd)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def open_dir():
    """A folder every user can enter (pytest's own temp folders are root's alone)."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv (util-linux) is not installed: "
                    "cannot drop privileges to test permissions")
    folder = Path(tempfile.mkdtemp(prefix="baomi-perm-"))
    folder.chmod(0o777)
    yield folder
    for path, dirs, _files in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(path, d), 0o755)
    shutil.rmtree(folder)


def test_folder_without_read_permission_is_review(open_dir):
    """The issue's case: ``closed/`` holds a 秘密★10年 file; it was "0 files", exit 0."""
    closed = open_dir / "closed"
    closed.mkdir()
    write_docx(closed / "notice.docx", MARKED)
    write_docx(open_dir / "public.docx", ["关于做好春季防火工作的通知"])
    closed.chmod(0o000)
    proc = as_unprivileged(["scan", "--no-cache", "--format", "json", "."], open_dir)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    assert files["./closed"]["verdict"] == "review"
    assert files["./closed"]["errors"] == ["cannot list folder: Permission denied"]
    assert files["./public.docx"]["verdict"] == "pass"  # read as the unprivileged user
    proc = as_unprivileged(["scan", "--no-cache", "closed"], open_dir)
    assert proc.returncode == 1 and proc.stdout.startswith("REVIEW unreadable         closed  — "
                                                           "cannot list folder"), proc.stdout


def test_entries_that_cannot_be_opened_are_review(open_dir):
    """A file without read permission, and a folder that can be listed but not entered
    (r without x: its names are known, nothing in it can be looked at)."""
    write_docx(open_dir / "locked.docx", MARKED).chmod(0o000)
    listed = open_dir / "listed"
    listed.mkdir()
    write_docx(listed / "inside.docx", MARKED)
    listed.chmod(0o444)
    proc = as_unprivileged(["scan", "--no-cache", "--format", "json", "."], open_dir)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    files = {f["path"]: f for f in json.loads(proc.stdout)["files"]}
    assert set(files) == {"./locked.docx", "./listed/inside.docx"}
    assert all(f["verdict"] == "review" for f in files.values())
    assert "Permission denied" in files["./locked.docx"]["errors"][0]
    assert files["./listed/inside.docx"]["errors"] == ["cannot open: Permission denied"]


def deep_tree(top: Path, depth: int = 22) -> Path:
    """A folder nested past PATH_MAX (4096 bytes on Linux), built one level at a time."""
    here = os.getcwd()
    try:
        top.mkdir()
        os.chdir(top)
        for _ in range(depth):
            os.mkdir("x" * 200)
            os.chdir("x" * 200)
        Path("notice.txt").write_text("秘密★10年\n关于某事项的通知\n", encoding="utf-8")
    finally:
        os.chdir(here)
    return top


def test_paths_over_the_os_limit_are_review(tmp_path, monkeypatch, capsys):
    top = deep_tree(tmp_path / "deep")
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "--no-cache", "--format", "json", "deep"]) == 1
    (entry,) = json.loads(capsys.readouterr().out)["files"]
    assert entry["verdict"] == "review" and entry["path"].startswith("deep/xxx")
    assert entry["errors"] == ["cannot open folder: File name too long"]
    assert len(entry["path"]) > os.pathconf(top, "PC_PATH_MAX")


def test_symbolic_links_followed_once_and_reported(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    (tmp_path / "shared").mkdir()
    write_docx(tmp_path / "shared" / "marked.docx", MARKED)
    site.mkdir()
    (site / "shared").symlink_to(tmp_path / "shared")  # outside the tree: followed
    (site / "again").symlink_to(tmp_path / "shared")  # a second way in: skipped, said
    (site / "sub").mkdir()
    (site / "sub" / "up").symlink_to(site)  # a loop
    (site / "gone.docx").symlink_to(tmp_path / "missing.docx")
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "--no-cache", "--format", "json", "site"]) == 1
    report = json.loads(capsys.readouterr().out)
    files = {f["path"]: f for f in report["files"]}
    assert files["site/again/marked.docx"]["status"] == "classified"  # sorted: again first
    assert "site/shared/marked.docx" not in files
    assert files["site/gone.docx"]["verdict"] == "review"
    assert "broken symbolic link" in files["site/gone.docx"]["errors"][0]
    skipped = {s["path"]: s["reason"] for s in report["skipped"]}
    assert set(skipped) == {"site/shared", "site/sub/up"}
    assert "site/again" in skipped["site/shared"] and "site" in skipped["site/sub/up"]
    assert main(["scan", "--no-cache", "site"]) == 1
    out = capsys.readouterr().out
    assert any(line.startswith("SKIP") and "site/sub/up" in line for line in out.splitlines())


def test_a_pipe_in_a_folder_is_review_not_a_hang(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    write_docx(folder / "notice.docx", ["关于做好春季防火工作的通知"])
    os.mkfifo(folder / "feed.docx")
    proc = subprocess.run([sys.executable, "-m", "scanner.cli", "scan", "--format", "json",
                           "--no-cache", str(folder)], capture_output=True, text=True,
                          timeout=120)
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert proc.returncode == 1
    assert files["feed.docx"]["errors"] == ["FIFO (named pipe), not a regular file: not read"]
    assert stat.S_ISFIFO(os.stat(folder / "feed.docx").st_mode)
    assert files["notice.docx"]["verdict"] == "pass"
