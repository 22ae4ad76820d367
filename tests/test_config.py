""".baomi.toml: found upwards, include/exclude, dictionaries, allowlist, thresholds, errors."""
import json

import pytest

from conftest import write_docx
from publishing import CLEAN_PARAGRAPHS, SECRET_PARAGRAPHS
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
