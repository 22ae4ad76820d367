"""PDF tables and pages read as a word processor holds the text: a table cell's wrapped
lines are one passage with its (table, row, column), as the DOCX extractor gives a Word
table's cells; adjacent cells, and the two columns of a page, never merge; a paragraph runs on
over a page break, the running header aside.

Every PDF is drawn here with PyMuPDF: cell boxes stroked as rectangles (or no rules at all,
as some writers set tables), text wrapped at the cell's width.
"""
from __future__ import annotations

from pathlib import Path

from conftest import A4, TYPE_AREA_LEFT, pymupdf, write_docx

from scanner.extract import extract
from scanner.extract.pdf import extract_pdf

NOTE = ("表注：本表数字为提交主任会议审议的预算初步安排，会议结束后收回，不带出会场，"
        "不作拍照记录。")
ROWS = [
    ["序号", "项目", "金额（万元）", "说明"],
    ["1", "城区道路改造", "3200", "含雨污分流改造工程及配套绿化"],
    ["2", "农村饮水安全巩固提升", "860", "覆盖7个乡镇，分两年实施"],
    ["3", "老旧小区加装电梯补助", "540", NOTE],
]
WIDTHS = [40, 90, 70, 110]  # points; the last column is narrow for its text


def _cell_text(page, rect, text: str, size: float = 11) -> float:
    """Text wrapped at the cell's width, line by line as a PDF writer places it; returns the
    height it took."""
    lines, current = [], ""
    for ch in text:
        if current and pymupdf.get_text_length(current + ch, "china-s", size) > rect.width - 8:
            lines.append(current)
            current = ""
        current += ch
    lines.append(current)
    for n, line in enumerate(lines):
        page.insert_text((rect.x0 + 4, rect.y0 + 4 + size + n * size * 1.3), line,
                         fontname="china-s", fontsize=size)
    return 8 + len(lines) * size * 1.3


def _table_pdf(rows: list[list[str]], ruled: bool = True, top: float = 150) -> bytes:
    """A4 page: a title, then the table with its cells stroked (``ruled``) or not."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((TYPE_AREA_LEFT, 110), "二〇二六年部分民生项目预算安排表",
                     fontname="china-s", fontsize=16)
    y = top
    for row in rows:
        x = TYPE_AREA_LEFT
        heights = []
        for width, text in zip(WIDTHS, row):
            heights.append(_cell_text(page, pymupdf.Rect(x, y, x + width, y + 400), text))
            x += width
        height = max(heights) + (0 if ruled else 6)  # unruled: cell padding parts rows
        if ruled:
            x = TYPE_AREA_LEFT
            for width in WIDTHS:
                page.draw_rect(pymupdf.Rect(x, y, x + width, y + height), width=0.5)
                x += width
        y += height
    return doc.tobytes()


def _cells(data: bytes) -> dict[tuple[int, int, int], str]:
    return {s.cell: s.text for s in extract_pdf(data).segments if s.part == "table"}


def test_a_cells_wrapped_lines_are_one_passage():
    data = _table_pdf(ROWS)
    lines = pymupdf.open(stream=data)[0].get_text().splitlines()
    assert len(lines) > 25 and not any("不带出会场" in line for line in lines)  # wrapped
    cells = _cells(data)
    assert cells[(1, 4, 4)] == NOTE
    body = [s.text for s in extract_pdf(data).segments if s.part == "body"]
    assert body == ["二〇二六年部分民生项目预算安排表"]


def test_pdf_cells_are_the_docx_cells(tmp_path: Path):
    docx = write_docx(tmp_path / "table.docx", ["二〇二六年部分民生项目预算安排表"], table=ROWS)
    from_docx = {s.cell: s.text for s in extract(docx.read_bytes()).segments
                 if s.part == "table"}
    assert _cells(_table_pdf(ROWS)) == from_docx
    assert _cells(_table_pdf(ROWS, ruled=False)) == from_docx


def test_adjacent_cells_never_merge():
    """Side by side, and one above the other with no gap but the rule between them."""
    rows = [["甲方意见", "同意按方案实施，资金分两批拨付到位"],
            ["乙方意见", "原则同意，建议第二批资金视进度拨付"],
            ["审核意见", "同意"]]
    cells = _cells(_table_pdf([[*r, "", ""] for r in rows]))
    assert [cells[(1, r, c)] for r in (1, 2, 3) for c in (1, 2)] == \
        [text for row in rows for text in row]


def test_two_columns_of_prose_never_merge():
    """Paragraph breaks level in both columns read like a table's rows: either way each
    column's paragraphs stay whole and apart."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    left = ["左栏第一段文字内容" * 4, "左栏第二段另起一段" * 3]
    right = ["右栏第一段文字内容" * 4, "右栏第二段另起一段" * 3]
    for x, paragraphs in ((60, left), (310, right)):
        page.insert_textbox(pymupdf.Rect(x, 100, x + 220, 500), "\n\n".join(paragraphs),
                            fontname="china-s", fontsize=12)
    segments = extract_pdf(doc.tobytes()).segments
    texts = [s.text for s in segments if s.part in ("body", "table")]
    assert not any("左栏" in t and "右栏" in t for t in texts), texts
    assert sorted(texts) == sorted(left + right)


def test_a_paragraph_runs_on_over_a_page_break_past_the_running_header():
    sentence = ("经局党组研究，拟提拔赵海燕同志任财政局副局长，相关材料尚未公示，请严格保密，"
                "不得外传，会后请将本材料交回办公室统一保管。")
    doc = pymupdf.open()
    width = A4[0] - 2 * TYPE_AREA_LEFT
    cut = 0
    while pymupdf.get_text_length(sentence[:cut + 1], "china-s", 16) <= width:
        cut += 1
    for text in (sentence[:cut], sentence[cut:]):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_text((TYPE_AREA_LEFT, 50), "XX市财政局文件", fontname="china-s",
                         fontsize=10.5)
        y = 760 if text == sentence[:cut] else 110
        page.insert_text((TYPE_AREA_LEFT, y), text, fontname="china-s", fontsize=16)
    texts = [s.text for s in extract_pdf(doc.tobytes()).segments if s.part == "body"]
    assert sentence in texts, texts
    assert texts.count("XX市财政局文件") == 2


def test_a_paragraph_runs_on_past_a_footer_numbered_in_circled_digits():
    """running-head, digits aside: page numbers written ① and ② (digits to str.isdigit)
    make the footers one running footer, so the passage above the first page's footer runs
    on into the next page; footers that differ in a letter are no running footer, and the
    passage ends at the page break."""
    sentence = ("经局党组研究，拟提拔赵海燕同志任财政局副局长，相关材料尚未公示，请严格保密，"
                "不得外传，会后请将本材料交回办公室统一保管。")
    width = A4[0] - 2 * TYPE_AREA_LEFT
    cut = 0
    while pymupdf.get_text_length(sentence[:cut + 1], "china-s", 16) <= width:
        cut += 1

    def body(footers: tuple[str, str]) -> list[str]:
        doc = pymupdf.open()
        for text, footer in zip((sentence[:cut], sentence[cut:]), footers):
            page = doc.new_page(width=A4[0], height=A4[1])
            y = 760 if text == sentence[:cut] else 110
            page.insert_text((TYPE_AREA_LEFT, y), text, fontname="china-s", fontsize=16)
            page.insert_text((TYPE_AREA_LEFT, 810), footer, fontname="china-s", fontsize=10.5)
        return [s.text for s in extract_pdf(doc.tobytes()).segments if s.part == "body"]

    assert sentence in body(("— ① —", "— ② —"))
    assert sentence not in body(("— 甲 —", "— 乙 —"))


def test_a_cell_that_runs_on_over_a_page_break_stays_one_passage():
    """cell-open: a narrow cell's note wraps past the foot of page 1; on page 2 its lines
    stand alone in their column (no table there) and still join as the cell's wrapped text,
    so a statement cut at the break (不得向 | 企业员工…透露) reads whole, as in the DOCX."""
    note = ("以上时间和点位在领导抵达前只由县委办和各点位负责人知悉本人负责的部分，"
            "不得向企业员工、村民、媒体和其他干部透露，如行程调整以县委办电话通知为准。")
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    x, y = TYPE_AREA_LEFT, 640.0
    for width, text in zip((60, 70), ("时间", "点位")):
        _cell_text(page, pymupdf.Rect(x, y, x + width, y + 40), text)
        x += width
    y += 30
    page.insert_text((TYPE_AREA_LEFT + 4, y + 15), "说明", fontname="china-s", fontsize=11)
    lines, current = [], ""
    for ch in note:  # the note's column is 60 points wide: five characters a line
        if current and pymupdf.get_text_length(current + ch, "china-s", 11) > 56:
            lines.append(current)
            current = ""
        current += ch
    lines.append(current)
    first = 10  # lines on page 1, down to its foot
    for n, line in enumerate(lines[:first]):
        page.insert_text((TYPE_AREA_LEFT + 64, y + 15 + n * 14.3), line, fontname="china-s",
                         fontsize=11)
    page = doc.new_page(width=A4[0], height=A4[1])
    for n, line in enumerate(lines[first:]):
        page.insert_text((TYPE_AREA_LEFT + 64, 90 + n * 14.3), line, fontname="china-s",
                         fontsize=11)
    texts = [s.text for s in extract_pdf(doc.tobytes()).segments]
    assert note in texts, texts


def test_page_break_answer_is_what_its_rules_give_on_random_pages():
    """over_page_break against its rules written out plainly (running heads on both sides
    set aside, the first passage of the next page by position, the lowest open passages of
    the page before) on random pages: passages of few texts, heights, edges, ``open`` and
    ``fresh`` values, so running heads, joins and every early answer all occur."""
    import random

    from scanner.extract.pdf_paragraphs import Paragraph, over_page_break, running

    def page(rng: random.Random) -> list[Paragraph]:
        out = []
        for _ in range(rng.randrange(0, 7)):
            x, y = rng.choice((70.0, 72.0, 90.0)), rng.choice((40.0, 60.0, 400.0, 780.0))
            out.append(Paragraph(rng.choice(("第1页", "第2页", "正文段落", "  缩进")),
                                 (x, y, x + 400, y + rng.choice((12.0, 30.0))),
                                 open=rng.random() < 0.5, fresh=rng.random() < 0.4))
        return out

    def by_the_rules(before, after):
        ends = [i for i in range(len(before)) if i not in running(before, after)]
        starts = [j for j in range(len(after)) if j not in running(after, before)]
        if not ends or not starts:
            return None
        first = min(starts, key=lambda j: (after[j].bbox[1], after[j].bbox[0]))
        foot = max(before[i].bbox[3] for i in ends)
        for i in ends:
            if not after[first].fresh and before[i].open and before[i].bbox[3] >= foot - 4.0 \
                    and abs(after[first].bbox[0] - before[i].bbox[0]) <= 4.0:
                return i, first
        return None

    rng = random.Random(13)
    answers = set()
    for _ in range(3000):
        before, after = page(rng), page(rng)
        answer = over_page_break(before, after)
        assert answer == by_the_rules(before, after), (before, after)
        answers.add(answer is None)
    assert answers == {True, False}
