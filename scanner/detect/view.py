"""One file as every detector sees it, computed once.

- ``norms``: each segment's normalised text (scanner/text_utils.py), one OpenCC call.
- ``hits``: every term of every lexicon and sector (scanner/dictionary.py), found in
  one Aho-Corasick pass over the whole file (one-pass).
- ``tokens``: segmentation and tags of a window of a segment, computed once per window and
  shared by every detector (the word-boundary check and the specifics read the same tokens);
  the word-boundary check needs only the piece of the window around each end of a term and
  segments just that (piece-wise), a piece that recurs in the file once.
- ``title``: the first lines of the body, where a document says what kind it is.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import regex

from scanner.detect import segmenter
from scanner.dictionary import Dictionary, Term
from scanner.lazy_attribute import lazy_attribute
from scanner.model import Location, Segment
from scanner.text_utils import normalize_many, original_span

# How far around a span the window reaches (characters); windows that touch are merged.
WINDOW = 40
# The lines read for the title and the document's kind.
TITLE_LINES = 4
# piece-wise: characters jieba never joins to a neighbour (outside its word-character
# class and not spaces, so each is a token of its own whatever surrounds it): text cut
# before and after each of them segments, piece by piece, into the tokens of the whole
# (jieba cuts a text into runs of word characters first and each run alone), so whether a
# position is a word boundary needs only the piece that holds it.
# The standard re, not regex: a class of literal characters, whose matches re lists cheaper.
BREAK = re.compile(r"[，。、；：？！“”‘’（）《》〈〉【】「」『』,;:?!()\[\]\"']")


class Hit:
    """A lexicon match: the text, its span in the segment's normalised text, and every
    term (kind) that text stands for (不得 is a limiter and a normative modal). A class of
    four slots, not a named tuple: a file dense in lexicon words has thousands, each read
    many times, and CPython 3.11 reads a slot in a third of a named tuple field's time."""

    __slots__ = ("text", "start", "end", "kinds")

    def __init__(self, text: str, start: int, end: int, kinds: dict[str, Term]) -> None:
        self.text, self.start, self.end = text, start, end
        # kind → term, shared by every hit of this text: ``hit.kinds.get("limiter")``, the
        # limiter term or None; ``"limiter" in hit.kinds``, whether it is one.
        self.kinds = kinds

    def __eq__(self, other: object) -> bool:
        """Equal to a hit of the same text, span and kinds."""
        if other.__class__ is not Hit:
            return NotImplemented
        return (self.text, self.start, self.end, self.kinds) == (
            other.text, other.start, other.end, other.kinds)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # as before: its kinds are a dict

    def __repr__(self) -> str:
        return f"Hit({self.text!r}, {self.start}, {self.end})"

    def term(self, kind: str) -> Term | None:
        """The term this hit stands for as ``kind`` (limiter, act …), or None."""
        return self.kinds.get(kind)

    def has(self, kind: str) -> bool:
        return kind in self.kinds


@dataclass
class View:
    segments: list[Segment]
    dictionary: Dictionary
    path: str = ""
    kind: str = ""  # the sniffed file type
    # Facts several detectors derive from the view (the document's kind), computed once.
    memo: dict[str, Any] = field(default_factory=dict)
    # Per segment: [left, right, tokens or None until asked] of each window.
    _windows: dict[int, list[list[Any]]] = field(default_factory=dict)
    # Token ends of each piece of text segmented so far, from its start (a clause recurs
    # in a file).
    _tagged: dict[str, set[int]] = field(default_factory=dict)
    # The same, by (segment, piece start, piece end): is_word asks often.
    _piece_bounds: dict[tuple[int, int, int], set[int]] = field(default_factory=dict)
    # Each segment's normalised text reversed, once asked: the last BREAK before a position
    # is the first one after it there (is_word).
    _reversed: dict[int, str] = field(default_factory=dict)
    # Each segment's location, by index, once asked (location).
    _locations: dict[int, Location] = field(default_factory=dict)

    @lazy_attribute
    def norms(self) -> list[str]:
        return self._normalised[0]

    @property
    def offsets(self) -> list[list[int] | None]:
        """Each segment's offsets from its normalised text back into the original (None:
        the same offsets), as ``normalize`` gives them."""
        return self._normalised[1]

    @lazy_attribute
    def _normalised(self) -> tuple[list[str], list[list[int] | None]]:
        """(normalised texts, their offsets into the originals): one pass over the text
        serves matching and the way back to the original."""
        return normalize_many([s.text for s in self.segments])

    @lazy_attribute
    def hits(self) -> list[list[Hit]]:
        """one-pass: every lexicon term in every segment, by segment, in text order."""
        joined = "\x00".join(self.norms)
        found = self.dictionary.unit_matches(joined)  # utf16-search
        out = None if found is None else self._hits_of(found, 1)
        if out is None:
            out = self._hits_of(self.dictionary.automaton.find_matches_as_indexes(joined), 0)
        return out  # type: ignore[return-value]

    def _hits_of(self, found: list[tuple[int, int, int]], shift: int) -> list[list[Hit]] | None:
        """The hits of the matches ``found`` in the segments' texts joined by NUL, their
        offsets ``<< shift`` in characters; None where one starts inside a character
        (``Dictionary.unit_matches``)."""
        unit = 1 << shift
        ends, pos = [], 0  # where each segment's text ends in the joined text, in units
        for text in self.norms:
            pos += len(text) * unit
            ends.append(pos)
            pos += unit
        out: list[list[Hit]] = [[] for _ in self.segments]
        patterns, kinds = self.dictionary.patterns, self.dictionary.pattern_kinds
        seg, base = 0, 0
        for idx, start, _end in found:
            if start & shift:
                return None
            while start >= ends[seg]:  # matches come in text order: the segment moves on
                base = ends[seg] + unit
                seg += 1
            text = patterns[idx]
            at = (start - base) >> shift  # the end from the pattern's length: one shift
            out[seg].append(Hit(text, at, at + len(text), kinds[idx]))
        return out

    @lazy_attribute
    def kinds_in(self) -> Callable[[int], set[str]]:
        """``kinds_in(seg)``: every kind of lexicon word segment ``seg`` holds: a grammar
        whose words are not all there passes the paragraph over. The list's own item
        lookup: the detectors ask it hundreds of times a file, and each answer then runs
        no Python frame."""
        return self._kinds_in.__getitem__

    @lazy_attribute
    def _kinds_in(self) -> list[set[str]]:
        out = []
        for hits in self.hits:
            kinds: set[str] = set()
            for hit in hits:
                kinds.update(hit.kinds)
            out.append(kinds)
        return out

    def hits_of(self, seg: int, kind: str) -> list[Hit]:
        if kind not in self._kinds_in[seg]:  # most paragraphs: no need to read every hit
            return []
        return [h for h in self.hits[seg] if kind in h.kinds]

    @lazy_attribute
    def title_lines(self) -> list[str]:
        """The first non-empty body lines (the issuer, the title, a note under it)."""
        lines = []
        for i, s in enumerate(self.segments):
            if s.part in ("body", "table") and self.norms[i].strip():
                lines.append(self.norms[i].strip())
                if len(lines) == TITLE_LINES:
                    break
        return lines

    def location(self, seg: int) -> Location:
        """Segment ``seg``'s location, built when first asked and shared by all its evidence
        (a paragraph with evidence is a few of a file's: a Location is a frozen dataclass,
        slow to build)."""
        if seg < 0:
            return Location("body")
        found = self._locations.get(seg)
        if found is None:
            found = self._locations[seg] = self.segments[seg].location
        return found

    def original(self, seg: int, start: int, end: int) -> str:
        """The original text of normalised ``[start, end)`` in segment ``seg``."""
        a, b = original_span(self._normalised[1][seg], start, end)
        return self.segments[seg].text[a:b]

    def tokens(self, seg: int, start: int, end: int) -> tuple[int, list[segmenter.Token]]:
        """(window start, tokens) of the window of segment ``seg`` that holds
        ``[start, end)``; segmented once, however many detectors ask."""
        window = self._window(seg, start, end)
        if window[2] is None:
            window[2] = self._segment(seg, window[0], window[1])
        return window[0], window[2]

    def is_word(self, seg: int, start: int, end: int) -> bool:
        """word-boundary: False when [start, end) cuts through a word, as 机密 does in
        有机密封 (有机/密封). The same answer as the window's tokens give, from the one
        piece around each end (piece-wise); a term without a BREAK character in it has
        both ends in one piece."""
        left, right, _tokens = self._window(seg, start, end)
        a, b = self._piece(seg, left, right, start)
        if not self._bound(seg, a, b, start):
            return False
        if end > b:  # a BREAK inside the term: its end is in a piece of its own
            a, b = self._piece(seg, left, right, end)
        return self._bound(seg, a, b, end)

    def _window(self, seg: int, start: int, end: int) -> list[Any]:
        """[left, right, tokens or None (not segmented yet)]: the window holding
        ``[start, end)`` with WINDOW // 2 characters to spare, else a new one of WINDOW
        characters each side, merged with the windows it touches, so a stretch of text is
        one window."""
        text = self.norms[seg]
        windows = self._windows.setdefault(seg, [])
        for window in windows:
            if (window[0] <= max(0, start - WINDOW // 2)
                    and min(len(text), end + WINDOW // 2) <= window[1]):
                return window
        left, right = max(0, start - WINDOW), min(len(text), end + WINDOW)
        kept = []
        for w in windows:
            if w[0] <= right and left <= w[1]:
                left, right = min(left, w[0]), max(right, w[1])
            else:
                kept.append(w)
        window = [left, right, None]
        kept.append(window)
        self._windows[seg] = kept
        return window

    def _segment(self, seg: int, left: int, right: int) -> list[segmenter.Token]:
        """``segmenter.tag`` of ``norms[seg][left:right]``, in one call: a window whole is
        segmented faster than piece by piece, and only the specifics ask for one."""
        return segmenter.tag(self.norms[seg][left:right])

    def _piece(self, seg: int, left: int, right: int, at: int) -> tuple[int, int]:
        """The piece of window ``[left, right)`` of ``seg`` that holds ``at``: from just after
        the last BREAK before ``at`` (or ``left``) to the first BREAK at or after it (or
        ``right``), each found by one search from ``at`` (the one before it in the reversed
        text), not by listing every BREAK of the segment."""
        text = self.norms[seg]
        after = BREAK.search(text, at, right)
        reversed_ = self._reversed.get(seg)
        if reversed_ is None:
            reversed_ = self._reversed[seg] = text[::-1]
        before = BREAK.search(reversed_, len(text) - at, len(text) - left)
        return (len(text) - before.start() if before else left,
                after.start() if after else right)

    def _bound(self, seg: int, a: int, b: int, at: int) -> bool:
        """Whether ``at`` is a word boundary of the piece ``[a, b)`` of ``seg`` that holds it
        (``_piece``): an end of the piece, or a boundary inside it."""
        if a == at or b == at:
            return True
        bounds = self._piece_bounds.get((seg, a, b))
        if bounds is None:
            piece = self.norms[seg][a:b]
            bounds = self._tagged.get(piece)
            if bounds is None:  # a clause that recurs is segmented once
                bounds = self._tagged[piece] = segmenter.ends(piece)
            self._piece_bounds[(seg, a, b)] = bounds
        # ``at`` is inside the piece, where a token ends exactly when the next one starts.
        return at - a in bounds
