"""The document's kind, from its title and structure: law/regulation, public notice, internal form.

The same sentence means different things in a law and in a 请示: a kind changes how the
judge reads the rest. Heuristics:
- ``title-word``: the title (first body lines) names the form — 请示, 纪要, 名单 … (internal),
  公告, 公示, 通报, 新闻, 答记者问, 判决书, 宣传月, 知识竞赛, 系列活动 … (public: a notice of
  a publicity activity or a published judgment announces), 条例, 办法, 规定 … (law). The form word that
  ends the title wins (…名单的公示 is public; last-form), internal on a tie, public over
  law ("关于印发《…办法》的通知" is a law's cover; "…情况的通报" public).
- ``articles``: three or more paragraphs opening 第X条 make a law or regulation whatever
  its title.
- ``numbered-norms``: a document most of whose numbered paragraphs (一、（一） 1.) are
  normative (应当, 不得, 严禁 …) is a rulebook, numbered the way office rules are.
- ``public-issuer``: a discipline-inspection, court or news issuer in the title lines
  (纪委监委 通报 naming an official under 立案审查) is public by its very form; so is a
  dateline opening the first paragraph (本报讯, 新华社, 记者 …: a news story).
- ``judgment``: a document of no other kind whose body rules (判决如下, 裁定如下) is a court's
  judgment, published.
- ``reportage-voice``: a document of no other kind that speaks as a report (记者, 据了解,
  表示，, 问：/答： — scanner/detect/voice.py) is a news story, an interpretation or a Q&A:
  public.
- ``subtitle``: a headline split by a dash (…修订通过——有关负责人答记者问) is read as a title
  and its subtitle, each a title line.
- ``quoted-title``: a form word inside 《》 names the document discussed, not this one
  (《…调整方案》政策解读 is an interpretation, public; not a 方案).
"""
from __future__ import annotations

import regex

from scanner.detect.evidence import Evidence
from scanner.detect.view import View
from scanner.detect.voice import voice

# A numbered paragraph; ``article``: one that opens 第X条, 第X章 or 第X节, as laws do.
NUMBERED = regex.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+(?:(?P<article>[条章节])|[款、])"
    r"|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．.](?!\d)|[①-⑳])")
# The article group's number: regex reads a group's name by first failing to read it as an
# integer (an exception raised and cleared, ~1,800 instructions a call).
_ARTICLE = NUMBERED.groupindex["article"]
# The ideographs a numbering opens with: a text opening with any other ideograph (most
# paragraphs) cannot match NUMBERED, which is not run on it (a regex call costs ~5,000
# instructions, one a paragraph).
_NUMBER_STARTS = frozenset("第一二三四五六七八九十")
RULE_DOCUMENT_ARTICLES = 3
NUMBERED_NORMS_MIN = 5
NUMBERED_NORMS_SHARE = 0.4
# Reportage strength (voice.py) from which a document of no other kind is public.
REPORTAGE_KIND = 0.65


# What may follow a law's name on its title line: (试行), (2018-03-19), 》.
_TITLE_TAIL = regex.compile(r"(?:[（(][^）)]{0,12}[）)]|[》\s])*$")


# A title is a short line that is not a sentence.
TITLE_MAX = 50
_SENTENCE_END = regex.compile(r"[。！？；;!?：:]$")
# A form word inside a statement is no title word: 尚未公示, 不予公告, 公示前.
_NEGATED = regex.compile(r"(?:未|不|暂不|待|不予|不得)$")


def _named(line: str, word: str) -> bool:
    at = line.find(word)
    while at >= 0:
        if not _NEGATED.search(line[:at]) and not line.startswith("前", at + len(word)):
            return True
        at = line.find(word, at + 1)
    return False


_QUOTED = regex.compile(r"《[^》]*》")
_SUBTITLE = regex.compile(r"\s*(?:——|--)\s*")
_FORM_NOUN = regex.compile(r"\p{Han}{2}$")
# The dateline: how far into the first paragraphs a news issuer opens the story.
DATELINE = 16


def title_lines(view: View) -> list[str]:
    """The title lines of the document: short lines that are not sentences, a headline split
    by a dash read as a title and its subtitle (subtitle)."""
    return [part for line in view.title_lines for part in _SUBTITLE.split(line)
            if part and len(part) <= TITLE_MAX and not _SENTENCE_END.search(part)]


def form_nouns(view: View) -> list[str]:
    """The last two characters of each of the first two title lines, once a quoted title
    (quoted-title) and a tail such as （草案）, （试行） are cut off: the form noun a title
    ends with (若干措施（草案） → 措施, 工作要点 → 要点)."""
    if "form-nouns" not in view.memo:
        names = (_TITLE_TAIL.sub("", _QUOTED.sub("", line)) for line in title_lines(view)[:2])
        view.memo["form-nouns"] = [m.group() for name in names
                                   if (m := _FORM_NOUN.search(name))]
    return view.memo["form-nouns"]


def _title_kind(view: View) -> tuple[str, str] | None:
    lines = title_lines(view)
    head = [_QUOTED.sub("", line) for line in lines[:2]]
    kinds = view.dictionary.document_kinds
    # last-form: a Chinese title ends with its form (…名单的公示 is a 公示, …公示的名单 a
    # 名单); on one line the word that sits last wins, internal before public on a tie.
    found = []
    for rank, kind in enumerate(("internal", "public")):
        for w in kinds.get(kind, ()):
            for n, x in enumerate(head):
                if _named(x, w):
                    found.append((n, x.rfind(w) + len(w), -rank, kind, w))
    if found:
        _, _, _, kind, word = min(found, key=lambda f: (f[0], -f[1], -f[2]))
        return kind, f"title-word: the title names the form {word}"
    for line in lines:
        if numbering(line):
            continue  # a heading of the body (二、考官抽取办法), not the title
        name = _TITLE_TAIL.sub("", line)
        word = next((w for w in kinds.get("law", ()) if name.endswith(w)), None)
        if word:
            return "law", f"title-word: the title ends with {word}"
    issuer = next((w for w in kinds.get("public_issuers", ())
                   if any(w in x for x in head)
                   or any(w in x[:DATELINE] for x in view.title_lines)), None)
    if issuer:
        return "public", f"public-issuer: {issuer} in the title lines"
    return None


def may_be_numbered(text: str) -> bool:
    """False when ``text`` opens with an ideograph no numbering opens with: NUMBERED cannot
    match it (nor a heading's numbering of plans.py or undecided.py)."""
    first = text[:1]
    return not "\u4e00" <= first <= "\u9fff" or first in _NUMBER_STARTS


def numbering(text: str) -> regex.Match[str] | None:
    """``NUMBERED.match(text)``, not tried where ``text`` opens with an ideograph no
    numbering opens with (may_be_numbered)."""
    return NUMBERED.match(text) if may_be_numbered(text) else None


def numbered(view: View) -> dict[int, bool]:
    """Each segment whose text opens with a number (NUMBERED) → whether it opens an article,
    computed once per view, one match a segment: the document's kind and the rule text of
    each paragraph ask."""
    if "numbered" not in view.memo:
        view.memo["numbered"] = {i: m.group(_ARTICLE) is not None
                                 for i, text in enumerate(view.norms)
                                 if (m := numbering(text))}
    return view.memo["numbered"]


def _structure_kind(view: View) -> tuple[str, str] | None:
    marked = numbered(view)
    numbers = [i for i, s in enumerate(view.segments)
               if i in marked and s.part in ("body", "table")]
    articles = sum(1 for i in numbers if marked[i])
    if articles >= RULE_DOCUMENT_ARTICLES:
        return "law", f"articles: {articles} paragraphs open with 第X条"
    normative = sum(1 for i in numbers if view.hits_of(i, "normative"))
    if normative >= NUMBERED_NORMS_MIN and normative >= NUMBERED_NORMS_SHARE * len(numbers):
        return "law", (f"numbered-norms: {normative} of {len(numbers)} numbered paragraphs "
                       "are normative")
    return None


def _judgment_kind(view: View) -> tuple[str, str] | None:
    """judgment: a body that rules (判决如下, 裁定如下) is a court's judgment, published as
    裁判文书 (its 不公开质证 of trade secrets is how the court heard them, not a withholding)."""
    words = view.dictionary.document_kinds.get("judgment", ())
    word = next((w for w in words for text in view.norms if w in text), None)
    return ("public", f"judgment: the body rules ({word})") if word else None


def document_kind(view: View) -> tuple[str, str]:
    """(kind, why): kind is ``law``, ``public``, ``internal`` or ``unknown``."""
    if "kind" not in view.memo:
        found = _title_kind(view)
        if found is None or found[0] != "internal":
            # Structure makes a rulebook of a document whose title is only a web page's
            # heading or a notice's cover; an internal form stays one.
            found = _structure_kind(view) or found
        if found is None:
            found = _judgment_kind(view)
        if found is None:
            strength, words = voice(view, "reportage")
            if strength >= REPORTAGE_KIND:
                found = ("public", f"reportage-voice: {', '.join(words[:4])}")
        view.memo["kind"] = found or ("unknown", "no title word or structure of a known kind")
    return view.memo["kind"]


class DocumentKind:
    name = "document-kind"

    def detect(self, view: View) -> list[Evidence]:
        kind, why = document_kind(view)
        if kind == "unknown":
            return []
        return [Evidence(f"kind.{kind}", -1, (0, 0), view.location(-1), 1.0, why,
                         {"kind": kind})]
