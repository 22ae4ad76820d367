"""Undecided specifics: an internal form whose concrete matters are not yet decided, carried
out or published — a 方案, 请示, 纪要 or 名单 that allocates money per unit, names the
inspectors and dates of an inspection still to come, sets a price floor before the
negotiation, deploys police by route, time and group, lists candidate sites and households
before the decision. Such a draft says nothing about secrecy; a 保密审查员 stops it for what
it holds (《保守国家秘密法》2024 第十三条: decisions and deployments not yet made public;
《政府采购法》, 《招标投标法实施条例》: floors and reference prices before the opening).

Read over the whole file, cheaply: gated on the internal kind (scanner/detect/doc_kind.py),
with regular expressions for the specifics and the one-pass lexicon hits for the cues — no
segmentation. Heuristics:
- ``internal-gate``: a document whose title names an internal form is read, and one of no
  known kind (a 报告, 汇总 or 分析 to a superior); laws and public notices are not (a
  published 工作方案 comes under a 公告 or 通报 and is of public kind).
- ``governs``: a cue (dictionaries/signals.toml [undecided], [tentative]) governs the
  specifics of its paragraph; a cue in a heading (四、收网部署) governs its section, up to
  the next heading of the same level; a cue in a table or a table note governs the table.
- ``future-date``: a date later than the document's own date (the last full date in its
  closing lines) is a plan not yet carried out: a cue of its own, each distinct date.
- ``opening-date``: such a date in the first paragraphs under the title (定于5月19日开展…,
  一、时间：10月21日) makes the whole document the plan of that day: it governs everything.
- ``title-cue``: a title that says the paper is not settled (布局初步方案, 选址比选报告, 拟…
  名单) makes everything under it the undecided matter: it governs the whole document. A
  weak word (建议, 预计: titles of public plans) does not.
- ``public-address``: a text with two distinct public-context phrases (向社会公开征求意见,
  接受社会监督) speaks to the public: a draft for comment or a news story, not read. A
  phrase right after 拟, 待 or 将 (拟公示时间) is a publicity still to come, not counted.
- ``caption``: a cue in the line just above a table (its caption: 暗查点位、人员和日期安排表)
  governs that table; ``table-note``: so does a cue in the line just under it (说明：…于6月15日
  报到时分发给组长), as a note of the table.
- ``table-pointer``: a cued paragraph that points at a table (对上表第1至第4项…突击复查;
  名单见下表) governs it: 上表 the last table before the paragraph, 下表, 附表 or 附件 the
  next one.
- ``own-date``: the document's own date is the last full date of its closing lines; where an
  annex follows the signature, the last line that is a date alone (the 成文日期 over an
  appended list), else the first date of the title lines (the opening paragraph may be
  among them, with the days it plans).
- ``awaiting``: a deciding act (研究, 审定, 确定 — signals.toml [pending]) that a 待 reaches
  within its clause (待市政府常务会研究, 有待进一步论证确定) is a decision still to come: a
  cue of the act's weight. 待遇, 接待, 对待 are no waiting.
- ``not-yet-published``: results or casualties not yet out (尚未通告, 未经官方发布, 暂未公布)
  and an inspection its targets must not foresee (不打招呼): a cue each, read by a regular
  expression (as lexicon words they would hide the limiter and act of not_public.py).
- ``assigned``: a name after a task's role (主考官林国栋, 带队, 现场指挥：镇长钱振武) in a
  paragraph dated after the document, or anywhere in an internal form (方案, 纪要), is a
  person assigned to a matter still ahead — examiners before the exam, the lead of an
  inspection to come, who commands an evacuation: a cue of its own, each distinct name, at
  most two. A rank between the role and the name (镇长, 主任) is read past.
- ``specifics``: amounts (万元), counts per unit (户, 人, 辆), calendar days, clock times,
  street addresses and names after a post (组长, 带队, 主考官) — the concrete matter.
- ``name-list``: two or more names in a row (龚建华、马思远、钟晓) are persons assigned to
  the matter: each a specific (a list of places fails the surname and suffix checks).
- ``table-cells``: in a governed table, a cell that is a figure (its unit in the column
  header: 征地补偿估算（万元） | 2350), a person's name or a named organisation (清源纸业
  有限公司) is a specific: a table of units × quantities, or targets × inspectors. A line
  of tab-separated cells (a table in a plain text) is a row.
- ``density``: one cue is chance; the strength grows with the governed specifics and the
  distinct cues, saturating at GOVERNED_FULL and CUES_FULL.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from scanner.detect.doc_kind import document_kind, numbering
from scanner.detect.evidence import Evidence
from scanner.detect.view import View
from scanner.lazy_pattern import LazyPattern

# Governed specifics and the weight of distinct cues at which the signal is full.
GOVERNED_FULL = 12.0
CUES_FULL = 3.0
# density: a long report gathers cues and figures somewhere; past this many characters the
# strength is divided by the file's length in such spans (as voice.py does).
DENSITY_SPAN = 6000
# A paragraph counts at most this many specifics (a long table row is one matter).
SPECIFICS_PER_PARAGRAPH = 4
# A heading: a short numbered line; its cue governs the section under it.
HEADING_MAX = 24
# The closing lines where a document dates itself.
CLOSING_LINES = 6
# Weight of each distinct date later than the document's own (a plan not yet carried out).
FUTURE_DATE = 0.6
# All dates to come weigh at most two: a public timetable lists many.
FUTURE_DATES_MAX = 2 * FUTURE_DATE
# The paragraphs under the title where a date to come makes the whole document its plan.
OPENING_PARAGRAPHS = 2
OPENING = "opening"  # a section level no heading has: it runs to the end
# title-cue: the least weight of a cue in the title that governs the whole document, and
# the longest title (a longer first paragraph is a text's body, as in an excerpt).
TITLE_CUE = 0.6
TITLE_MAX = 40

# public-address: this many distinct public-context phrases (接受社会监督, 向社会公开征求意见,
# 答记者问 — signals.toml [public]) make a text that speaks to the public, no internal draft.
PUBLIC_ADDRESS = 2
# public-address: a publicity still to come (拟公示时间, 待公开, 将于…公布).
_TO_COME = regex.compile(r"(?:拟|待|将|将于)$")
# One pass per paragraph: amounts, counts per unit, calendar days, clock times, addresses,
# and a name after a post (its name checked against the surnames).
_SPECIFIC = regex.compile(
    r"\d[\d,.]*\s*(?:亿元|万元|元|万)"
    r"|\d[\d,]*\s*(?:户|人|名|辆|台|吨|套|处|家|间|亩|项|宗)"
    r"|\d{1,2}月\d{1,2}日|\d{1,2}(?:时|:\d{2})"
    r"|(?:路|街|大道|巷)\d+号|\d+(?:栋|号楼|单元)"
    r"|(?:组长|指挥长|负责人|责任人|带队|主考官|考官|联系人|主谈|所长|队长|局长|镇长|乡长|县长|"
    r"主任|专家)[：:]?(?P<name>\p{Han}{2,3})")
# name-list: items of 2-3 Han characters joined by 、, one at least of three (方式、方法 is
# no list of persons); an item ending so is a place or a body (东岗区、西陵县; 执法支队).
# A name alone in a cell has three characters (方式, 时间 pass the surname check).
_SEPARATORS = "、，,"
_NAME_LIST = regex.compile(rf"(?<!\p{{Han}})\p{{Han}}{{2,3}}(?:[{_SEPARATORS}]\p{{Han}}{{2,3}}){{1,}}"
                           r"(?!\p{Han})")
_LIST_SEPARATOR = regex.compile(f"[{_SEPARATORS}]")
# Characters that are all \p{Han} (the CJK ideographs of Unicode 1.1): one outside may be Han
# too, so the range only ever rules a list out.
_HAN_SURELY = ("\u4e00", "\u9fa5")
_NOT_NAME_END = frozenset("省市区县乡镇村组局厅处科站所队办委会院校厂司园路街")
# table-cells: a figure alone in a cell (its unit in the header), of at least this value
# (序号 1, 2, 3 are no quantity); a named organisation by its ending.
CELL_FIGURE_MIN = 10
# A line of a plain text with this many tabs is a table's row, its cells split by tabs.
TEXT_ROW_TABS = 2
# A figure and a named organisation alone in a cell. These and _ROLE compile when first
# needed: most files reach none, and compiling the three cost every scan's start-up 9 M
# instructions.
_CELL_FIGURE = LazyPattern(regex.compile, r"\d[\d,]*(?:\.\d+)?")
_ORGANISATION = LazyPattern(regex.compile,
                            r"\p{Han}{2,}(?:有限公司|公司|集团|厂|医院|学校|中学|小学|"
                            r"酒店|宾馆|合作社|项目部|超市|商店|店|摊|食堂|经营部|门市部|"
                            r"诊所|药房|餐厅|饭店|农贸市场|养殖场)(?:（[^）]*）)?")
_FULL_DATE = regex.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
# own-date: a line that is a full date alone (2026年6月3日, （2026年6月23日）, …8日23时).
_DATE_LINE = regex.compile(r"[（(]?\d{4}年\d{1,2}月\d{1,2}日(?:\d{1,2}(?:时|:\d{2}))?[）)]?")
# table-pointer: words by which a paragraph points at the table above or below it.
_POINTER_UP = regex.compile(r"上表|前表|表中|该表")
_POINTER_DOWN = regex.compile(r"下表|附表|见附件|附件\d?所列|如下表")
# awaiting: a 待 of waiting (not 待遇, 接待, 对待, 期待, 优待, 招待, 看待, 款待, 虐待) at most
# AWAIT_REACH characters before the act, with no clause break between.
AWAIT_REACH = 12
_AWAITING = regex.compile(r"(?<![接对期优招看款虐善])待(?!遇)[^，。；,;：:！？]{0,%d}$"
                         % AWAIT_REACH)
# not-yet-published: a not-yet before a word of publishing, or a visit unannounced.
_NOT_PUBLISHED = regex.compile(r"(?:尚未|暂未|还未|未经)(?:官方|正式|对外|依法)?"
                               r"(?:通告|公布|公开|发布)|不打招呼")
# Every match of _NOT_PUBLISHED holds one of these: a paragraph with none is not searched
# (a substring test is far cheaper than trying the pattern at each character).
_NOT_PUBLISHED_HOLDS = ("未", "不打招呼")
NOT_PUBLISHED = 1.0
# Weight of each distinct person assigned to a matter still ahead, and of all of them.
ASSIGNED = 0.6
ASSIGNED_MAX = 2 * ASSIGNED
# The cues counted one per date or name, by their label's start, and what all of a kind weigh
# at most.
CAPPED = {"future-date": FUTURE_DATES_MAX, "assigned": ASSIGNED_MAX}
# assigned: the roles of a task (an exam's examiners, an inspection's lead, a group's head),
# not ranks (局长, 主任 name officials in any report), a rank after the role, and the
# person after them.
_ROLE = LazyPattern(regex.compile,
                    r"(?:组长|队长|指挥长|现场指挥|总指挥|责任人|带队|主考官|考官|监考|主谈|联络员|"
                    r"包保干部)[：:]?(?:(?:副|常务副)?[县镇乡区市局所处科]长|主任|书记)?"
                    r"(?P<name>\p{Han}{2,3})")
_DATE = regex.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
CUE_KINDS = ("undecided", "tentative")


def _parts(view: View) -> list[str]:
    """Each segment's part; a plain-text line of tab-separated cells is a table row."""
    # ``in`` first: most paragraphs hold no tab, and a search stops where count reads on.
    return ["table" if s.part == "body" and "\t" in s.text
            and s.text.count("\t") >= TEXT_ROW_TABS else s.part for s in view.segments]


def _name(view: View, word: str) -> bool:
    return view.dictionary.looks_like_name(word) and word[-1] not in _NOT_NAME_END


def _not_published(text: str) -> list[regex.Match[str]]:
    """not-yet-published: the matches of _NOT_PUBLISHED in ``text``."""
    if _NOT_PUBLISHED_HOLDS[0] not in text and _NOT_PUBLISHED_HOLDS[1] not in text:
        return []  # two tests, not any() over a generator: that costs more than the tests
    return list(_NOT_PUBLISHED.finditer(text))


def _name_lists(text: str) -> Iterator[regex.Match[str]]:
    """``_NAME_LIST.finditer(text)``, tried only where a list can start: two or three
    characters before a separator, after a character that is not Han (its first item).
    Tried at every character, a pattern that opens with a lookbehind and a Unicode property
    costs ~900 instructions each; in prose a separator has longer runs of Han before it."""
    starts = set()
    for separator in _SEPARATORS:
        at = text.find(separator, 2)
        while at >= 0:
            if at < 4 or not (_HAN_SURELY[0] <= text[at - 3] <= _HAN_SURELY[1]
                              and _HAN_SURELY[0] <= text[at - 4] <= _HAN_SURELY[1]):
                starts.update(range(max(0, at - 3), at - 1))
            at = text.find(separator, at + 1)
    end = 0
    for start in sorted(starts):
        if start >= end and (m := _NAME_LIST.match(text, start)):
            yield m
            end = m.end()


def _names(view: View, text: str) -> int:
    """name-list: the persons named in lists of two or more names."""
    count = 0
    for m in _name_lists(text):
        items = _LIST_SEPARATOR.split(m.group())
        if any(len(w) == 3 for w in items) and all(_name(view, w) for w in items):
            count += len(items)
    return count


def _cell(view: View, text: str) -> int:
    """table-cells: a figure, a person's name or a named organisation alone in a cell."""
    text = text.strip()
    if _CELL_FIGURE.fullmatch(text):
        return 1 if float(text.replace(",", "")) >= CELL_FIGURE_MIN else 0
    if len(text) == 3 and _name(view, text):
        return 1
    return 1 if _ORGANISATION.fullmatch(text) else 0


def _posted(view: View, name: str) -> bool:
    """A name after a post (组长：龚建华) that is a person's: its first two or three
    characters pass the surname check."""
    return view.dictionary.looks_like_name(name[:3]) or view.dictionary.looks_like_name(name[:2])


def _assigned(view: View, text: str) -> list[str]:
    """assigned: the persons named after a task's role in ``text``."""
    return [m.group("name") for m in _ROLE.finditer(text) if _posted(view, m.group("name"))]


def _specifics(view: View, text: str, row: bool = False, raw: str = "") -> int:
    """The specifics of one paragraph, or of one table row (``row``: a cell, or a text's
    line whose cells ``raw`` separates by tabs — its normalised ``text`` has none)."""
    if row and "\t" in raw:  # each cell counts as a table's cell does
        return sum(_specifics(view, c, True) for c in raw.split("\t"))
    count = min(_names(view, text) or (_cell(view, text) if row else 0),
                SPECIFICS_PER_PARAGRAPH)
    if count >= SPECIFICS_PER_PARAGRAPH:
        return count
    for m in _SPECIFIC.finditer(text):
        name = m.group("name")
        if name and not _posted(view, name):
            continue
        count += 1
        if count == SPECIFICS_PER_PARAGRAPH:
            break
    return count


def _body_lines(view: View) -> list[int]:
    """The segments of the body and its tables that hold text, in order."""
    return [i for i, s in enumerate(view.segments)
            if s.part in ("body", "table") and view.norms[i].strip()]


def _document_date(view: View, body: list[int]) -> tuple[int, int, int] | None:
    """own-date: the last full date in the body's closing lines (a running head's or the
    metadata's date is not the paper's own), else on a line of its own (an annex after the
    signature), else the first in the title lines (the date under a title; the opening
    paragraph among them names the days it plans). ``body``: ``_body_lines``."""
    filled = [view.norms[i] for i in body]
    for lines, last in ((filled[-CLOSING_LINES:], True), (_last_date_line(filled), True),
                        (view.title_lines, False)):
        dates = [m for t in lines for m in _FULL_DATE.finditer(t)]
        if dates:
            date = dates[-1] if last else dates[0]
            return tuple(int(x) for x in date.groups())  # type: ignore[return-value]
    return None


def _last_date_line(lines: list[str]) -> Iterator[str]:
    """The last of ``lines`` that is a full date alone, read only when asked (the closing
    lines mostly hold the date); a line without 日 holds no full date and is not tried."""
    yield from next(([t] for t in reversed(lines)
                     if "日" in t and _DATE_LINE.fullmatch(t.strip())), [])


def _future_dates(text: str, today: tuple[int, int, int] | None) -> list[str]:
    """The dates in ``text`` later than the document's own date ``today``."""
    if today is None or "月" not in text:
        return []
    out = []
    for m in _DATE.finditer(text):
        year = int(m.group(1)) if m.group(1) else today[0]
        if (year, int(m.group(2)), int(m.group(3))) > today:
            out.append(m.group())
    return out


def _opening(body: list[int]) -> tuple[int, set[int]]:
    """(the title, the first body paragraphs under it, where a plan says when it happens)
    of the ``_body_lines``."""
    return (body[0] if body else -1), set(body[1:1 + OPENING_PARAGRAPHS])


def _level(text: str) -> str | None:
    """The numbering style of a heading (一、 / （一） / 1.), None for a paragraph; a
    Markdown heading's marks (## 四、谈判底线) are no part of its numbering."""
    text = text.lstrip("#").lstrip()
    if len(text) > 2 * HEADING_MAX or len(text.strip()) > HEADING_MAX:
        return None
    m = numbering(text)
    if not m:
        return None
    mark = m.group().strip()
    return "paren" if mark[0] in "（(" else ("digit" if mark[0].isdigit() else "han")


def _pointed_tables(view: View, parts: list[str], cued: set[int]) -> list[int]:
    """table-note and table-pointer: the rows of the tables that a cued line just under
    them, or a cued paragraph pointing at them (上表, 见附件), governs."""
    if not cued:
        return []
    filled = [i for i, t in enumerate(view.norms) if t.strip()]
    spans: list[list[int]] = []  # each table's rows, in order
    rows: list[int] = []
    for n, i in enumerate(filled):
        if parts[i] != "table":
            if n and parts[filled[n - 1]] == "table" and i in cued:
                rows += spans[-1]  # table-note: the cued line just under the table
            continue
        if n and parts[filled[n - 1]] == "table":
            spans[-1].append(i)
        else:
            spans.append([i])
    for seg in cued:
        if parts[seg] == "table":
            continue
        text = view.norms[seg]
        # Every pointer holds 表 or 附件: a paragraph with neither is not searched (a
        # substring test is far cheaper than trying a pattern at each character).
        table = "表" in text
        if table and _POINTER_UP.search(text):
            rows += next((s for s in reversed(spans) if s[-1] < seg), [])
        if (table or "附件" in text) and _POINTER_DOWN.search(text):
            rows += next((s for s in spans if s[0] > seg), [])
    return rows


def _cues(view: View, seg: int, today: tuple[int, int, int] | None, internal: bool
          ) -> tuple[dict[str, float], list[str]]:
    """(cue → weight, the dates to come) of segment ``seg``: its lexicon cues, the results
    not yet published, the decisions awaited, the dates to come and the persons assigned."""
    text = view.norms[seg]
    kinds = view.kinds_in(seg)  # a paragraph with no word of a kind does not read its hits
    words: dict[str, float] = {}
    if not kinds.isdisjoint(CUE_KINDS):
        words = {h.text: max(h.term(k).weight for k in CUE_KINDS if h.has(k))
                 for h in view.hits[seg] if not h.kinds.keys().isdisjoint(CUE_KINDS)}
    for m in _not_published(text):
        if m.group() not in words:
            words[f"not-yet-published {m.group()}"] = NOT_PUBLISHED
    for h in view.hits_of(seg, "pending"):
        if _AWAITING.search(text, max(0, h.start - AWAIT_REACH - 1), h.start):
            words[f"awaiting {h.text}"] = h.term("pending").weight
    future = _future_dates(text, today)
    for d in future:
        words[f"future-date {d}"] = FUTURE_DATE
    if future or internal:
        for n in _assigned(view, text):
            words[f"assigned {n}"] = ASSIGNED
    return words, future


def undecided(view: View) -> tuple[float, int, dict]:
    """(strength 0..1, the segment with the most governed specifics, detail)."""
    kind = document_kind(view)[0]
    if kind not in ("internal", "unknown"):
        return 0.0, -1, {}
    internal = kind == "internal"
    public = {h.text for seg in range(len(view.hits)) for h in view.hits_of(seg, "public")
              if not _TO_COME.search(view.norms[seg], 0, h.start)}
    if len(public) >= PUBLIC_ADDRESS:
        return 0.0, -1, {}
    body = _body_lines(view)
    today = _document_date(view, body)
    cues: dict[str, float] = {}
    governed = [False] * len(view.norms)
    section: str | None = None  # the level of the heading whose cue governs
    title, opening = _opening(body)
    table = False  # a table (or its note) carries a cue
    caption = False  # the line above this table carries a cue (it governs the table)
    previous, last_cued = "", False  # the part of the last non-empty segment, and its cue
    cued: set[int] = set()  # the segments that carry a cue
    parts = _parts(view)
    for seg, text in enumerate(view.norms):
        part = parts[seg]
        if text.strip() and (part == "table") != (previous == "table"):
            caption = part == "table" and last_cued  # a table starts under a cued line
        words, future = _cues(view, seg, today, internal)
        # A heading's level only ends the section that governs or opens one under a cue.
        level = _level(text) if section is not None or words else None
        if section is not None and level == section:
            section = None
        cues.update(words)
        if words:
            cued.add(seg)
        if (future and seg in opening) or (seg == title and len(text.strip()) <= TITLE_MAX
                                           and max(words.values(), default=0) >= TITLE_CUE):
            section = OPENING  # the opening dates the plan, or the title says it is undecided
        if words:
            governed[seg] = True
            if level is not None:
                section = level
            if part == "table":
                table = True
        elif section is not None or caption:
            governed[seg] = True
        if text.strip():
            previous, last_cued = part, bool(words)
    if not cues:
        return 0.0, -1, {}
    if table:
        governed = [g or p == "table" for g, p in zip(governed, parts)]
    for seg in _pointed_tables(view, parts, cued):
        governed[seg] = True
    counts = [_specifics(view, text, parts[seg] == "table", view.segments[seg].text)
              if governed[seg] else 0 for seg, text in enumerate(view.norms)]
    total = sum(counts)
    weight = sum(cues.values())
    for prefix, most in CAPPED.items():  # each kind of counted cue weighs at most its cap
        share = sum(w for c, w in cues.items() if c.startswith(prefix))
        weight -= share - min(share, most)
    spans = max(1.0, sum(map(len, view.norms)) / DENSITY_SPAN)
    strength = min(1.0, total / GOVERNED_FULL) * min(1.0, weight / CUES_FULL) / spans
    best = max(range(len(counts)), key=counts.__getitem__, default=-1)
    return strength, best, {"governed": total, "cues": sorted(cues)[:12],
                            "cue_weight": round(weight, 2)}


class UndecidedSpecifics:
    name = "undecided"

    def detect(self, view: View) -> list[Evidence]:
        strength, seg, detail = undecided(view)
        if strength <= 0 or seg < 0:
            return []
        return [Evidence("undecided", seg, (0, len(view.norms[seg])), view.location(seg),
                         strength, f"undecided specifics: {detail['governed']} specifics "
                         f"under {', '.join(detail['cues'][:6])}", detail)]
