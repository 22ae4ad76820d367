"""Paragraphs rebuilt from a PDF page's lines, so a passage is what the author wrote as one.

PDF writers hard-wrap text and split a page into blocks; a sentence that wraps or runs on into
the next block would otherwise be cut in two, and the same text would read differently as PDF
and as DOCX. Input is a page's blocks of lines (text and box, in reading order); output is one
``Paragraph`` per paragraph, its text joined as a word processor holds it.

Heuristics, each named where it is applied:
- ``full-line``: a line runs on into the next only if it reaches the right edge of its
  column (within ``EDGE_SLACK`` character widths); a short line ends its paragraph (titles,
  marking lines, the last line of a paragraph). The column's right edge is the furthest any
  line on the page reaches that starts at the block's left edge or up to ``MAX_INDENT``
  characters in from it (writers often give each line a block of its own).
- ``no-indent``: the next line starts at the block's left edge; a first-line indent (2 字 in
  公文) starts a new paragraph.
- ``narrow-line``: a line under ``NARROW`` characters wide that ends no sentence (a 份号, a
  marking line, a table cell's fragment) stays with the next line of its block, on a line of
  its own, as MuPDF grouped them: too short to tell a wrap from a break.
- ``sentence-end``: a block whose last line ends a sentence (。！？…) does not run on into the
  next block.
- ``same-column``: the next block starts at the same left edge (within half a character),
  directly below (gap at most ``MAX_GAP`` line heights) in a similar font size, so blocks of
  two columns, headers and footers are never joined.
- ``join``: lines join without a space between CJK characters and with one between words.
"""
from __future__ import annotations

import bisect
import math
import unicodedata
from dataclasses import dataclass

EDGE_SLACK = 1.5
MAX_INDENT = 4
NARROW = 8
INDENT_SLACK = 0.5
MAX_GAP = 1.2
SIZE_RATIO = 1.2
_SENTENCE_END = "。！？!?…；;:：”」』）)"

Box = tuple[float, float, float, float]


@dataclass
class Line:
    text: str
    bbox: Box
    size: float  # font size in points: the unit of the slack allowances


@dataclass
class Paragraph:
    text: str
    bbox: Box


def paragraphs(blocks: list[list[Line]]) -> list[Paragraph]:
    """Paragraphs of one page, in the order of their first block."""
    blocks = [lines for lines in blocks if lines]
    edges = sorted((line.bbox[0], line.bbox[2]) for block in blocks for line in block)
    rights = [_column_right(lines, edges) for lines in blocks]
    runs = [_split_block(lines, right) for lines, right in zip(blocks, rights)]
    successor = _successors(blocks, rights)
    joined_into: set[int] = set(successor.values())
    out: list[Paragraph] = []
    for b, run in enumerate(runs):
        if b in joined_into:
            continue
        out += run[:-1]
        last, nxt = run[-1], successor.get(b)
        while nxt is not None:
            first, *rest = runs[nxt]
            last = Paragraph(_join(last.text, first.text), _union(last.bbox, first.bbox))
            if rest:
                out.append(last)
                *middle, last = rest
                out += middle
            nxt = successor.get(nxt)
        out.append(last)
    return out


def _column_right(lines: list[Line], edges: list[tuple[float, float]]) -> float:
    """The furthest right edge of the page's lines (``edges``: (x0, x1), sorted) that start
    in this block's column."""
    left = min(line.bbox[0] for line in lines)
    size = lines[0].size
    lo = bisect.bisect_left(edges, (left - INDENT_SLACK * size, -math.inf))
    hi = bisect.bisect_right(edges, (left + MAX_INDENT * size, math.inf))
    return max((x1 for _x0, x1 in edges[lo:hi]), default=max(line.bbox[2] for line in lines))


def _split_block(lines: list[Line], right: float) -> list[Paragraph]:
    left = min(line.bbox[0] for line in lines)
    out: list[Paragraph] = []
    current: Paragraph | None = None
    for prev, line in zip([None, *lines], lines):
        if current is None or prev is None:
            current = Paragraph(line.text.strip(), line.bbox)
            continue
        indented = line.bbox[0] > left + INDENT_SLACK * line.size
        if _full(prev, left, right) and not indented:  # full-line, no-indent
            current = Paragraph(_join(current.text, line.text), _union(current.bbox, line.bbox))
        elif _narrow(prev) and not _ends_sentence(prev.text):  # narrow-line
            current = Paragraph(f"{current.text}\n{line.text.strip()}",
                                _union(current.bbox, line.bbox))
        else:
            out.append(current)
            current = Paragraph(line.text.strip(), line.bbox)
    assert current is not None
    out.append(current)
    return out


def _full(line: Line, left: float, right: float) -> bool:
    """full-line: from the left edge (or a first-line indent) to the right edge; a line set
    flush right (a 1999-style mark) or a narrow one is no running text."""
    return line.bbox[2] >= right - EDGE_SLACK * line.size and \
        line.bbox[0] <= left + MAX_INDENT * line.size and not _narrow(line)


def _narrow(line: Line) -> bool:
    return line.bbox[2] - line.bbox[0] < NARROW * line.size


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in _SENTENCE_END


def _successors(blocks: list[list[Line]], rights: list[float]) -> dict[int, int]:
    """For each block whose last paragraph runs on, the block it runs on into."""
    out: dict[int, int] = {}
    taken: set[int] = set()
    for a, (lines, right) in enumerate(zip(blocks, rights)):
        last = lines[-1]
        if not last.text.strip() or _ends_sentence(last.text):  # sentence-end
            continue
        left = min(line.bbox[0] for line in lines)
        if not _full(last, left, right):
            continue
        best = None
        for b, other in enumerate(blocks):
            if b == a or b in taken:
                continue
            first = other[0]
            gap = first.bbox[1] - last.bbox[3]
            if (abs(first.bbox[0] - left) <= INDENT_SLACK * last.size  # same-column
                    and -0.25 * last.size <= gap <= MAX_GAP * last.size
                    and max(first.size, last.size) <= SIZE_RATIO * min(first.size, last.size)
                    and (best is None or gap < best[0])):
                best = (gap, b)
        if best is not None:
            out[a] = best[1]
            taken.add(best[1])
    return _acyclic(out)


def _acyclic(successor: dict[int, int]) -> dict[int, int]:
    """Drop links that would close a loop (two blocks each below the other by the slack)."""
    out: dict[int, int] = {}
    for a, b in successor.items():
        seen = {a}
        step = b
        while step in out and step not in seen:
            seen.add(step)
            step = out[step]
        if step not in seen:
            out[a] = b
    return out


def _join(left: str, right: str) -> str:
    """join"""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if _wide(left[-1]) or _wide(right[0]):
        return left + right
    return f"{left} {right}"


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
