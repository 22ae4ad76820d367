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


def text_view(*lines: str) -> View:
    """A plain text's View: tab-separated lines are a table's rows."""
    return View(extract("\n".join(lines).encode("utf-8"), "text").segments, DICTIONARY)


# Targets of a recheck and their inspectors, as a plain text's table.
TARGET_ROWS = ["序号\t被抽样单位\t样品\t核查所", "1\t城关镇新民农贸市场\t韭菜\t城关所",
               "2\t青石镇惠家福超市\t鲜鸡蛋\t青石所", "3\t青石镇老码头水产店\t鲫鱼\t青石所",
               "4\t禾丰县实验中学食堂\t复用餐具\t城关所"]


def test_a_cued_note_under_a_table_governs_it():
    """table-note: the line just under a table, dated after the paper, governs its rows; the
    same note about a day already past governs nothing."""
    def paper(note: str) -> View:
        return text_view("抽检不合格单位核查安排", "一、核查对象", *TARGET_ROWS, note,
                         "县市场监督管理局", "2026年6月30日")
    ahead = undecided(paper("说明：以上单位由执法大队于7月8日逐户复查。"))
    past = undecided(paper("说明：以上单位已由执法大队于6月8日逐户复查。"))
    assert "future-date 7月8日" in ahead[2]["cues"] and ahead[2]["governed"] >= 5
    assert past[0] == 0.0


def test_a_paragraph_pointing_at_the_table_above_governs_it():
    """table-pointer: 对上表第1至第3项…复查 names the table's rows as the targets of an action
    to come; the same action with no pointer does not reach the table."""
    def paper(action: str) -> View:
        return text_view("抽检结果报告", "二、不合格明细", *TARGET_ROWS, "三、处置安排", action,
                         "四、工作要求", "各所按时报送处置结果。", "县市场监督管理局", "2026年6月30日")
    pointed = undecided(paper("7月8日至10日，对上表第1至第3项开展不打招呼的突击复查。"))
    unpointed = undecided(paper("7月8日至10日，对相关市场开展不打招呼的突击复查。"))
    assert {"突击", "not-yet-published 不打招呼"} <= set(pointed[2]["cues"])
    assert pointed[2]["governed"] >= unpointed[2]["governed"] + 4


def test_the_date_line_above_an_annex_is_the_papers_own_date():
    """own-date: a notice signed on 6月3日 with an expert list appended after its date line;
    the review on 6月16日 is still ahead of it."""
    annex = ["附件", "评审专家分组名单", "学科组\t姓名\t工作单位", "数理组\t谭润之\t滨海大学",
             "生命组\t任海鸥\t滨海医科大学附属第一医院", "信息组\t薛凯\t东海理工大学"]
    notice = view_of("关于做好会议评审工作的通知", "会议评审定于2026年6月16日在海韵宾馆举行，专家于6月15日14:00报到。",
                     "市科技局", "2026年6月3日", *annex)
    after = view_of("关于做好会议评审工作的通知", "会议评审定于2026年6月16日在海韵宾馆举行，专家于6月15日14:00报到。",
                    "市科技局", "2026年6月30日", *annex)
    assert {"future-date 2026年6月16日", "future-date 6月15日"} <= set(undecided(notice)[2]["cues"])
    assert undecided(after)[0] == 0.0


def test_a_decision_awaited_is_a_cue_and_a_treatment_is_not():
    """awaiting: 待…研究 is a decision to come; 待遇 and 接待 are no waiting."""
    sites = view_of("垃圾焚烧发电厂选址比较报告", "甲地块占地86亩，拆迁42户，投资3.2亿元，待市政府常务会研究确定。",
                    "市城管局", "2026年5月6日")
    treatment = view_of("养老服务情况报告", "全市86家机构落实护理人员待遇，接待老人4200人次，研究出台补贴办法。",
                        "市民政局", "2026年5月6日")
    cues = undecided(sites)[2]["cues"]
    assert any(c.startswith("awaiting ") for c in cues)
    assert not any(c.startswith("awaiting ") for c in undecided(treatment)[2].get("cues", []))


def test_examiners_named_for_an_exam_ahead_are_assigned():
    """assigned: a role of the task with a name, in a paragraph dated after the paper (主考官
    before the interview); once the day has passed, or for a rank (局长), no cue."""
    line = "本题本用于5月23日上午第二面试考场，由主考官林国栋、考官徐美华评分，局长王建国到场。"
    ahead = undecided(view_of("事业单位招聘面试题本", line, "领导小组办公室", "2026年5月20日"))[2]
    past = undecided(view_of("事业单位招聘面试题本", line, "领导小组办公室", "2026年5月30日"))
    assert {"assigned 林国栋", "assigned 徐美华"} <= set(ahead["cues"])
    assert not any("王建国" in c for c in ahead["cues"])
    assert past[0] == 0.0


def test_a_report_describing_surprise_visits_as_a_method_is_no_plan():
    """突击, 不打招呼 in a work report that lists no targets, dates or inspectors: the cues
    govern no specifics and the signal is silent."""
    report = view_of("县纪委全会工作报告", "坚持不发通知、不打招呼，开展突击暗访，全年组织明察暗访46批次，发现问题213个。",
                     "二、2026年主要任务", "持续深化明察暗访，暗访结果公开曝光。", "2026年1月22日")
    assert undecided(report)[0] == 0.0


def test_a_title_that_says_the_paper_is_preliminary_governs_it():
    """title-cue: 布局初步方案 makes every site, quantity and amount under it undecided; the
    same body under a report's title, or under a long first paragraph, has no cue."""
    body = ["一、新建储备库", "城北储备库选址于北郊物流园，占地36亩，储存帐篷2000顶、折叠床5000张，投资4200万元。",
            "城南储备库选址于南湖镇，占地28亩，储存救生衣8000件，投资3100万元。"]
    plan = undecided(view_of("应急物资储备库布局初步方案", *body, "市应急管理局"))
    report = undecided(view_of("应急物资储备库建设情况报告", *body, "市应急管理局"))
    long = undecided(view_of("全市初步形成了覆盖城乡的应急物资储备网络，储备品种和数量稳步增加，"
                             "调运能力进一步提升。", *body, "市应急管理局"))
    assert plan[0] > 0 and plan[2]["governed"] >= 4
    assert report[0] == 0.0 and long[0] == 0.0


def test_the_date_under_the_title_is_the_papers_and_the_day_it_fixes_is_ahead():
    """own-date: the first date of the title lines (…2026年3月20日拟) is the paper's; 定于 the
    28th in the opening paragraph is a day still ahead, a cue that governs the paper."""
    paper = view_of("面试考官编组表", "县人社局人事股 2026年3月20日拟",
                    "本次面试定于2026年3月28日在第二中学举行，设4个考场，每个考场7名考官。",
                    *(f"第{n}考场：主考官邵振华，考官冯丽娟、钱德明、包海涛。" for n in "一二三四"),
                    "备用考官：汤文斌、黎月华。", "经办人：吴秀兰")
    cues = undecided(paper)[2]["cues"]
    assert {"future-date 2026年3月28日", "定于"} <= set(cues)


def test_a_publicity_still_to_come_is_no_address_to_the_public():
    """public-address: 拟公示时间…公示期 plans the publicity of results not yet out; the same
    phrases written as a public notice's own (公示时间…公示期) speak to the public."""
    body = ["会议评审后拟立项12项，拟安排资金1860万元，第7项额度待处务会确定。",
            "专家组组长：裴志刚，成员：汪明远、关慧敏、栾晓峰。"]
    plan = view_of("项目评审结果汇总表", *body, "拟公示时间：7月初，公示期5个工作日。", "2026年6月20日")
    notice = view_of("项目评审结果汇总表", *body, "公示时间：7月1日起，公示期5个工作日。", "2026年6月20日")
    assert undecided(plan)[0] > 0
    assert undecided(notice)[0] == 0.0


def test_casualties_not_yet_released_are_a_cue_and_leave_the_statements_alone():
    """not-yet-published: 未经官方发布 before the names and figures of an incident is a cue;
    read by a regular expression, it leaves 尚未 and 公布 to the statements' grammar."""
    report = view_of("坍塌事故情况初报", "以下伤亡情况未经官方发布：死亡4人，受伤7人，死者周某林、罗某。",
                     "2026年6月8日")
    assert "not-yet-published 未经官方发布" in undecided(report)[2]["cues"]
    line = view_of("抽检结果报告", "抽检结果尚未公布前，任何人不得对外透露。").hits[1]
    assert {"尚未", "公布"} <= {h.text for h in line}


def test_an_internal_plan_that_names_who_commands_each_part_assigns_them():
    """assigned: in an internal form, a role with a rank and a name (现场指挥：镇长钱振武) is a
    person assigned to the matter, no date needed; the same lines in a report are not."""
    lines = ["二、转移范围。下游沿河10个村，共计2318户6742人，优先转移312人。",
             "五、责任人。总指挥：副县长欧文斌；龙潭镇现场指挥：镇长钱振武；白沙乡现场指挥：乡长闵海燕。"]
    plan = undecided(view_of("水库下游群众转移方案", *lines))[2]
    report = undecided(view_of("水库下游群众转移情况报告", *lines))
    assert {"assigned 欧文斌", "assigned 钱振武"} <= set(plan["cues"])
    assert report[0] == 0.0


def test_name_lists_are_tried_only_where_a_list_can_start():
    """_name_lists finds what _NAME_LIST.finditer finds, and the range it rules starts out
    with is all Han."""
    import random

    import regex

    from scanner.detect.undecided import _HAN_SURELY, _NAME_LIST, _name_lists

    low, high = (ord(c) for c in _HAN_SURELY)
    assert all(regex.match(r"\p{Han}", chr(c)) for c in range(low, high + 1))
    rng = random.Random(13)
    alphabet = "王李张明华国、，,a1 。㐀"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert [m.span() for m in _name_lists(text)] == \
            [m.span() for m in _NAME_LIST.finditer(text)], text
