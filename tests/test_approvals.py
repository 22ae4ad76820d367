"""baomi approve (审签): an approved file passes while its bytes are unchanged."""
import json

from conftest import write_docx
from publishing import SECRET_PARAGRAPHS, SECRET_WORDS, git, needs_git, site  # noqa: F401
from scanner.cli import main

pytestmark = needs_git


def test_approval_accepted_then_voided_by_an_edit(site, capsys):
    doc = site / "site" / "notices" / "appointment.docx"
    write_docx(doc, SECRET_PARAGRAPHS)
    assert main(["scan", "-q", str(doc)]) == 1

    assert main(["approve", str(doc), "--by", "王审核", "--reason", "任前公示已发布，可公开"]) == 0
    record = (site / ".baomi-approvals.toml").read_text(encoding="utf-8")
    assert "site/notices/appointment.docx" in record and "王审核" in record
    assert not any(word in record for word in SECRET_WORDS)  # hashes and metadata only

    capsys.readouterr()
    assert main(["scan", "--format", "json", "site"]) == 0
    files = {f["path"]: f for f in json.loads(capsys.readouterr().out)["files"]}
    approved = files["site/notices/appointment.docx"]
    assert approved["verdict"] == "pass" and approved["status"] == "unmarked-sensitive"
    assert approved["approval"]["by"] == "王审核" and approved["approval"]["at"].endswith("Z")

    # The staged version (what the commit holds) is approved too.
    git(site, "add", ".")
    assert main(["scan", "-q", "--staged", "."]) == 0

    write_docx(doc, SECRET_PARAGRAPHS + ["补充说明。"])
    assert main(["scan", "-q", str(doc)]) == 1
    capsys.readouterr()
    assert main(["approve", "--list"]) == 0
    assert capsys.readouterr().out.startswith("changed  site/notices/appointment.docx")
    doc.unlink()
    assert main(["approve", "--list"]) == 0
    assert capsys.readouterr().out.startswith("missing  site/notices/appointment.docx")


def test_approve_usage(site, tmp_path, capsys):
    doc = site / "index.html"
    assert main(["approve", str(doc), "--by", "王审核"]) == 2
    elsewhere = tmp_path / "x.docx"
    write_docx(elsewhere, ["通知"])
    assert main(["approve", str(elsewhere), "--by", "王审核", "--reason", "ok"]) == 2
    assert "outside" in capsys.readouterr().err
    (site / ".baomi-approvals.toml").write_text("[[approval]]\npath = 1\n")
    assert main(["scan", "index.html"]) == 2
    assert "approvals" in capsys.readouterr().err


def test_an_approval_never_publishes_a_marked_file(site, capsys):
    """Approving accepts a finding; it cannot lift a 秘密★10年 mark (that is 解密)."""
    import os

    from scanner.publish.approvals import (APPROVALS_NAME, approve, load_approvals, sha256_of)

    doc = site / "site" / "notices" / "secret.docx"
    write_docx(doc, ["秘密★10年", "关于某项工作的通知", "请各单位认真落实。"])
    assert main(["approve", str(doc), "--by", "王审核", "--reason", "可以公开"]) == 1
    assert "秘密★10年" in capsys.readouterr().err
    assert not (site / APPROVALS_NAME).exists()

    # An approval written another way (by hand, or before the rule) does not apply either.
    approvals = load_approvals(site / APPROVALS_NAME)
    approve(approvals, doc, "王审核", "可以公开")
    assert load_approvals(site / APPROVALS_NAME).entries["site/notices/secret.docx"].sha256 \
        == sha256_of(doc)
    capsys.readouterr()
    assert main(["scan", "--format", "json", os.path.relpath(doc)]) == 1
    (result,) = json.loads(capsys.readouterr().out)["files"]
    assert (result["verdict"], result["status"]) == ("block", "classified")
    assert "approval" not in result


def test_the_pass_line_says_who_approved(site, capsys):
    doc = site / "site" / "notices" / "appointment.docx"
    write_docx(doc, SECRET_PARAGRAPHS)
    assert main(["approve", str(doc), "--by", "王审核", "--reason", "任前公示已发布"]) == 0
    capsys.readouterr()
    assert main(["scan", str(doc)]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("PASS") and "approved by 王审核" in line


def test_without_a_config_the_approvals_at_the_repository_root_apply_in_its_folders(
        site, monkeypatch, capsys):
    """No .baomi.toml: the approvals are at the root git names, however deep the scan
    starts; a folder outside the repository has none."""
    doc = site / "site" / "notices" / "appointment.docx"
    write_docx(doc, SECRET_PARAGRAPHS)
    assert main(["approve", str(doc), "--by", "王审核", "--reason", "任前公示已发布，可公开"]) == 0
    assert not (site / ".baomi.toml").exists()
    monkeypatch.chdir(site / "site" / "notices")
    capsys.readouterr()
    assert main(["scan", "--format", "json", "appointment.docx"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["approval"]["by"] == "王审核"
    outside = site.parent / "elsewhere"
    outside.mkdir()
    copy = write_docx(outside / "appointment.docx", SECRET_PARAGRAPHS)
    monkeypatch.chdir(outside)
    assert main(["scan", "-q", str(copy)]) == 1
