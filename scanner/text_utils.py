"""Text normalisation before matching, with a map back to the original offsets."""
from __future__ import annotations

import unicodedata

import regex

# Characters that carry no text but split a term in two: zero-width, soft hyphen, BOM.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad"
# A hard line break between two CJK characters is a wrapped line, not a word boundary
# (PDF text comes back wrapped; 2.7 % of keyword hits straddled one).
_DROP = regex.compile(rf"[{_INVISIBLE}]|(?<=\p{{Han}})[ \t]*\r?\n[ \t]*(?=\p{{Han}})")


def normalize(text: str) -> tuple[str, list[int] | None]:
    """NFKC, invisible characters out, CJK line wraps joined.

    Returns the normalised text and, for each of its characters, the offset of the
    original character it came from (None when the two are identical).
    """
    drops = [(m.start(), m.end()) for m in _DROP.finditer(text)]
    if not drops and unicodedata.is_normalized("NFKC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for start, end in drops + [(len(text), len(text))]:
        chunk = text[pos:start]
        folded = unicodedata.normalize("NFKC", chunk)
        if len(folded) == len(chunk):
            out.append(folded)
            offsets.extend(range(pos, start))
        else:
            for i, ch in enumerate(chunk, pos):
                piece = unicodedata.normalize("NFKC", ch)
                out.append(piece)
                offsets.extend([i] * len(piece))
        pos = end
    return "".join(out), offsets


def original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The span in the original text that produced normalised ``[start, end)``."""
    if offsets is None or start >= end:
        return start, end
    return offsets[start], offsets[end - 1] + 1


def context(text: str, start: int, end: int, width: int = 20) -> str:
    """About ``2 * width`` characters around a match, on one line."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = text[left:right]
    return " ".join(snippet.split())
