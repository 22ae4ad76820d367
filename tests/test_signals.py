"""The signals that generalise, on built documents: the not-public grammar, scope, the
document's kind, specifics, and the judge that weighs them (a not-public statement about
concrete specifics blocks in a sector no dictionary knows; a law's secrecy words do not)."""
from __future__ import annotations

from conftest import view_of, write_docx
from scanner.cli import main
from scanner.detect.doc_kind import document_kind
from scanner.detect.not_public import Handling, NotPublic
from scanner.detect.registry import DETECTORS, detect
from scanner.detect.scope import statement_scope
from scanner.detect.specifics import Specifics
from scanner.detect.view import View
from scanner.dictionary import load_dictionary
from scanner.extract import extract
from scanner.judge.features import file_evidence
from scanner.model import Status, Verdict

DICTIONARY = load_dictionary()


def statements(view: View) -> list[tuple[str, str, str]]:
    return [(e.signal, e.detail["text"], e.detail["scope"])
            for e in NotPublic().detect(view) + Handling().detect(view)]


def test_limiter_and_act_compose_without_a_phrase_list():
    view = view_of("关于边境口岸临时管控的情况报告", "以上部署暂不对外，开标前不得透露，请勿向外转发。",
                   "只作了解，不作传达。")
    found = {text for signal, text, _ in statements(view) if signal in ("not-public", "handling")}
    assert {"暂不对外", "开标前", "不得透露", "请勿向外转发", "不作传达", "只作了解"} <= found


def test_a_one_character_limiter_must_touch_its_act():
    view = view_of("我们不断公开透明地推进工作。", "此件不公开。")
    found = [text for _, text, _ in statements(view)]
    assert "不公开" in found and not any("不断" in t for t in found)


def test_scope_this_document_or_a_rule():
    view = view_of("关于调整人员的情况报告", "以上名单暂不对外。", "任何单位和个人不得泄露举报人信息。",
                   "一、工作人员应当严格保密，不得对外透露。")
    by_text = {text: scope for _, text, scope in statements(view)}
    assert by_text["暂不对外"] == "document"
    assert by_text["不得泄露"] == "rule"
    assert statement_scope(view, 3, 0, 4)[0] == "rule"
    # An internal form's numbered requirements are about itself.
    request = view_of("关于调整人员的请示", "一、工作人员应当严格保密，不得对外透露。")
    assert statement_scope(request, 1, 0, 4)[0] == "document"


def test_document_kind_from_title_and_structure():
    assert document_kind(view_of("关于拟提拔干部的请示", "…"))[0] == "internal"
    assert document_kind(view_of("2024年统计公报", "…"))[0] == "public"
    articles = [f"第{n}条 机关、单位应当加强保密管理。" for n in "一二三四"]
    assert document_kind(view_of("网页标题", *articles))[0] == "law"
    numbered = [f"（{n}）工作人员不得携带涉密载体外出。" for n in "一二三四五六"]
    assert document_kind(view_of("某单位保密管理制度汇编", *numbered))[0] == "law"


def test_photo_credits_are_not_names():
    view = view_of("摄影 张建国", "记者 李明华 报道", "以上名单暂不对外，王建军同志拟任处长。")
    found = {n for e in Specifics().detect(view) for n in e.detail["found"].get("name", [])}
    assert "王建军" in found and "张建国" not in found and "李明华" not in found


def test_places_and_time_words_are_not_names_or_dates():
    view = view_of("宁桐县财政局关于预算编制情况的汇报如下，会上以上名单暂不对外。",
                   "以上名单暂不对外，王建军同志拟于3月5日到青川镇调研，下周二返回。")
    found = {}
    for e in Specifics().detect(view):
        for kind, words in e.detail["found"].items():
            found.setdefault(kind, set()).update(words)
    assert "王建军" in found["name"] and "宁桐" not in found["name"]
    assert "周二" in found["date"] and not {"如下", "会上"} & found["date"]


def test_every_detector_has_a_name_and_returns_evidence():
    view = view_of("关于某事项的请示", "以上情况请勿外传。")
    assert len({d.name for d in DETECTORS}) == len(DETECTORS)
    for e in detect(view):
        assert 0.0 <= e.strength <= 1.0 and e.reason and e.signal


def test_a_not_public_list_in_an_unknown_sector_blocks(tmp_path, scan):
    """No sector dictionary knows border-control deployments; the statement and the names do."""
    path = write_docx(tmp_path / "list.docx", [
        "关于口岸临时管控人员安排的报告",
        "经研究，由赵国庆同志带队，孙丽华、周海东两名同志配合，于3月12日起在东兴口岸执勤。",
        "以上人员名单及部署暂不对外，请勿转发。"])
    result = scan(path)
    assert result.status is Status.UNMARKED_SENSITIVE and result.verdict is Verdict.BLOCK
    assert result.suggested_marking is not None


def test_the_same_words_in_a_regulation_pass(tmp_path, scan):
    path = write_docx(tmp_path / "rule.docx", [
        "保密工作管理办法",
        *(f"第{n}条 工作人员应当严格保密，不得对外透露举报人姓名、问题线索和调查情况。"
          for n in "一二三四"),
        "第五条 任何单位和个人不得泄露国家秘密。"])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.PASS, Status.CLEAN)


def test_a_public_notice_passes(tmp_path, scan):
    path = write_docx(tmp_path / "notice.docx", [
        "关于王建国同志任职前公示的公告",
        "王建国，男，1975年生，拟任市财政局副局长。现予以公示，公示期5个工作日。",
        "特此公告。"])
    assert scan(path).verdict is Verdict.PASS


def test_explain_renders_the_judges_trace_for_a_block_and_a_pass(tmp_path, capsys):
    draft = write_docx(tmp_path / "d.docx", ["关于干部调整的请示",
                                             "经研究，拟提拔郑文博同志任市统计局副局长，尚未公示，请严格保密。"])
    assert main(["explain", str(draft)]) == 1
    out = capsys.readouterr().out
    assert "unmarked-sensitive" in out and "SENSITIVE" in out
    assert "拟提拔" in out and "尚未公示" in out and "weights:" in out and "郑文博" in out
    law = write_docx(tmp_path / "law.docx", [
        "保密工作管理办法", *(f"第{n}条 工作人员应当严格保密，不得对外透露举报人姓名。" for n in "一二三")])
    assert main(["explain", str(law)]) == 0
    out = capsys.readouterr().out
    assert "pass (clean)" in out and "document kind: law" in out
    assert "does not count" in out and "rules" in out


def test_the_trace_survives_the_cache_round_trip(tmp_path, scan):
    from scanner.model import FileResult
    from scanner.plain import as_dict

    result = scan(write_docx(tmp_path / "d.docx", ["关于调整的请示", "以上名单暂不对外，拟任王建军同志。"]))
    again = FileResult.from_dict(as_dict(result))
    assert again.trace == result.trace and result.trace["passages"]
    assert "trace" not in result.to_dict()


def test_text_extraction_gives_one_view(tmp_path):
    data = "关于某事的请示\n以上情况请勿外传。\n".encode()
    view = View(extract(data, "text").segments, DICTIONARY)
    assert view.hits and len(view.norms) == len(view.segments)


def test_a_public_discipline_notice_passes(tmp_path, scan):
    """A 纪委监委 通报 naming officials under 立案审查 or 开除党籍 is public by its very form."""
    path = write_docx(tmp_path / "tb.docx", [
        "市纪委监委通报3起违反中央八项规定精神典型问题",
        "1.市交通运输局原副局长张建华违规收受礼金问题。经查，张建华于2021年至2023年间收受管理服务"
        "对象礼金共计8.6万元。张建华被开除党籍，其涉嫌犯罪问题移送检察机关依法审查起诉。",
        "2.县财政局党组成员李明接受立案审查调查。"])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.PASS, Status.CLEAN)
    assert result.trace["kind"]["kind"] == "public"


def test_a_news_story_with_a_case_under_investigation_passes(tmp_path, scan):
    path = write_docx(tmp_path / "news.docx", [
        "本报讯（记者 王海）昨日，市应急管理局通报了一起交通事故，造成2人受伤。事故原因正在核查中。"])
    assert scan(path).verdict is Verdict.PASS


def test_a_promise_to_informants_is_not_about_this_document(tmp_path, scan):
    path = write_docx(tmp_path / "reward.docx", [
        "关于征集涉黑涉恶犯罪线索的通告",
        "对提供线索的举报人，公安机关将严格保密，并给予最高10万元奖励。举报电话：110。", "特此通告。"])
    result = scan(path)
    assert result.verdict is Verdict.PASS
    assert any("protected" in e["why"] or "举报人" in e["why"] for e in result.trace["ignored"])


def test_office_addressees_read_an_internal_document_a_public_notice_states_a_rule():
    internal = view_of("关于投标报名情况的请示", "有关同志不得外传、转发报名单位名单。")
    assert {scope for _, _, scope in statements(internal)} == {"document"}
    public = view_of("关于开展保密宣传月活动的公告", "各单位不得对外发布未经审核的信息。")
    assert {scope for _, _, scope in statements(public)} == {"rule"}


def test_a_roles_duty_is_a_conduct_rule_outside_an_internal_form():
    notice = view_of("评审工作说明", "评审专家应当遵守纪律，评审结果在公示前不得对外透露。")
    found = NotPublic().detect(notice)
    assert found and all(e.detail["scope"] == "rule" and e.detail["scope_why"].startswith(
        "conduct") for e in found)
    draft = view_of("评审专家名单（请示）", "评审专家名单在公示前不得对外透露。")
    assert {scope for _, _, scope in statements(draft)} == {"document"}


def test_a_cited_rule_is_restated_not_said_of_this_document():
    view = view_of("四月民生商品价格", "根据《市定价目录管理工作规程》，调价方案在听证会召开前不予公开。")
    assert {scope for _, _, scope in statements(view)} == {"rule"}


def test_until_and_only_read_a_named_date_and_who_may_know():
    view = view_of("命题工作方案", "命题人员名单在6月19日考完前只限中心主任和两名经办人掌握。")
    forms = {e.detail["form"] for e in NotPublic().detect(view)}
    assert "until+limiter+act" in forms


def test_pending_marks_make_a_working_draft():
    view = view_of("考官安排表", "劳务费标准待局长办公会研究；考官人选待党组会议审定；"
                   "回避情况待主任办公会核实。")
    pending = [e for e in Handling().detect(view) if e.detail["form"] == "pending"]
    assert len(pending) == 3 and min(e.strength for e in pending) >= 0.6


def test_weak_pairs_and_titles_are_no_statements():
    view = view_of("政府工作报告", "我国已经加入《不扩散核武器条约》。", "这些成绩我们不宣传。")
    assert statements(view) == []


def test_the_form_word_that_ends_the_title_decides():
    assert document_kind(view_of("2026年拟录用人员名单开始公示", "…"))[0] == "public"
    assert document_kind(view_of("关于拟录用人员名单的请示", "…"))[0] == "internal"
    assert document_kind(view_of("《水价调整方案》政策解读", "…"))[0] == "public"
    assert document_kind(view_of("面试考官安排表", "一、基本安排", "二、考官抽取办法"))[0] != "law"


def test_a_report_about_others_is_public_by_its_voice():
    story = view_of("夏粮收购工作全面启动",
                    "据了解，今年全市夏粮收购工作提前启动。市粮食局局长表示，将严格执行标准。",
                    "据介绍，收购价格将向社会公开，欢迎社会各界监督。")
    kind, why = document_kind(story)
    assert kind == "public" and why.startswith("reportage-voice")


def test_plain_chinese_text_is_one_paragraph_per_line(tmp_path):
    text = ("关于调整人员的请示\n一、基本情况\n拟任张三为办公室主任，"
            "试用期一年。\n以上名单暂不对外。\n我国已经加入《\n不扩散核武器条约\n》，并将履行义务。\n")
    segments = extract(text.encode("utf-8"), "text").segments
    assert [s.text for s in segments] == [
        "关于调整人员的请示", "一、基本情况", "拟任张三为办公室主任，试用期一年。",
        "以上名单暂不对外。", "我国已经加入《不扩散核武器条约》，并将履行义务。"]
    english = "A paragraph of English\nhard-wrapped at a width\nstays one block.\n"
    assert len(extract(english.encode(), "text").segments) == 1


def test_a_rebutted_rumour_is_quoted_not_said_of_this_document():
    """rumour: "秘密放人""不公开" in a sentence that denies them are claims, not statements."""
    release = view_of("关于一起伤人案件的情况说明（新闻稿）",
                      "网上“警方不公开案情”等说法，经核实均不属实。", "请勿传播未经证实的信息。")
    assert statements(release) and all(
        scope == "rule" for _, _, scope in statements(release))
    # An office's own line on a rumour (an internal 口径) keeps its statements.
    line = view_of("关于网传停课消息的应对口径", "网传停课说法不属实，核查结果暂不对外。")
    assert {scope for _, _, scope in statements(line)} == {"document"}
    # Without a rumour word the statement is still said of the document.
    plain = view_of("关于伤人案件的情况报告", "以上情况暂不公开。")
    assert {scope for _, _, scope in statements(plain)} == {"document"}


def test_a_rebuttal_news_release_passes_and_an_unrebutted_draft_blocks(tmp_path, scan):
    names = "犯罪嫌疑人刘某（男，24岁）已被刑事拘留，受害人韦某伤情稳定。"
    release = write_docx(tmp_path / "rumour.docx", [
        "关于涟水区一起持刀伤人案件的警情通报", names,
        "针对网上“警方秘密放人”“伤者死亡警方不公开”等说法，经核实，上述信息均不属实。"])
    assert scan(release).verdict is Verdict.PASS
    draft = write_docx(tmp_path / "draft.docx", [
        "关于涟水区一起持刀伤人案件的情况报告", names, "上述情况暂不公开，不得对外透露。"])
    assert scan(draft).verdict is Verdict.BLOCK


def test_a_word_holding_a_limiter_character_hides_it():
    """shield: 分别公开 is 分别/公开, not 别公开; 别公开 alone is a statement."""
    view = view_of("预算公开说明", "各部门预算将于2月5日前在门户网站分别公开。")
    assert statements(view) == []
    said = view_of("补偿测算表", "这张表先别公开。")
    assert [text for _, text, _ in statements(said)] == ["别公开"]


def test_publicity_notices_judgments_and_subtitled_qa_are_public():
    assert document_kind(view_of("关于举办2026年网络安全宣传周系列活动的通知", "…"))[0] == "public"
    assert document_kind(view_of("关于开展保密宣传教育月活动的通知", "…"))[0] == "public"
    assert document_kind(view_of("张某侵害技术秘密纠纷一审民事判决书", "…"))[0] == "public"
    qa = "《锦城市城乡规划条例》修订通过 7月1日起施行——市人大常委会法工委、市自然资源和规划局有关负责人答记者问"
    assert len(qa) > 50 and document_kind(view_of(qa, "…"))[0] == "public"
    # A plan for such an activity is still an internal form (its form word ends the title).
    assert document_kind(view_of("保密宣传月活动暗访工作方案", "…"))[0] == "internal"


def test_a_report_to_the_peoples_congress_is_public_context():
    """提请大会审议 is said to deputies in public; 提请 alone is an internal form."""
    report = view_of("关于2026年国民经济和社会发展计划草案的报告",
                     "各位代表：现将2026年计划草案提请大会审议，请各位代表审议。")
    assert not [e for e in Handling().detect(report) if e.signal == "internal-form"]
    assert {h.text for h in report.hits_of(1, "public")} >= {"各位代表", "提请大会"}
    request = view_of("关于调整预算的请示", "现将调整方案提请区委常委会审议。")
    assert [e.detail["text"] for e in Handling().detect(request)
            if e.signal == "internal-form"] == ["提请"]


def test_a_judgment_is_public_by_its_ruling():
    judgment = view_of("（2025）江01民初123号", "本院认为，涉案技术信息属于技术秘密，相关证据不公开质证。",
                       "综上，判决如下：", "一、被告于本判决生效之日起十日内赔偿原告经济损失50万元。")
    assert document_kind(judgment)[0] == "public"
    assert {scope for _, _, scope in statements(judgment)} == {"rule"}
    opinion = view_of("（2025）江01民初123号", "合议庭意见：判决结果宣判前不公开。")
    assert document_kind(opinion)[0] != "public"


def test_a_duty_in_a_table_row_belongs_to_the_role_heading_the_row(tmp_path):
    path = write_docx(tmp_path / "rules.docx", ["我市启动科技项目评审工作",
                                                 "市科技局对评审工作提出以下要求："],
                      table=[["对象", "纪律要求"],
                             ["工作人员", "评审结束前不得泄露专家名单"],
                             ["备注", "评审结束前不得泄露专家名单"]])
    view = View(extract(path.read_bytes()).segments, DICTIONARY)
    by_row = {view.segments[e.segment].cell[1]: e.detail["scope_why"]
              for e in NotPublic().detect(view) if view.segments[e.segment].cell}
    assert by_row[2].startswith("conduct") and not by_row[3].startswith("conduct")


def test_a_cited_article_is_restated():
    view = view_of("统计法宣传稿", "《统计法》第三十九条规定，调查对象的资料在公布前不得对外提供。")
    assert {scope for _, _, scope in statements(view)} == {"rule"}


def test_an_anonymised_case_is_told_not_an_instruction():
    warning = view_of("明密混用的教训", "案例二：某单位在传达电报精神时，未经批准将电报原文复印后下发。")
    found = Handling().detect(warning)
    assert found and all(e.detail["scope_why"].startswith("case-study") for e in found)
    assert document_kind(view_of("保密提醒：小心明密混用", "…"))[0] == "public"
    own = view_of("关于电报传达的情况报告", "本单位传达时未经批准不得复印电报原文。")
    assert {scope for _, _, scope in statements(own)} == {"document"}


def test_above_after_a_word_is_a_quantity_not_a_pointer():
    """quantity-以上: 规模以上工业企业 is "above a size", 以上名单 points at this document."""
    news = view_of("关于工业数据的情况", "对规模以上工业企业的原始数据依法不公开。")
    found = NotPublic().detect(news)
    assert found and not any(e.detail["scope_why"].startswith("deixis") for e in found)
    pointed = view_of("关于工业数据的情况", "请对以上数据不公开。")
    found = NotPublic().detect(pointed)
    assert found and all(e.detail["scope_why"].startswith("deixis") for e in found)


def test_a_name_in_a_secret_sector_is_inherent_only_where_not_announced():
    """inherent: 审查调查 with a named person is secret by nature in a 请示, announced in a 通报."""
    def inherent(title: str) -> float:
        view = view_of(title, "市纪委监委第三审查调查室对张建华涉嫌违纪问题进行初核。")
        return max(p.features["inherent"] for p in file_evidence(detect(view), DICTIONARY).passages)

    assert inherent("关于张建华问题线索处置的请示") > 0.5
    assert inherent("市纪委监委关于张建华严重违纪违法问题的通报") == 0.0
