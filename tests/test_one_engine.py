"""One config, every way of running a scan, the same verdicts (issue 14 item 1): a plain
scan, ``baomi explain``, ``scan --staged``, the hook ``baomi install-hook`` writes (through a real ``git
commit``) and a Dask LocalCluster. The config's allowlist and threshold each turn a block
into a pass, so a runner that loses either gives a different verdict."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_docx, write_pdf
from publishing import git, init_repo, needs_git

from scanner.cli import main

pytestmark = needs_git

# A note naming a candidate, neither an internal form nor a not-public statement: the judge
# scores it (about 0.3) below the fitted internet threshold (passes), above the config's 0.2
# (blocks).
APPOINTMENT = ["关于干部任用的情况", "经研究，拟提拔陈立新同志任办公室主任。"]
# Blocks at any threshold, unless 张伟 is allowlisted.
DRAFT = ["经研究，拟提拔张伟同志任市财政局副局长，目前尚未公示，请严格保密。"]
OTHER = ["经研究，拟提拔王芳同志任市财政局副局长，目前尚未公示，请严格保密。"]
CONFIG = 'allowlist = ["张伟"]\n[thresholds]\ninternet = 0.2\n'
WITH_CONFIG = {"appointment.docx": "block", "draft.pdf": "pass", "fire.docx": "pass",
               "other.docx": "block", "secret.docx": "block"}


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    repo = init_repo(tmp_path / "site")
    write_docx(repo / "appointment.docx", APPOINTMENT)
    write_pdf(repo / "draft.pdf", DRAFT)
    write_docx(repo / "fire.docx", ["关于做好春季防火工作的通知", "请各单位认真落实。"])
    write_docx(repo / "other.docx", OTHER)
    write_docx(repo / "secret.docx", ["秘密★10年", "关于做好年度考核工作的通知"])
    (repo / ".baomi.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo


def verdicts(capsys, *argv: str) -> dict[str, str]:
    main(["scan", "--format", "json", *argv])
    return {Path(f["path"]).name: f["verdict"]
            for f in json.loads(capsys.readouterr().out)["files"]}


def explained(capsys, folder: Path) -> dict[str, str]:
    """``baomi explain`` of each document in ``folder``: its verdict, from the trace's
    first line, which must agree with the exit status."""
    found = {}
    for path in sorted(folder.glob("*.*")):
        if path.suffix in (".docx", ".pdf"):
            status = main(["explain", str(path)])
            verdict = capsys.readouterr().out.split(": ", 1)[1].split()[0]
            assert status == (0 if verdict == "pass" else 1)
            found[path.name] = verdict
    return found


def test_explain_finds_the_config_from_the_file_not_the_working_folder(repo, tmp_path,
                                                                       monkeypatch, capsys):
    """Run from outside the repository, explain still judges with the repository's
    .baomi.toml, as scan of that file does."""
    monkeypatch.chdir(tmp_path)
    assert verdicts(capsys, "--no-cache", str(repo)) == WITH_CONFIG
    assert explained(capsys, repo) == WITH_CONFIG


def test_plain_staged_hook_and_dask_agree_under_one_config(repo, tmp_path, capsys):
    distributed = pytest.importorskip("distributed", reason="pip install 'baomi[cluster]'")
    # The config matters: without it the appointment passes and the draft blocks.
    assert verdicts(capsys, "--no-cache", "--config", str(tmp_path / "empty.toml"), ".") == {
        **WITH_CONFIG, "appointment.docx": "pass", "draft.pdf": "block"}
    assert verdicts(capsys, "--no-cache", ".") == WITH_CONFIG
    assert explained(capsys, repo) == WITH_CONFIG

    git(repo, "add", ".baomi.toml")
    git(repo, "commit", "-q", "-m", "config")
    git(repo, "add", ".")
    assert verdicts(capsys, "--staged", ".") == WITH_CONFIG

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        assert verdicts(capsys, "--scheduler", cluster.scheduler_address, ".") == WITH_CONFIG
    # What the cluster cached (under a key that includes the config) serves a local scan.
    assert verdicts(capsys, ".") == WITH_CONFIG

    assert main(["install-hook"]) == 0
    capsys.readouterr()
    refused = git(repo, "commit", "-m", "publish", check=False)
    assert refused.returncode != 0
    hook = {line.split()[2]: line.split()[0].lower() for line in refused.stderr.splitlines()
            if line.split() and line.split()[0] in ("PASS", "BLOCK", "REVIEW")}
    assert hook == WITH_CONFIG
    git(repo, "rm", "-q", "--cached", "appointment.docx", "other.docx", "secret.docx")
    accepted = git(repo, "commit", "-m", "publish what passes", check=False)
    assert accepted.returncode == 0, accepted.stderr
