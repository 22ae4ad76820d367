"""Undecided specifics (scanner/detect/undecided.py) on built documents: an internal form
whose pending cues govern names, times, places and amounts is an undecided matter; the same
specifics in a public notice, a law, a record of what was done, or a long report are not."""
from __future__ import annotations

from conftest import view_of, write_docx
from scanner.detect.registry import detect
from scanner.detect.undecided import undecided
from scanner.detect.view import View
from scanner.dictionary import load_dictionary
from scanner.extract import extract
from scanner.model import Status, Verdict

DICTIONARY = load_dictionary()

# A deployment before the operation: the heading's cue (收网, 编组) governs its section.
DEPLOYMENT = [
    "四、收网部署",
    "（一）收网时间：4月22日凌晨5时统一行动，共抽调警力86人。",
    "第一组：刑侦大队副大队长邓立群带12人，负责城关镇锦绣华庭7栋，北门由特警1辆车待命；",
    "第二组：城关派出所所长罗文斌带10人，负责工业大道132号二楼，交警在滨江路设卡配合；",
    "第三组：青溪派出所所长牛建华带8人，负责青溪镇，4月21日22时在县局集中。",
    "五、后续工作",
    "抓获的犯罪嫌疑人一律带回县局审讯。",
]


def docx_view(tmp_path, paragraphs: list[str], table=None) -> View:
    path = write_docx(tmp_path / "draft.docx", paragraphs, table=table)
    return View(extract(path.read_bytes(), "docx").segments, DICTIONARY)


def test_a_deployment_plan_under_its_heading_is_undecided(tmp_path):
    view = docx_view(tmp_path, ["县公安局专项行动方案", *DEPLOYMENT, "县公安局", "2026年4月15日"])
    strength, seg, detail = undecided(view)
    assert strength >= 0.8
    assert "收网" in detail["cues"] and any(c.startswith("future-date") for c in detail["cues"])
    # The densest governed paragraph is one of the groups, and the registry reports it.
    assert "组" in view.norms[seg]
    found = [e for e in detect(view) if e.signal == "undecided"]
    assert len(found) == 1 and found[0].segment == seg and found[0].strength == strength


def test_the_heading_governs_its_section_only():
    section = ["二、收网部署", "第一组：副大队长邓立群带12人，负责锦绣华庭7栋。",
               "第二组：所长罗文斌带10人，负责工业大道132号。"]
    full = view_of("县公安局专项行动方案", "一、基本情况", "全县有网点12处，涉案资金300万元。",
                   *section, "三、保障", "准备车辆18台、执法记录仪90部。", "2026年4月15日")
    alone = view_of("县公安局专项行动方案", "一、基本情况", *section, "三、保障", "2026年4月15日")
    # The figures of 一 and 三 are not under the cue of 二 (收网).
    assert undecided(full)[2]["governed"] == undecided(alone)[2]["governed"] > 0


def test_the_same_specifics_in_a_public_notice_or_a_law_do_not_count():
    notice = view_of("关于专项行动的公告", *DEPLOYMENT, "2026年4月15日")
    law = view_of("治安管理处罚办法", *(f"第{n}条 {p}" for n, p in zip("一二三四五", DEPLOYMENT)))
    assert undecided(notice)[0] == 0.0
    assert undecided(law)[0] == 0.0
    assert not [e for e in detect(notice) if e.signal == "undecided"]


def test_a_plan_dated_before_its_day_differs_from_a_record_after_it():
    """opening-date: a date to come in the first paragraphs makes the document its plan."""
    body = ["一、时间：10月21日下午。",
            "（一）13时40分，一行由沪昆高速云渚东出口下道，县委书记冯天佑在出口迎接。",
            "（二）14时00分，考察古镇，经东门步行至万寿宫，管委会主任贺子轩讲解。",
            "（三）16时10分，在县融媒体中心三楼会议室召开座谈会，2家企业负责人发言。",
            "县公安局在古镇东门、非遗工坊门口各安排民警2名，中巴车1台。"]
    plan = view_of("省领导来县调研活动方案", *body, "中共云渚县委办公室", "2026年10月15日")
    record = view_of("省领导来县调研活动方案", *body, "中共云渚县委办公室", "2026年10月25日")
    strength, _, detail = undecided(plan)
    assert strength > 0 and "future-date 10月21日" in detail["cues"]
    assert undecided(record)[0] == 0.0  # no cue at all once the day has passed


def test_the_papers_own_date_is_its_closing_line_not_a_running_head(tmp_path):
    """A running head carrying the exercise's day (2026年6月8日) is no date of the paper: a
    DOCX keeps it in its header part, read after the body, and the paper signed on 5月12日
    still plans what its body dates 5月25日."""
    body = ["县网络攻防演练实施方案", "一、时间安排",
            "5月25日前：完成攻击队资质审核，领队商鸿飞、队员祁鸣2人报导调组。",
            "县委网信办", "2026年5月12日"]
    headed = write_docx(tmp_path / "headed.docx", body, header="演练时间：2026年6月8日9:00")
    view = View(extract(headed.read_bytes(), "docx").segments, DICTIONARY)
    assert "future-date 5月25日" in undecided(view)[2]["cues"]


def test_a_table_under_a_pending_note_is_governed(tmp_path):
    rows = [["地块", "面积", "起始价", "底价"],
            ["城东1号", "32亩", "8600万元", "9100万元"],
            ["城南3号", "18亩", "4200万元", "4550万元"],
            ["河西5号", "25亩", "5100万元", "5400万元"]]
    view = docx_view(tmp_path, ["国有建设用地出让集体决策会议纪要",
                                "会议确定以下地块出让起始价和底价，挂牌公告另行发布。",
                                "区自然资源局", "2026年3月2日"], table=rows)
    strength, seg, detail = undecided(view)
    assert strength > 0.3 and {"底价", "起始价"} <= set(detail["cues"])
    assert view.segments[seg].part == "table"


def test_density_a_long_report_with_scattered_cues_is_weak():
    short = view_of("关于补偿安置的请示", "拟按每户12万元补偿，涉及86户，初步测算需1032万元。",
                    "建议由张建国任指挥长，3月15日前完成。", "2026年3月1日")
    filler = "各地坚持稳中求进工作总基调，统筹发展和安全，经济运行总体平稳。" * 600
    long = view_of("关于补偿安置的请示", "拟按每户12万元补偿，涉及86户，初步测算需1032万元。",
                   filler, "建议由张建国任指挥长，3月15日前完成。", "2026年3月1日")
    assert undecided(short)[0] > 2 * undecided(long)[0] > 0


def test_specifics_without_any_cue_are_no_signal():
    roster = view_of("应急值班人员名单", "带班领导：王建国，值班员：李明、赵丽，电话12345。",
                     "地点：人民路18号三楼，24小时值守，车辆2台。", "2026年2月1日")
    assert undecided(roster)[0] == 0.0


def test_a_text_that_speaks_to_the_public_is_no_internal_draft():
    """public-address: a draft for comment names its figures and dates to come openly."""
    body = ["拟按每户12万元补偿，涉及86户，初步测算需1032万元，待审定后于5月10日实施。",
            "建议由张建国任指挥长，3月15日前完成。", "2026年3月1日"]
    internal = view_of("关于补偿安置的方案", *body)
    for_comment = view_of("关于补偿安置的方案", "现向社会公开征求意见，接受社会监督。", *body)
    assert undecided(internal)[0] > 0
    assert undecided(for_comment)[0] == 0.0


def test_an_undecided_plan_in_no_known_sector_blocks_with_its_own_rule(tmp_path, scan):
    """No topic and no statement: the undecided specifics decide (rule content.undecided)."""
    path = write_docx(tmp_path / "plan.docx", [
        "县物资调运实施方案", *DEPLOYMENT[:5],
        "第四组：城南所所长许建华带8人，负责河口乡，4月22日6时到位。",
        "县公安局", "2026年4月15日"])
    result = scan(path)
    assert result.verdict is Verdict.BLOCK and result.status is Status.UNMARKED_SENSITIVE
    assert "content.undecided" in {f.rule for f in result.findings}
    assert all(f.text for f in result.findings)


def test_a_markdown_heading_governs_as_the_same_heading_in_a_docx(tmp_path):
    text = "\n\n".join(["# 县公安局专项行动方案", "## 一、基本情况", "全县有网点12处。",
                        "## 二、收网部署", "第一组：副大队长邓立群带12人，负责锦绣华庭7栋。",
                        "第二组：所长罗文斌带10人，负责工业大道132号。", "## 三、保障",
                        "准备车辆18台、执法记录仪90部。", "2026年4月15日"]) + "\n"
    markdown = View(extract(text.encode("utf-8"), "text").segments, DICTIONARY)
    docx = docx_view(tmp_path, [line.lstrip("# ") for line in text.split("\n\n")])
    assert undecided(markdown)[2]["governed"] == undecided(docx)[2]["governed"] > 0


# A surprise inspection's schedule: targets, dates and the inspectors, before it is done.
INSPECTION_ROWS = [["组别", "检查对象", "检查人员", "补偿估算（万元）"],
                   ["第一组", "清源纸业有限公司", "龚建华、马思远、钟晓", "2350"],
                   ["第二组", "华丰印染有限公司", "邱兰、段文斌、杨启航", "1980"],
                   ["第三组", "永昌化工股份有限公司", "蔡志宏、冉静、毛宇", "1120"]]


def test_a_cue_in_the_caption_above_a_table_governs_the_table(tmp_path):
    """caption: the line just above a table (暗查点位和人员安排表) governs it; the same cue
    in a paragraph away from the table does not reach its cells."""
    opening = ["清漪河流域排污口检查工作方案", "一、工作目标", "查清沿线排污口偷排漏排情况，开展暗查。",
               "二、工作要求", "各组严守廉洁纪律。"]
    captioned = docx_view(tmp_path, [*opening, "暗查点位和人员安排表"], table=INSPECTION_ROWS)
    plain = docx_view(tmp_path, [*opening, "点位和人员安排表"], table=INSPECTION_ROWS)
    governed, apart = undecided(captioned)[2]["governed"], undecided(plain)[2]["governed"]
    assert apart == 0 and governed >= 9
    assert captioned.segments[undecided(captioned)[1]].part == "table"


def test_names_organisations_and_figures_in_a_governed_table_are_specifics(tmp_path):
    """table-cells and name-list: a list of inspectors counts each person, a company and a
    figure (its unit in the header) a specific each; a list of places, a row number or a
    word do not."""
    caption = ["检查工作方案", "各组人员和对象见下表，暗查日期另行通知。"]
    people = docx_view(tmp_path, caption, table=INSPECTION_ROWS)
    places = docx_view(tmp_path, caption, table=[
        ["序号", "检查区域", "检查内容", "方式"],
        ["1", "东岗区、西陵县、南湖区", "活性炭更换记录", "现场核查"],
        ["2", "城北区、城南区", "在线监测数据", "调阅台账"]])
    assert undecided(people)[2]["governed"] >= 12
    assert undecided(places)[0] == 0.0


def test_a_plain_text_table_reads_as_the_same_table_in_a_docx(tmp_path):
    """A text's tab-separated lines are the rows of its table: the caption governs them as
    it governs a DOCX table's cells."""
    lines = ["检查工作方案", "各组人员和对象见下表，暗查日期另行通知。",
             *("\t".join(row) for row in INSPECTION_ROWS)]
    text = View(extract("\n".join(lines).encode("utf-8"), "text").segments, DICTIONARY)
    docx = docx_view(tmp_path, lines[:2], table=INSPECTION_ROWS)
    assert undecided(text)[2]["governed"] == undecided(docx)[2]["governed"] >= 12
