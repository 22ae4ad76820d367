"""Statements that this document is not to be published, read as a grammar.

Lexicons are data (dictionaries/signals.toml); the grammar is here:
- ``limiter+act``: a limiter (暂不, 不得, 请勿, 只, 尚未 …) followed within a few characters of
  the same clause by a disclosure act (公开, 对外, 转发, 泄露, 传达, 公示 …): 暂不对外,
  开标前不得透露, 只作了解，不作传达, 此件不予公开, 尚未公示. A one-character limiter
  (不, 未, 勿, 只) must touch its act (不公开, 未公布), or it would read 不断公开 as one;
  a word that holds a limiter's character (分别, 特别, 接待: signals.toml [shield]) is
  matched whole and hides it (分别公开 has no 别公开).
- ``event+前``: an event followed by 前 (公示前, 开标前, 考试结束前): until then it is not public.
- ``only``: 只限, 仅供, 只在 … name who may know, across a list of people (只在联席会议成员
  和专班组长间传递, 仅供分管领导和经办人员掌握), as a preposition does (recipient-bridge);
  only they take a knowing act (知悉, 掌握, 流转): 不能掌握 is mere negation.
- ``until``: a limiter+act after a 前 of the same sentence (6月19日考完前只限两人掌握, 反馈会
  召开前清单只在督察组流转, 补丁打完以前别往群里放) withholds until a named date or event:
  as strong as an event+前, whatever the event. 到…为止 bounds it as 前 does (到开标那一刻为止
  只在三个人手上过); an until-clause that opens its sentence (宣判以前，参加讨论的委员…一个字都
  不能说给…) governs the whole sentence, however long the list of people after it.
- ``phrase``: statements written whole (注意保密, 控制知悉范围, 内部掌握).
- ``handling``: instructions about this copy (阅后收回, 口头传达, 不印发) and a limiter with
  a copying act (不得复印, 严禁带出).
- ``weak-pair``: a limiter+act weaker than MIN_PAIR (不宣传, 未经证实) is ordinary negation.
- ``retrospective``: a 未 after 此前, 以往, 过去 (此前未公开的赔偿金额在本报告中说明) tells what
  a matter was before, as a disclosure does; it withholds nothing now (此前不得透露 still
  withholds: only a 未 looks back).
- ``quoted-title``: words inside 《》 are a title (《不扩散核武器条约》), not a statement.
- ``stage``: the document is not final (讨论稿, 送审稿, 工作底稿, 记录稿未经本人审阅).
- ``pending``: a limiter of waiting (待, 尚须, 有待) reaching a deciding or checking act
  (劳务费待核实, 待局长办公会研究, 待厅领导拍板) marks a matter not yet decided; the more such
  marks a document carries, the surer it is a working draft.
- ``stage-notes``: several distinct stage notes about this document (第二稿, 送审稿, 尚未经
  局党组会研究, 未最终确定) make it surer a working draft than one: each note past the first
  adds STAGE_STEP to every one of them, as pending marks add up.
- ``internal-form``: closing formulas of internal forms (妥否，请批示, 拟办意见, 列席).
- ``knowers``: an only-word (只有, 只由, 就 …) names the only knowers when the list of people
  closes on a person or a range (两人, 科长, 同志, 之间) right before a knowing act (就局长和
  两位科长三个人手上有, 只由党组成员和三名组长知道); 就 must be a word of its own (not 就业).
  closed-circle: a list that closes on a count or a range (三个人, 两个科室之间) names the
  whole circle of knowers — as strong as a stated limit, whatever the limiter's weight.
- ``let-know``: a limiter with 让/给 and a knowing act keeps the matter from someone (不让村
  里的户主知道, 不给记者看).
- ``channel``: a limiter with a verb of placing (上, 发, 存, 挂, 透 …, a word of its own:
  not 不上报, 不发生) and a channel (网站, 公共盘, 工作群, 口风): 不上局网站, 别存公共盘.
- ``cover-story``: the answer outsiders get (一律说还在调研, 只说还在审理, 一律回答不掌握);
  a quoted answer is read to its closing mark (一律回答“清单还在调整”).
  asked-answer: a question put earlier in the sentence (来问, 问起来) and a quoted answer
  after a cover word (就说“我也不晓得”, 一律答“以开标现场为准”) prescribe what those who ask
  are told: a cover story whatever the words of the answer.
- ``copies``: a copy count or number (限印8份, 仅打印一份, 登记第004号).
- ``return``: a time of reading and a return (阅毕当日交回, 看完请交回, 读完留在综合组).
- ``not-yet``: a limiter of not-yet (尚未经, 还没有, 仍在) reaching a reviewing act of some
  body (尚未经网安大队复测, 未经讲话人审阅, 党委会还没有研究): a stage note, counted only
  when said of this document (scope), never as a rule's condition (未经集体研究不得…).
Each statement carries its scope (scanner/detect/scope.py): about this document, or a rule.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import regex

from scanner.detect import segmenter
from scanner.detect.evidence import Evidence
from scanner.detect.scope import statement_scope
from scanner.detect.view import Hit, View
from scanner.dictionary import Term

# Characters a limiter may reach over to its act: 不得擅自对外公开, 请勿向外转发.
REACH = 6
# The patterns every limiter tries are the standard re's: they need nothing of regex's, and
# a call to re costs about half.
_CLAUSE_END = re.compile(r"[，,。！？；;：:!?\n、]")
# recipient-bridge: a limiter followed by a preposition names whom the act is kept from
# ("不要向镇里其他干部、村里或者任何投标企业提起", "尚未与人民银行、监管分局逐项核对",
# "请勿再往工作群、政务外网里转"):
# the act may then sit further on, across the 、 of a list of recipients.
BRIDGE_REACH = 24
_BRIDGE = re.compile(r"(?:要|能|得|可|再)?[向给对把跟与同在经往]")
# After a one-character limiter these are words, not prepositions: 不同 (different), 不对.
_NO_BRIDGE = re.compile(r"同|对(?!着)")  # 别对着门店提 is a preposition again
_BRIDGED_CLAUSE_END = re.compile(r"[，,。！？；;：:!?\n]")
_BEFORE = re.compile(r"(?:之|结束|开始)?前")
# only: limiters that name who may know (the act may sit after a list of people).
_ONLY = re.compile(r"^(?:只|仅)(?:限|供|给|发|在|对)")
# knowers: how far an only-word reaches a knowing act when the list closes on a person, a
# working group or a range, and those closings (两人, 科长, 主任, 同志, 成员, 书记, 工作小组,
# 之间, 范围内).
KNOWERS_REACH = 40
_KNOWER_CLOSE = regex.compile(r"(?:[人长任导志员记们]|小?组|之?间|范围内?|本人)$")
# let-know: 让/给 after a limiter names whom a knowing act is kept from (不让户主知道).
_LET_KNOW = re.compile(r"(?:要|能|得|再)?[让给叫]")
# channel: a verb of placing after a limiter reaches a channel noun (不上局网站, 别存公共盘).
_CHANNEL_VERB = re.compile(r"(?:要|能|得|再|先)?[上发进存放挂贴传透露]")
CHANNEL_REACH = 10
# until: a 前 that means "before" (not 目前, 当前, 提前, 前期 …), within UNTIL_REACH
# characters before the limiter, in the same sentence.
_UNTIL = regex.compile(r"(?<![目当提眼生空])前(?![期款述列面沿提景进往台端线者])|(?<![前今])为止")
_SENTENCE_END = regex.compile(r"[。！？；;!?\n]")
_LAST_SENTENCE_END = regex.compile(r"(?r)[。！？；;!?\n]")  # searched backwards
UNTIL_REACH = 40
# opening-until: a 前 ending a clause within this many characters of its sentence's start
# (宣判以前，…) governs the whole sentence.
UNTIL_OPENING = 16
_UNTIL_OPENS = regex.compile(r"(?:(?<![目当提眼生空])前|(?<![前今])为止)[，,]")
UNTIL_STRENGTH = 0.9
# weak-pair: a limiter+act weaker than this (不宣传, 未经证实: a one-character limiter with a
# weak act) is ordinary negation, not a statement about publication.
MIN_PAIR = 0.45
_QUOTED = regex.compile(r"《[^》]{0,80}》")
# retrospective: a past-time word right before a limiter of not-yet (此前未, 以往尚未).
_RETROSPECTIVE = regex.compile(r"(?:此前|以往|过去|先前|原先)(?:尚|均|都|一直|并)?$")
RETROSPECTIVE_REACH = 5
# pending: limiters of waiting, how far they reach their act, and strength by count.
_WAITING = ("待", "尚待", "有待", "尚须", "须待")
PENDING_REACH = 12
PENDING_BASE, PENDING_STEP = 0.45, 0.15
# cover-story: a saying word touches the state it claims, across at most a quotation mark,
# or the state sits inside the quoted answer the saying word opens (at most QUOTE_REACH).
COVER_REACH = 2
QUOTE_REACH = 24
_QUOTE_OPEN = regex.compile(r"[：:]?\s*[“\"「『]")
_QUOTE_CLOSE = regex.compile(r"[”\"」』]")
# asked-answer: a question earlier in the sentence (来问, 问起来, 打电话问), at most ASKED_REACH
# characters before the cover word.
_ASKED = regex.compile(r"问|打听")
ASKED_REACH = 30
# closed-circle: strength of a knowers statement whose list closes on a count or a range.
CLOSED_CIRCLE_STRENGTH = 0.8
# copies: a count or number right after a copy word (限印8份, 仅打印一份, 登记第004号).
_COPY_COUNT = regex.compile(r"[\d〇零一二两三四五六七八九十百]+[份号]")
# return: how far a time of reading reaches its return (阅毕当日交回, 看完请交回).
RETURN_REACH = 8
# not-yet: how far a limiter of not-yet reaches the reviewing act, across the body named.
NOT_YET_REACH = 18
# stage-notes: what each distinct stage note past the first adds, and the strength from which
# a note counts (征求意见稿, 初稿, 待定 are too common in published drafts and reports).
STAGE_STEP = 0.1
STAGE_NOTE_MIN = 0.6
# The acts a disclosure limiter may govern, and the longest reach of any of its forms.
_ACTS = frozenset(("act", "know_act", "channel"))
_LONGEST_REACH = max(REACH, BRIDGE_REACH, KNOWERS_REACH, CHANNEL_REACH)
# The words without which a paragraph holds no statement of each detector (an act for a
# limiter, an event, a phrase, a saying word; a copying act, a pending act, a copy count, a
# return, a reviewing act, a handling, stage or internal-form word).
_NOT_PUBLIC_WORDS = frozenset(("act", "know_act", "channel", "event", "phrase", "cover"))
_HANDLING_WORDS = frozenset(("copy_act", "pending", "copies", "return_act", "review",
                             "handling", "stage", "internal"))


def _statement(view: View, seg: int, signal: str, start: int, end: int, strength: float,
               words: list[str], form: str) -> Evidence:
    scope, why = statement_scope(view, seg, start, end, until=form.startswith("until"),
                                 stage=signal == "stage")
    phrase = view.original(seg, start, end)
    return Evidence(signal, seg, (start, end), view.location(seg), strength,
                    f"{form}: {phrase} ({scope}: {why})",
                    {"words": words, "form": form, "scope": scope, "scope_why": why,
                     "text": phrase})


def _pairs(view: View, seg: int, act_kind: str) -> list[tuple[Hit, Hit, Term]]:
    """limiter+act: (limiter, act, act term) within REACH characters of one clause, or within
    BRIDGE_REACH when a preposition names the recipients in between (recipient-bridge);
    knowers, let-know and channel pairs for disclosure acts."""
    kinds = view.kinds_in(seg)
    acts = _ACTS if act_kind == "act" else frozenset((act_kind,))
    if ("limiter" not in kinds and "only" not in kinds) or kinds.isdisjoint(acts):
        return []  # no pair can form in this paragraph: its hits are not read one by one
    text = view.norms[seg]
    hits = view.hits[seg]
    disclosure = act_kind == "act"
    out = []
    for i, lim in enumerate(hits):
        # only-words (就, 只有) pair with knowing acts alone, never with copying acts.
        if "limiter" not in lim.kinds and not (disclosure and "only" in lim.kinds):
            continue
        if not _act_near(hits, i, lim, acts):
            continue  # most limiters of an ordinary text: no form's pattern is tried
        found = _act_after(hits, i, lim, act_kind, text)
        if found is not None:
            out.append((lim, *found))
    return out


def _act_near(hits: list[Hit], i: int, lim: Hit, acts: frozenset[str]) -> bool:
    """Whether a hit of a kind in ``acts`` follows ``lim`` within the longest reach of any
    form: when none does, ``_act_after`` finds none (it reads no hit past its reach)."""
    for act in hits[i + 1:]:
        if act.start - lim.end > _LONGEST_REACH:
            return False
        if not acts.isdisjoint(act.kinds):
            return True
    return False


def _act_after(hits: list[Hit], i: int, lim: Hit, act_kind: str,
               text: str) -> tuple[Hit, Term] | None:
    """The act a limiter (or an only-word) governs, with its term, or None."""
    only_limiter = _ONLY.match(lim.text) is not None
    only = only_limiter or lim.has("only")
    disclosure = act_kind == "act"
    let_know = disclosure and _LET_KNOW.match(text, lim.end) is not None
    channel = None
    if disclosure and (m := _CHANNEL_VERB.match(text, lim.end)):
        channel = m.end()
    limiter = lim.has("limiter")
    kinds: tuple[str, ...] = (act_kind,) if limiter else ()
    if disclosure and (only or let_know):
        kinds += ("know_act",)
    if disclosure and limiter:
        kinds += ("channel",)
    bridged = (lim.text.endswith("经") or only
               or (_BRIDGE.match(text, lim.end) is not None
                   and not (len(lim.text) == 1 and _NO_BRIDGE.match(text, lim.end))))
    pair_reach = BRIDGE_REACH if bridged else (0 if len(lim.text) == 1 else REACH)
    reach = pair_reach
    if only and disclosure:
        reach = KNOWERS_REACH
    if let_know:
        reach = max(reach, BRIDGE_REACH)
    if channel is not None:
        reach = max(reach, CHANNEL_REACH)
    ends = _BRIDGED_CLAUSE_END if bridged or let_know or channel is not None else _CLAUSE_END
    # The clause ends (a one-character mark) before no act past the first mark after lim.
    stop = ends.search(text, lim.end, lim.end + reach)
    stop = stop.start() if stop else len(text)
    for act in hits[i + 1:]:
        gap = act.start - lim.end
        if gap > reach or stop < act.start:
            return None
        kind = next((k for k in kinds if act.has(k)), None)
        if kind is None:
            continue
        if not _governs(text, lim, act, kind, only_limiter, pair_reach, bridged, let_know,
                        channel):
            continue
        # Looked up only now, for the rare candidate: 就业, 成就 hold no only-word 就;
        # 不发生, 不存在 hold no verb of placing.
        if lim.has("only") and len(lim.text) == 1 and segmenter.in_word(text, lim.start):
            return None
        if (kind == "channel" and channel is not None and act.start > channel
                and segmenter.in_word(text, channel - 1, left=False)):
            return None
        return act, act.term(kind)
    return None


def _governs(text: str, lim: Hit, act: Hit, kind: str, only_limiter: bool, pair_reach: int,
             bridged: bool, let_know: bool, channel: int | None) -> bool:
    """Whether the act found by ``_act_after`` is within its form's reach: a channel noun only
    after a verb of placing (or a preposition, 让), a knowing act only after a list of
    knowers (or within BRIDGE_REACH of an only-limiter like 只限, 仅供, or of 让), ordinary
    acts as recipient-bridge says (让 is no preposition for them: 不让公布 is reported speech
    as often as a statement)."""
    gap = act.start - lim.end
    if kind == "channel":
        return (channel is not None and act.start - channel <= CHANNEL_REACH) or (
            (bridged or let_know) and gap <= BRIDGE_REACH) or gap == 0
    if kind == "know_act":
        close = _KNOWER_CLOSE.search(text, max(0, act.start - 3), act.start) is not None
        if only_limiter and gap <= BRIDGE_REACH:
            return True
        return close or (let_know and gap <= BRIDGE_REACH)  # 不让户主知道
    return gap <= pair_reach


def not_public(view: View) -> list[Evidence]:
    """limiter+act, event+前 and phrase statements of the file (computed once per view)."""
    if "not-public" not in view.memo:
        view.memo["not-public"] = _not_public(view)
    return view.memo["not-public"]


def handling(view: View) -> list[Evidence]:
    """Handling, stage and internal-form statements of the file (computed once per view)."""
    if "handling" not in view.memo:
        view.memo["handling"] = _handling(view)
    return view.memo["handling"]


class NotPublic:
    name = "not-public"

    def detect(self, view: View) -> list[Evidence]:
        return not_public(view)


class Handling:
    name = "handling"

    def detect(self, view: View) -> list[Evidence]:
        return handling(view)


def _quoted(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)] if "《" in text else []


def _not_public(view: View) -> list[Evidence]:
    out = []
    for seg, hits in enumerate(view.hits):
        kinds = view.kinds_in(seg)
        if kinds.isdisjoint(_NOT_PUBLIC_WORDS):
            continue  # no statement can form here: no grammar is tried
        text = view.norms[seg]
        titles = _quoted(text)
        for lim, act, term in _pairs(view, seg, "act"):
            if any(a <= lim.start and act.end <= b for a, b in titles):
                continue
            if "未" in lim.text and _RETROSPECTIVE.search(
                    text, max(0, lim.start - RETROSPECTIVE_REACH), lim.start):
                continue
            strength = (lim.term("limiter") or lim.term("only")).weight * term.weight
            form = "limiter+act" if act.has("act") or act.has("channel") else "knowers"
            if form == "knowers" and _KNOWER_CLOSE.search(text, max(0, act.start - 3),
                                                          act.start):
                strength = max(strength, CLOSED_CIRCLE_STRENGTH)  # closed-circle
            if _until(text, lim.start):
                strength, form = max(strength, UNTIL_STRENGTH), "until+limiter+act"
            if strength < MIN_PAIR:
                continue
            out.append(_statement(view, seg, "not-public", lim.start, act.end, strength,
                                  [lim.text, act.text], form))
        for hit in hits if "event" in kinds or "phrase" in kinds else ():
            event, phrase = hit.kinds.get("event"), hit.kinds.get("phrase")
            if event is not None and (m := _BEFORE.match(text, hit.end)):
                out.append(_statement(view, seg, "not-public", hit.start, m.end(),
                                      event.weight, [hit.text + m.group()], "event+前"))
            if phrase is not None:
                out.append(_statement(view, seg, "not-public", hit.start, hit.end,
                                      phrase.weight, [hit.text], "phrase"))
        out += _cover_stories(view, seg)
    return out


def _cover_stories(view: View, seg: int) -> list[Evidence]:
    """cover-story: a saying word and the state it claims, next to it or inside the quoted
    answer it opens; asked-answer: a quoted answer to those who ask, whatever its words."""
    if "cover" not in view.kinds_in(seg):
        return []  # no saying word in this paragraph: its hits are not read one by one
    text, hits = view.norms[seg], view.hits[seg]
    out = []
    for i, say in enumerate(hits):
        cover = say.term("cover")
        if cover is None:
            continue
        quote = _QUOTE_OPEN.match(text, say.end)
        if quote:
            close = _QUOTE_CLOSE.search(text, quote.end(), quote.end() + QUOTE_REACH)
            end = close.start() if close else quote.end()
        else:
            end = say.end + COVER_REACH
        since = quote.end() if quote else say.end
        state = next((h for h in hits[i + 1:] if since <= h.start <= end
                      and h.has("cover_state") and not _CLAUSE_END.search(text, since, h.start)),
                     None)
        if state is not None:
            out.append(_statement(view, seg, "not-public", say.start, state.end,
                                  cover.weight * state.term("cover_state").weight,
                                  [say.text, state.text], "cover-story"))
        elif quote and _asked(text, say.start):
            out.append(_statement(view, seg, "not-public", say.start, quote.end(),
                                  cover.weight, [say.text], "asked-answer"))
    return out


def _asked(text: str, at: int) -> bool:
    """asked-answer: a question put in the same sentence, shortly before ``at``."""
    left = max(0, at - ASKED_REACH)
    start = max((m.end() for m in _SENTENCE_END.finditer(text, left, at)), default=left)
    return _ASKED.search(text, start, at) is not None


def _followed(view: View, seg: int, first: str | Callable[[Hit], bool], then: str,
              reach: int) -> list[tuple[Hit, Hit]]:
    """(a hit of kind ``first`` — or one ``first`` accepts —, the next hit of kind ``then``)
    within ``reach`` characters of one clause (quotation marks and spaces do not end a
    clause)."""
    kinds = view.kinds_in(seg)
    if then not in kinds or (isinstance(first, str) and first not in kinds):
        return []  # no pair can form in this paragraph: its hits are not read one by one
    text, hits = view.norms[seg], view.hits[seg]
    starts = first if callable(first) else (lambda h: h.has(first))
    out = []
    for i, a in enumerate(hits):
        if not starts(a):
            continue
        for b in hits[i + 1:]:
            if b.start - a.end > reach or _CLAUSE_END.search(text, a.end, b.start):
                break
            if b.has(then):
                out.append((a, b))
                break
    return out


def until_before(text: str, at: int) -> bool:
    """Whether a 前 meaning "before" (or 为止) closes the clause that runs from ``at``
    (新闻发布会|统一发布之前，): what stands at ``at`` names the moment of an until-clause."""
    end = _CLAUSE_END.search(text, at)
    return _UNTIL.search(text, at, end.start() if end else len(text)) is not None


def _until(text: str, at: int) -> bool:
    """until: a 前 meaning "before" (or 为止) in the same sentence, shortly before ``at`` or
    ending a clause that opens the sentence (opening-until)."""
    left = max(0, at - UNTIL_REACH)
    end = max((m.end() for m in _SENTENCE_END.finditer(text, left, at)), default=left)
    if _UNTIL.search(text, end, at) is not None:
        return True
    if end > left or left == 0:
        return False  # the sentence starts inside the reach: already read
    start = _LAST_SENTENCE_END.search(text, 0, left)
    start = start.end() if start else 0
    return _UNTIL_OPENS.search(text, start, min(at, start + UNTIL_OPENING)) is not None


def _pending(view: View, seg: int) -> list[tuple[Hit, Hit]]:
    """pending: (a limiter of waiting, the deciding or checking act it reaches)."""
    return _followed(view, seg, lambda h: h.text in _WAITING, "pending", PENDING_REACH)


def _handling(view: View) -> list[Evidence]:
    out = []
    pending: list[tuple[int, Hit, Hit]] = []
    for seg, hits in enumerate(view.hits):
        kinds = view.kinds_in(seg)
        if kinds.isdisjoint(_HANDLING_WORDS):
            continue  # no statement can form here: no grammar is tried
        for lim, act, term in _pairs(view, seg, "copy_act"):
            strength = lim.term("limiter").weight * term.weight
            out.append(_statement(view, seg, "handling", lim.start, act.end, strength,
                                  [lim.text, act.text], "limiter+copy"))
        for lim, act in _pending(view, seg):
            pending.append((seg, lim, act))
        text = view.norms[seg]
        for hit in hits if "copies" in kinds else ():
            copies = hit.term("copies")
            if copies is not None and (m := _COPY_COUNT.match(text, hit.end)):
                out.append(_statement(view, seg, "handling", hit.start, m.end(), copies.weight,
                                      [hit.text + m.group()], "copies"))
        for when, back in _followed(view, seg, "return_when", "return_act", RETURN_REACH):
            out.append(_statement(view, seg, "handling", when.start, back.end,
                                  when.term("return_when").weight
                                  * back.term("return_act").weight,
                                  [when.text, back.text], "return"))
        for lim, act in _followed(view, seg, "not_yet", "review", NOT_YET_REACH):
            strength = lim.term("not_yet").weight * act.term("review").weight
            if strength < MIN_PAIR:
                continue
            note = _statement(view, seg, "stage", lim.start, act.end, strength,
                              [lim.text, act.text], "not-yet")
            if note.detail["scope"] == "document":
                out.append(note)
        for hit in hits if not kinds.isdisjoint(("handling", "stage", "internal")) else ():
            for kind, signal in (("handling", "handling"), ("stage", "stage"),
                                 ("internal", "internal-form")):
                term = hit.term(kind)
                if term is not None:
                    out.append(_statement(view, seg, signal, hit.start, hit.end,
                                          term.weight, [hit.text], kind))
    _add_up_stage_notes(out)
    strength = min(1.0, PENDING_BASE + PENDING_STEP * len(pending))
    for seg, lim, act in pending:
        out.append(_statement(view, seg, "stage", lim.start, act.end,
                              strength * act.term("pending").weight, [lim.text, act.text],
                              "pending"))
    return out


def _add_up_stage_notes(statements: list[Evidence]) -> None:
    """stage-notes: raise every stage note about this document by STAGE_STEP for each
    distinct note past the first (in place)."""
    notes = [e for e in statements if e.signal == "stage" and e.strength >= STAGE_NOTE_MIN
             and e.detail["scope"] == "document"]
    extra = STAGE_STEP * (len({e.detail["text"] for e in notes}) - 1)
    for e in notes if extra > 0 else ():
        e.strength = min(1.0, e.strength + extra)
