"""The shapes PDF paragraph and table rebuilding share: a line, a passage, how lines join.

- ``join``: lines join without a space between CJK characters and with one between words.
- ``digit-run``: in CJK text (a wide character within ``CONTEXT`` characters of the wrap),
  digits on both sides of a wrap join without a space.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

Box = tuple[float, float, float, float]
CONTEXT = 16
_NUMBERED = re.compile(r"\s*(?:第[一二三四五六七八九十百零〇\d]+[编章节条款]|[一二三四五六七八九十]+、"
                       r"|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d))")


@dataclass(slots=True)
class Line:
    text: str
    bbox: Box
    size: float  # font size in points: the unit of the slack allowances


@dataclass(slots=True)
class Paragraph:
    """A passage rebuilt from lines; ``cell`` is (table, row, column) from 1 for a table
    cell's text, tables numbered on its page; ``open`` and ``fresh`` decide whether it runs
    on over a page break."""

    text: str
    bbox: Box
    cell: tuple[int, int, int] | None = None
    open: bool = False  # its last line reaches its column's right edge: it may run on
    fresh: bool = True  # its first line opens a paragraph by its text (``opens``)


@functools.lru_cache(maxsize=1024)  # a block's first line is asked again as a successor
def opens(text: str) -> bool:
    """The text opens a paragraph: it starts with an indent typed as two spaces (2 字 in
    公文) or with a heading or list number (第X条, 一、, （一）, 1.)."""
    return text[:2].isspace() or bool(_NUMBERED.match(text))


def join(left: str, right: str, spaced: bool = True) -> str:
    """join; ``spaced=False`` joins words without a space too (a number cut by a wrap)."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if not spaced or _wide(left[-1]) or _wide(right[0]) or _digit_run(left, right):
        return left + right
    return f"{left} {right}"


def _digit_run(left: str, right: str) -> bool:
    """digit-run: CJK text wraps anywhere, a number too (a phone number, an amount); in
    CJK context a wrap between two digits is no space."""
    return (left[-1].isascii() and left[-1].isdigit() and right[0].isascii()
            and right[0].isdigit() and any(_wide(c) for c in left[-CONTEXT:] + right[:CONTEXT]))


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def union(a: Box, b: Box) -> Box:
    """The box around both: min() and max() of each pair, written as the comparisons they
    make (a call of either costs CPython 3.11 ten times the comparison)."""
    return (b[0] if b[0] < a[0] else a[0], b[1] if b[1] < a[1] else a[1],
            b[2] if b[2] > a[2] else a[2], b[3] if b[3] > a[3] else a[3])


def similar(a: float, b: float, ratio: float) -> bool:
    """Sizes in a similar size: ``max(a, b) <= ratio * min(a, b)``, compared as in union."""
    return (b if b > a else a) <= ratio * (b if b < a else a)
