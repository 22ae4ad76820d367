"""jieba, used only where it adds meaning and only on a window around a hit.

Full-text segmentation runs at ~1 MB/s, several times the cost of extraction; a window
character window costs a fraction of a millisecond, so the cost follows the hits.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

import regex

# The word check needs only the neighbouring words; specifics are looked for in the
# sentence around a hit (a name often opens the paragraph: "王海峰，男，…拟提拔为…").
WINDOW = 12
SPECIFICS_WINDOW = 40
# Part-of-speech tags that make a passage concrete, and how much each counts:
# a named person weighs most (a case, an appointment), then organisations, then
# numbers and dates (also common in public statistics).
_SPECIFIC_TAGS = {"nr": ("name", 1.0), "nrfg": ("name", 1.0), "nrt": ("name", 1.0),
                  "nt": ("organisation", 0.5), "m": ("number", 0.25), "t": ("date", 0.25)}


# Office conventions jieba does not tag as names: masked names (王某某, 李某，) and
# "<name>同志" in personnel and discipline papers.
_MASKED_NAME = regex.compile(r"\p{Han}某某|\p{Han}某(?=[，,、。；;（(同涉等因在于为])")
_HAN_NAME = regex.compile(r"\p{Han}{2,3}")


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg


def is_word(text: str, start: int, end: int) -> bool:
    """False when [start, end) cuts through a word, as 机密 does in 有机密封 (有机/密封)."""
    jieba, _ = _jieba()
    left = max(0, start - WINDOW)
    window = text[left:min(len(text), end + WINDOW)]
    boundaries = {0}
    pos = 0
    for token in jieba.cut(window, HMM=False):
        pos += len(token)
        boundaries.add(pos)
    return (start - left) in boundaries and (end - left) in boundaries


def specifics(text: str, spans: list[tuple[int, int]],
              looks_like_name: Callable[[str], bool]) -> dict[str, list[str]]:
    """Names, organisations, numbers and dates within a window of the given spans.

    A name must start with a surname: jieba tags some plain words (托运) as names.
    """
    _, posseg = _jieba()
    found: dict[str, list[str]] = {}
    windows = _merge([(max(0, s - SPECIFICS_WINDOW), min(len(text), e + SPECIFICS_WINDOW))
                      for s, e in spans])
    for left, right in windows:
        previous = ""
        for pair in posseg.lcut(text[left:right]):
            if pair.word == "同志" and _HAN_NAME.fullmatch(previous) and \
                    _is_name(previous, looks_like_name, posseg):
                _add(found, "name", previous)
            previous = pair.word
            kind = _SPECIFIC_TAGS.get(pair.flag)
            if kind is None:
                continue
            word = pair.word
            if kind[0] == "number" and sum(c.isdigit() for c in word) < 2:
                continue  # 一个, 几 and list numbering (5．6．) are not figures
            if kind[0] == "name" and not _is_name(word, looks_like_name, posseg):
                continue
            _add(found, kind[0], word)
        for masked in _MASKED_NAME.finditer(text, left, right):
            if looks_like_name(masked.group()):
                _add(found, "name", masked.group())
    return found


def _is_name(word: str, looks_like_name: Callable[[str], bool], posseg) -> bool:
    """A surname first, and not a dictionary word of another kind (解密 is a verb)."""
    tag = posseg.dt.word_tag_tab.get(word)
    return looks_like_name(word) and (tag is None or tag.startswith("nr"))


def _add(found: dict[str, list[str]], kind: str, word: str) -> None:
    if word not in found.setdefault(kind, []):
        found[kind].append(word)


def specificity(found: dict[str, list[str]]) -> float:
    weights = {kind: weight for kind, weight in _SPECIFIC_TAGS.values()}
    return sum(weights[kind] * min(len(words), 2) for kind, words in found.items())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
