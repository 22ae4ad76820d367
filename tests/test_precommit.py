"""The pre-commit hook through the real pre-commit framework, in a website repository.

pre-commit builds a virtualenv and pip-installs baomi into it: that is done once per test
session (a snapshot of this working tree as a git repository, one pre-commit store).
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import write_docx, write_png
from publishing import CLEAN_PARAGRAPHS, GIT_ENV, SECRET_PARAGRAPHS, git, init_repo, make_site
from scanner.extract.sniff import CLAIMED_BY_EXTENSION

ROOT = Path(__file__).resolve().parents[1]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install '.[dev]')")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_hook_definition_matches_the_formats_baomi_reads():
    (hook,) = HOOKS
    assert hook["id"] == "baomi" and hook["entry"] == "baomi scan --"
    assert hook["language"] == "python" and hook["require_serial"] is True
    files = re.compile(hook["files"])
    # .xml claims no type (a sitemap is not a document) but may hold Word 2003 XML.
    for extension in [*CLAIMED_BY_EXTENSION, ".xml"]:
        assert files.search(f"site/a{extension}") and files.search(f"A{extension.upper()}")
    assert not files.search("site/app.js") and not files.search("style.css")
    for image in ("logo.png", "photo.JPG", "scan.jpeg", "a.gif", "b.tif", "c.tiff", "d.bmp",
                  "e.webp"):  # passed to baomi, which reads them with OCR or says it cannot
        assert files.search(f"site/{image}"), image


@pytest.fixture(scope="session")
def baomi_repo(tmp_path_factory):
    """This working tree (committed or not) as a git repository pre-commit can install."""
    snapshot = init_repo(tmp_path_factory.mktemp("baomi") / "baomi")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    git(snapshot, "add", ".")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="session")
def precommit_env(tmp_path_factory):
    # One store for the session; the hook's virtualenv may use the packages already
    # installed here (pip still installs baomi itself from the snapshot).
    return {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("store")),
            "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1", "PRE_COMMIT_COLOR": "never"}


def pre_commit(repo, env, *args):
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def installed_site(tmp_path_factory, baomi_repo, precommit_env):
    """A website repository with baomi in .pre-commit-config.yaml, hooks installed."""
    path, rev = baomi_repo
    site = make_site(tmp_path_factory.mktemp("web") / "web")
    config = {"repos": [{"repo": str(path), "rev": rev, "hooks": [{"id": "baomi"}]}]}
    (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(site, "add", ".pre-commit-config.yaml")
    git(site, "commit", "-q", "-m", "pre-commit config")
    for step in (["install"], ["install-hooks"]):
        proc = pre_commit(site, precommit_env, *step)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


def test_commits_through_pre_commit(installed_site, precommit_env):
    site = installed_site
    doc = site / "site" / "notices" / "appointment.docx"
    write_docx(doc, SECRET_PARAGRAPHS)
    git(site, "add", str(doc))
    refused = subprocess.run(["git", "commit", "-m", "publish"], cwd=site, env=precommit_env,
                             capture_output=True, text=True, timeout=600)
    assert refused.returncode != 0
    # git shows a hook's output on stderr.
    line = next(x for x in refused.stderr.splitlines() if "appointment.docx" in x)
    assert line.startswith("BLOCK") and "拟提拔" in line

    # Approved (审签) as it is: the same bytes now go through.
    approve = subprocess.run([sys.executable, "-m", "scanner.cli", "approve", str(doc), "--by",
                              "王审核", "--reason", "任前公示已发布"], cwd=site,
                             capture_output=True, text=True, timeout=300)
    assert approve.returncode == 0, approve.stderr
    git(site, "add", ".baomi-approvals.toml")
    accepted = subprocess.run(["git", "commit", "-m", "publish"], cwd=site, env=precommit_env,
                              capture_output=True, text=True, timeout=600)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    write_docx(site / "site" / "notices" / "holiday.docx", CLEAN_PARAGRAPHS)
    git(site, "add", ".")
    clean = subprocess.run(["git", "commit", "-m", "holiday notice"], cwd=site,
                           env=precommit_env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0 and "Passed" in clean.stderr, clean.stdout + clean.stderr


def test_try_repo(tmp_path, baomi_repo, precommit_env):
    """``pre-commit try-repo`` as a site maintainer first tries the hook (its own store)."""
    site = make_site(tmp_path / "web")
    write_docx(site / "site" / "notices" / "appointment.docx", SECRET_PARAGRAPHS)
    git(site, "add", ".")
    proc = pre_commit(site, precommit_env, "try-repo", str(baomi_repo[0]), "baomi", "--files",
                      "site/notices/appointment.docx", "site/notices/fire.docx",
                      "site/files/bulletin.pdf", "index.html")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert any(x.startswith("BLOCK") and "appointment.docx" in x for x in lines), proc.stdout
    assert sum(x.startswith("PASS") for x in lines) == 3
    assert "4 files: 3 pass, 1 block, 0 review" in lines


def test_file_names_are_never_options(installed_site, precommit_env):
    """Two attacks through committed file names: ``-oindex.html`` would make the report
    overwrite the site's index.html, and ``--config=cfg.md`` + a cfg.md excluding everything
    would let a 秘密★10年 document through. After ``--`` both are plain paths."""
    site = installed_site
    index = (site / "index.html").read_bytes()
    (site / "-oindex.html").write_text("<html><body><p>欢迎访问</p></body></html>",
                                       encoding="utf-8")
    (site / "cfg.md").write_text('exclude = ["*"]\n', encoding="utf-8")
    (site / "--config=cfg.md").write_text("# 说明\n", encoding="utf-8")
    write_docx(site / "site" / "notices" / "marked.docx", ["秘密★10年", "关于某事项的通知"])
    git(site, "add", "--", "-oindex.html", "cfg.md", "--config=cfg.md",
        "site/notices/marked.docx")
    try:
        refused = subprocess.run(["git", "commit", "-m", "publish"], cwd=site,
                                 env=precommit_env, capture_output=True, text=True, timeout=600)
        assert refused.returncode != 0, refused.stdout + refused.stderr
        assert (site / "index.html").read_bytes() == index
        assert any(x.startswith("BLOCK") and "marked.docx" in x
                   for x in refused.stderr.splitlines()), refused.stderr
        assert any("-oindex.html" in x for x in refused.stderr.splitlines())
    finally:
        git(site, "reset", "-q", "--hard")
        git(site, "clean", "-qfd")


def test_images_are_not_read_without_ocr_as_in_the_git_hook(installed_site, precommit_env):
    """Images are not documents unless OCR is on: the framework passes them to baomi,
    which lists them as not read, and the commit goes through, as with install-hook's hook
    (tests/test_staged.py). A document beside them is still judged."""
    site = installed_site
    env = {**precommit_env, "BAOMI_OCR": "off"}
    head = git(site, "rev-parse", "HEAD").stdout.strip()
    write_png(site / "site" / "logo.png")
    git(site, "add", "site/logo.png")
    try:
        run = pre_commit(site, env, "run", "baomi", "--files", "site/logo.png", "--verbose")
        assert run.returncode == 0, run.stdout + run.stderr
        skip = next(x for x in run.stdout.splitlines() if "logo.png" in x)
        assert skip.startswith("SKIP") and "text in images is not read" in skip
        committed = subprocess.run(["git", "commit", "-m", "logo"], cwd=site, env=env,
                                   capture_output=True, text=True, timeout=600)
        assert committed.returncode == 0, committed.stdout + committed.stderr

        write_png(site / "site" / "chart.png")
        write_docx(site / "site" / "notices" / "appointment.docx", SECRET_PARAGRAPHS)
        git(site, "add", ".")
        refused = subprocess.run(["git", "commit", "-m", "chart"], cwd=site, env=env,
                                 capture_output=True, text=True, timeout=600)
        assert refused.returncode != 0
        lines = refused.stdout.splitlines() + refused.stderr.splitlines()
        assert any(x.startswith("BLOCK") and "appointment.docx" in x for x in lines), lines
        assert any(x.startswith("SKIP") and "chart.png" in x for x in lines), lines
    finally:
        git(site, "reset", "-q", "--hard", head)
        git(site, "clean", "-qfd")
