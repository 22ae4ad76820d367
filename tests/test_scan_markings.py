"""Markings found where markings go, in real DOCX and PDF files, and nowhere else."""
import pytest

from conftest import A4, MM, write_docx, write_pdf
from scanner.model import Status, Verdict

TITLE = "关于做好2026年度安全生产大检查工作的通知"
BODY = ["各区人民政府，市政府各委、办、局：", "为切实做好全市安全生产工作，现将有关事项通知如下。"]


@pytest.mark.parametrize("mark, level, term", [
    ("秘密★10年", "秘密", "10年"),
    ("机密★6个月", "机密", "6个月"),
    ("秘密★2027年12月31日", "秘密", "2027年12月31日"),
    ("绝密★启用前", "绝密", "启用前"),
    ("机密", "机密", None),
    ("秘 密 ★ 1 年", "秘密", "1年"),
    ("秘密＊5年", "秘密", "5年"),
    ("秘密☆5年", "秘密", "5年"),
])
def test_docx_marking_forms(tmp_path, scan, mark, level, term):
    path = write_docx(tmp_path / "notice.docx", ["000123", mark, TITLE, *BODY])
    result = scan(path)
    assert result.verdict is Verdict.BLOCK and result.status is Status.CLASSIFIED
    assert (result.marking.level, result.marking.term) == (level, term)
    assert result.marking.location.part == "body" and result.marking.location.page == 1
    assert result.marking.copy_number == "000123"


@pytest.mark.parametrize("mark, level, term", [
    ("秘密★10年", "秘密", "10年"), ("机密★6个月", "机密", "6个月"), ("绝密★启用前", "绝密", "启用前"),
])
def test_pdf_marking_top_left(tmp_path, scan, mark, level, term):
    path = write_pdf(tmp_path / "notice.pdf", ["000001", mark, TITLE, *BODY])
    result = scan(path)
    assert result.status is Status.CLASSIFIED
    assert (result.marking.level, result.marking.term) == (level, term)
    assert result.marking.location.page == 1
    assert result.marking.copy_number == "000001"


def test_pdf_legacy_top_right_marking(tmp_path, scan):
    """Documents under the 1999 edition carry the mark top right."""
    path = write_pdf(tmp_path / "old.pdf", [("机密★10年", A4[0] - 60 * MM, 40 * MM), TITLE, *BODY])
    assert scan(path).marking.level == "机密"


def test_pdf_mark_lower_on_the_page_is_not_a_marking(tmp_path, scan):
    lines = [TITLE, *BODY, ("秘密", 28 * MM, A4[1] - 60 * MM)]
    assert scan(write_pdf(tmp_path / "low.pdf", lines)).status is Status.CLEAN


def test_docx_mark_deep_in_the_body_is_not_a_marking(tmp_path, scan):
    body = [TITLE, *BODY] + [f"第{i}条 相关工作要求。" for i in range(1, 9)] + ["秘密"]
    assert scan(write_docx(tmp_path / "deep.docx", body)).status is Status.CLEAN


@pytest.mark.parametrize("sentence", [
    "秘密级以上文件应当由机要人员统一管理。",
    "绝密级、机密级、秘密级国家秘密的保密期限，分别不超过三十年、二十年、十年。",
])
def test_sentence_naming_a_level_is_not_a_marking(tmp_path, scan, sentence):
    result = scan(write_docx(tmp_path / "rule.docx", [sentence, TITLE]))
    assert result.marking is None and result.verdict is Verdict.PASS


@pytest.mark.parametrize("mark, level", [
    ("内部", "内部"), ("内部资料 注意保存", "内部"), ("工作秘密", "工作秘密"),
    ("内部事项 注意保管", "内部"),
])
def test_restricted_markings(tmp_path, scan, mark, level):
    result = scan(write_docx(tmp_path / "internal.docx", [mark, TITLE, *BODY]))
    assert result.status is Status.RESTRICTED and result.verdict is Verdict.BLOCK
    assert result.marking.level == level and result.marking.term is None


def test_internal_control_is_not_internal(tmp_path, scan):
    result = scan(write_docx(tmp_path / "ic.docx", ["内部控制", "关于加强内部控制建设的指导意见", *BODY]))
    assert result.verdict is Verdict.PASS


def test_marking_split_across_runs(tmp_path, scan):
    path = write_docx(tmp_path / "runs.docx", [["秘", "密★", "1", "0年"], TITLE])
    assert (scan(path).marking.level, scan(path).marking.term) == ("秘密", "10年")


def test_marking_in_first_page_header(tmp_path, scan):
    path = write_docx(tmp_path / "hdr.docx", [TITLE, *BODY], first_page_header="机密★5年")
    result = scan(path)
    assert result.marking.level == "机密" and result.marking.location.part == "header"


def test_form_table_marking(tmp_path, scan):
    rows = [["呈批件", ""], ["密级", "秘密"], ["保密期限", "5年"], ["标题", "关于调整机构编制的请示"]]
    result = scan(write_docx(tmp_path / "form.docx", [], table=rows, table_first=True))
    assert result.status is Status.CLASSIFIED
    assert (result.marking.level, result.marking.term) == ("秘密", "5年")
    assert result.marking.location.part == "table"


def test_highest_level_wins(tmp_path, scan):
    path = write_docx(tmp_path / "two.docx", ["内部", "机密★1年", TITLE])
    assert scan(path).marking.level == "机密"


def test_term_over_maximum_is_reported(tmp_path, scan):
    result = scan(write_docx(tmp_path / "long.docx", ["秘密★20年", TITLE]))
    assert result.status is Status.CLASSIFIED
    assert any(f.rule == "marking.irregular" for f in result.findings)
