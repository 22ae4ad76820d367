"""Paragraphs rebuilt from a PDF page's lines, so a passage is what the author wrote as one.

PDF writers hard-wrap text and split a page into blocks; a sentence that wraps or runs on into
the next block would otherwise be cut in two, and the same text would read differently as PDF
and as DOCX. Input is a page's blocks of lines (text and box, in reading order); output is one
``Paragraph`` per paragraph, its text joined as a word processor holds it.

Table cells are rebuilt first (pdf_tables.py), the rest of the page after them.

Heuristics, each named where it is applied:
- ``full-line``: a line runs on into the next only if it reaches the right edge of its
  column (within ``EDGE_SLACK`` character widths); a short line ends its paragraph (titles,
  marking lines, the last line of a paragraph). The column's right edge is the furthest any
  line on the page in a similar size reaches that starts within ``MAX_INDENT`` characters
  of the block's left edge (writers often give each line a block of its own).
- ``hanging-mark``: a closing mark hung past the right edge (标点悬挂, 避头点) does not
  move the edge: such a line counts as ending one character earlier.
- ``no-indent``: the next line starts at the column's left edge and not with two spaces; a
  first-line indent (2 字 in 公文, set by position or typed as 　　) starts a new paragraph.
- ``numbered``: a line opening with a heading or list number (第X条, 一、, （一）, 1.)
  starts a new paragraph.
- ``narrow-line``: a line under ``NARROW`` characters wide that ends no sentence (a 份号, a
  marking line) stays with the next line of its block, on a line of its own, as MuPDF
  grouped them: too short to tell a wrap from a break.
- ``same-column``: the next block starts at the same left edge (within half a character),
  directly below (gap at most ``MAX_GAP`` line heights) in a similar font size, so
  blocks of two columns, headers and footers are never joined. Across blocks the
  ``full-line``, ``no-indent`` and ``numbered`` rules decide as within one.
- ``centred``: a full line runs on into a centred line below it in the same size and on the
  same axis (within a character): a title wrapped over two lines.
- ``join``: lines join without a space between CJK characters and with one between words.

Across pages (``over_page_break``), the same rules decide whether the last passage of a page
runs on into the first of the next (``page-break``), headers and footers set aside
(``running-head``).
"""
from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter

from scanner.extract.pdf_lines import Box, Line, Paragraph, join, opens, similar, union
from scanner.extract.pdf_tables import tables

__all__ = ["Line", "Paragraph", "over_page_break", "paragraphs", "running"]

EDGE_SLACK = 1.5
MAX_INDENT = 4
NARROW = 8
INDENT_SLACK = 0.5
MAX_GAP = 1.2
SIZE_RATIO = 1.2
RUNNING_SLACK = 4.0  # points: a running header or footer repeats at the same height
PAGE_SLACK = 4.0  # points: the text column's left edge is the same on every page
_SENTENCE_END = "。！？!?…；;:：”」』）)"
_HANGING = "，。、；：？！）》」』”"
_LEFT = itemgetter(0)  # an edge's (x0, x1, size) left edge


def paragraphs(blocks: list[list[Line]], shapes: Sequence[Box] = ()) -> list[Paragraph]:
    """Paragraphs of one page, in the order of their first block, then its table cells.

    ``shapes``: boxes of the shapes drawn on the page (rules and cell boxes of tables)."""
    cells, taken = tables([line for block in blocks for line in block], list(shapes))
    if taken:
        blocks = [[line for line in lines if id(line) not in taken] for lines in blocks]
    blocks = [lines for lines in blocks if lines]
    edges = [(line.bbox[0], _reach(line), line.size) for block in blocks for line in block]
    # By left edge alone (float keys compare without the tuples' item-by-item look):
    # _column_right's answer is the same in any order of one left edge unless a NaN is among
    # them (a NaN sum; infinities of both signs only cost the sort by whole tuples).
    edges.sort(key=None if math.isnan(sum(chain.from_iterable(edges))) else _LEFT)
    # Many writers put each line in a block of its own: its left edge is its line's.
    lefts = [lines[0].bbox[0] if len(lines) == 1 else min([line.bbox[0] for line in lines])
             for lines in blocks]
    rights = _column_rights(blocks, lefts, edges)
    runs = [_split_block(lines, left, right) for lines, left, right in zip(blocks, lefts, rights)]
    # Each block's first line opens a paragraph or not: its first passage's fresh.
    fresh = [ended[0].fresh if ended else last[3] for ended, last in runs]
    successor = _successors(blocks, lefts, [run[1][2] for run in runs], fresh)
    joined_into: set[int] = set(successor.values())
    out: list[Paragraph] = []
    # Paragraphs made with positional arguments (cell, open, fresh), here and in
    # _split_block: a class called with keywords costs CPython twice the call (a dict).
    for b, (ended, last) in enumerate(runs):
        if b in joined_into:
            continue
        out += ended
        # A passage running on over blocks, as plain values until it ends (as in _split_block).
        text, bbox, open_end, fresh = last
        nxt = successor.get(b)
        while nxt is not None:
            ended, last = runs[nxt]
            if ended:  # the block's first passage ends in it
                first = ended[0]
                out.append(Paragraph(join(text, first.text), union(bbox, first.bbox), None,
                                     first.open, fresh))
                out += ended[1:]
                text, bbox, open_end, fresh = last
            else:  # the block is one passage that runs on
                text, bbox, open_end = join(text, last[0]), union(bbox, last[1]), last[2]
            nxt = successor.get(nxt)
        out.append(Paragraph(text, bbox, None, open_end, fresh))
    return out + cells


def _column_rights(blocks: list[list[Line]], lefts: list[float],
                   edges: list[tuple[float, float, float]]) -> list[float]:
    """Each block's column right edge (``_column_right``; ``lefts``: each block's left
    edge); blocks starting at one left edge in one size share a column (the lines of a page
    usually start at a few left edges), so the page's lines are looked through once per
    column, not once per block."""
    reach: dict[tuple[float, float], float | None] = {}
    out = []
    # Most blocks are in the column of the block before (one column a page): its answer is
    # kept without a look-up (a NaN never equals itself, so it is always looked up).
    last_left = last_size = math.nan
    right = None
    for lines, left in zip(blocks, lefts):
        size = lines[0].size
        if left != last_left or size != last_size:
            last_left, last_size = left, size
            column = (left, size)
            right = reach.get(column, ...)  # one look-up: ... is no answer (None is one)
            if right is ...:
                right = reach[column] = _column_right(left, size, edges)
        out.append(max(line.bbox[2] for line in lines) if right is None else right)
    return out


def _column_right(left: float, size: float, edges: list[tuple[float, float, float]]
                  ) -> float | None:
    """The furthest right edge of the page's lines (``edges``: (x0, x1, size), sorted by x0)
    that start in the column at ``left`` and are set in a similar ``size`` (a running header
    in a smaller size may run wider than the text); None without one."""
    lo = bisect.bisect_left(edges, left - MAX_INDENT * size, key=_LEFT)
    hi = bisect.bisect_right(edges, left + MAX_INDENT * size, key=_LEFT)
    right = None
    for _x0, x1, other in edges[lo:hi]:
        # One size (most lines) is similar unless below 0, without the call.
        if (other == size >= 0 or similar(size, other, SIZE_RATIO)) \
                and (right is None or x1 > right):  # as max()
            right = x1
    return right


# A block's last passage as plain values: text, box, open, fresh (as in Paragraph); it is
# made a Paragraph where it ends, which may be in a block below.
_Passage = tuple[str, Box, bool, bool]


def _split_block(lines: list[Line], left: float, right: float
                 ) -> tuple[Sequence[Paragraph], _Passage]:
    """The block's passages: those that end in it, and its last one (``_Passage``)."""
    first = lines[0]
    if len(lines) == 1:  # many writers put each line in a block of its own
        return (), (first.text.strip(), first.bbox, _full(first, left, right), opens(first.text))
    out: list[Paragraph] = []
    # The passage being built, as plain values: its Paragraph is made once, where it ends.
    text, bbox, fresh = first.text.strip(), first.bbox, opens(first.text)
    for prev, line in zip(lines, lines[1:]):
        if _full(prev, left, right) and (not _starts_paragraph(line, left)  # full-line
                                         or _centred(line, prev)):
            text, bbox = join(text, line.text), union(bbox, line.bbox)
        elif _narrow(prev) and not _ends_sentence(prev.text):  # narrow-line
            text, bbox = f"{text}\n{line.text.strip()}", union(bbox, line.bbox)
        else:
            out.append(Paragraph(text, bbox, None, False, fresh))
            text, bbox, fresh = line.text.strip(), line.bbox, opens(line.text)
    return out, (text, bbox, _full(lines[-1], left, right), fresh)


def _reach(line: Line) -> float:
    """hanging-mark: where the line's text ends, a hung closing mark not counted."""
    text = line.text.rstrip()
    return line.bbox[2] - line.size if text and text[-1] in _HANGING else line.bbox[2]


def _starts_paragraph(line: Line, left: float, opened: bool | None = None) -> bool:
    """no-indent, numbered (``opened``: ``opens(line.text)`` where already known)"""
    return line.bbox[0] > left + INDENT_SLACK * line.size or (
        opens(line.text) if opened is None else opened)


def _full(line: Line, left: float, right: float) -> bool:
    """full-line: from the left edge (or a first-line indent) to the right edge; a line set
    flush right (a 1999-style mark) or a narrow one is no running text."""
    x0, _y0, x1, _y1 = line.bbox
    size = line.size
    return x1 >= right - EDGE_SLACK * size and x0 <= left + MAX_INDENT * size \
        and not x1 - x0 < NARROW * size  # not _narrow(line), inline: it runs for every line


def _narrow(line: Line) -> bool:
    return line.bbox[2] - line.bbox[0] < NARROW * line.size


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in _SENTENCE_END


def _successors(blocks: list[list[Line]], lefts: list[float], open_ends: list[bool],
                fresh: list[bool]) -> dict[int, int]:
    """For each block whose last paragraph runs on, the block it runs on into
    (``open_ends``: whether each block's last line is full, ``_full``; ``fresh``: whether
    each block's first line opens a paragraph, ``opens``)."""
    out: dict[int, int] = {}
    taken: set[int] = set()
    # Blocks by the top of their first line: only those starting within the gap allowed
    # below a block's last line are looked at (a bound a little wider than the test, which
    # is then made exactly as written).
    # Bisected as plain numbers (``tops``), in step with the blocks they belong to (``order``;
    # sorted by key, ties in block order: a float key compares without a tuple's look).
    tops = [lines[0].bbox[1] for lines in blocks]
    order = sorted(range(len(blocks)), key=tops.__getitem__)
    tops = list(map(tops.__getitem__, order))
    # Else no order: all are looked at. A sum is finite only if every top is (an infinity
    # or a NaN makes it infinite or NaN; finite tops that overflow only cost the fast path).
    ordered = math.isfinite(sum(tops))
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
    for a, (lines, left, open_end) in enumerate(zip(blocks, lefts, open_ends)):
        if not open_end:
            continue
        last = lines[-1]
        if not last.text or last.text.isspace():  # as not .strip(), without the copy
            continue
        bottom, size = last.bbox[3], last.size
        # The gap allowed above and below the last line, worked out once for both looks.
        above, below = -0.25 * size, MAX_GAP * size
        if ordered:
            # A point, or far from the origin a billionth, beyond any rounding of the test.
            near = 1.0 + abs(bottom) * 1e-9
            nearby = order[bisect_left(tops, bottom + above - near):
                           bisect_right(tops, bottom + below + near)]
        else:
            nearby = order
        best, best_gap = None, 0.0
        for b in sorted(nearby) if len(nearby) > 1 else nearby:
            if b == a or b in taken:
                continue
            first = blocks[b][0]
            gap = first.bbox[1] - bottom
            if (above <= gap <= below
                    and (first.size == size >= 0 or similar(first.size, size, SIZE_RATIO))
                    and (_below_in_column(first, left, size, fresh[b])
                         or _centred(first, last))
                    and (best is None or gap < best_gap)):
                best, best_gap = b, gap
        if best is not None:
            out[a] = best
            taken.add(best)
    return _acyclic(out)


def _below_in_column(first: Line, left: float, size: float, opened: bool) -> bool:
    """same-column, no-indent, numbered (``opened``: ``opens(first.text)``)"""
    return abs(first.bbox[0] - left) <= INDENT_SLACK * size and \
        not _starts_paragraph(first, left, opened)


def _centred(line: Line, above: Line) -> bool:
    """centred"""
    middle = (line.bbox[0] + line.bbox[2]) / 2
    return (abs(middle - (above.bbox[0] + above.bbox[2]) / 2) <= line.size
            and line.bbox[0] > above.bbox[0] + INDENT_SLACK * line.size
            and not opens(line.text))


def _acyclic(successor: dict[int, int]) -> dict[int, int]:
    """Drop links that would close a loop (two blocks each below the other by the slack)."""
    out: dict[int, int] = {}
    for a, b in successor.items():
        if b not in out:  # the common case, a chain's end: no loop (b is never a)
            out[a] = b
            continue
        seen = {a}
        step = b
        while step in out and step not in seen:
            seen.add(step)
            step = out[step]
        if step not in seen:
            out[a] = b
    return out


def running(page: list[Paragraph], other: list[Paragraph],
            keys: list[tuple[int, int]] | None = None,
            others: list[tuple[int, int]] | None = None) -> set[int]:
    """running-head: the indices of ``page``'s paragraphs that ``other`` (the page before or
    after) repeats at the same height, digits aside (a header, a footer, a page number).
    ``keys``, ``others``: the _levels of ``page`` and ``other``, where known."""
    # Texts are compared (digits zeroed) only where a passage of the other page sits at the
    # same height with a text of the same length: zeroing digits keeps the length.
    others = _levels(other) if others is None else others
    keys = _levels(page) if keys is None else keys
    known = set(others)
    level = [i for i, key in enumerate(keys) if key in known]
    if not level:
        return set()
    shared = {keys[i] for i in level}
    seen = {(_undigited(p.text), key) for p, key in zip(other, others) if key in shared}
    return {i for i in level if (_undigited(page[i].text), keys[i]) in seen}


def _levels(paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """Each paragraph's length of text and height on the page (in steps of
    ``RUNNING_SLACK``): where running looks for a repeat."""
    return [(len(p.text.strip()), round(p.bbox[1] / RUNNING_SLACK)) for p in paragraphs]


def over_page_break(before: list[Paragraph], after: list[Paragraph]) -> tuple[int, int] | None:
    """page-break: (index in ``before``, index in ``after``) of a paragraph that runs on
    from the foot of one page to the top of the next: one of the lowest passages of the page
    before (headers and footers aside; the cells of a table's last row are all lowest) is
    ``open``, and the first passage of the next page starts at its left edge (within
    ``PAGE_SLACK`` points) and opens no paragraph by its text."""
    # What the answer needs, looked at first: a passage of the page before that runs on,
    # and one of the next that opens no paragraph (finding the running heads costs more).
    if not any(p.open for p in before) or all(p.fresh for p in after):
        return None
    # Each page's levels, worked out once for the two looks.
    levels_before, levels_after = _levels(before), _levels(after)
    skip_before = running(before, after, levels_before, levels_after)
    skip_after = running(after, before, levels_after, levels_before)
    ends = [i for i in range(len(before)) if i not in skip_before]
    starts = [j for j in range(len(after)) if j not in skip_after]
    if not ends or not starts:
        return None
    first = min(starts, key=lambda j: (after[j].bbox[1], after[j].bbox[0]))
    if after[first].fresh:
        return None
    foot = max(before[i].bbox[3] for i in ends)
    for i in ends:
        if (before[i].open and before[i].bbox[3] >= foot - PAGE_SLACK
                and abs(after[first].bbox[0] - before[i].bbox[0]) <= PAGE_SLACK):
            return i, first
    return None


@functools.lru_cache(maxsize=256)  # a page's passages are compared with both neighbours
def _undigited(text: str) -> str:
    return text.strip().translate(_ZEROED)


class _Zeroes(dict):
    """str.translate's table: a digit (``str.isdigit``: ①, ² as well as 0-9) to "0", any
    other character to itself; each character's answer kept once asked."""

    def __missing__(self, char: int) -> int:
        self[char] = ord("0") if chr(char).isdigit() else char
        return self[char]


_ZEROED = _Zeroes()
