"""Statements that this document is not to be published, read as a grammar.

Lexicons are data (dictionaries/signals.toml); the grammar is here:
- ``limiter+act``: a limiter (暂不, 不得, 请勿, 只, 尚未 …) followed within a few characters of
  the same clause by a disclosure act (公开, 对外, 转发, 泄露, 传达, 公示 …): 暂不对外,
  开标前不得透露, 只作了解，不作传达, 此件不予公开, 尚未公示. A one-character limiter
  (不, 未, 勿, 只) must touch its act (不公开, 未公布), or it would read 不断公开 as one.
- ``event+前``: an event followed by 前 (公示前, 开标前, 考试结束前): until then it is not public.
- ``only``: 只限, 仅供, 只在 … name who may know, across a list of people (只在联席会议成员
  和专班组长间传递, 仅供分管领导和经办人员掌握), as a preposition does (recipient-bridge);
  only they take a knowing act (知悉, 掌握, 流转): 不能掌握 is mere negation.
- ``until``: a limiter+act after a 前 of the same sentence (6月19日考完前只限两人掌握, 反馈会
  召开前清单只在督察组流转, 补丁打完以前别往群里放) withholds until a named date or event:
  as strong as an event+前, whatever the event.
- ``phrase``: statements written whole (注意保密, 控制知悉范围, 内部掌握).
- ``handling``: instructions about this copy (阅后收回, 口头传达, 不印发) and a limiter with
  a copying act (不得复印, 严禁带出).
- ``weak-pair``: a limiter+act weaker than MIN_PAIR (不宣传, 未经证实) is ordinary negation.
- ``quoted-title``: words inside 《》 are a title (《不扩散核武器条约》), not a statement.
- ``stage``: the document is not final (讨论稿, 送审稿, 工作底稿, 记录稿未经本人审阅).
- ``pending``: a limiter of waiting (待, 尚须, 有待) reaching a deciding or checking act
  (劳务费待核实, 待局长办公会研究, 待厅领导拍板) marks a matter not yet decided; the more such
  marks a document carries, the surer it is a working draft.
- ``internal-form``: closing formulas of internal forms (妥否，请批示, 拟办意见, 列席).
Each statement carries its scope (scanner/detect/scope.py): about this document, or a rule.
"""
from __future__ import annotations

import regex

from scanner.detect.evidence import Evidence
from scanner.detect.scope import statement_scope
from scanner.detect.view import Hit, View
from scanner.dictionary import Term

# Characters a limiter may reach over to its act: 不得擅自对外公开, 请勿向外转发.
REACH = 6
_CLAUSE_END = regex.compile(r"[，,。！？；;：:!?\n、]")
# recipient-bridge: a limiter followed by a preposition names whom the act is kept from
# ("不要向镇里其他干部、村里或者任何投标企业提起", "尚未与人民银行、监管分局逐项核对",
# "请勿再往工作群、政务外网里转"):
# the act may then sit further on, across the 、 of a list of recipients.
BRIDGE_REACH = 24
_BRIDGE = regex.compile(r"(?:要|能|得|可|再)?[向给对把跟与同在经往]")
# After a one-character limiter these are words, not prepositions: 不同 (different), 不对.
_NO_BRIDGE = regex.compile(r"[同对]")
_BRIDGED_CLAUSE_END = regex.compile(r"[，,。！？；;：:!?\n]")
_BEFORE = regex.compile(r"(?:之|结束|开始)?前")
# only: limiters that name who may know (the act may sit after a list of people).
_ONLY = regex.compile(r"^(?:只|仅)(?:限|供|给|发|在|对)")
# until: a 前 that means "before" (not 目前, 当前, 提前, 前期 …), within UNTIL_REACH
# characters before the limiter, in the same sentence.
_UNTIL = regex.compile(r"(?<![目当提眼生空])前(?![期款述列面沿提景进往台端线者])")
_SENTENCE_END = regex.compile(r"[。！？；;!?\n]")
_LAST_SENTENCE_END = regex.compile(r"(?r)" + _SENTENCE_END.pattern)  # searched backwards
UNTIL_REACH = 40
UNTIL_STRENGTH = 0.9
# weak-pair: a limiter+act weaker than this (不宣传, 未经证实: a one-character limiter with a
# weak act) is ordinary negation, not a statement about publication.
MIN_PAIR = 0.45
_QUOTED = regex.compile(r"《[^》]{0,80}》")
# pending: limiters of waiting, how far they reach their act, and strength by count.
_WAITING = ("待", "尚待", "有待", "尚须", "须待")
PENDING_REACH = 12
PENDING_BASE, PENDING_STEP = 0.45, 0.15


def _statement(view: View, seg: int, signal: str, start: int, end: int, strength: float,
               words: list[str], form: str) -> Evidence:
    scope, why = statement_scope(view, seg, start, end)
    phrase = view.original(seg, start, end)
    return Evidence(signal, seg, (start, end), view.location(seg), strength,
                    f"{form}: {phrase} ({scope}: {why})",
                    {"words": words, "form": form, "scope": scope, "scope_why": why,
                     "text": phrase})


def _pairs(view: View, seg: int, act_kind: str) -> list[tuple[Hit, Hit, Term]]:
    """limiter+act: (limiter, act, act term) within REACH characters of one clause, or within
    BRIDGE_REACH when a preposition names the recipients in between (recipient-bridge)."""
    text = view.norms[seg]
    hits = view.hits[seg]
    out = []
    for i, lim, only, bridged in _limiters(view, seg):
        kinds = (act_kind, "know_act") if only and act_kind == "act" else (act_kind,)
        reach = BRIDGE_REACH if bridged else (0 if len(lim.text) == 1 else REACH)
        ends = _BRIDGED_CLAUSE_END if bridged else _CLAUSE_END
        for j in range(i + 1, len(hits)):
            act = hits[j]
            if act.start - lim.end > reach:
                break
            if ends.search(text, lim.end, act.start):
                break
            term = None
            for kind in kinds:  # the first kind the act has
                term = act.kinds.get(kind)
                if term is not None:
                    break
            if term is not None:
                out.append((lim, act, term))
                break
    return out


def _limiters(view: View, seg: int) -> list[tuple[int, Hit, bool, bool]]:
    """(index, hit, only, bridged) of each limiter of segment ``seg``, for both grammars
    that read them (limiter+act, limiter+copy)."""
    cached = view.memo.setdefault("limiters", {})
    if seg not in cached:
        text = view.norms[seg]
        out = []
        if "limiter" not in view.kinds_in(seg):
            cached[seg] = out
            return out
        for i, lim in enumerate(view.hits[seg]):
            if "limiter" not in lim.kinds:
                continue
            only = _ONLY.match(lim.text) is not None
            bridged = (lim.text.endswith("经") or only
                       or (_BRIDGE.match(text, lim.end) is not None
                           and not (len(lim.text) == 1 and _NO_BRIDGE.match(text, lim.end))))
            out.append((i, lim, only, bridged))
        cached[seg] = out
    return cached[seg]


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
        if not hits:
            continue
        text = view.norms[seg]
        titles = _quoted(text)
        for lim, act, term in _pairs(view, seg, "act"):
            if any(a <= lim.start and act.end <= b for a, b in titles):
                continue
            strength = lim.kinds["limiter"].weight * term.weight
            form = "limiter+act"
            if _until(text, lim.start):
                strength, form = max(strength, UNTIL_STRENGTH), "until+limiter+act"
            if strength < MIN_PAIR:
                continue
            out.append(_statement(view, seg, "not-public", lim.start, act.end, strength,
                                  [lim.text, act.text], form))
        present = view.kinds_in(seg)
        for hit in hits if "event" in present or "phrase" in present else ():
            event = hit.kinds.get("event")
            if event is not None and (m := _BEFORE.match(text, hit.end)):
                out.append(_statement(view, seg, "not-public", hit.start, m.end(),
                                      event.weight, [hit.text + m.group()], "event+前"))
            phrase = hit.kinds.get("phrase")
            if phrase is not None:
                out.append(_statement(view, seg, "not-public", hit.start, hit.end,
                                      phrase.weight, [hit.text], "phrase"))
    return out


def _until(text: str, at: int) -> bool:
    """until: a 前 meaning "before" in the same sentence, shortly before ``at``."""
    left = max(0, at - UNTIL_REACH)
    last = _LAST_SENTENCE_END.search(text, left, at)
    end = last.end() if last else left
    return _UNTIL.search(text, end, at) is not None


def _pending(view: View, seg: int) -> list[tuple[Hit, Hit]]:
    text, hits = view.norms[seg], view.hits[seg]
    out: list[tuple[Hit, Hit]] = []
    if "pending" not in view.kinds_in(seg):
        return out
    for i, lim in enumerate(hits):
        if lim.text not in _WAITING:
            continue
        for j in range(i + 1, len(hits)):
            act = hits[j]
            if act.start - lim.end > PENDING_REACH or _CLAUSE_END.search(text, lim.end,
                                                                       act.start):
                break
            if "pending" in act.kinds:
                out.append((lim, act))
                break
    return out


# The lexicons a hit states alone with, and the signal each gives.
_HANDLING_KINDS = (("handling", "handling"), ("stage", "stage"), ("internal", "internal-form"))


def _handling(view: View) -> list[Evidence]:
    out = []
    pending: list[tuple[int, Hit, Hit]] = []
    for seg, hits in enumerate(view.hits):
        if not hits:
            continue
        for lim, act, term in _pairs(view, seg, "copy_act"):
            strength = lim.kinds["limiter"].weight * term.weight
            out.append(_statement(view, seg, "handling", lim.start, act.end, strength,
                                  [lim.text, act.text], "limiter+copy"))
        for lim, act in _pending(view, seg):
            pending.append((seg, lim, act))
        present = view.kinds_in(seg)
        for hit in hits if any(kind in present for kind, _ in _HANDLING_KINDS) else ():
            for kind, signal in _HANDLING_KINDS:
                term = hit.kinds.get(kind)
                if term is not None:
                    out.append(_statement(view, seg, signal, hit.start, hit.end,
                                          term.weight, [hit.text], kind))
    strength = min(1.0, PENDING_BASE + PENDING_STEP * len(pending))
    for seg, lim, act in pending:
        out.append(_statement(view, seg, "stage", lim.start, act.end,
                              strength * act.kinds["pending"].weight, [lim.text, act.text],
                              "pending"))
    return out
