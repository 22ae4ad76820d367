"""Public texts read as public, by kind: a slice of an office rulebook without its title, a
rule for any organisation, a party word holding 方可, statutory public forms (年度报告,
公开版), a matter that was unpublished before, and a report's plans for the coming year.
Each with the case where the rule must not fire."""
from __future__ import annotations

from conftest import view_of, write_docx
from scanner.detect.doc_kind import document_kind
from scanner.detect.not_public import Handling, NotPublic
from scanner.detect.plans import plan_sections
from scanner.detect.registry import detect
from scanner.detect.view import View
from scanner.dictionary import load_dictionary
from scanner.judge.features import file_evidence
from scanner.model import Verdict

DICTIONARY = load_dictionary()

# A run of articles from the middle of an office's secrecy rules: no title, old-style modals.
RULEBOOK_SLICE = [
    "三、机要文件均要由机要人员拆封、登记、收发、保管、传阅，存放在专用保险柜内。",
    "四、不准在私人通信和普通电话中涉及秘密事项，不准在公共场所谈论工作秘密。",
    "（一）不准携带秘密文件、资料游览、探亲、访友。",
    "（二）不许私自复制、存放、销毁秘密文件和材料。",
    "五、借阅秘密文件须经分管领导批准，阅后当日交回。",
    "六、本部门尚未公开的事项，在规定时间内不准对外谈论。",
]


def statements(view: View) -> dict[str, str]:
    """text → scope of every not-public and handling statement."""
    return {e.detail["text"]: e.detail["scope"]
            for e in NotPublic().detect(view) + Handling().detect(view)}


def test_old_style_modals_make_a_title_less_slice_of_rules_a_rulebook(tmp_path, scan):
    view = view_of("保密工作", *RULEBOOK_SLICE)
    kind, why = document_kind(view)
    assert kind == "law" and why.startswith("numbered-norms")
    assert set(statements(view).values()) == {"rule"}
    path = write_docx(tmp_path / "slice.docx", RULEBOOK_SLICE)
    assert scan(path).verdict is Verdict.PASS


def test_a_list_that_must_not_be_passed_on_is_still_said_of_itself(tmp_path, scan):
    """不准 is a normative modal, and still a limiter of this document's own list."""
    view = view_of("拟调整人员名单", "张建军，办公室副主任，拟任综合科科长。", "以上名单不准外传。")
    assert statements(view)["不准外传"] == "document"
    path = write_docx(tmp_path / "list.docx", [
        "关于拟调整干部的情况报告",
        "经研究，拟由赵国庆同志任综合科科长，孙丽华同志任财务科副科长，3月12日前到岗。",
        "以上人员名单尚未研究决定，不准外传。"])
    assert scan(path).verdict is Verdict.BLOCK


def test_any_organisation_or_person_is_a_general_subject():
    view = view_of("网络安全法规要点", "任何组织或个人不得在漏洞修补前公开可被利用的漏洞细节。")
    assert statements(view)["不得在漏洞修补前公开"] == "rule"
    own = view_of("漏洞排查情况", "本系统漏洞清单不得在修补前公开。")
    assert statements(own)["不得在修补前公开"] == "document"


def test_a_party_word_ending_in_fang_holds_no_limiter():
    """第三方可提供 is 第三方/可提供, not 方可提供; 经批准方可提供 is a condition stated."""
    assert statements(view_of("政府工作报告", "第三方可提供的事务性服务交给市场去办。")) == {}
    assert "方可提供" in statements(view_of("数据使用说明", "本表数据经批准方可提供。"))


def test_annual_reports_and_public_editions_are_public_forms():
    assert document_kind(view_of("鹤山市统计局2025年政府信息公开工作年度报告", "…"))[0] == "public"
    assert document_kind(view_of("某某交通投资集团有限公司2025年度报告摘要", "…"))[0] == "public"
    assert document_kind(view_of("瑞枫县生产安全事故应急预案（公开版）", "…"))[0] == "public"
    # Without 公开版 a 预案 is an internal form; a 请示 about a report stays one.
    assert document_kind(view_of("瑞枫县生产安全事故应急预案", "…"))[0] == "internal"
    assert document_kind(view_of("关于报送2025年度报告的请示", "…"))[0] == "internal"


def test_a_matter_unpublished_before_is_no_withholding_now():
    view = view_of("情况说明", "此前未公开的后续赔偿金额在本报告中一并说明。")
    assert statements(view) == {}
    still = view_of("情况说明", "以上赔偿金额尚未公开，请勿外传。")
    assert {"尚未公开", "请勿外传"} <= set(statements(still))


REPORT = ["在县纪委全体会议上的工作报告", "一、2025年工作回顾",
          "全年处置问题线索318件，谈话函询41件次。", "二、2026年主要任务",
          "（一）推进清廉建设。拟于2026年上半年出台实施方案，待县委常委会审议通过后实施。",
          "（二）深化巡察监督。计划开展3轮常规巡察。"]


def test_a_reports_plans_section_announces_plans():
    view = view_of(*REPORT)
    assert set(plan_sections(view)) == {4, 5}
    fe = file_evidence(detect(view), DICTIONARY)
    assert not [e for e in fe.counted if e.signal in ("stage", "internal-form")]
    assert any(why.startswith("a plan the report announces") for _, why in fe.ignored)


def test_pending_cues_outside_a_plans_section_or_in_an_internal_form_count():
    before = view_of(*REPORT[:2], REPORT[4], *REPORT[3:4])
    assert plan_sections(before) == {}
    fe = file_evidence(detect(before), DICTIONARY)
    assert {e.signal for e in fe.counted} >= {"stage", "internal-form"}
    request = view_of("关于推进清廉建设的请示", *REPORT[1:])
    assert plan_sections(request) == {}
    fe = file_evidence(detect(request), DICTIONARY)
    assert {e.signal for e in fe.counted} >= {"stage", "internal-form"}


def test_a_note_pointing_at_this_document_counts_inside_a_plans_section():
    view = view_of(*REPORT, "说明：本报告为工作底稿，数据仍在复核。")
    assert 6 in plan_sections(view)
    fe = file_evidence(detect(view), DICTIONARY)
    assert "工作底稿" in [e.detail["text"] for e in fe.counted if e.signal == "stage"]


def test_next_steps_closing_a_report_to_a_superior_are_no_plans_section():
    view = view_of("关于政务云漏洞排查情况的报告", "一、总体情况", "共发现漏洞214个。", "二、下一步工作",
                   "（一）拟于11月中旬组织攻防演练，方案另行报批。")
    assert plan_sections(view) == {}


def test_a_government_reporting_to_the_legislature_is_public_context():
    """提请全国人民代表大会, 提交大会审议, 分送给各位代表: a report read to deputies, not a 请示."""
    report = view_of("关于第六个五年计划的报告", "计划草案制定以后，国务院将提请全国人民代表大会审议。",
                     "这次提交大会审议的国家预算草案已经分送给各位代表。")
    assert not [e for e in Handling().detect(report) if e.signal == "internal-form"]
    assert report.hits_of(1, "public") and report.hits_of(2, "public")
    request = view_of("关于调整预算的请示", "现将调整方案提请区委常委会审议，并分送各成员单位。")
    assert {e.detail["text"] for e in Handling().detect(request)
            if e.signal == "internal-form"} == {"提请", "分送"}


def test_a_markdown_heading_opens_a_plans_section_as_a_numbered_one_does():
    view = view_of("# 工作报告", "## 一、2025年工作回顾", "全年处置问题线索318件。", "## 二、2026年主要任务",
                   "（一）拟于上半年出台实施方案，待常委会审议通过后实施。")
    assert set(plan_sections(view)) == {4}
