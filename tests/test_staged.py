"""baomi scan --staged and baomi install-hook: what is checked is what is committed."""
import json

from conftest import write_docx, write_png
from publishing import CLEAN_PARAGRAPHS, SECRET_PARAGRAPHS, git, needs_git, site  # noqa: F401
from scanner.cli import main

pytestmark = needs_git


def scan_json(capsys, *argv):
    code = main(["scan", "--format", "json", *argv])
    return code, {f["path"]: f for f in json.loads(capsys.readouterr().out)["files"]}


def test_staged_sensitive_refused_though_worktree_is_clean(site, capsys):
    doc = site / "site" / "notices" / "appointment.docx"
    write_docx(doc, SECRET_PARAGRAPHS)
    git(site, "add", str(doc))
    write_docx(doc, CLEAN_PARAGRAPHS)  # the working tree now differs from the index
    assert main(["scan", str(doc)]) == 0
    capsys.readouterr()
    code, files = scan_json(capsys, "--staged", "site/notices/appointment.docx")
    assert code == 1
    assert files["site/notices/appointment.docx"]["status"] == "unmarked-sensitive"


def test_staged_clean_passes_though_worktree_is_sensitive(site, capsys):
    doc = site / "site" / "notices" / "fire.docx"
    write_docx(doc, SECRET_PARAGRAPHS)  # edited, not staged: the commit holds the clean one
    assert main(["scan", str(doc)]) == 1
    capsys.readouterr()
    code, files = scan_json(capsys, "--staged", "site/notices/fire.docx")
    assert code == 0 and files["site/notices/fire.docx"]["verdict"] == "pass"


def test_staged_dot_is_the_whole_index_with_repo_relative_paths(site, capsys, monkeypatch):
    (site / "site" / "app.js").write_text("console.log('not a document')\n")
    (site / ".github").mkdir()
    write_docx(site / ".github" / "notes.docx", SECRET_PARAGRAPHS)
    git(site, "add", ".")
    code, files = scan_json(capsys, "--staged", ".")
    assert code == 0
    assert sorted(files) == ["index.html", "site/files/bulletin.pdf", "site/notices/fire.docx"]
    monkeypatch.chdir(site / "site")
    code, files = scan_json(capsys, "--staged", "notices")
    assert sorted(files) == ["site/notices/fire.docx"]


def test_staged_usage_errors(site, tmp_path, capsys, monkeypatch):
    assert main(["scan", "--staged", "no/such/file.docx"]) == 2
    assert "did not match" in capsys.readouterr().err
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    assert main(["scan", "--staged", "."]) == 2
    assert "git repository" in capsys.readouterr().err


def test_lfs_pointer_is_not_passed(site, capsys):
    pointer = site / "site" / "files" / "big.pdf"
    pointer.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:"
                       + "0" * 64 + "\nsize 123456\n")
    git(site, "add", str(pointer))
    code, files = scan_json(capsys, "--staged", str(pointer.relative_to(site)))
    assert code == 1 and "LFS" in files["site/files/big.pdf"]["errors"][0]


def test_install_hook_refuses_sensitive_commits(site, capsys):
    assert main(["install-hook"]) == 0
    assert "installed" in capsys.readouterr().out
    assert main(["install-hook"]) == 0  # idempotent
    assert "unchanged" in capsys.readouterr().out

    doc = site / "site" / "notices" / "appointment.docx"
    write_docx(doc, SECRET_PARAGRAPHS)
    git(site, "add", str(doc))
    refused = git(site, "commit", "-m", "publish appointment", check=False)
    assert refused.returncode != 0
    # git shows a hook's output on stderr.
    line = next(x for x in refused.stderr.splitlines() if "appointment.docx" in x)
    assert line.startswith("BLOCK") and "拟提拔" in line

    write_docx(doc, CLEAN_PARAGRAPHS)
    git(site, "add", str(doc))
    accepted = git(site, "commit", "-m", "publish notice", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "1 files: 1 pass" in accepted.stderr


def test_install_hook_keeps_a_foreign_hook(site, capsys):
    hook = site / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    assert main(["install-hook"]) == 1
    assert "not baomi's" in capsys.readouterr().err
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert main(["install-hook", "--force"]) == 0
    assert (hook.parent / "pre-commit.orig").read_text() == "#!/bin/sh\nexit 0\n"
    assert "baomi-hook" in hook.read_text()


def test_install_hook_lists_images_as_not_read_and_lets_them_through(site, capsys, monkeypatch):
    """Images are not documents unless OCR is on: the git hook used to refuse every commit
    that added one (review) while the pre-commit framework skipped them. Both now pass them
    and say they were not read (tests/test_precommit.py); an image under a document's name
    is still review."""
    monkeypatch.setenv("BAOMI_OCR", "off")
    assert main(["install-hook"]) == 0
    write_png(site / "site" / "logo.png")
    git(site, "add", "site/logo.png")
    accepted = git(site, "commit", "-m", "logo", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    skip = next(x for x in accepted.stderr.splitlines() if "logo.png" in x)
    assert skip.startswith("SKIP") and "text in images is not read" in skip
    assert "baomi: nothing to scan" in accepted.stderr

    write_png(site / "site" / "files" / "scan.pdf")  # a picture that claims to be a PDF
    git(site, "add", "site/files/scan.pdf")
    refused = git(site, "commit", "-m", "scan", check=False)
    assert refused.returncode != 0
    assert any(x.startswith("REVIEW") and "scan.pdf" in x for x in refused.stderr.splitlines())


def test_staged_paths_the_config_excludes_are_listed_as_skipped(site, capsys):
    (site / ".baomi.toml").write_text('exclude = ["site/files/"]\n', encoding="utf-8")
    code, files = scan_json(capsys, "--staged", "site/files/bulletin.pdf", "index.html")
    assert code == 0 and sorted(files) == ["index.html"]
    main(["scan", "--staged", "site/files/bulletin.pdf"])
    out, err = capsys.readouterr()
    assert out.startswith("SKIP") and "site/files/bulletin.pdf" in out
    assert 'exclude "site/files/"' in out and "baomi: nothing to scan" in err
