"""The marking a file carries, found only where markings go.

Heuristics, each named in the finding's ``detail.where``:
- ``opening-lines``: the first body paragraphs, before the title (GB/T 9704: 份号 line 1,
  密级★期限 line 2); in a PDF, any text block in the top 40 % of page 1, which also covers
  the 1999 edition's top-right mark.
- ``first-page-header``: the header or footer shown on page 1.
- ``form-table``: a ``密级`` / ``保密期限`` label cell and the cell beside it, as on
  呈批件 and cover sheets.
- ``top-cells``: a cell alone in its row (or beside a 份号) in the top rows of the table
  that opens the file: A1 above a spreadsheet's title, a cover table's first row.
- ``opening-textbox``: a text box anchored in the opening paragraphs of page 1 (templates
  put the mark in a box at the top of the page).
Within a line, markup and layout around the mark are allowed: Markdown emphasis, quote
and heading marks; a ``【…】`` label before the title on the same line; 份号 and mark on one
line (1999 edition: 份号 left, mark right, separated by tabs or spaces).
A level named inside a sentence (``秘密级以上文件``) is never a marking: a line must be
a marking as a whole.
"""
from __future__ import annotations

import re

from markers.marking import (
    LEVEL_RANK, Marking, is_declassification_stamp, parse_copy_number, parse_marking_line, parse_term_cell, parse_term_label,
    squeeze,
)
from scanner.model import Finding, FoundMarking, Segment, Severity

OPENING_PARAGRAPHS = 6
TOP_OF_PAGE = 0.40
TOP_ROWS = 3
_LEVEL_LABELS = {"密级"}
_TERM_LABELS = {"保密期限", "密期"}
_LABELS = _LEVEL_LABELS | _TERM_LABELS  # each holds 密: no other character squeezes to it


def _opening(segments: list[Segment]) -> list[tuple[Segment, str]]:
    """(segment, where) for each place a marking may sit."""
    places: list[tuple[Segment, str]] = []
    # A scan's OCR lines are its body: the mark of a scanned 机密 document is among them.
    body = [s for s in segments if s.part in ("body", "table", "ocr")]
    for seg in body:
        if seg.bbox and seg.page_size:
            if seg.page == 1 and seg.bbox[1] < seg.page_size[1] * TOP_OF_PAGE:
                places.append((seg, "opening-lines"))
    if not any(s.bbox for s in body):
        opening = [s for s in body if s.part == "body"][:OPENING_PARAGRAPHS]
        places += [(s, "opening-lines") for s in opening]
        # Boxes are read after the paragraph they are anchored in (docx.py): a box anchored
        # among the opening paragraphs sits at the top of page 1.
        last = opening[-1].order if len(opening) == OPENING_PARAGRAPHS else float("inf")
        places += [(s, "opening-textbox") for s in segments
                   if s.part == "textbox" and s.page in (1, None) and s.order <= last]
    places += [(s, "first-page-header") for s in segments
               if s.part in ("header", "footer") and s.page == 1]
    return places


def _top_cells(segments: list[Segment]) -> list[tuple[Segment, str]]:
    """Cells alone in their row (or beside a 份号) in the top rows of the table that opens
    the file; a cell inside a table's body (a 密级 column of a list) is no marking."""
    cells = [s for s in segments if s.cell and s.part in ("table", "header")]
    if not cells:
        return []
    first_table = min(cells, key=lambda s: s.order).cell[0]
    rows: dict[int, list[Segment]] = {}
    for seg in cells:
        if seg.cell[0] == first_table and seg.cell[1] <= TOP_ROWS:
            rows.setdefault(seg.cell[1], []).append(seg)
    places = []
    for row in rows.values():
        others = [s for s in row if parse_copy_number(s.text) is None]
        if len(others) == 1:
            places.append((others[0], "top-cells"))
    return places


def _form_table(segments: list[Segment]) -> list[tuple[Marking, Segment]]:
    cells = {s.cell: s for s in segments if s.cell and s.part == "table"}
    level_marks: list[tuple[Marking, Segment]] = []
    term_by_table: dict[int, str] = {}
    for (table, row, col), seg in cells.items():
        if "密" not in seg.text:
            continue  # every label holds 密, and no other character squeezes to it
        label = squeeze(seg.text).rstrip(":：")
        value = cells.get((table, row, col + 1))
        if value is None:
            continue
        if label in _LEVEL_LABELS:
            mark = parse_marking_line(value.text)
            if mark:
                level_marks.append((mark, value))
        elif label in _TERM_LABELS:
            term = parse_term_cell(value.text)
            if term:
                term_by_table[table] = term
    out = []
    for mark, seg in level_marks:
        term = mark.term or term_by_table.get(seg.cell[0]) if mark.is_national_secret else None
        out.append((Marking(mark.level, term, mark.warnings), seg))
    return out


# The Markdown marks that open a line: a heading, a quote or list mark, then emphasis.
_MARKDOWN_OPEN = re.compile(r"\s*(?:#{1,6}\s+|>\s*|[-*+]\s+)?(?:\*\*|__|\*|_)?")
# The emphasis that may close it, longest first.
_EMPHASIS_CLOSE = ((2, ("**", "__")), (1, ("*", "_")))
_LABEL = re.compile(r"^\s*(【[^【】]{1,20}】)")
_COPY_THEN_MARK = re.compile(r"^\s*((?:份号[:：]?\s*)?\d{6})(?:\t+|\s{2,}|\u3000+)(\S.*)$")


def _marking_in_line(line: str) -> tuple[Marking | None, str | None, str]:
    """(marking, 份号, the text that is the mark) written on ``line`` as a whole, allowing
    the markup named in the module doc."""
    plain = _unmarked(line)
    mark = parse_marking_line(plain) or _form_fields_in_line(plain)
    if mark:
        return mark, None, plain.strip()
    if m := _LABEL.match(plain):
        return parse_marking_line(m.group(1)), None, m.group(1)
    if m := _COPY_THEN_MARK.match(plain):
        mark = parse_marking_line(m.group(2))
        if mark:
            return mark, parse_copy_number(m.group(1)), m.group(2).strip()
    return None, None, ""


def _unmarked(line: str) -> str:
    """``line`` (no line break in it) without its Markdown marks and the whitespace around
    them: the opening marks as ``_MARKDOWN_OPEN`` reads them, then the shortest text that
    leaves only a closing emphasis and whitespace. One pattern with a lazy group for the text
    would try the closing marks at every character of a paragraph."""
    start = _MARKDOWN_OPEN.match(line).end()
    text = line.rstrip()  # str.rstrip strips what \s matches
    end = len(text)
    for width, marks in _EMPHASIS_CLOSE:
        if end - width >= start and text.endswith(marks):
            end -= width
            break
    return line[start:max(start, end)]


_CELL_SPLIT = re.compile(r"\s*[|｜]\s*|\s{2,}|\u3000+")
_FIELD = re.compile(r"^(密级|保密期限|密期)[:：]\s*(.+)$")


def _form_fields_in_line(line: str) -> Marking | None:
    """form-table written as text: ``| 密级 | 秘密 | 保密期限 | 5年 |`` (Markdown, plain
    text) or ``密级：秘密　保密期限：5年`` on one line."""
    if "密" not in line:
        return None  # no 密级 label, nor any character that squeezes to 密: no cell is read
    cells = [c for c in _CELL_SPLIT.split(line.strip()) if c]
    fields: dict[str, str] = {}
    for i, cell in enumerate(cells):
        if m := _FIELD.match(cell):
            fields[squeeze(m.group(1))] = m.group(2)
        elif i + 1 < len(cells) and squeeze(cell).rstrip(":：") in _LABELS:
            fields[squeeze(cell).rstrip(":：")] = cells[i + 1]
    level_text = fields.get("密级")
    mark = parse_marking_line(level_text) if level_text else None
    if mark is None or not mark.is_national_secret or mark.term:
        return mark
    term_text = fields.get("保密期限") or fields.get("密期")
    term = parse_term_cell(term_text) if term_text else None
    return Marking(mark.level, term, mark.warnings)


def find_markings(segments: list[Segment]) -> tuple[FoundMarking | None, list[Finding]]:
    """The strongest marking in the file, and a finding for each marking line seen."""
    found: list[tuple[Marking, Segment, str, str, str | None]] = []
    stamps: list[tuple[Segment, str]] = []
    for seg, where in _opening(segments) + _top_cells(segments):
        lines = seg.text.splitlines() or [seg.text]
        for i, line in enumerate(lines):
            if is_declassification_stamp(line):
                stamps.append((seg, line.strip()))
            mark, copy_on_line, mark_text = _marking_in_line(line)
            if mark is None:
                continue
            if mark.is_national_secret and mark.term is None:
                # 保密期限 on the next line of the same block (cover sheets, some PDFs).
                nxt = lines[i + 1] if i + 1 < len(lines) else ""
                term = parse_term_label(nxt)
                if term:
                    mark = Marking(mark.level, term, mark.warnings)
            copy = copy_on_line or _copy_number_above(segments, seg, lines, i)
            found.append((mark, seg, where, mark_text, copy))
    for mark, seg in _form_table(segments):
        found.append((mark, seg, "form-table", seg.text.strip(), None))
    if not found:
        return None, []

    findings = []
    for mark, seg, where, line, _copy in found:
        national = mark.is_national_secret
        findings.append(Finding(
            rule="marking.national-secret" if national else "marking.restricted",
            category="marking", severity=Severity.HIGH.value, text=line,
            location=seg.location, context=" ".join(seg.text.split())[:60],
            detail={"where": where, "level": mark.level, "term": mark.term}))
        for warning in mark.warnings:
            findings.append(Finding(
                rule="marking.irregular", category="marking", severity=Severity.LOW.value,
                text=line, location=seg.location, context=warning,
                detail={"where": where, "warning": warning}))
    # declassification-stamp: 解密 beside the mark, where markings go.
    findings += [Finding(rule="marking.declassified", category="marking",
                         severity=Severity.MEDIUM.value, text=line, location=seg.location,
                         context="解密标志：须确认已按规定解密后方可公开")
                 for seg, line in stamps]
    best_mark, best_seg, _where, best_line, copy = max(
        found, key=lambda f: (LEVEL_RANK[f[0].level], f[0].term is not None, -f[1].order))
    text = best_mark.text() if best_mark.is_national_secret else " ".join(best_line.split())
    marking = FoundMarking(level=best_mark.level, term=best_mark.term, text=text,
                           location=best_seg.location, copy_number=copy,
                           warnings=list(best_mark.warnings))
    return marking, findings


def _copy_number_above(segments: list[Segment], seg: Segment, lines: list[str],
                       i: int) -> str | None:
    if i > 0:
        return parse_copy_number(lines[i - 1])
    earlier = [s for s in segments if s.part == seg.part and s.order < seg.order]
    if earlier:
        prev_lines = earlier[-1].text.splitlines()
        if prev_lines:
            return parse_copy_number(prev_lines[-1])
    return None
