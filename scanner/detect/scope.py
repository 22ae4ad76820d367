"""Scope: does a statement govern THIS document, or is it a rule about documents in general?

"以上名单暂不对外" governs this list; "对举报人严格保密" in a regulation, "严禁泄露国家秘密",
"工作人员应当保守秘密" are rules. Heuristics, in order:
- ``law-kind``: in a law, regulation or rulebook (scanner/detect/doc_kind.py) every
  statement is rule text.
- ``protected``: a statement that protects a person or their data (对举报人严格保密, 不泄露
  个人信息) is a promise to people, not a withholding of this document — outside an
  internal form (a 纪要 keeping 反映人情况 within the group withholds its own content).
- ``deixis``: a demonstrative pointer to this document in the same sentence (以上, 上述,
  此件, 本请示, 表中) makes it govern this document.
- ``general-subject``: 任何单位和个人, 机关、单位 … in the sentence make it a rule.
- ``conduct``: a role with a duty (评审专家应当…不得透露, 考官不得泄露试题, 知情人负有保密
  义务) outside an internal form is a rule about conduct, not about this document's content.
- ``cited-rule``: a paragraph that cites a named rule (根据《…规程》, 依照《统计法》) or
  speaks of secrets as a class (国家秘密, 涉密信息: an unmarked document does not call its
  own content so) restates a rule — outside an internal form, not a statement about this
  document.
- ``public-kind``: in a public notice, news story or 通报 (scanner/detect/doc_kind.py) a
  statement without a demonstrative is a duty it announces (开标前不得泄露标底).
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

from scanner.detect.doc_kind import NUMBERED, document_kind
from scanner.detect.evidence import Evidence
from scanner.detect.view import Hit, View

_SENTENCE_END = regex.compile(r"[。！？；;!?\n]")
_LAST_SENTENCE_END = regex.compile(r"(?r)[。！？；;!?\n]")  # searched backwards
_CITED = regex.compile(r"(?:根据|依照|依据|按照|按|执行|遵守)《[^》]{2,40}》|国家秘密|属于?工作秘密"
                       r"|按(?:照)?工作秘密管理|涉密(?:信息|文件|资料|事项|载体)")
# A role word naming a list or a record (评审专家名单, 考官安排表) is no subject of a duty.
_ROLE_AS_THING = regex.compile(r"(?:名单|名册|安排|信息|库|表|组成|抽取|身份|姓名)")
# A pointer at least this strong is a demonstrative (以上, 本请示, 表中), not a content word.
DEMONSTRATIVE = 0.9


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``."""
    last = _LAST_SENTENCE_END.search(text, 0, start)
    left = last.end() if last else 0
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def rule_text(view: View, seg: int) -> str | None:
    """Why segment ``seg`` is rule text, or None (computed once per segment)."""
    cached = view.memo.setdefault("rule-text", {})
    if seg not in cached:
        cached[seg] = _rule_text(view, seg)
    return cached[seg]


def _rule_text(view: View, seg: int) -> str | None:
    kind, why = document_kind(view)
    if kind == "law":
        return f"law-kind: {why}"
    text = view.norms[seg]
    normative = view.hits_of(seg, "normative")
    if not normative:
        return None
    if NUMBERED.match(text) and kind != "internal":
        return f"numbered-norm: a numbered paragraph with {normative[0].text}"
    subjects = ("general_subject", "addressee") if kind == "public" else ("general_subject",)
    subject = next((h for h in view.hits[seg] if any(s in h.kinds for s in subjects)), None)
    if subject:
        return f"general-subject: {subject.text} … {normative[0].text}"
    return None


def _first(hits: list[Hit], kind: str, strong: bool | None = None) -> Hit | None:
    for h in hits:
        term = h.kinds.get(kind)
        if term is not None and (strong is None or (term.weight >= DEMONSTRATIVE) == strong):
            return h
    return None


def statement_scope(view: View, seg: int, start: int, end: int) -> tuple[str, str]:
    """(``document`` | ``rule``, why) for a statement at ``[start, end)`` of ``seg``."""
    kind, why = document_kind(view)
    if kind == "law":
        return "rule", f"law-kind: {why}"
    left, right = sentence(view.norms[seg], start, end)
    inside = [h for h in view.hits[seg] if left <= h.start and h.end <= right]
    protected = _first(inside, "protected") if kind != "internal" else None
    if protected:
        return "rule", f"protected: protects {protected.text}, a promise to people"
    deixis = _first(inside, "deixis", strong=True)
    if deixis:
        return "document", f"deixis: {deixis.text} points at this document"
    subject = _first(inside, "general_subject")
    if subject:
        return "rule", f"general-subject: {subject.text} — a rule for everyone"
    # conduct and cited-rule read the whole paragraph: a duty stated once (机要人员应当…)
    # governs the sentences after it.
    text = view.norms[seg]
    role = next((h for h in view.hits[seg] if "role" in h.kinds
                 and not _ROLE_AS_THING.match(text, h.end)), None)
    if role and kind != "internal" and _first(view.hits[seg], "normative"):
        return "rule", f"conduct: a duty of {role.text}, a rule about conduct"
    cited = _CITED.search(text) if kind != "internal" else None
    if cited:
        return "rule", f"cited-rule: {cited.group()} — the rule restated"
    if kind == "public":
        return "rule", "public-kind: a public notice announces duties (本…, 以上 would point at it)"
    deixis = _first(inside, "deixis")
    if deixis:
        return "document", f"deixis: {deixis.text} points at this document"
    addressee = _first(inside, "addressee")
    why_rule = rule_text(view, seg)
    if why_rule:
        return "rule", why_rule
    if addressee:
        return "document", f"addressee: {addressee.text} read this document"
    return "document", "no rule form: said of this document"


class RuleText:
    """Marks every paragraph that is rule text (the judge discounts it)."""

    name = "rule-text"

    def detect(self, view: View) -> list[Evidence]:
        out = []
        for seg in range(len(view.segments)):
            if not view.hits[seg]:
                continue  # no lexicon word at all: nothing for the judge to discount
            why = rule_text(view, seg)
            if why:
                out.append(Evidence("rule-text", seg, (0, len(view.norms[seg])),
                                    view.location(seg), 1.0, why))
        return out
