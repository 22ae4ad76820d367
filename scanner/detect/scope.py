"""Scope: does a statement govern THIS document, or is it a rule about documents in general?

"以上名单暂不对外" governs this list; "对举报人严格保密" in a regulation, "严禁泄露国家秘密",
"工作人员应当保守秘密" are rules. Heuristics, in order:
- ``law-kind``: in a law, regulation or rulebook (scanner/detect/doc_kind.py) every
  statement is rule text.
- ``protected``: a statement that protects a person or their data (对举报人严格保密, 不泄露
  个人信息) is a promise to people, not a withholding of this document — outside an
  internal form (a 纪要 keeping 反映人情况 within the group withholds its own content).
  Not when the person is whom the matter is kept from (不向信访人透露, 不得让信访人知悉,
  提供给被检举单位: ``kept-from``), nor inside another word (见证人员 holds no 证人).
- ``rumour``: a statement in a sentence that rebuts or warns of a rumour (网传“警方秘密放人”
  “不公开”等说法不属实, 请勿传播未经证实的信息) is a quoted or denied claim — outside an
  internal form (an office's 口径 answering a rumour keeps its own line).
- ``case-study``: a sentence about an anonymised subject (某单位未经批准将电报原文复印) tells a
  case, as warning material does — outside an internal form.
- ``self-stage``: in a text that reads as rules, a stage note with a demonstrative (本件为
  送审稿) still speaks of this paper: rules never call themselves drafts.
- ``deixis``: a demonstrative pointer to this document in the same sentence (以上, 上述,
  此件, 本请示, 表中) makes it govern this document (not 规模以上, 5%以上: quantity-以上).
  self-pointer: 本 + the form noun that ends this paper's own title (本措施 in a 若干措施
  （草案）, 本要点 in a 工作要点) points at it as 本件 does; rules never say of themselves
  that they must not be disclosed before their release (a law's statements stay rules).
  Not in a public notice: 本公示, 本通告 point at what it announces (本公示期内…正在核查).
- ``until-note``: an until-clause (批准前…不得向家长漏出, 发布会前…不要告诉企业) names a
  moment of this matter; whoever it addresses (任何单位和个人, 参会人员, a numbered line), it
  withholds the paper's matter until then — in an internal form, or in a paper of no known
  kind when a demonstrative in the paragraph points at the paper (本表, 这份, 以上). A
  content word alone (名单, 讨论情况) is not enough: a training notice states duties about
  名单 too.
- ``general-subject``: 任何单位和个人, 机关、单位 … in the sentence make it a rule.
- ``conduct``: a role with a duty (评审专家应当…不得透露, 考官不得泄露试题, 知情人负有保密
  义务) outside an internal form is a rule about conduct, not about this document's content;
  in a table the role may head the row (row-role: | 工作人员 | 评审结束前不得泄露… |). A role
  that 给, 向, 让 put among the recipients is no duty's subject (只给委领导和专家组几个人看
  names readers, not a duty).
- ``cited-rule``: a paragraph that cites a named rule (根据《…规程》, 依照《统计法》,
  《…条例》第十二条规定) or
  speaks of secrets as a class (国家秘密, 涉密信息: an unmarked document does not call its
  own content so) restates a rule — outside an internal form, not a statement about this
  document.
- ``public-kind``: in a public notice, news story or 通报 (scanner/detect/doc_kind.py) a
  statement without a demonstrative is a duty it announces (开标前不得泄露标底).
- ``note-deixis``: outside a public notice, a strong demonstrative earlier in the same
  paragraph (注：本名单仅发至…。评审结束前不得转给…; 说明：这张表只…，不得上传…) makes the
  note's later sentences speak of this document too.
- ``deixis`` again, for content words (名单, 讨论情况, 会议内容): weaker than a
  conduct duty or a public notice's form.
- ``addressee``: an office subject (各单位, 任何人, 有关同志, 参会人员) is the reader of an
  internal or unmarked document — "各单位不得对外提供" is said of this document.
- ``numbered-norm``: a paragraph numbered in any style (第X条, 一、, （一）, 1.) with a normative
  modal (应当, 不得, 严禁 …) is an article of rules — except in an internal form, whose
  numbered 有关要求 are about itself.
"""
from __future__ import annotations

import regex

from scanner.detect import segmenter
from scanner.detect.doc_kind import document_kind, form_nouns, numbered
from scanner.detect.evidence import Evidence
from scanner.detect.view import Hit, View
from scanner.lazy_pattern import LazyPattern

_SENTENCE_END = regex.compile(r"[。！？；;!?\n]")
_LAST_SENTENCE_END = regex.compile(r"(?r)[。！？；;!?\n]")  # searched backwards
_CITED = regex.compile(r"(?:根据|依照|依据|按照|按|执行|遵守)《[^》]{2,40}》|国家秘密|属于?工作秘密"
                       r"|《[^》]{2,40}》(?:第[一二三四五六七八九十百零〇\d]+条)?(?:明确)?规定"
                       r"|按(?:照)?工作秘密管理|涉密(?:信息|文件|资料|事项|载体)")
# A pointer at least this strong is a demonstrative (以上, 本请示, 表中), not a content word.
DEMONSTRATIVE = 0.9
# The four patterns below compile when first needed: most files have no protected person or
# role hit, and compiling them cost every scan's start-up 5 M instructions.
# A role word naming a list or a record (评审专家名单, 考官安排表) is no subject of a duty.
_ROLE_AS_THING = LazyPattern(regex.compile, r"(?:名单|名册|安排|信息|库|表|组成|抽取|身份|姓名)")
# kept-from: a protected person right after these is whom the matter is kept from.
_KEPT_FROM = LazyPattern(regex.compile, r"(?:向|让|给|告诉|跟|提供给|转给)(?:其他|本人)?$")
# conduct: a role is no duty's subject when a recipient word (给, 向, 让) stands before it
# in its clause (只给委领导和专家组几个人看 names readers).
_CLAUSE_END = LazyPattern(regex.compile, r"[，,。！？；;：:!?\n]")
_ROLE_AS_RECIPIENT = LazyPattern(regex.compile, r"[给向让][\p{Han}、]{0,8}$")


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``."""
    last = _LAST_SENTENCE_END.search(text, 0, start)
    left = last.end() if last else 0
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def rule_text(view: View, seg: int) -> str | None:
    """Why segment ``seg`` is rule text, or None (computed once per segment: the rule-text
    detector and the scope of every statement in it ask)."""
    cached = view.memo.setdefault("rule-text", {})
    if seg not in cached:
        cached[seg] = _rule_text(view, seg)
    return cached[seg]


def _law_text(view: View) -> str | None:
    """law-kind: why every paragraph of a law, regulation or rulebook is rule text, or None
    when the document is of another kind."""
    kind, why = document_kind(view)
    return f"law-kind: {why}" if kind == "law" else None


def _rule_text(view: View, seg: int) -> str | None:
    law = _law_text(view)
    if law is not None:
        return law
    kind = document_kind(view)[0]
    normative = view.hits_of(seg, "normative")
    if not normative:
        return None
    if kind != "internal" and seg in numbered(view):
        return f"numbered-norm: a numbered paragraph with {normative[0].text}"
    subjects = ("general_subject", "addressee") if kind == "public" else ("general_subject",)
    if view.kinds_in(seg).isdisjoint(subjects):
        return None  # no subject in the paragraph: its hits are not read one by one
    subject = next(h for h in view.hits[seg] if not h.kinds.keys().isdisjoint(subjects))
    return f"general-subject: {subject.text} … {normative[0].text}"


def _first(hits: list[Hit], kind: str, strong: bool | None = None,
           text: str = "") -> Hit | None:
    for h in hits:
        term = h.term(kind)
        if term is not None and (strong is None or (term.weight >= DEMONSTRATIVE) == strong) \
                and not (kind == "deixis" and _quantity(text, h)):
            return h
    return None


# quantity-以上: 以上 right after a word (规模以上, 县级以上, 5%以上, 三人以上) means "and
# above"; it points back at the text only at a clause's start or after a preposition or a
# verb of handling (以上名单, 对以上内容, 请将以上情况).
_ABOVE = ("以上", "以下")
_POINTING_AFTER = regex.compile(r"(?:^|[，,。；;：:、！？!?\s（(“\"]|[对将把按依据经就凡如在从于与和及同请若])$")


def _quantity(text: str, hit: Hit) -> bool:
    return hit.text in _ABOVE and not _POINTING_AFTER.search(text[max(0, hit.start - 1):hit.start])


def _row_head(view: View, seg: int) -> int | None:
    """The first cell of the table row that holds ``seg`` (None outside a table or in it)."""
    cell = view.segments[seg].cell
    if cell is None or cell[2] <= 1:
        return None
    if "row-heads" not in view.memo:
        view.memo["row-heads"] = {s.cell[:2]: i for i, s in enumerate(view.segments)
                                  if s.cell is not None and s.cell[2] == 1}
    return view.memo["row-heads"].get(cell[:2])


def _role(view: View, seg: int) -> Hit | None:
    """A role with a duty in the paragraph, or heading its table row (row-role: | 监考人员 |
    考试结束前不得透露… | states the duty of the role its row names)."""
    for at in (seg, _row_head(view, seg)):
        if at is None:
            continue
        role = next((h for h in view.hits[at] if h.has("role")
                     and _duty_subject(view, at, h)), None)
        if role:
            return role
    return None


def statement_scope(view: View, seg: int, start: int, end: int,
                    until: bool = False, stage: bool = False) -> tuple[str, str]:
    """(``document`` | ``rule``, why) for a statement at ``[start, end)`` of ``seg``;
    ``until``: the statement is an until-clause, ``stage``: a stage note (not_public.py)."""
    kind, why = document_kind(view)
    if kind == "law" and not stage:
        return "rule", f"law-kind: {why}"
    text = view.norms[seg]
    left, right = sentence(text, start, end)
    inside = [h for h in view.hits[seg] if left <= h.start and h.end <= right]
    deixis = _first(inside, "deixis", strong=True, text=text)
    own = None if deixis else _self_pointer(view, seg, left, right)
    if kind == "law":
        # self-stage: a stage note pointing at this very paper (本件为第二稿（送审稿）) speaks
        # of it even where numbered norms read as rules (a question book's 评分要点 应当 …):
        # rules speak of documents in general, never of themselves as a draft.
        if deixis or own:
            word = deixis.text if deixis else own
            return "document", f"self-stage: {word} calls this paper a draft"
        return "rule", f"law-kind: {why}"
    protected = next((h for h in inside if h.has("protected")
                      and not _kept_from(view, seg, h)), None) if kind != "internal" else None
    if protected:
        return "rule", f"protected: protects {protected.text}, a promise to people"
    rumour = _first(inside, "rumour") if kind != "internal" else None
    if rumour:
        return "rule", f"rumour: {rumour.text} — a claim quoted or denied, not this document's"
    case = _first(inside, "anonymised") if kind != "internal" else None
    if case:
        return "rule", f"case-study: {case.text} — an anonymised case told, not this document"
    if deixis:
        return "document", f"deixis: {deixis.text} points at this document"
    if own:
        return "document", f"deixis: {own} points at this document (self-pointer: its title)"
    if until and kind in ("internal", "unknown") and not _CITED.search(text):
        hit = _first(view.hits[seg], "deixis", strong=True, text=text)
        pointer = hit.text if hit else _self_pointer(view, seg, 0, len(text))
        if kind == "internal" or pointer:
            about = pointer or "an internal form"
            return "document", f"until-note: an until-clause about this matter ({about})"
    subject = _first(inside, "general_subject")
    if subject:
        return "rule", f"general-subject: {subject.text} — a rule for everyone"
    # conduct and cited-rule read the whole paragraph: a duty stated once (机要人员应当…)
    # governs the sentences after it.
    role = _role(view, seg)
    if role and kind != "internal" and _first(view.hits[seg], "normative"):
        return "rule", f"conduct: a duty of {role.text}, a rule about conduct"
    cited = _CITED.search(text) if kind != "internal" else None
    if cited:
        return "rule", f"cited-rule: {cited.group()} — the rule restated"
    if kind == "public":
        return "rule", "public-kind: a public notice announces duties (本…, 以上 would point at it)"
    note = _first([h for h in view.hits[seg] if h.end <= left], "deixis", strong=True,
                  text=view.norms[seg])
    if note:
        return "document", f"note-deixis: {note.text} earlier in this note points at this document"
    deixis = _first(inside, "deixis", text=view.norms[seg])
    if deixis:
        return "document", f"deixis: {deixis.text} points at this document"
    addressee = _first(inside, "addressee")
    why_rule = rule_text(view, seg)
    if why_rule:
        return "rule", why_rule
    if addressee:
        return "document", f"addressee: {addressee.text} read this document"
    return "document", "no rule form: said of this document"


def _self_pointer(view: View, seg: int, start: int, end: int) -> str | None:
    """self-pointer: 本 + a form noun of this paper's title within ``[start, end)`` of
    ``seg``, or None. A pointer the deixis lexicon weighs below a demonstrative (本通知: a
    notice says it of the duties it announces) keeps the lexicon's weight; a public
    notice's 本公告 points at what it announces; a 本 that ends a word (基本要求, 根本措施)
    points at nothing."""
    if document_kind(view)[0] == "public":
        return None
    text = view.norms[seg]
    for noun in form_nouns(view):
        word = "本" + noun
        at = text.find(word, start, end)
        while at > 0 and segmenter.in_word(text, at - 1, left=False):
            at = text.find(word, at + 1, end)
        if at < 0:
            continue
        weak = any(h.start == at and h.text == word and h.has("deixis")
                   and h.term("deixis").weight < DEMONSTRATIVE for h in view.hits[seg])
        if not weak:
            return word
    return None


def _kept_from(view: View, seg: int, hit: Hit) -> bool:
    """kept-from: the protected person is whom the matter is kept from (不向信访人透露), or
    the word sits inside another (见证人员)."""
    text = view.norms[seg]
    return (_KEPT_FROM.search(text, max(0, hit.start - 4), hit.start) is not None
            or (hit.start > 0 and segmenter.in_word(text, hit.start - 1, left=False)))


def _duty_subject(view: View, seg: int, role: Hit) -> bool:
    """conduct: the role may be the subject of a duty — not a list or a record (评审专家名单),
    not among the recipients (只给委领导和专家组)."""
    text = view.norms[seg]
    if _ROLE_AS_THING.match(text, role.end):
        return False
    left = max(0, role.start - 10)
    clause = max((m.end() for m in _CLAUSE_END.finditer(text, left, role.start)), default=left)
    return _ROLE_AS_RECIPIENT.search(text, clause, role.start) is None


class RuleText:
    """Marks every paragraph that is rule text (the judge discounts it)."""

    name = "rule-text"

    def detect(self, view: View) -> list[Evidence]:
        law = _law_text(view)
        if law is not None:  # law-kind: one reason for every paragraph, none read
            return [Evidence("rule-text", seg, (0, len(text)), view.location(seg), 1.0, law)
                    for seg, (hits, text) in enumerate(zip(view.hits, view.norms)) if hits]
        out = []
        for seg in range(len(view.segments)):
            if not view.hits[seg]:
                continue  # no lexicon word at all: nothing for the judge to discount
            why = rule_text(view, seg)
            if why:
                out.append(Evidence("rule-text", seg, (0, len(view.norms[seg])),
                                    view.location(seg), 1.0, why))
        return out
