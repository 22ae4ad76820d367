"""The text of a passage in the judge's trace, with the words that counted marked, so a
reader sees the passage itself and not only the evidence about it (``baomi explain``, the
page of ``baomi serve``).

Evidence spans are in the segment's normalised text; the excerpt is the original text
(what the document says, traditional characters and full-width forms as written), so
each span is mapped back through the normalisation's offsets. ``specifics`` evidence is
about the whole passage: its words (names, figures, dates) are marked where they occur
in the normalised text.
"""
from __future__ import annotations

from typing import Any

from scanner.detect.evidence import Evidence
from scanner.text_utils import normalize, original_span

# Characters of a passage kept in the trace, around the first marked word: the trace sits
# in the cache and travels between processes.
EXCERPT_CHARS = 300
# How much text before the first marked word the excerpt starts with.
LEAD_CHARS = 60
# The signal whose evidence covers the whole passage; its words are found by search.
WHOLE_PASSAGE = "specifics"


def excerpt(text: str, evidence: list[Evidence],
            normalised: tuple[str, list[int] | None] | None = None) -> dict[str, Any]:
    """``{"text", "marks": [[start, end, signal], …], "before", "after"}``: at most
    EXCERPT_CHARS of ``text`` (the segment's original text); marks in excerpt offsets,
    sorted, not overlapping (the first wins); ``before``/``after``: text was cut there.
    ``normalised``: ``normalize(text)`` when the caller has it already (the view's)."""
    norm, offsets = normalised if normalised is not None else normalize(text)
    spans: list[tuple[int, int, str]] = []
    for e in evidence:
        if e.signal == WHOLE_PASSAGE:
            for words in e.detail.get("found", {}).values():
                spans += [(at, at + len(w), e.signal) for w in words if w
                          for at in _occurrences(norm, w)]
        elif e.span[1] > e.span[0]:
            spans.append((*e.span, e.signal))
    marks = [(*original_span(offsets, start, end), signal) for start, end, signal in spans]
    marks.sort()
    left = max(0, min((m[0] for m in marks), default=0) - LEAD_CHARS)
    if len(text) <= EXCERPT_CHARS:
        left = 0
    right = min(len(text), left + EXCERPT_CHARS)
    kept: list[list[Any]] = []
    for start, end, signal in marks:
        if start >= left and end <= right and (not kept or start >= kept[-1][1]):
            kept.append([start, end, signal])
    return {"text": text[left:right], "before": left > 0, "after": right < len(text),
            "marks": [[s - left, e - left, signal] for s, e, signal in kept]}


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found
