"""Specifics: named persons, organisations, figures and dates — what makes a passage a
concrete matter rather than a general statement.

Read from the view's shared windows (jieba-rs tokens and tags), around every sector term
and every statement (scanner/detect/not_public.py) — the only places where a name or a
figure can change a verdict — and over whole paragraphs when the document withholds itself
as a whole (a name list under "以上名单暂不对外" has no lexicon word in its rows). Heuristics:
- ``surname``: a name must start with a surname and not be a dictionary word of another
  kind (jieba tags 托运 as a name; 解密 is a verb).
- ``office-names``: masked names (王某某, 李某，) and "<name>同志".
- ``credit``: a name right after 摄影, 记者, 通讯员, 编辑 is a credit line, not a subject.
- ``figures``: a number needs two digits (一个, 几 and list numbering are not figures).
"""
from __future__ import annotations

import regex

from scanner.detect import segmenter
from scanner.detect.doc_kind import document_kind
from scanner.detect.evidence import Evidence
from scanner.detect.not_public import handling, not_public
from scanner.detect.view import View

# Tag → (kind, weight): a named person weighs most (a case, an appointment), then
# organisations, then numbers and dates (also common in public statistics).
TAGS = {"nr": ("name", 1.0), "nrfg": ("name", 1.0), "nrt": ("name", 1.0),
        "nt": ("organisation", 0.5), "m": ("number", 0.25), "t": ("date", 0.25)}
KIND_WEIGHT = {kind: weight for kind, weight in TAGS.values()}
_MASKED_NAME = regex.compile(r"\p{Han}某某|\p{Han}某(?=[，,、。；;（(同涉等因在于为])")
_HAN_NAME = regex.compile(r"\p{Han}{2,3}")
_CREDIT = ("摄影", "记者", "通讯员", "编辑", "责任编辑", "供图", "图", "文", "作者", "撰稿")
# calendar-date: jieba's time tag also covers 如下, 会上, 目前; a date holds a figure or a
# calendar unit (2026年, 三月, 周二, 当天).
_CALENDAR = regex.compile(r"[\d〇零一二两三四五六七八九十年月日号时点周旬天]")
# place-not-person: a "name" that an administrative unit follows (宁桐县, 青川镇) is a place.
_PLACE_UNIT = ("省", "市", "县", "区", "镇", "乡", "村", "州", "旗", "盟")
# The lexicon words around which specifics are read (tentative: 拟任, 拟给予 … anchor
# names and amounts of undecided actions), besides statements.
_ANCHORS = ("topic", "tentative")
# Paragraphs read whole when the document withholds itself as a whole; past this many,
# only anchored windows (a long file is not a list).
WHOLE_PARAGRAPHS = 400


def _is_name(word: str, view: View) -> bool:
    tag = segmenter.dictionary_tag(word)
    return view.dictionary.looks_like_name(word) and (tag is None or tag.startswith("nr"))


def _found(view: View, seg: int, left: int, tokens: list[segmenter.Token],
           found: dict[str, list[str]]) -> None:
    previous = before = ""
    right = left  # where the window ends: its tokens are its text
    for index, (word, tag) in enumerate(tokens):
        right += len(word)
        if word == "同志":
            # <name>同志, also when jieba split the name (赵/国庆: a surname and a word)
            for name in (previous, before + previous):
                if _HAN_NAME.fullmatch(name) and _is_name(name, view):
                    _add(found, "name", name)
                    break
        credit = previous in _CREDIT
        before, previous = previous, word
        kind = TAGS.get(tag)
        if kind is None:
            continue
        if kind[0] == "number" and sum(c.isdigit() for c in word) < 2:
            continue
        if kind[0] == "date" and not _CALENDAR.search(word):
            continue
        if kind[0] == "name" and (credit or not _is_name(word, view) or (
                index + 1 < len(tokens) and tokens[index + 1][0].startswith(_PLACE_UNIT))):
            continue
        _add(found, kind[0], word)
    for masked in _MASKED_NAME.finditer(view.norms[seg], left, right):
        if view.dictionary.looks_like_name(masked.group()):
            _add(found, "name", masked.group())


def _add(found: dict[str, list[str]], kind: str, word: str) -> None:
    if word not in found.setdefault(kind, []):
        found[kind].append(word)


def specificity(found: dict[str, list[str]]) -> float:
    """Sum of kind weights, at most two of each kind: 0 (none) .. 4."""
    return sum(KIND_WEIGHT[kind] * min(len(words), 2) for kind, words in found.items())


# Strength from which a statement about this document makes it withhold itself as a
# whole (传阅, 待定 alone do not; nor does an internal form's formula such as 列席).
WITHHOLDS = 0.6


def _withholds_itself(statements: list[Evidence]) -> bool:
    """A strong statement about this document: 以上名单暂不对外, 阅后收回, 讨论稿 …"""
    return any(e.strength >= WITHHOLDS and e.detail["scope"] == "document"
               and e.signal != "internal-form" for e in statements)


class Specifics:
    name = "specifics"

    def detect(self, view: View) -> list[Evidence]:
        if document_kind(view)[0] == "law":
            return []  # law-kind: its names and figures are examples in rules, not matters
        statements = not_public(view) + handling(view)
        whole = _withholds_itself(statements) and len(view.segments) <= WHOLE_PARAGRAPHS
        anchors: dict[int, list[tuple[int, int]]] = {}
        for e in statements:
            anchors.setdefault(e.segment, []).append(e.span)
        out = []
        for seg, hits in enumerate(view.hits):
            text = view.norms[seg]
            if whole:
                spans = [(0, len(text))] if text.strip() else []
            elif view.kinds_in(seg).isdisjoint(_ANCHORS):  # its hits are not read one by one
                spans = anchors.get(seg, [])
            else:
                spans = [(h.start, h.end) for h in hits
                         if "topic" in h.kinds or "tentative" in h.kinds]
                spans += anchors.get(seg, [])
            if not spans:
                continue
            found: dict[str, list[str]] = {}
            done: set[int] = set()
            for start, end in spans:
                left, tokens = view.tokens(seg, start, end)
                if left in done:
                    continue
                done.add(left)
                _found(view, seg, left, tokens, found)
            if found:
                spec = specificity(found)
                out.append(Evidence("specifics", seg, spans[0], view.location(seg),
                                    min(1.0, spec / 2), "; ".join(
                                        f"{k} {', '.join(v)}" for k, v in found.items()),
                                    {"found": found, "specificity": spec}))
        return out
