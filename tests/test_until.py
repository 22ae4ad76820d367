"""Until-clauses and stage statements that speak of this paper although a rule form or a
public word surrounds them: a self-pointer by the title's form noun (本措施 in a 若干措施
（草案）), a public word naming the moment of release inside an until-clause, incident first
reports as internal forms, exam syllabi as public ones (scanner/detect/scope.py, topics.py,
doc_kind.py)."""
from __future__ import annotations

from conftest import view_of, write_docx
from scanner.detect.doc_kind import document_kind
from scanner.detect.not_public import Handling, NotPublic
from scanner.detect.topics import PublicContext
from scanner.model import Verdict

MEASURES = "关于进一步促进沙洲市房地产市场平稳健康发展的若干措施（草案）"
FOOTER = ("本措施经市政府常务会议审议通过并在新闻发布会统一发布前，任何单位和个人不得对外透露"
          "条文内容、在网上议论或截图上传。")
BODY = ["为促进房地产市场平稳健康发展，结合我市实际，制定以下措施。",
        "一、优化住房限购政策",
        "（一）自2026年7月1日起，取消中心城区住房限购，居民家庭购买住房不再审核购房资格。",
        "二、加大购房补贴力度",
        "（一）2026年7月1日至12月31日，购买新建商品住房的，按购房款的1.5%给予补贴，"
        "单套最高不超过5万元。",
        "（二）首套住房公积金贷款最高额度由60万元提高至80万元。",
        "三、优化土地供应",
        "（一）暂停中心城区新增住宅用地出让三个月，住宅用地起始价按评估价的85%确定。"]


def scopes(*paragraphs: str) -> dict[str, tuple[str, str]]:
    """text → (scope, why) of every not-public and handling statement."""
    view = view_of(*paragraphs)
    return {e.detail["text"]: (e.detail["scope"], e.detail["scope_why"])
            for e in NotPublic().detect(view) + Handling().detect(view)}


def public_words(*paragraphs: str) -> list[str]:
    return [e.detail["words"][0] for e in PublicContext().detect(view_of(*paragraphs))]


def test_self_pointer_by_the_title_form_noun_speaks_of_this_paper():
    got = scopes(MEASURES, *BODY, FOOTER)
    assert got["不得对外"][0] == "document"
    assert "self-pointer" in got["不得对外"][1] and "本措施" in got["不得对外"][1]


def test_without_the_pointer_the_general_subject_keeps_it_a_rule():
    line = "在新闻发布会统一发布前，任何单位和个人不得对外透露条文内容。"
    assert scopes(MEASURES, *BODY, line)["不得对外"][0] == "rule"
    # 本措施 points at this paper only when its title ends with 措施.
    other = "关于进一步促进沙洲市房地产市场平稳健康发展的工作安排"
    assert scopes(other, *BODY, FOOTER)["不得对外"][0] == "rule"
    # A 本 that ends a word (基本要求) is no pointer, though the title ends with 要求.
    duty = scopes("关于做好汛期信息报送工作的要求",
                  "落实基本要求，在新闻发布会统一发布前，任何单位和个人不得对外透露伤亡数字。")
    assert duty["不得对外"][0] == "rule"
    assert scopes("关于做好汛期信息报送工作的要求",
                  "本要求在新闻发布会统一发布前，任何单位和个人不得对外透露。"
                  )["不得对外"][0] == "document"


def test_a_public_notice_and_a_law_keep_their_own_self_references_as_rules():
    notice = scopes("沙洲市住房和城乡建设局关于房屋征收补偿方案的公告",
                    "本公告所列补偿标准在签约期结束前不得对外透露。")
    assert all(scope == "rule" for scope, _ in notice.values())
    law = scopes("沙洲市评标专家管理办法",
                 "第一条 为规范评标专家管理，制定本办法。",
                 "第二条 评标专家名单在中标结果确定前，任何单位和个人不得对外透露。",
                 "第三条 本办法自发布之日起施行，发布前任何单位和个人不得对外透露本办法内容。")
    assert all(scope == "rule" for scope, _ in law.values())


def test_a_measures_draft_footer_counts_in_the_scan_of_a_docx(tmp_path, scan):
    draft = scan(write_docx(tmp_path / "measures.docx", [MEASURES, *BODY], footer=FOOTER))
    counted = [s for s in draft.trace["statements"] if s["location"]["part"] == "footer"]
    assert counted and all(s["detail"]["scope"] == "document" for s in counted)
    # The same footer without the pointer is a rule for everyone: it does not count.
    ruled = scan(write_docx(tmp_path / "ruled.docx", [MEASURES, *BODY],
                            footer=FOOTER.replace("本措施经市政府常务会议审议通过并", "")))
    assert not ruled.trace["statements"] and draft.score > ruled.score


def test_a_stage_note_self_pointing_by_the_title_counts_in_a_question_book_read_as_rules():
    book = ["面试题本（综合管理类A卷）", "考官须知",
            "一、每名考生面试时间为20分钟，考官应当按照评分要点独立评分。",
            "二、考官应当独立评分，不得相互商量。", "第一题", "请谈谈你对基层减负的看法。",
            "1. 能够准确认识基层减负的意义，应当指出形式主义的危害。",
            "2. 提出的对策应当具有针对性和可操作性。",
            "3. 应当明确培训目标和对象。", "4. 应当统筹协调，周密安排。"]
    note = "本题本为第二稿（送审稿），第一题评分要点未最终确定。"
    view = view_of(*book, note)
    assert document_kind(view)[0] == "law"
    stages = [e for e in Handling().detect(view) if e.signal == "stage"]
    assert stages and all(e.detail["scope"] == "document"
                          and "self-stage: 本题本" in e.detail["scope_why"] for e in stages)


def test_a_public_word_inside_an_until_clause_about_this_paper_is_no_public_context():
    report = ["关于“6·08”岩口镇建筑施工坍塌事故情况的通报（初报）",
              "县安委会各成员单位：",
              "截至8日22时，4人死亡、7人受伤，死者为周某林、罗某。",
              "在县政府新闻发布会统一发布之前，各成员单位不得对外透露伤亡人数和死者姓名。"]
    assert document_kind(view_of(*report))[0] == "internal"
    assert public_words(*report) == []
    # Without the until-clause the same words are a public context.
    assert public_words(*report[:3], "伤亡人数已在县政府新闻发布会上通报。") == ["新闻发布会"]


def test_a_public_word_inside_an_until_clause_of_a_rule_stays_a_public_context():
    rules = ["沙洲市中级人民法院审判工作保密规定",
             "第一条 为做好审判工作保密，制定本规定。",
             "第二条 合议庭评议情况，在裁判文书依法公开之前，任何审判人员不得对外泄露。",
             "第三条 本规定自发布之日起施行。"]
    assert public_words(*rules) == ["依法公开"]
    # A deadline is no until-clause: nothing is withheld after it.
    assert public_words("核查结论将在公示期结束前作出。") == ["公示期"]


def test_incident_reports_on_their_way_up_are_internal_an_official_notice_public():
    assert document_kind(view_of("关于石岭乡采石场边坡坍塌事故情况的续报"))[0] == "internal"
    assert document_kind(view_of("信访情况专报"))[0] == "internal"
    assert document_kind(view_of("关于石岭乡采石场边坡坍塌事故情况的通报"))[0] == "public"
    # Statistics quick reports are published on schedule: 快报 names no internal form.
    assert document_kind(view_of("2026年1-5月全市规模以上工业快报"))[0] != "internal"


def test_an_exam_syllabus_is_published_for_candidates():
    kind = document_kind(view_of("2026年度青澜省中小学教师资格考试（面试）考试大纲（幼儿园）",
                                 "一、测试性质"))
    assert kind[0] == "public"
