"""One file as every detector sees it, computed once.

- ``norms``: each segment's normalised text (scanner/text_utils.py), one OpenCC call.
- ``hits``: every term of every lexicon and sector (scanner/dictionary.py), found in
  one Aho-Corasick pass over the whole file (one-pass).
- ``tokens``: segmentation and tags of a window of a segment, computed once per window and
  shared by every detector (the word-boundary check and the specifics read the same tokens).
- ``title``: the first lines of the body, where a document says what kind it is.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from scanner.detect import segmenter
from scanner.dictionary import Dictionary, Term
from scanner.model import Location, Segment
from scanner.text_utils import normalize_many, offsets, original_span

# How far around a span the window reaches (characters); windows that touch are merged.
WINDOW = 40
# The lines read for the title and the document's kind.
TITLE_LINES = 4


@dataclass(frozen=True)
class Hit:
    """A lexicon match: the text, its span in the segment's normalised text, and every
    term (kind) that text stands for (不得 is a limiter and a normative modal)."""

    text: str
    start: int
    end: int
    kinds: dict[str, Term]  # kind → term, shared by every hit of this text

    def term(self, kind: str) -> Term | None:
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
    _offsets: dict[int, list[int] | None] = field(default_factory=dict)
    _windows: dict[int, list[tuple[int, int, list[segmenter.Token]]]] = field(
        default_factory=dict)
    # Word boundaries of a window, by (segment, window start, window end): is_word asks often.
    _bounds: dict[tuple[int, int, int], set[int]] = field(default_factory=dict)

    @cached_property
    def norms(self) -> list[str]:
        return normalize_many([s.text for s in self.segments])

    @cached_property
    def hits(self) -> list[list[Hit]]:
        """one-pass: every lexicon term in every segment, by segment, in text order."""
        starts, pos = [], 0
        for text in self.norms:
            starts.append(pos)
            pos += len(text) + 1
        joined = "\x00".join(self.norms)
        out: list[list[Hit]] = [[] for _ in self.segments]
        for idx, start, end in self.dictionary.automaton.find_matches_as_indexes(joined):
            seg = bisect.bisect_right(starts, start) - 1
            local = start - starts[seg]
            out[seg].append(Hit(self.dictionary.patterns[idx], local, local + end - start,
                                self.dictionary.kinds_of(idx)))
        return out

    def hits_of(self, seg: int, kind: str) -> list[Hit]:
        return [h for h in self.hits[seg] if h.has(kind)]

    @cached_property
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
        return self.segments[seg].location if seg >= 0 else Location("body")

    def original(self, seg: int, start: int, end: int) -> str:
        """The original text of normalised ``[start, end)`` in segment ``seg``."""
        text = self.segments[seg].text
        if seg not in self._offsets:
            self._offsets[seg] = offsets(text)
        a, b = original_span(self._offsets[seg], start, end)
        return text[a:b]

    def tokens(self, seg: int, start: int, end: int) -> tuple[int, list[segmenter.Token]]:
        """(window start, tokens) of the window of segment ``seg`` that holds
        ``[start, end)``; segmented once, however many detectors ask."""
        text = self.norms[seg]
        for left, right, tokens in self._windows.get(seg, []):
            if left <= max(0, start - WINDOW // 2) and min(len(text), end + WINDOW // 2) <= right:
                return left, tokens
        left, right = max(0, start - WINDOW), min(len(text), end + WINDOW)
        # Merge with windows it touches, so a stretch of text is segmented once.
        kept = []
        for w in self._windows.get(seg, []):
            if w[0] <= right and left <= w[1]:
                left, right = min(left, w[0]), max(right, w[1])
            else:
                kept.append(w)
        tokens = segmenter.tag(text[left:right])
        kept.append((left, right, tokens))
        self._windows[seg] = kept
        return left, tokens

    def is_word(self, seg: int, start: int, end: int) -> bool:
        """word-boundary: False when [start, end) cuts through a word, as 机密 does in
        有机密封 (有机/密封)."""
        left, tokens = self.tokens(seg, start, end)
        # The same start and length: the same stretch of text, segmented the same way.
        key = (seg, left, tokens[-1].start + len(tokens[-1].word) if tokens else 0)
        if key not in self._bounds:
            self._bounds[key] = {t.start for t in tokens} | {t.start + len(t.word) for t in tokens}
        bounds = self._bounds[key]
        return (start - left) in bounds and (end - left) in bounds
