"""One regular-expression call over all of a file's paragraphs instead of one a paragraph.

The ``regex`` module spends about a microsecond setting up each call, as much as scanning a
hundred characters: a detector that tries a pattern on each of a file's paragraphs pays
mostly for the calls. Joined by a character that no part of the pattern can match, the
paragraphs are searched at once and every match falls inside one paragraph, found exactly
as a search of that paragraph alone finds it (``joinable``).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

import regex

SEPARATOR = "\x00"
# joinable: a pattern made only of these parts never matches the separator, so a match can
# not run across it, and a lookaround that would read past either end of a paragraph reads
# the separator, which fails it as the end of the text does. Excluded: ``.``, negated classes
# and escapes (\D, \W, \S, \P), escapes that can name the separator (\x00, \0), anchors (^,
# $, \A, \Z, \b), which see the separator otherwise than the end of a text, fuzzy matching
# ({e<=1}) and flags (checked apart: inline ones are a group's characters).
_PART = (r"\\[dws]|\\p\{Han\}|\\[^\w\s]"  # \d, \w, \s, Han, an escaped punctuation mark
         r"|\[(?!\^)(?:\\[dws]|\\p\{Han\}|\\[^\w\s]|[^\\\]\x00])+\]"  # a class of those
         r"|[()|?*+]|\{\d+(?:,\d*)?\}"  # groups and lookarounds ((?:, (?<!), repeats
         r"|[^\\\[\](){}|?*+.^$\x00]")  # a literal character
_JOINABLE = regex.compile(f"(?:{_PART})*")
_checked: dict[regex.Pattern[str], bool] = {}


def joinable(pattern: regex.Pattern[str]) -> bool:
    """Whether ``pattern`` finds in joined paragraphs what it finds in each alone: it is
    written only with the parts above and without flags (a pattern that is not is searched
    paragraph by paragraph)."""
    known = _checked.get(pattern)
    if known is None:
        known = _checked[pattern] = (
            pattern.flags & ~(regex.UNICODE | regex.VERSION0) == 0
            and _JOINABLE.fullmatch(pattern.pattern) is not None)
    return known


class Joined:
    """A file's texts (its paragraphs, normalised or not), joined once for every pattern that
    reads them all."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.text = SEPARATOR.join(texts)
        # Where each text starts in ``text``; None when a text holds the separator itself
        # (or there is none: an empty pattern would match the empty join).
        self.starts: list[int] | None = None
        if texts and self.text.count(SEPARATOR) == len(texts) - 1:
            self.starts = [0, *accumulate(len(t) + 1 for t in texts[:-1])]

    def finditer(self, pattern: regex.Pattern[str]
                 ) -> Iterator[tuple[int, int, regex.Match[str]]]:
        """(index of the text, where the text starts in the match's string, match) of every
        match of ``pattern`` in the texts, in order: ``match.start() - base`` is the match's
        start in its text. One call over the joined texts when the pattern is ``joinable``,
        else a call a text (``base`` 0)."""
        starts = self.starts
        if starts is None or not joinable(pattern):
            for index, text in enumerate(self.texts):
                for m in pattern.finditer(text):
                    yield index, 0, m
            return
        for m in pattern.finditer(self.text):
            index = bisect_right(starts, m.start()) - 1
            yield index, starts[index], m
