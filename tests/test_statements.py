"""The statement forms office notes use without a classic disclosure verb: who alone holds
the text (knowers), whom it is kept from (let-know), channels (不上局网站), cover stories,
copy counts and returns in page headers, not-yet stage notes — and the scope rules that keep
them apart from duties stated for staff in general (scanner/detect/not_public.py, scope.py)."""
from __future__ import annotations

from conftest import view_of, write_docx
from scanner.detect.doc_kind import document_kind
from scanner.detect.not_public import Handling, NotPublic
from scanner.model import Status, Verdict


def found(*paragraphs: str) -> dict[str, tuple[str, str, str]]:
    """text → (signal, form, scope) of every statement of a view made of ``paragraphs``."""
    view = view_of(*paragraphs)
    return {e.detail["text"]: (e.signal, e.detail["form"], e.detail["scope"])
            for e in NotPublic().detect(view) + Handling().detect(view)}


def forms(*paragraphs: str) -> set[str]:
    return {form for _, form, _ in found(*paragraphs).values()}


def test_knowers_an_only_word_and_a_list_of_people_closed_by_a_knowing_act():
    by_text = found("关于调整限购政策的若干措施（草案）",
                    "（这稿目前就局长、朱副局长和闻科长三个人手上有。）",
                    "测算结果只由党组成员和三名组长知道。",
                    "名单只在王处长、两名经办人和市会务中心负责会务的同志之间掌握。")
    assert by_text["就局长、朱副局长和闻科长三个人手上有"][:2] == ("not-public", "knowers")
    assert "只由党组成员和三名组长知道" in by_text
    assert "只在王处长、两名经办人和市会务中心负责会务的同志之间掌握" in by_text


def test_knowers_need_an_only_word_of_its_own_and_a_list_of_people():
    assert "knowers" not in forms("就业困难人员掌握了一门技能。", "成就人员知道。",
                                  "就这个问题大家都知道。")


def test_let_know_keeps_the_matter_from_someone_but_not_reported_speech():
    assert "不要让名单里的人知道" in found("这张表局里其他科室来要一律不给，更不要让名单里的人知道。")
    assert "不给记者看" in found("附件表不给记者看。")
    # 让 bridges to a knowing act or a channel, not to an ordinary disclosure verb.
    assert not found("网上流传“检查结果被列为秘密不让公布”的说法。")


def test_a_channel_after_a_verb_of_placing():
    by_text = found("这份测算别存公共盘。", "名单不上局网站。", "检查前不透任何口风。")
    assert {"别存公共盘", "不上局网站", "不透任何口风"} <= set(by_text)
    # 发生, 存在 are words of their own: no verb of placing.
    assert not found("确保不发生网站被篡改事件。", "目前不存在网上泄露的情况。")


def test_a_cover_story_for_outsiders():
    assert forms("媒体和企业打电话来问，一律说还在调研。") == {"cover-story"}
    assert forms("律师问进度，只说还在审理。") == {"cover-story"}
    assert not forms("不能只说不做。")


def test_copy_counts_and_returns_in_a_page_header():
    by_text = found("登记第004号｜限印4份｜阅毕当日交回，不得复印、转拍")
    assert by_text["登记第004号"][1] == "copies" and by_text["限印4份"][1] == "copies"
    assert by_text["阅毕当日交回"][1] == "return"
    assert found("阅后不得转拍。")["不得转拍"][1] == "limiter+copy"
    # A copy word needs its count.
    assert "copies" not in forms("全市共印发文件12件。")


def test_not_yet_a_stage_note_about_this_document_not_a_rules_condition():
    by_text = found("本表尚未经网安大队逐项复测，数量以复核后为准。",
                    "本稿各单位发言尚未经本人核阅。")
    assert by_text["尚未经网安大队逐项复测"] == ("stage", "not-yet", "document")
    assert by_text["尚未经本人核阅"][1] == "not-yet"
    rules = found("干部选拔任用工作条例", "第一条 未经集体研究，不得作出任用决定。")
    assert "not-yet" not in {form for _, form, _ in rules.values()}
    # 还在研究 is a report's common phrase, too weak for a stage note.
    assert "not-yet" not in forms("这个问题还在研究。")


def test_a_person_kept_from_the_matter_is_no_promise_to_protect_them():
    by_text = found("关于两会期间信访稳定工作的通知",
                    "（部署和包保安排在两会闭幕前不得向信访人及群众透露。）")
    assert by_text["不得向信访人及群众透露"][2] == "document"
    assert found("关于信访工作的通知", "对举报人严格保密。")["严格保密"][2] == "rule"
    # 见证人员 holds no 证人.
    header = found("开标前仅限代理负责人与交易中心见证人员查阅，不得复印。")
    assert header["不得复印"][2] == "document"


def test_a_role_is_a_duty_only_as_its_subject():
    note = found("说明：这两张附件表只给委领导和专家组几个人看，别往区卫健局的工作群里贴。")
    assert note["别往区卫健局的工作群"][2] == "document"
    duty = found("评审工作须知说明", "评审专家应当保守评审秘密，不得对外透露评审情况。")
    assert duty["不得对外"][2] == "rule"


def test_a_table_note_speaks_of_the_table_in_every_sentence():
    note = found("关于评审专家名单的通知",
                 "注：本名单仅发至评审专家本人和经办人员。评审结束前，任何人不得将名单转给申报单位。")
    assert note["不得将名单转给"][2] == "document"


def test_a_header_with_knowers_blocks_a_negotiation_sheet(tmp_path, scan):
    path = write_docx(tmp_path / "price.docx", [
        "抗肿瘤药品谈判底价测算表",
        "经测算，甲药品谈判底价为每支1860元，乙药品为每盒426元，超出部分一律谈判失败。",
        "谈判组组长为罗建平同志，副组长为卜晓丽同志。"],
        header="这份测算就谈判组组长和处长两人手上有，别存公共盘，企业来电问价一律不接话")
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)


def test_a_public_notice_of_staff_duties_passes(tmp_path, scan):
    path = write_docx(tmp_path / "notice.docx", [
        "关于做好2026年度科技计划项目评审工作的通知",
        "评审专家应当遵守评审纪律，不得向申报单位透露评审情况，不得私自复制评审材料。",
        "工作人员对评审专家名单负有保密义务，评审结束后将在市科技局网站公示评审结果。",
        "特此通知。"])
    assert scan(path).verdict is Verdict.PASS


def test_a_stage_note_about_this_paper_counts_in_a_text_read_as_rules():
    # A question book whose instructions and scoring points (应当 …) read as numbered norms.
    book = ["面试题本（综合管理类A卷）", "考官须知",
            "一、本题本供面试考官使用。", "二、每名考生面试时间为20分钟，考官应当按照评分要点独立评分。",
            "第一题", "请谈谈你对基层减负的看法。", "【评分要点】",
            "1. 能够准确认识基层减负的意义，应当指出形式主义的危害。",
            "2. 提出的对策应当具有针对性和可操作性。", "3. 语言表达流畅，逻辑清晰。",
            "第二题", "你将如何组织一次全市性的业务培训？", "【评分要点】",
            "1. 应当明确培训目标和对象。", "2. 统筹协调，周密安排，要有应急预案。", "命题修改记录"]
    note = "本件为第二稿（送审稿），第一题评分要点未最终确定，待命题组组长审定。"
    assert document_kind(view_of(*book, note))[0] == "law"
    got = found(*book, note)
    assert {text: scope for text, (_s, _f, scope) in got.items()} == {
        "送审稿": "document", "未最终确定": "document"}
    assert all("self-stage" in e.detail["scope_why"]
               for e in Handling().detect(view_of(*book, note)) if e.signal == "stage")
    # The same stage word without a pointer at this paper stays a rule in such a text.
    general = found(*book, "4. 各单位报送的送审稿应当经法制机构审核。")
    assert [scope for _s, _f, scope in general.values()] == ["rule"]
