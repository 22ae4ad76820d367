"""Unmarked sensitive content: topic with not-public signals blocks; public text passes."""
import pytest

from conftest import write_docx, write_pdf
from scanner.judge.policy import THRESHOLDS
from scanner.model import Status, Verdict

DRAFT = [
    "关于调整部分市管干部职务的请示（讨论稿）",
    "市委组织部：",
    "经局党组研究，拟提拔王志强同志任市交通运输局副局长，拟免去刘红梅同志市交通运输局运输管理科科长职务。",
    "上述人选目前尚未公示，请严格控制知悉范围，严格保密。",
    "中共某市交通运输局党组",
    "2026年3月12日",
]
PUBLIC_NOTICE = [
    "中共某市委组织部关于市管干部任前公示的公告",
    "根据《党政领导干部选拔任用工作条例》有关规定，经市委研究，拟提拔王志强同志任市交通运输局副局长，现予以公示。",
    "公示期为2026年3月20日至3月26日。公示期间，如对公示对象有异议，可通过来电来信来访等方式向市委组织部反映。",
    "特此公告。",
]
REGULATION = [
    "中华人民共和国保守国家秘密法（节选）",
    "第十三条 国家秘密的密级分为绝密、机密、秘密三级。绝密级国家秘密是最重要的国家秘密，泄露会使国家安全和利益遭受特别严重的损害。",
    "第二十八条 机关、单位应当加强对国家秘密载体的管理，任何组织和个人不得有下列行为：非法获取、持有国家秘密载体；买卖、转送或者私自销毁国家秘密载体；通过普通邮政、快递等无保密措施的渠道传递国家秘密载体；邮寄、托运国家秘密载体出境。",
    "第三十条 存储、处理国家秘密的计算机信息系统按照涉密程度实行分级保护。涉密信息系统应当严格保密，不得外传。",
]
TENDER = [
    "某市自来水公司有机密封件采购项目招标公告",
    "项目名称：有机密封件及配套管件采购。采购数量：有机密封件2000套。",
    "投标人须在2026年4月10日前提交投标文件。特此公告。",
]


def test_unmarked_personnel_draft_blocks(tmp_path, scan):
    result = scan(write_docx(tmp_path / "draft.docx", DRAFT))
    assert result.verdict is Verdict.BLOCK and result.status is Status.UNMARKED_SENSITIVE
    personnel = [f for f in result.findings if f.category == "personnel"]
    assert personnel and personnel[0].location.part == "body"
    assert "拟提拔" in {f.text for f in personnel}
    assert result.score >= THRESHOLDS["internet"]


def test_unmarked_personnel_draft_pdf_blocks(tmp_path, scan):
    assert scan(write_pdf(tmp_path / "draft.pdf", DRAFT)).status is Status.UNMARKED_SENSITIVE


@pytest.mark.parametrize("paragraphs", [PUBLIC_NOTICE, REGULATION, TENDER],
                         ids=["任前公示", "保密法", "有机密封件"])
def test_public_texts_pass(tmp_path, scan, paragraphs):
    result = scan(write_docx(tmp_path / "public.docx", paragraphs))
    assert result.verdict is Verdict.PASS, [f.to_dict() for f in result.findings]


def test_topic_alone_does_not_block(tmp_path, scan):
    paragraphs = ["关于干部任用的情况", "经研究，拟提拔陈立新同志任办公室主任。"]
    assert scan(write_docx(tmp_path / "topic.docx", paragraphs)).verdict is Verdict.PASS


def test_an_internal_form_weighing_a_named_promotion_blocks(tmp_path, scan):
    """A 情况说明 or 请示 about promoting a named person is a personnel matter before 公示:
    secret in its stage with no statement at all (voice: tentative × internal form)."""
    paragraphs = ["关于王志强同志拟提拔任职的情况说明", "王志强同志，男，1982年出生，现任运输管理科科长。"]
    assert scan(write_docx(tmp_path / "draft.docx", paragraphs)).verdict is Verdict.BLOCK


def test_not_public_words_alone_do_not_block(tmp_path, scan):
    paragraphs = ["关于做好春节期间值班工作的通知", "请各单位严格保密值班电话，不得外传。"]
    assert scan(write_docx(tmp_path / "duty.docx", paragraphs)).verdict is Verdict.PASS


def test_term_split_across_runs_is_found(tmp_path, scan):
    paragraphs = [["经研究，拟", "提", "拔李建华同志任办公室主任，", "尚未", "公示，请严格保密。"]]
    assert scan(write_docx(tmp_path / "runs.docx", paragraphs)).status is Status.UNMARKED_SENSITIVE


def test_document_note_applies_to_the_whole_file(tmp_path, scan):
    paragraphs = ["（此件阅后收回，不得外传）", "关于市农业农村局机构编制调整的意见",
                  "拟撤并市农业农村局内设机构2个，核减编制5名，领导职数由7名调整为6名。"]
    result = scan(write_docx(tmp_path / "note.docx", paragraphs))
    assert result.status is Status.UNMARKED_SENSITIVE
    assert {f.category for f in result.findings} == {"organisation"}


def test_discipline_case_about_a_named_person_blocks_without_qualifier(tmp_path, scan):
    paragraphs = ["关于王某某涉嫌受贿问题线索的初核情况报告", "经初核，王某某在任职期间收受他人财物的问题基本属实。"]
    assert scan(write_docx(tmp_path / "case.docx", paragraphs)).status is Status.UNMARKED_SENSITIVE


def test_published_discipline_statistics_pass(tmp_path, scan):
    paragraphs = ["2025年全市纪检监察工作情况通报", "全年共处置问题线索1.2万件，立案审查调查3000余件，给予党纪政务处分2800人。"]
    assert scan(write_docx(tmp_path / "report.docx", paragraphs)).verdict is Verdict.PASS


@pytest.mark.parametrize("where", ["table", "header"])
def test_sensitive_text_in_tables_and_headers(tmp_path, scan, where):
    text = "拟提拔赵海燕同志任财政局副局长，尚未公示，请严格保密。"
    if where == "table":
        path = write_docx(tmp_path / "t.docx", ["干部调整建议"], table=[["姓名", "建议"], ["赵海燕", text]])
    else:
        path = write_docx(tmp_path / "h.docx", ["干部调整建议"], header=text)
    result = scan(path)
    assert result.status is Status.UNMARKED_SENSITIVE
    assert any(f.location.part == where for f in result.findings)


def test_extranet_target_is_more_lenient(tmp_path, scan):
    paragraphs = ["经研究，拟提拔同志情况，尚未公示。"]
    path = write_docx(tmp_path / "x.docx", paragraphs)
    assert scan(path, target="internet").score == scan(path, target="extranet").score
    assert scan(path, target="internet").score >= THRESHOLDS["internet"]
    assert THRESHOLDS["extranet"] > THRESHOLDS["internet"]


def test_pdf_annotation_text_is_read(tmp_path, scan):
    from conftest import pymupdf
    path = write_pdf(tmp_path / "annot.pdf", ["关于做好春季防火工作的通知"])
    doc = pymupdf.open(path)
    doc[0].add_text_annot((100, 300), "拟提拔孙立平同志任副局长，尚未公示，请严格保密。")
    doc.saveIncr()
    doc.close()
    result = scan(path)
    assert result.status is Status.UNMARKED_SENSITIVE
    assert {f.location.part for f in result.findings} == {"annotation"}


def test_pdf_embedded_files_are_scanned(tmp_path, scan):
    from conftest import pymupdf
    inner = write_docx(tmp_path / "inner.docx", ["机密★5年", "关于某专项工作的通知"]).read_bytes()
    path = write_pdf(tmp_path / "att.pdf", ["关于做好春季防火工作的通知"])
    doc = pymupdf.open(path)
    doc.embfile_add("附件1.docx", inner)
    doc.embfile_add("名单.txt", "拟提拔吴晓东同志任办公室主任，尚未公示，请严格保密。".encode("gb18030"))
    doc.saveIncr()
    doc.close()
    result = scan(path)
    assert result.status is Status.CLASSIFIED
    assert result.marking.level == "机密" and result.marking.location.part == "attachment"
    personnel = [f for f in result.findings if f.category == "personnel"]
    assert personnel and personnel[0].location.part == "attachment"
    assert personnel[0].detail["attachment"].startswith("名单.txt")


def test_docx_hidden_text_is_read(tmp_path, scan):
    secret = "拟提拔周海峰同志任局长，尚未公示，请严格保密。"
    hidden = scan(write_docx(tmp_path / "hidden.docx", ["关于春季防火的通知"], hidden=secret))
    assert hidden.status is Status.UNMARKED_SENSITIVE
    assert {f.location.part for f in hidden.findings} == {"hidden"}
