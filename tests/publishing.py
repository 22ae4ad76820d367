"""A website repository as offices publish from: real git, real documents."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import write_docx, write_pdf

# Commits without the user's git config (signing, hooks path, templates).
GIT_ENV = {
    "GIT_AUTHOR_NAME": "网站管理员", "GIT_AUTHOR_EMAIL": "web@example.gov.cn",
    "GIT_COMMITTER_NAME": "网站管理员", "GIT_COMMITTER_EMAIL": "web@example.gov.cn",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
SECRET_PARAGRAPHS = ["关于干部任用的请示",
                     "经研究，拟提拔陈立新同志任办公室主任，尚未公示，请严格保密。"]
SECRET_WORDS = ("拟提拔", "陈立新", "秘密★10年")
CLEAN_PARAGRAPHS = ["关于做好春季防火工作的通知", "请各单位认真落实。"]

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=check, timeout=300)


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def make_site(repo: Path) -> Path:
    """site/notices/*.docx, site/files/*.pdf, index.html, all clean, committed."""
    init_repo(repo)
    (repo / "site" / "notices").mkdir(parents=True)
    (repo / "site" / "files").mkdir()
    write_docx(repo / "site" / "notices" / "fire.docx", CLEAN_PARAGRAPHS)
    write_pdf(repo / "site" / "files" / "bulletin.pdf", ["二〇二四年第一季度工作简报", "各项工作进展顺利。"])
    (repo / "index.html").write_text(
        "<!doctype html><html><body><h1>某某县人民政府</h1><p>政务公开</p></body></html>",
        encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "site")
    return repo


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A committed clean site; the working directory is its root."""
    repo = make_site(tmp_path / "web")
    monkeypatch.chdir(repo)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    return repo
