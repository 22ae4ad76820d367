"""A PDF page that draws something but yields no plausible text is read by OCR where installed,
else ``review`` naming the page; text outside the pages (outlines and the rest of the
catalogue) is read; paragraphs are rebuilt across lines and blocks.

Each fixture is built here: Chinese text with the sensitive sentence or mark only in the place
under test.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from conftest import A4, LINE, TYPE_AREA_LEFT, TYPE_AREA_TOP, pymupdf, write_docx, write_pdf

from scanner.extract import extract, ocr
from scanner.extract.pdf import extract_pdf
from scanner.extract.pdf_catalog import NOT_READ, READ_ELSEWHERE, READ_HERE
from scanner.extract.pdf_paragraphs import Line, _acyclic, _column_right, paragraphs

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="OCR is not available: the extra "
                               "is not installed (pip install 'baomi[ocr]') or BAOMI_OCR=off")
CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"

MARK = "机密★10年"
TITLE = "关于二〇二四年第三季度工作安排的通知"
SECRET = "拟提拔赵海燕同志任财政局副局长，尚未公示，请严格保密。"
PLAIN = ["各科室：", "现将第三季度工作安排通知如下，请认真贯彻落实。"]


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setenv(ocr.SWITCH, "off")


def _page_errors(result, page: int) -> list[str]:
    return [e for e in result.errors if e.startswith(f"page {page}:")]


def _typeset(page, lines: list[str], size: float = 16) -> None:
    for n, line in enumerate(lines, 1):
        page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE * n), line, fontname="china-s",
                         fontsize=size)


# --- 1. text drawn as vector paths (转曲) -------------------------------------------------

def _outlined_pdf(path: Path, lines: list[str], *, text_page_first: bool = True) -> Path:
    """Page 1 ordinary text; page 2 ``lines`` with every glyph converted to outlines, as
    print shops do (via an SVG with text as paths, read back by MuPDF)."""
    doc = pymupdf.open()
    if text_page_first:
        _typeset(doc.new_page(width=A4[0], height=A4[1]), [TITLE, *PLAIN])
    scratch = pymupdf.open()
    page = scratch.new_page(width=A4[0], height=A4[1])
    _typeset(page, lines)
    svg = page.get_svg_image(text_as_path=True)
    outlined = pymupdf.open("pdf", pymupdf.open("svg", svg.encode()).convert_to_pdf())
    doc.insert_pdf(outlined)
    doc.save(path)
    return path


def test_page_of_outlined_text_is_review_naming_the_page(tmp_path, scan, no_ocr):
    path = _outlined_pdf(tmp_path / "outlined.pdf", [MARK, SECRET])
    assert "拟提拔" not in "".join(p.get_text() for p in pymupdf.open(path))  # no text layer
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert result.marking is None and not result.findings
    [why] = _page_errors(result, 2)
    assert "转曲" in why and "no OCR" in why
    assert not _page_errors(result, 1)


@needs_ocr
def test_page_of_outlined_text_is_read_by_ocr(tmp_path, scan):
    result = scan(_outlined_pdf(tmp_path / "outlined.pdf", [MARK, TITLE], text_page_first=False))
    assert (result.verdict.value, result.status.value) == ("block", "classified"), result.errors
    assert (result.marking.level, result.marking.location.part,
            result.marking.location.page) == ("机密", "ocr", 1)


def test_page_with_table_rules_only_is_no_outlined_text(tmp_path, scan, no_ocr):
    """A blank form's ruled lines are rectangles and strokes, not glyphs."""
    doc = pymupdf.open()
    _typeset(doc.new_page(width=A4[0], height=A4[1]), [TITLE, *PLAIN])
    page = doc.new_page(width=A4[0], height=A4[1])
    for row in range(10):
        page.draw_rect(pymupdf.Rect(80, 100 + 30 * row, 500, 130 + 30 * row), color=(0, 0, 0))
    doc.save(tmp_path / "ruled.pdf")
    result = scan(tmp_path / "ruled.pdf")
    assert (result.verdict.value, result.status.value) == ("pass", "clean"), result.errors


# --- 3. garbled text layers ----------------------------------------------------------------

def _latin1_tounicode_pdf(path: Path, garbled_line: str) -> Path:
    """A page whose embedded CJK font's ToUnicode CMap maps every glyph of ``garbled_line``
    to a Latin-1 character: it shows Chinese and its text layer says »µä½È…"""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("cjk").buffer)
    page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE), TITLE, fontname="china-s",
                     fontsize=16)
    page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE * 2), garbled_line, fontname="F0",
                     fontsize=16)
    font = next(f[0] for f in page.get_fonts() if f[4] == "F0")
    tounicode = int(doc.xref_get_key(font, "ToUnicode")[1].split()[0])
    glyphs = sorted({c[1] for s in page.get_texttrace() if s["font"].startswith("Droid")
                     for c in s["chars"]})
    pairs = "".join(f"<{g:04x}> <{0xA0 + i % 96:04x}>\n" for i, g in enumerate(glyphs))
    doc.update_stream(tounicode, (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo "
        "<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def /CMapName /Adobe-Identity-UCS def "
        "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(glyphs)} beginbfchar\n{pairs}endbfchar endcmap CMapName currentdict /CMap "
        "defineresource pop end end").encode())
    doc.save(path)
    return path


def test_cjk_font_mapped_to_latin1_is_review_naming_the_page(tmp_path, scan, no_ocr):
    path = _latin1_tounicode_pdf(tmp_path / "mojibake.pdf", SECRET)
    text = pymupdf.open(path)[0].get_text()
    assert "拟提拔" not in text and re.search("[\u00a0-\u00ff]{10}", text)
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    [why] = _page_errors(result, 1)
    assert "garbled text layer" in why and "Latin-1" in why


@needs_ocr
def test_garbled_page_is_read_by_ocr(tmp_path, scan):
    result = scan(_latin1_tounicode_pdf(tmp_path / "mojibake.pdf", SECRET))
    assert (result.verdict.value, result.status.value) == ("block", "unmarked-sensitive")
    assert "ocr" in {f.location.part for f in result.findings}


def test_french_text_is_plausible(tmp_path, scan, no_ocr):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), "Les élèves étudient à l'école française où "
                               "l'été est très chaud.", fontsize=11)
    doc.save(tmp_path / "fr.pdf")
    assert scan(tmp_path / "fr.pdf").verdict.value == "pass"


# --- 4. pictures of pages and truncated files ---------------------------------------------

def _phone_scan_pdf(path: Path, lines: list[str]) -> Path:
    """A scanning app's PDF: a photo of the page covering it, and the app's watermark as the
    only text."""
    scratch = pymupdf.open()
    page = scratch.new_page(width=A4[0], height=A4[1])
    _typeset(page, lines)
    photo = page.get_pixmap(dpi=100, alpha=False).tobytes("jpeg")
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(page.rect, stream=photo)
    page.insert_text((A4[0] - 200, A4[1] - 20), "由 全能扫描王 扫描创建", fontname="china-s",
                     fontsize=9)
    doc.save(path)
    return path


def test_phone_scan_with_a_watermark_is_review(tmp_path, scan, no_ocr):
    result = scan(_phone_scan_pdf(tmp_path / "scan.pdf", [MARK, TITLE, SECRET]))
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    [why] = _page_errors(result, 1)
    assert "picture of a page" in why


@needs_ocr
def test_phone_scan_is_read_by_ocr(tmp_path, scan):
    result = scan(_phone_scan_pdf(tmp_path / "scan.pdf", [MARK, TITLE]))
    assert (result.verdict.value, result.status.value) == ("block", "classified"), result.errors
    assert result.marking.location.part == "ocr"


def test_page_with_a_small_photo_and_text_is_read_as_text(tmp_path, scan, no_ocr):
    path = write_pdf(tmp_path / "photo.pdf", [TITLE, *PLAIN])
    doc = pymupdf.open(path)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 30), False)
    pix.clear_with(200)
    doc[0].insert_image(pymupdf.Rect(100, 400, 300, 550), stream=pix.tobytes("png"))
    doc.save(tmp_path / "with-photo.pdf")
    assert scan(tmp_path / "with-photo.pdf").verdict.value == "pass"


def _truncated_pdf(path: Path) -> Path:
    """Three pages, the secret on page 3; the file cut off after page 2's objects."""
    doc = pymupdf.open()
    for lines in ([TITLE, *PLAIN], ["二、工作要求", PLAIN[1]], [SECRET]):
        _typeset(doc.new_page(width=A4[0], height=A4[1]), lines)
    data = doc.tobytes(garbage=0, deflate=False)
    third = pymupdf.open("pdf", data).page_xref(2)
    path.write_bytes(data[:data.index(b"\n%d 0 obj" % third)])
    return path


def test_truncated_pdf_is_review(tmp_path, scan):
    path = _truncated_pdf(tmp_path / "cut.pdf")
    assert pymupdf.open(path).page_count == 3  # MuPDF opens it without a word
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert any("does not end with %%EOF" in e for e in result.errors), result.errors
    assert any(e.startswith("pages 3:") and "missing" in e for e in result.errors)


# --- 5. outlines and the rest of the catalogue ----------------------------------------------

def test_bookmark_title_is_read_as_metadata(tmp_path, scan):
    path = write_pdf(tmp_path / "toc.pdf", [TITLE, *PLAIN])
    doc = pymupdf.open(path)
    doc.set_toc([[1, "一、工作安排", 1], [2, SECRET, 1]])
    doc.save(tmp_path / "bookmarked.pdf")
    result = scan(tmp_path / "bookmarked.pdf")
    assert (result.verdict.value, result.status.value) == ("block", "unmarked-sensitive")
    assert {f.location.part for f in result.findings} == {"metadata"}
    assert any("拟提拔" in f.text for f in result.findings)


def test_bookmark_carrying_a_marking_is_found(tmp_path):
    path = write_pdf(tmp_path / "toc.pdf", [TITLE, *PLAIN])
    doc = pymupdf.open(path)
    doc.set_toc([[1, MARK, 1]])
    texts = [(s.text, s.part) for s in extract_pdf(doc.tobytes()).segments]
    assert (MARK, "metadata") in texts


def test_page_label_and_layer_names_are_read(tmp_path):
    doc = pymupdf.open(write_pdf(tmp_path / "base.pdf", [TITLE]))
    doc.set_page_labels([{"startpage": 0, "prefix": "内部资料-", "style": "D"}])
    doc.add_ocg("拟提拔人选名单")
    texts = {s.text for s in extract_pdf(doc.tobytes()).segments if s.part == "metadata"}
    assert {"内部资料-", "拟提拔人选名单"} <= texts


def test_catalogue_lists_have_a_reason_for_every_key_not_read():
    assert NOT_READ and all(len(reason) > 10 for reason in NOT_READ.values())
    assert not set(NOT_READ) & (set(READ_HERE) | set(READ_ELSEWHERE))


@pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason="../shared/corpus is not present")
def test_every_catalogue_key_in_the_corpus_is_read_or_listed():
    """A key in no list is read generically; the lists should still name every key real
    files use, so that each decision is a conscious one."""
    known = set(NOT_READ) | set(READ_HERE) | set(READ_ELSEWHERE)
    unknown = {}
    for path in sorted((CORPUS / "pdf").glob("*.pdf")):
        try:
            doc = pymupdf.open(path)
            keys = doc.xref_get_keys(doc.pdf_catalog())
        except Exception:  # the corpus holds broken files on purpose
            continue
        for key in set(keys) - known:
            unknown.setdefault(key, path.name)
    assert not unknown, unknown


# --- 6. paragraphs rebuilt across lines and blocks -------------------------------------------

PARAGRAPHS = [
    "关于加强机关办公用房管理的通知",
    "各处室、各直属单位：为进一步规范机关办公用房管理，提高使用效率，根据有关规定，结合我局"
    "实际，现就有关事项通知如下，请各单位认真抓好落实，确保各项要求落到实处。",
    "经局党组研究，拟提拔赵海燕同志任财政局副局长，相关材料尚未公示，请严格保密，不得外传，"
    "会后请将本材料交回办公室统一保管。",
    "各单位要高度重视，明确专人负责，于本月底前将自查情况报局办公室。",
]


def _hard_wrapped_pdf(path: Path, paragraphs: list[str]) -> Path:
    """The paragraphs set in a text box, wrapped at its width as PDF writers do."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    box = pymupdf.Rect(TYPE_AREA_LEFT, TYPE_AREA_TOP, A4[0] - TYPE_AREA_LEFT, A4[1] - 60)
    assert page.insert_textbox(box, "\n".join(paragraphs), fontname="china-s",
                               fontsize=16) >= 0
    doc.save(path)
    return path


def test_pdf_and_docx_of_the_same_text_give_the_same_paragraphs(tmp_path, scan):
    pdf = _hard_wrapped_pdf(tmp_path / "notice.pdf", PARAGRAPHS)
    lines = pymupdf.open(pdf)[0].get_text().splitlines()
    assert len(lines) > len(PARAGRAPHS)  # the PDF is hard-wrapped
    docx = write_docx(tmp_path / "notice.docx", PARAGRAPHS)
    pdf_texts = [s.text for s in extract(pdf.read_bytes()).segments if s.part == "body"]
    docx_texts = [s.text for s in extract(docx.read_bytes()).segments if s.part == "body"]
    assert pdf_texts == docx_texts == PARAGRAPHS
    a, b = scan(pdf), scan(docx)
    assert (a.verdict, a.status) == (b.verdict, b.status)
    assert a.verdict.value == "block"
    assert [f.location.paragraph for f in a.findings if f.rule.startswith("content.")] == \
        [f.location.paragraph for f in b.findings if f.rule.startswith("content.")]


def test_sentence_across_two_blocks_is_one_paragraph(tmp_path):
    """Two text boxes one under the other, the sentence running on from the first."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    width = A4[0] - 2 * TYPE_AREA_LEFT
    first = pymupdf.Rect(TYPE_AREA_LEFT, TYPE_AREA_TOP, TYPE_AREA_LEFT + width, 200)
    full_line = int(width // 16)  # characters of 16 pt that fill one line of the box
    page.insert_textbox(first, PARAGRAPHS[2][:full_line], fontname="china-s", fontsize=16)
    second = pymupdf.Rect(TYPE_AREA_LEFT, 118, TYPE_AREA_LEFT + width, 400)
    page.insert_textbox(second, PARAGRAPHS[2][full_line:], fontname="china-s", fontsize=16)
    texts = [s.text for s in extract_pdf(doc.tobytes()).segments if s.part == "body"]
    assert PARAGRAPHS[2] in texts, texts


def test_columns_are_not_joined(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    left = "左栏文字" * 12
    right = "右栏内容" * 12
    page.insert_textbox(pymupdf.Rect(60, 100, 280, 400), left, fontname="china-s", fontsize=12)
    page.insert_textbox(pymupdf.Rect(310, 100, 530, 400), right, fontname="china-s",
                        fontsize=12)
    texts = [s.text for s in extract_pdf(doc.tobytes()).segments if s.part == "body"]
    assert sorted(texts) == sorted([left, right]), texts


def test_a_passage_runs_on_from_one_line_blocks_into_a_block_it_ends_in():
    """Lines in blocks of their own (as many writers set them) run on into a block of several
    lines whose first passage ends there; its last passage runs on into the next block."""
    def line(text: str, top: float, right: float = 400) -> Line:
        return Line(text, (100.0, top, right, top + 10), 10.0)

    blocks = [[line("甲甲甲", 100)], [line("乙乙乙", 112)],
              [line("丙丙。", 124, 250), line("2. 丁丁丁", 136)], [line("戊戊", 148, 200)]]
    got = [(p.text, p.bbox, p.open, p.fresh) for p in paragraphs(blocks)]
    assert got == [("甲甲甲乙乙乙丙丙。", (100.0, 100.0, 400.0, 134.0), False, False),
                   ("2. 丁丁丁戊戊", (100.0, 136.0, 400.0, 158.0), False, True)]


def test_block_links_that_close_a_loop_are_dropped():
    assert _acyclic({0: 1, 1: 0}) == {0: 1}
    assert _acyclic({0: 1, 1: 2, 2: 0, 3: 4}) == {0: 1, 1: 2, 3: 4}


def test_column_right_is_the_same_in_any_order_of_one_left_edge():
    """Edges sorted by x0 alone give the answer of edges sorted as whole tuples: the furthest
    reach of the lines in a similar size starting near the left edge."""
    edges = [(100.0, 400.0, 10.0), (60.0, 380.0, 10.0), (100.0, 520.0, 20.0),
             (100.0, 390.0, 11.0), (139.0, 410.0, 10.0), (141.0, 900.0, 10.0),
             (100.0, 405.0, 10.0), (59.0, 950.0, 10.0)]
    by_left = sorted(edges, key=lambda edge: edge[0])
    for left, size in [(100.0, 10.0), (100.0, 11.0), (100.0, 20.0), (140.0, 10.0)]:
        want = max((x1 for x0, x1, other in edges if abs(x0 - left) <= 4 * size
                    and max(size, other) <= 1.2 * min(size, other)), default=None)
        assert _column_right(left, size, by_left) == _column_right(left, size, sorted(edges))
        assert _column_right(left, size, by_left) == want


def test_a_nan_left_edge_keeps_the_edges_sorted_as_tuples():
    """A NaN among the left edges leaves no order to bisect; the edges are then sorted as
    whole tuples, as before the sort by x0 alone, and give its answer."""
    def line(x0: float, x1: float, top: float) -> Line:
        return Line("甲甲甲", (x0, top, x1, top + 10), 10.0)

    blocks = [[line(x0, x1, 100.0 + 12 * i)] for i, (x0, x1) in enumerate(
        [(200.0, 500.0), (200.0, 300.0), (math.nan, 400.0), (100.0, 500.0),
         (math.nan, 700.0), (200.0, 300.0)])]
    assert [p.open for p in paragraphs(blocks)] == [False, False, False, True, False, False]
