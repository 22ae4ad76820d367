"""Failed redactions: text left under an opaque box is a finding whatever its words.

The author meant to hide it, so it needs no dictionary hit (CONTRACT: it blocks as
``unmarked-sensitive``). A placeholder under a box is no failed redaction.

Heuristics, each named in the finding's ``detail.why``... and here:
- ``placeholder``: what is under the box, without spaces and punctuation, is empty, one
  repeated character (XXXX, ＊＊＊, ███), a single letter or digit, or only placeholder
  words (REDACTED, 此处已删除 …); those are what redaction tools and careful authors leave.
"""
from __future__ import annotations

import unicodedata

import regex

from scanner.lazy_pattern import LazyPattern
from scanner.model import Finding, Segment, Severity
from scanner.text_utils import context

RULE = "content.failed-redaction"
# Labels redaction tools stamp into the box, and what Chinese offices write in its place.
# This and _NOT_WORD compile when a box's text is first weighed: few files have one, and
# compiling them cost every scan's start-up 4.5 M instructions.
PLACEHOLDER_WORDS = LazyPattern(
    regex.compile,
    r"redacted|redaction|privileged?|confidential|withheld|"
    r"此处已删除|此处已删节|内容已删除|已删除|已删节|已隐去|已屏蔽|已脱敏|已涂黑|略去|此处略|略",
    regex.IGNORECASE)
_NOT_WORD = LazyPattern(regex.compile, r"[\p{P}\p{S}\p{Z}\s]+")


def is_placeholder(text: str) -> bool:
    """placeholder"""
    squeezed = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))
    if len(set(squeezed.lower())) <= 1:
        return True
    return not PLACEHOLDER_WORDS.sub("", squeezed)


def find_failed_redactions(segments: list[Segment]) -> list[Finding]:
    return [
        Finding(rule=RULE, category="redaction", severity=Severity.HIGH.value,
                text=seg.text.strip(), location=seg.location,
                context=context(seg.text, 0, len(seg.text)))
        for seg in segments if seg.part == "redacted" and not is_placeholder(seg.text)
    ]
