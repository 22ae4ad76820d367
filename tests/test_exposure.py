"""Security exposure (scanner/detect/exposure.py) on built documents: a login written out, in
a paragraph or across a table row, blocks with its values masked; private addresses count;
a rule about passwords, 密码 as a sector word, a public notice's initial password, a
heading's numbering and public web addresses do not."""
from __future__ import annotations

from conftest import view_of, write_docx, write_pdf
from scanner.detect.exposure import exposure
from scanner.detect.view import View
from scanner.dictionary import load_dictionary
from scanner.extract import extract
from scanner.model import Status, Verdict

DICTIONARY = load_dictionary()

REPORT = ["关于政务信息系统安全隐患排查情况的报告", "县委网信办：",
          "按照年度安排，县数据资源中心对全县政务信息系统开展了排查，现将尚未整改的隐患报告如下。"]
CLOSING = ["县数据资源中心", "2026年11月2日"]


def test_a_login_in_a_paragraph_blocks_and_the_report_masks_it(tmp_path, scan):
    line = "县不动产登记查询系统后台管理账号admin，口令Bdc@2023，存在未授权访问漏洞。"
    path = write_docx(tmp_path / "r.docx", [*REPORT, line, *CLOSING])
    result = scan(path)
    assert result.verdict == Verdict.BLOCK and result.status == Status.UNMARKED_SENSITIVE
    finding = next(f for f in result.findings if f.rule == "content.exposure")
    assert "B******3" in finding.text and "Bdc@2023" not in finding.text + finding.context
    assert finding.detail["exposure"]["pair"] is True


def test_a_login_across_a_table_row_is_one_record(tmp_path, scan):
    # Labels heading the columns, values in the rows below them.
    table = [["系统名称", "管理账号", "密码", "状态"],
             ["社保待遇发放平台", "sa", "Sb123456", "未整改"],
             ["城管视频汇聚平台", "root", "Cg!2024x", "未整改"]]
    path = write_docx(tmp_path / "t.docx", [*REPORT, *CLOSING], table=table)
    view = View(extract(path.read_bytes(), "docx").segments, DICTIONARY)
    found = exposure(view)
    assert len(found) == 2 and all(e.detail["pair"] for e in found)
    assert "S******6" in found[0].detail["text"]
    # Labels in the cells themselves.
    labelled = [["系统名称", "账号：sa", "密码：Sb123456"]]
    result = scan(write_docx(tmp_path / "u.docx", [*REPORT, *CLOSING], table=labelled))
    assert result.verdict == Verdict.BLOCK
    assert any(f.rule == "content.exposure" for f in result.findings)
    # A column of passwords with no account column beside it is a password alone.
    alone = [["系统名称", "密码"], ["报名系统", "Ab123456"]]
    view = View(extract(write_docx(tmp_path / "v.docx", REPORT, table=alone).read_bytes(),
                        "docx").segments, DICTIONARY)
    assert [e.detail["pair"] for e in exposure(view)] == [False]


def test_private_addresses_are_evidence_public_ones_and_numbering_are_not():
    found = exposure(view_of("服务器地址10.23.8.41，备份在172.18.4.17:8080。"))
    assert [e.detail["kind"] for e in found] == ["private-address"]
    assert found[0].detail["count"] == 2 and found[0].strength > exposure(
        view_of("服务器地址192.168.30.5。"))[0].strength
    assert exposure(view_of("请访问门户网站218.75.12.9或www.example.gov.cn。")) == []
    assert exposure(view_of("10.1.2.3 本条适用于所有系统。")) == []


def test_rules_sector_words_and_initial_passwords_are_no_login(tmp_path, scan):
    rules = view_of("第十条 系统管理员应当定期更换口令，口令长度不少于8位。",
                    "密码电报按规定传阅，密码设备由专人管理。")
    assert exposure(rules) == []
    notice = ["关于2026年公开招聘考试网上报名的公告", "考生登录报名系统，账号为本人身份证号，初始密码为123456，"
              "登录后请及时修改。", "特此公告。", "县人力资源和社会保障局", "2026年3月1日"]
    found = exposure(view_of(*notice))
    # The account's value is no written token (身份证号): a password alone, weak.
    assert [e.detail["pair"] for e in found] == [False] and found[0].strength < 0.5
    path = write_docx(tmp_path / "n.docx", notice)
    assert scan(path).verdict == Verdict.PASS


def test_a_pdf_reads_the_same(tmp_path, scan):
    lines = [*REPORT, "平台地址192.168.30.5，管理员账号admin，登录密码Xq#88231。", *CLOSING]
    result = scan(write_pdf(tmp_path / "r.pdf", lines))
    assert result.verdict == Verdict.BLOCK
    assert any(f.rule == "content.exposure" for f in result.findings)
