"""Table cells found on a PDF page by geometry, their wrapped lines joined into one passage.

A PDF table is only text placed in a grid, often with rules drawn around it. A cell's text is
hard-wrapped at the cell's width, so a narrow column holds a sentence over many short lines;
read line by line, words are cut apart and a note's statement lands far from its subject.
Here the lines of one cell become one passage, with its (table, row, column) as a Word table
cell has, in reading order row by row.

Heuristics, each named where it is applied:
- ``side-by-side``: a band (lines sharing a vertical range) holding two or more lines with a
  gap between them is a table row's band; a page without one has no table (the common case,
  decided from the line boxes alone).
- ``grid-region``: a table is a run of bands, at least ``MIN_GRID_BANDS`` of them side by
  side, each directly below the last (gap under ``MAX_BAND_GAP`` line heights); a band of
  one line joins it when the line starts inside one of the table's columns, ends before the
  next (a hung closing mark may pass the column's text) and is set in the table's font size
  (a cell that wraps further than its neighbours, a note row).
- ``gutters``: columns are separated where no line of the region reaches across.
- ``row-rules``: where rules are drawn across the region (a stroked cell box or a thin
  line), a row ends at each rule between two bands.
- ``cell-wrap``: a narrow cell wraps anywhere, inside a number (a phone, 11.2) too: its lines
  join without a space unless Latin letters meet (two words).
- ``cell-open``: a cell runs on over a page break only if its last line is full and it has
  more than one line (a one-line cell sets its column's width and shows no wrap); its lines
  on the next page, alone in their column there (no table found), still join by cell-wrap.
- ``row-gaps``: without rules, rows end where the gap between bands is wider than the
  narrowest one by ``ROW_GAP`` font sizes (cell padding); bands set at one even spacing have
  no row structure and are left to running text (two columns of prose are no table).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from scanner.extract.pdf_lines import Box, Line, Paragraph, join, opens, union

MIN_GRID_BANDS = 2
MAX_BAND_GAP = 2.0
SIZE_RATIO = 1.2
ROW_GAP = 0.2
EDGE_SLACK = 1.5  # characters: a cell's line this close to the column's right edge is full
RULE_THICKNESS = 2.0  # points: a drawn box thinner than this is a rule, not a cell
_TOP = itemgetter(1)  # a box's top


@dataclass
class _Band:
    lines: list[Line]
    top: float
    bottom: float

    @property
    def side_by_side(self) -> bool:
        return len(self.lines) > 1


def tables(lines: list[Line], shapes: list[Box]) -> tuple[list[Paragraph], set[int]]:
    """Cell passages of the page's tables, and the ids (``id()``) of the lines they took.

    ``lines``: the page's shown lines; ``shapes``: boxes of the shapes drawn on the page
    (rules, cell boxes), in the same coordinates. Cells carry (table, row, column) from 1,
    tables numbered on this page."""
    if not _any_side_by_side(lines):
        return [], set()
    out: list[Paragraph] = []
    taken: set[int] = set()
    table_no = 0
    for region in _regions(_bands(lines)):
        rows = _rows(region, _rules(shapes, region))
        if rows is None:
            continue
        table_no += 1
        columns = _columns([line for band in region for line in band.lines])
        for row_no, row in enumerate(rows, 1):
            top, bottom = row[0].top, row[-1].bottom
            for col_no, (x0, x1) in enumerate(columns, 1):
                cell = [line for band in row for line in band.lines
                        if x0 <= _centre(line) <= x1]
                if not cell:
                    continue
                text = cell_text(line.text for line in cell)
                taken.update(id(line) for line in cell)
                box = union((x0, top, x1, bottom), cell[0].bbox)
                last = cell[-1]
                out.append(Paragraph(text, box, (table_no, row_no, col_no),
                                     open=len(cell) > 1  # cell-open
                                     and last.bbox[2] >= x1 - EDGE_SLACK * last.size,
                                     fresh=opens(cell[0].text)))
    return out, taken


def cell_text(lines: Iterable[str]) -> str:
    """cell-wrap: a cell's lines, top to bottom, joined into its one passage."""
    text = ""
    for line in lines:
        text = join(text, line, spaced=_words(text, line))
    return text


def _words(left: str, right: str) -> bool:
    """cell-wrap: whether a space goes where a cell's line wraps."""
    left, right = left.rstrip(), right.lstrip()
    return bool(left and right) and left[-1].isascii() and left[-1].isalpha() and \
        right[0].isascii() and right[0].isalpha()


def _any_side_by_side(lines: list[Line]) -> bool:
    """side-by-side, the cheap look: two lines at one height with a gap between them (lines
    sorted by their tops; a band's lines are next to each other but for a few). Sorted, a
    line whose top is below the middle of the one looked from ends the look: the lines after
    it start lower still (without a NaN top, which no order holds, every pair is looked at)."""
    # The lines' boxes, looked at as plain tuples (_same_band written out). A NaN top makes
    # the sum NaN; a NaN sum of tops without one (infinities of both signs) only costs the
    # early end of the look, which changes no answer.
    boxes = sorted([line.bbox for line in lines], key=_TOP)
    sorted_tops = not math.isnan(sum(map(_TOP, boxes)))
    # Each box with the next: most lines end the look at once, without a window sliced.
    for i, ((x0, y0, x1, y1), following) in enumerate(zip(boxes, boxes[1:])):
        middle = (y0 + y1) / 2
        if sorted_tops and following[1] > middle:
            continue
        for b in boxes[i + 1:i + 8]:
            if sorted_tops and b[1] > middle:
                break
            if b[1] <= middle <= b[3] and (b[0] > x1 or x0 > b[2]):
                return True
    return False


def _same_band(line: Line, box: Box) -> bool:
    middle = (line.bbox[1] + line.bbox[3]) / 2
    return box[1] <= middle <= box[3]


def _bands(lines: list[Line]) -> list[_Band]:
    bands: list[_Band] = []
    for line in sorted(lines, key=lambda line: (line.bbox[1], line.bbox[0])):
        band = bands[-1] if bands else None
        if band is not None and _same_band(line, (0, band.top, 0, band.bottom)):
            band.lines.append(line)
            band.bottom = max(band.bottom, line.bbox[3])
        else:
            bands.append(_Band([line], line.bbox[1], line.bbox[3]))
    for band in bands:
        band.lines.sort(key=lambda line: line.bbox[0])
    return bands


def _regions(bands: list[_Band]) -> list[list[_Band]]:
    """grid-region"""
    out: list[list[_Band]] = []
    current: list[_Band] = []
    for band in bands:
        if current and _continues(current, band):
            current.append(band)
            continue
        _close(current, out)
        current = [band] if band.side_by_side else []
    _close(current, out)
    return out


def _continues(region: list[_Band], band: _Band) -> bool:
    size = region[-1].lines[0].size
    if band.top - region[-1].bottom > MAX_BAND_GAP * size:
        return False
    if band.side_by_side:
        return True
    line = band.lines[0]
    if max(line.size, size) > SIZE_RATIO * min(line.size, size):
        return False
    columns = _columns([ln for b in region for ln in b.lines if b.side_by_side])
    starts = [x0 for x0, _x1 in columns[1:]] + [columns[-1][1] + EDGE_SLACK * size]
    return len(columns) > 1 and any(
        x0 - 0.5 * size <= line.bbox[0] <= x1 and line.bbox[2] < next_start
        for (x0, x1), next_start in zip(columns, starts))


def _close(region: list[_Band], out: list[list[_Band]]) -> None:
    if sum(band.side_by_side for band in region) >= MIN_GRID_BANDS:
        out.append(region)


def _columns(lines: list[Line]) -> list[tuple[float, float]]:
    """gutters: the x-ranges the lines cover, merged where they overlap."""
    spans = sorted((line.bbox[0], line.bbox[2]) for line in lines)
    out: list[tuple[float, float]] = []
    for x0, x1 in spans:
        if out and x0 <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _centre(line: Line) -> float:
    return (line.bbox[0] + line.bbox[2]) / 2


def _rules(shapes: list[Box], region: list[_Band]) -> list[float]:
    """The heights of horizontal rules across the region: thin shapes and the top and
    bottom edges of drawn boxes, wherever they overlap the region's width."""
    left = min(line.bbox[0] for band in region for line in band.lines)
    right = max(line.bbox[2] for band in region for line in band.lines)
    top, bottom = region[0].top, region[-1].bottom
    out: list[float] = []
    for x0, y0, x1, y1 in shapes:
        if x1 < left or x0 > right or y1 < top - RULE_THICKNESS or y0 > bottom + RULE_THICKNESS:
            continue
        out += [(y0 + y1) / 2] if y1 - y0 < RULE_THICKNESS else [y0, y1]
    return out


def _rows(region: list[_Band], rules: list[float]) -> list[list[_Band]] | None:
    """The region's bands grouped into rows (row-rules, else row-gaps), or None when the
    bands show no row structure."""
    pairs = list(zip(region, region[1:]))
    if rules:
        ends = [any(a.bottom - 1 <= y <= b.top + 1 for y in rules) for a, b in pairs]
    else:
        gaps = [b.top - a.bottom for a, b in pairs]
        if not gaps:
            return None
        size = min(line.size for band in region for line in band.lines)
        narrowest = min(gaps)
        ends = [gap > narrowest + ROW_GAP * size for gap in gaps]
        if not any(ends):
            return None
    rows: list[list[_Band]] = [[region[0]]]
    for (_a, b), end in zip(pairs, ends):
        if end:
            rows.append([b])
        else:
            rows[-1].append(b)
    return rows
