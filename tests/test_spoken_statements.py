"""Statements said the way people talk in an office note: a circle of knowers that closes on a
count (三个人, 两个科室之间), 到…为止 and a sentence-opening 宣判以前 as until-clauses, spoken
verbs of letting slip (吐口, 说给, 漏出去, 提半个字), the quoted answer those who ask are given,
and table notes that limit distribution (不抄送, 不编入简报, 不书面布置)
(scanner/detect/not_public.py, dictionaries/signals.toml)."""
from __future__ import annotations

from conftest import view_of, write_docx
from scanner.detect.not_public import Handling, NotPublic
from scanner.model import Status, Verdict


def found(*paragraphs: str) -> dict[str, tuple[str, str, str, float]]:
    """text → (signal, form, scope, strength) of every statement of the paragraphs."""
    view = view_of(*paragraphs)
    return {e.detail["text"]: (e.signal, e.detail["form"], e.detail["scope"], e.strength)
            for e in NotPublic().detect(view) + Handling().detect(view)}


def forms(*paragraphs: str) -> set[str]:
    return {form for _, form, _, _ in found(*paragraphs).values()}


def test_a_closed_circle_of_knowers_is_as_strong_as_a_stated_limit():
    by_text = found("表中计划储备数量只在分管领导和仓储、财务两个科室之间流转。")
    signal, form, scope, strength = by_text["只在分管领导和仓储、财务两个科室之间流转"]
    assert (signal, form, scope) == ("not-public", "knowers", "document")
    assert strength >= 0.8
    # The same limiter with no list of knowers is no closed circle.
    open_list = found("材料只在会上传阅。")
    assert all(s < 0.8 for _, _, _, s in open_list.values())


def test_knowers_held_in_hand_or_in_mind():
    assert "knowers" in forms("这几个数眼下就在指挥部和镇党委书记、镇长几个人手里过。")
    assert forms("考官名字只在抽签员、监督员和我本人三个人的脑子里。") & {
        "knowers", "until+limiter+act"}


def test_until_bounded_by_weizhi_and_by_an_opening_clause():
    by_text = found("这张单子到开标箱打开那一刻为止，只在招标部部长、经办人和您三个人手上过。")
    assert by_text["只在招标部部长、经办人和您三个人手上过"][1] == "until+limiter+act"
    opening = found("说明：宣判以前，参加本次讨论的委员、列席人员和记录人员，对谁投了什么票、"
                    "量刑怎么定的，一个字都不能说给被告人家属和记者。")
    assert opening["不能说给"][1] == "until+limiter+act"
    # 到目前为止, 迄今为止 mean "so far": no until.
    assert "until+limiter+act" not in forms("到目前为止，尚未公布调查结果。")
    assert "until+limiter+act" not in forms("迄今为止，不宜公开评论此事。")


def test_spoken_verbs_of_letting_slip():
    by_text = found("撤并名单在市政府常务会议定下来之前，谁都不要跟学校和家长吐口，也不要说出去。",
                    "在那之前，科里谁也别对着门店和商会提半个字。")
    assert by_text["不要跟学校和家长吐口"][:3] == ("not-public", "until+limiter+act", "document")
    assert "不要说出去" in by_text
    assert by_text["别对着门店和商会提半个字"][1] == "until+limiter+act"
    # 不对 is still a word, not a preposition that bridges.
    assert not forms("这样说不对，他没有说出去。")


def test_the_quoted_answer_given_to_those_who_ask():
    by_text = found("不在签字栏里的人问起来，一律回答“清单还在调整，没出”。",
                    "申报单位打电话来问名次的，一律答“等公示”。")
    assert by_text["一律回答“清单还在"][1] == "cover-story"
    assert by_text["一律答“"][1] == "asked-answer"
    # A quoted answer with no question before it is reported speech.
    assert "asked-answer" not in forms("他在会上就说“要抓紧落实”。")


def test_a_table_note_that_limits_distribution():
    by_text = found("表注：本表只报市长、常务副市长两位领导，不抄送县外单位，不编入工作简报，"
                    "不书面布置。")
    assert {"不抄送", "不编入", "不书面布置"} <= set(by_text)
    assert all(v[0] == "handling" and v[2] == "document" for k, v in by_text.items()
               if k in ("不抄送", "不编入", "不书面布置"))


def test_a_footer_with_an_until_clause_blocks_a_visit_plan(tmp_path, scan):
    path = write_docx(tmp_path / "visit.docx", [
        "区市场监管局节前食品安全暗访方案",
        "暗访时间为2月5日晚，由执法一队刘建国、周海燕两名队员分乘两车前往。",
        "暗访门店：城南路好运来酒家、解放路和记面馆、人民路老味道火锅店。"],
        footer="门店名单出发前才念给队员听，在那之前，谁也别对着门店和商会提半个字")
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)


def test_a_news_story_quoting_what_a_spokesman_said_passes(tmp_path, scan):
    path = write_docx(tmp_path / "news.docx", [
        "市政府新闻办举行食品安全专项整治新闻发布会",
        "本报讯（记者 王磊）昨天上午，市政府新闻办举行新闻发布会。记者问及暗访结果，"
        "市市场监管局新闻发言人表示，整治结果将在局网站统一公布。",
        "据了解，今年以来全市共检查餐饮门店3200家，立案查处违法案件86件。"])
    assert scan(path).verdict is Verdict.PASS


def test_an_until_clause_to_everyone_in_an_internal_paper_is_about_this_paper():
    note = found("2026年全市中小学布局调整方案",
                 "撤并名单在市政府常务会议批准前，任何单位和个人不得向学校、家长漏出。")
    assert note["不得向学校、家长漏出"][1:3] == ("until+limiter+act", "document")
    pointed = found("关于新闻发布会准备工作的情况",
                    "这份材料在发布会前，参会人员和任何经手人员都不要告诉企业。")
    assert pointed["不要告诉"][2] == "document"


def test_an_until_clause_stays_a_rule_in_a_notice_of_duties():
    # A training notice of no known kind: a role's duty about 名单 is conduct, not this paper.
    duty = found("关于举办评审专家保密与回避制度培训的说明",
                 "评审专家对评审过程中的讨论情况在公示前负有保密义务，不得向申报单位透露评审意见。")
    assert duty["不得向申报单位透露"][2] == "rule"
    # A cited rule stays a rule in an internal form too.
    cited = found("开标工作方案",
                  "根据《招标投标法》规定，开标前任何单位和个人不得向他人透露投标人名称。")
    assert cited["不得向他人透露"][2] == "rule"
    # A public notice announces the duty.
    notice = found("关于开展招标投标领域专项整治的公告",
                   "开标前，任何单位和个人不得向他人透露已获取招标文件的潜在投标人的名称。")
    assert notice["不得向他人透露"][2] == "rule"


def test_several_stage_notes_add_up():
    one = found("2026年市直机关公开遴选公务员面试题本（综合管理类A卷）", "（送审稿）")
    several = found("2026年市直机关公开遴选公务员面试题本（综合管理类A卷）",
                    "（第二稿送审稿，评分要点未最终确定，请命题组长审阅）")
    assert several["送审稿"][3] > one["送审稿"][3]
    assert several["送审稿"][3] == min(1.0, one["送审稿"][3] + 0.2)
    # Weak notes (征求意见稿, 初稿) do not add up: published drafts carry them.
    weak = found("关于《城市供水条例（征求意见稿）》公开征求意见的通知", "（初稿）")
    assert weak["征求意见稿"][3] == 0.5


def test_a_stage_note_under_the_title_blocks_an_exam_paper(tmp_path, scan):
    path = write_docx(tmp_path / "paper.docx", [
        "2026年市直机关公开遴选公务员面试题本（综合管理类A卷）",
        "（第二稿送审稿，评分要点未最终确定，请命题组长审阅）",
        "第一题：某市拟在老城区推进雨污分流改造，施工期间部分路段封闭，沿街商户反映营业额下降"
        "明显。如果你是街道负责此项工作的干部，你将如何做好商户的沟通协调工作？",
        "评分要点：能够准确把握群众诉求，提出分类沟通的具体办法，得8至10分；思路一般，措施不够"
        "具体，得5至7分。"])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)


def test_an_open_recruitment_is_a_procedure_not_a_publication(tmp_path, scan):
    path = write_docx(tmp_path / "plan.docx", [
        "2026年梧桐区事业单位公开招聘工作人员面试工作方案",
        "（代拟稿，未经区人社局党组研究）",
        "根据区委编办核定的用人计划，我区面向社会公开招聘事业单位工作人员86名。笔试已于5月10日"
        "结束，现就面试工作制定方案如下。",
        "一、考官安排。每个考场7名考官，主考官由区人社局副局长许志强、区教育局副局长范丽娟等8人"
        "担任，其余考官从市考官库随机抽取。",
        "二、面试题本。题本由市人事考试中心命制，6月13日下午由两名工作人员领取后存放于区人社局"
        "保密室。"])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    view = view_of("我区面向社会公开招聘事业单位工作人员86名。")
    assert not any("public" in h.kinds for h in view.hits[0])
    # Publishing to society is still public context.
    view = view_of("现将面试成绩向社会公开，接受社会监督。")
    assert any("public" in h.kinds for h in view.hits[0])
