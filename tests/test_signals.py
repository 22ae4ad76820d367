"""The signals that generalise, on built documents: the not-public grammar, scope, the
document's kind, specifics, and the judge that weighs them (a not-public statement about
concrete specifics blocks in a sector no dictionary knows; a law's secrecy words do not)."""
from __future__ import annotations

from conftest import write_docx
from scanner.cli import main
from scanner.detect.doc_kind import document_kind
from scanner.detect.not_public import Handling, NotPublic
from scanner.detect.registry import DETECTORS, detect
from scanner.detect.scope import statement_scope
from scanner.detect.specifics import Specifics
from scanner.detect.view import View
from scanner.dictionary import load_dictionary
from scanner.extract import extract
from scanner.model import Segment, Status, Verdict

DICTIONARY = load_dictionary()


def view_of(*paragraphs: str) -> View:
    return View([Segment(p, index=i) for i, p in enumerate(paragraphs, 1)], DICTIONARY)


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
    view = view_of("关于调整人员的请示", "以上名单暂不对外。", "任何单位和个人不得泄露举报人信息。",
                   "一、工作人员应当严格保密，不得对外透露。")
    by_text = {text: scope for _, text, scope in statements(view)}
    assert by_text["暂不对外"] == "document"
    assert by_text["不得泄露"] == "rule"
    assert statement_scope(view, 3, 0, 4)[0] == "rule"


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
    import dataclasses

    from scanner.model import FileResult

    result = scan(write_docx(tmp_path / "d.docx", ["关于调整的请示", "以上名单暂不对外，拟任王建军同志。"]))
    again = FileResult.from_dict(dataclasses.asdict(result))
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
