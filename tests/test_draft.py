"""Draft marks (scanner/detect/draft.py) on built documents: a report addressed to a superior,
a 专报 with its 报送 line, a paper signed by its drafter and reviewer, a title that says the
text is not final; and the forms that carry none of them — a downward notice, a speech, a
draft published for comment, a form's blank labels."""
from __future__ import annotations

from conftest import write_docx
from scanner.detect.draft import draft_marks
from scanner.detect.registry import detect
from scanner.detect.view import View
from scanner.dictionary import load_dictionary
from scanner.extract import extract
from scanner.judge.features import file_evidence

DICTIONARY = load_dictionary()

BODY = ["一、基本情况", "截至3月10日，全县共排查隐患点42处，涉及群众316户。",
        "二、下步工作", "拟于3月20日前完成转移安置，所需资金约860万元。"]


def docx_view(tmp_path, paragraphs: list[str], **kwargs) -> View:
    path = write_docx(tmp_path / "report.docx", paragraphs, **kwargs)
    return View(extract(path.read_bytes(), "docx").segments, DICTIONARY)


def test_a_report_addressed_to_a_superior_is_a_draft(tmp_path):
    """address-line: 主送 one organ or one leader under the title."""
    for address in ("县人民政府：", "局领导：", "县防汛抗旱指挥部："):
        view = docx_view(tmp_path, ["关于地质灾害隐患排查情况的报告", address, *BODY])
        assert draft_marks(view) == {"address-line": address.replace("：", ":")}


def test_a_downward_notice_or_a_speech_is_no_draft(tmp_path):
    """A distribution to many (各乡镇人民政府，县直各单位：) or a salutation (各位代表：) is a
    notice or a speech, published as often as not."""
    for address in ("各乡镇人民政府，县直各单位：", "各位代表：", "同志们："):
        view = docx_view(tmp_path, ["关于地质灾害隐患排查情况的通知", address, *BODY])
        assert draft_marks(view) == {}
        assert not [e for e in detect(view) if e.signal == "draft"]


def test_sign_off_and_report_lines_in_the_closing_lines_and_the_footer(tmp_path):
    """sign-off (报告人：, 审核：) and report-line (报：, in a 专报's footer)."""
    view = docx_view(tmp_path, ["疫情研判报告（第3期）", *BODY, "报告人：流调组 周慧敏",
                                "审核：副主任 彭立新"], footer="报：县委书记、县长")
    marks = draft_marks(view)
    assert set(marks) == {"sign-off", "report-line"}
    assert marks["sign-off"].startswith("报告人")
    found = [e for e in detect(view) if e.signal == "draft"]
    assert len(found) == 1 and found[0].strength == 1.0


def test_a_blank_label_of_a_form_is_no_sign_off(tmp_path):
    """A form's labels with nothing after them (审核：) are its blanks, not a signature."""
    view = docx_view(tmp_path, ["隐患点排查登记表", *BODY, "填报人：", "审核："])
    assert draft_marks(view) == {}


def test_a_title_that_says_the_text_is_not_final(tmp_path):
    """pending-title: 待公示, 初稿; a 征求意见稿 is published for comment."""
    pending = docx_view(tmp_path, ["科研项目评审结果汇总（待公示）", *BODY])
    for_comment = docx_view(tmp_path, ["地质灾害防治办法（征求意见稿）", *BODY])
    assert draft_marks(pending) == {"pending-title": "待公示"}
    assert draft_marks(for_comment) == {}


def test_a_draft_reads_as_an_internal_form_for_the_judge(tmp_path):
    """A report of no known kind that addresses its superior is weighed as an internal form
    is (the internal feature) and pairs with the undecided signal."""
    addressed = docx_view(tmp_path, ["关于地质灾害隐患排查情况的报告", "县人民政府：", *BODY])
    plain = docx_view(tmp_path, ["关于地质灾害隐患排查情况的报告", *BODY])
    features = [file_evidence(detect(v), DICTIONARY).passages[0].features
                for v in (addressed, plain)]
    assert features[0]["draft"] == 1.0 and features[0]["internal"] >= 0.6
    assert features[1]["draft"] == 0.0 and features[1]["internal"] < features[0]["internal"]
