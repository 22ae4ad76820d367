"""Scope: does a statement govern THIS document, or is it a rule about documents in general?

"以上名单暂不对外" governs this list; "对举报人严格保密" in a regulation, "严禁泄露国家秘密",
"工作人员应当保守秘密" are rules. Heuristics, in order:
- ``law-kind``: in a law, regulation or rulebook (scanner/detect/doc_kind.py) every
  statement is rule text.
- ``protected``: a statement that protects a person or their data (对举报人严格保密, 不泄露
  个人信息) is a promise to people, not a withholding of this document.
- ``deixis``: a pointer to this document or its content in the same sentence (以上, 上述,
  此件, 名单, 酝酿情况) makes it govern this document.
- ``general-subject``: 任何单位和个人, 工作人员, 有关部门 … in the sentence make it a rule.
- ``numbered-norm``: a paragraph numbered in any style (第X条, 一、, （一）, 1.) with a normative
  modal (应当, 不得, 严禁 …) is an article of rules.
"""
from __future__ import annotations

import regex

from scanner.detect.doc_kind import NUMBERED, document_kind
from scanner.detect.evidence import Evidence
from scanner.detect.view import View

_SENTENCE_END = regex.compile(r"[。！？；;!?\n]")


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def rule_text(view: View, seg: int) -> str | None:
    """Why segment ``seg`` is rule text, or None."""
    kind, why = document_kind(view)
    if kind == "law":
        return f"law-kind: {why}"
    text = view.norms[seg]
    normative = view.hits_of(seg, "normative")
    if NUMBERED.match(text) and normative:
        return f"numbered-norm: a numbered paragraph with {normative[0].text}"
    subject = view.hits_of(seg, "general_subject")
    if subject and normative:
        return f"general-subject: {subject[0].text} … {normative[0].text}"
    return None


def statement_scope(view: View, seg: int, start: int, end: int) -> tuple[str, str]:
    """(``document`` | ``rule``, why) for a statement at ``[start, end)`` of ``seg``."""
    kind, why = document_kind(view)
    if kind == "law":
        return "rule", f"law-kind: {why}"
    left, right = sentence(view.norms[seg], start, end)
    inside = [h for h in view.hits[seg] if left <= h.start and h.end <= right]
    protected = next((h for h in inside if h.has("protected")), None)
    if protected:
        return "rule", f"protected: protects {protected.text}, a promise to people"
    deixis = next((h for h in inside if h.has("deixis")), None)
    if deixis:
        return "document", f"deixis: {deixis.text} points at this document"
    subject = next((h for h in inside if h.has("general_subject")), None)
    if subject:
        return "rule", f"general-subject: {subject.text} — a rule for everyone"
    why_rule = rule_text(view, seg)
    if why_rule:
        return "rule", why_rule
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
