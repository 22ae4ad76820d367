""".baomi.toml: found from the scanned root up to the repository root, include/exclude,
dictionaries, allowlist, thresholds, errors; what it excludes is said."""
import json
import os

import pytest

from conftest import write_docx
from publishing import CLEAN_PARAGRAPHS, SECRET_PARAGRAPHS, init_repo, needs_git
from scanner.cli import main

PLAN = ["关于启动“青松行动”的工作方案", "“青松行动”具体部署尚未公开，请严格保密。"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "web"
    (root / "site" / "archive").mkdir(parents=True)
    (root / "site" / "drafts").mkdir()
    write_docx(root / "site" / "notice.docx", CLEAN_PARAGRAPHS)
    write_docx(root / "site" / "archive" / "old.docx", SECRET_PARAGRAPHS)
    write_docx(root / "site" / "drafts" / "plan.docx", PLAN)
    monkeypatch.chdir(root / "site")  # the config is found upwards
    return root


def scan_paths(capsys, *argv):
    code = main(["scan", "--format", "json", *argv])
    report = json.loads(capsys.readouterr().out)
    return code, report, {f["path"]: f for f in report["files"]}


def test_config_found_upwards_applies_globs_dictionaries_and_target(project, capsys):
    (project / "terms").mkdir()
    (project / "terms" / "ops.toml").write_text(
        'category = "operations"\nsuggested_level = "秘密"\n[terms]\n"青松行动" = 3\n',
        encoding="utf-8")
    (project / ".baomi.toml").write_text(
        'target = "extranet"\ninclude = ["site/**"]\nexclude = ["archive"]\n'
        'dictionaries = ["terms/ops.toml"]\n', encoding="utf-8")
    code, report, files = scan_paths(capsys, ".")
    assert report["target"] == "extranet"
    assert sorted(files) == ["./drafts/plan.docx", "./notice.docx"]  # archive excluded
    assert files["./drafts/plan.docx"]["status"] == "unmarked-sensitive"  # config dictionary
    assert code == 1
    # Options override the config; excluded files stay excluded even when named.
    code, report, files = scan_paths(capsys, "--target", "internet", "archive/old.docx")
    assert report["target"] == "internet" and files == {} and code == 0


def test_allowlist_drops_findings_and_markings(project, capsys):
    write_docx(project / "site" / "training.docx", ["秘密★10年", "保密培训示例材料"])
    assert main(["scan", "-q", "training.docx", "drafts/../archive/old.docx"]) == 1
    capsys.readouterr()
    # A name (spaced here: matching is on normalised text) and a sample marking shown
    # in training material.
    (project / ".baomi.toml").write_text('allowlist = ["陈 立 新", "秘密★10年"]\n',
                                         encoding="utf-8")
    code, _, files = scan_paths(capsys, "training.docx", "archive/old.docx")
    assert code == 0, files
    assert files["training.docx"]["marking"] is None
    assert files["archive/old.docx"]["findings"] == []


def test_thresholds_from_config(project, capsys):
    (project / ".baomi.toml").write_text("[thresholds]\ninternet = 1000\n", encoding="utf-8")
    code, _, files = scan_paths(capsys, "archive/old.docx")
    assert code == 0 and files["archive/old.docx"]["verdict"] == "pass"


def test_explicit_config_option(project, tmp_path, capsys):
    other = tmp_path / "strict.toml"
    other.write_text('exclude = ["*.docx"]\n', encoding="utf-8")
    code, _, files = scan_paths(capsys, "--config", str(other), str(project / "site"))
    assert files == {} and code == 0


@pytest.mark.parametrize("text, line, words", [
    ('target = "internet"\ninclude = [a]\n', 2, ["line 2"]),
    ('target = "moon"\n', 1, ["target", "internet"]),
    ('# sites\n\nexlude = ["x"]\n', 3, ["exlude", "unknown key"]),
    ('allowlist = "保密"\n', 1, ["allowlist", "list"]),
    ('target = "internet"\n[thresholds]\ninternet = 3\nintranet = 2\n', 4, ["intranet"]),
    ('[thresholds]\nextranet = "high"\n', 2, ["extranet", "number"]),
])
def test_invalid_config_exits_2_naming_file_and_line(project, capsys, text, line, words):
    (project / ".baomi.toml").write_text(text, encoding="utf-8")
    assert main(["scan", "notice.docx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("baomi: error: invalid config:") and len(err.strip().splitlines()) == 1
    assert ".baomi.toml" in err and (f":{line}:" in err or f"line {line}" in err), err
    assert all(w in err for w in words), err


def test_patterns_are_gitignore_patterns_matched_without_case(project, capsys):
    """``*.[tT]mp`` is a character class (it was taken literally), ``*.docx`` covers
    ``.DOCX`` from a Windows share, and ``!`` re-includes."""
    site = project / "site"
    write_docx(site / "a.tmp", SECRET_PARAGRAPHS)
    write_docx(site / "b.Tmp", SECRET_PARAGRAPHS)
    write_docx(site / "SHARE.DOCX", SECRET_PARAGRAPHS)
    write_docx(site / "drafts" / "keep.docx", SECRET_PARAGRAPHS)
    (project / ".baomi.toml").write_text(
        'exclude = ["*.[tT]mp", "*.docx", "!site/drafts/keep.docx", "archive/"]\n', encoding="utf-8")
    code, report, files = scan_paths(capsys, ".")
    assert sorted(files) == ["./drafts/keep.docx"] and code == 1
    assert report["config"] == str(project / ".baomi.toml")


@needs_git
def test_config_above_the_repository_does_not_apply_inside_it(tmp_path, monkeypatch, capsys):
    """The issue's case: a .baomi.toml three folders above a repository excluded every
    DOCX and PDF inside it ("0 files", exit 0)."""
    outer = tmp_path / "home"
    repo = init_repo(outer / "projects" / "gov" / "web")
    (outer / ".baomi.toml").write_text('exclude = ["*.docx", "*.pdf"]\n', encoding="utf-8")
    (repo / "site").mkdir()
    write_docx(repo / "site" / "appointment.docx", SECRET_PARAGRAPHS)
    for cwd in (repo / "site", repo, outer, tmp_path):  # wherever the user stands
        monkeypatch.chdir(cwd)
        target = os.path.relpath(repo / "site", cwd)
        code, report, files = scan_paths(capsys, target)
        assert code == 1 and report["config"] is None, (cwd, report)
        assert [f["status"] for f in files.values()] == ["unmarked-sensitive"]
    # Outside the repository the search goes on upwards: there the config applies.
    (outer / "drafts").mkdir()
    write_docx(outer / "drafts" / "a.docx", SECRET_PARAGRAPHS)
    code, report, files = scan_paths(capsys, str(outer / "drafts"))
    assert code == 0 and files == {} and report["config"] == str(outer / ".baomi.toml")


@needs_git
def test_config_is_found_from_the_scanned_root_not_the_working_directory(
        tmp_path, monkeypatch, capsys):
    repo = init_repo(tmp_path / "web")
    (repo / "site" / "drafts").mkdir(parents=True)
    write_docx(repo / "site" / "drafts" / "plan.docx", SECRET_PARAGRAPHS)
    write_docx(repo / "site" / "notice.docx", CLEAN_PARAGRAPHS)
    (repo / ".baomi.toml").write_text('exclude = ["drafts/"]\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".baomi.toml").write_text('exclude = ["*"]\n', encoding="utf-8")
    monkeypatch.chdir(elsewhere)  # its config is not the one for the repository's files
    code, report, files = scan_paths(capsys, str(repo / "site"))
    assert report["config"] == str(repo / ".baomi.toml")
    assert sorted(files) == [str(repo / "site" / "notice.docx")] and code == 0
    # Said on stderr because it excluded something; the named file is listed as skipped.
    assert main(["scan", str(repo / "site" / "drafts" / "plan.docx"),
                 str(repo / "site" / "notice.docx")]) == 0
    out, err = capsys.readouterr()
    assert f"baomi: config {repo / '.baomi.toml'} excluded 1 path (1 named" in err
    skip = next(line for line in out.splitlines() if line.startswith("SKIP"))
    assert "plan.docx" in skip and 'exclude "drafts/"' in skip


def test_named_paths_excluded_are_skipped_and_nothing_to_scan_is_said(project, capsys):
    (project / ".baomi.toml").write_text('exclude = ["archive", "*.pdf"]\n', encoding="utf-8")
    code, report, files = scan_paths(capsys, "archive/old.docx", "archive")
    assert files == {} and code == 0
    assert report["skipped"] == [{
        "path": "archive/old.docx",
        "reason": f'exclude "archive" in {project / ".baomi.toml"}'}]
    assert main(["scan", "archive/old.docx"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("SKIP") and "archive/old.docx" in out
    assert "excluded 1 path" in err and "baomi: nothing to scan" in err
    # Without exclusions the config is named only with -v.
    (project / ".baomi.toml").write_text('target = "internet"\n', encoding="utf-8")
    assert main(["scan", "-q", "notice.docx"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["scan", "-v", "notice.docx"]) == 0
    assert f"baomi: config {project / '.baomi.toml'}" in capsys.readouterr().err


@needs_git
def test_approve_and_install_hook_find_the_config_as_scan_does(tmp_path, monkeypatch, capsys):
    repo = init_repo(tmp_path / "web")
    (repo / "site").mkdir()
    doc = write_docx(repo / "site" / "appointment.docx", SECRET_PARAGRAPHS)
    (repo / ".baomi.toml").write_text('target = "internet"\n', encoding="utf-8")
    (tmp_path / ".baomi.toml").write_text('exclude = ["*"]\n', encoding="utf-8")  # never used
    monkeypatch.chdir(tmp_path)
    assert main(["approve", str(doc), "--by", "王审核", "--reason", "任前公示已发布"]) == 0
    # Kept beside the config found from the file's folder, not the one above cwd.
    assert (repo / ".baomi-approvals.toml").is_file()
    assert not (tmp_path / ".baomi-approvals.toml").exists()
    capsys.readouterr()
    code, _, files = scan_paths(capsys, str(doc))
    assert code == 0 and files[str(doc)]["approval"]["by"] == "王审核"

    monkeypatch.chdir(repo / "site")
    assert main(["install-hook"]) == 0
    assert f"config: {repo / '.baomi.toml'}" in capsys.readouterr().out
    (repo / ".baomi.toml").write_text('exclude = "*.pdf"\n', encoding="utf-8")
    assert main(["install-hook"]) == 2
    assert "invalid config" in capsys.readouterr().err
