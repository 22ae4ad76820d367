"""Issue 12: Office files, markings and normalisation — each fixture holds the sensitive
sentence or the mark only in the place under test, and asserts verdict, status, marking and
the part it was found in."""
from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from conftest import write_docx, write_pdf
from scanner.model import Status, Verdict
from scanner.text_utils import normalize

# Holds ⻓ (U+2ED3) for 长 and ⺬ (U+2EAC) for 示, as Mac- and Chrome-made PDFs emit them: with
# the ideographs it is a personnel move before 公示.
RADICAL_SENTENCE = "经研究，拟提拔赵海燕同志任财政局副局⻓，尚未公⺬。"


def test_radicals_fold_to_ideographs_one_for_one():
    folded, offsets = normalize("副局⻓，公⺬，⼀")
    assert folded == "副局长,公示,一"  # NFKC also makes the commas ASCII
    assert offsets is None or len(offsets) == len(folded)


def test_radical_in_a_term_is_a_marking(tmp_path, scan):
    result = scan(write_pdf(tmp_path / "r.pdf", ["秘密★⻓期", "关于调整工作安排的通知"]))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert (result.marking.level, result.marking.term) == ("秘密", "长期")
    assert result.marking.location.part == "body"


def test_radicals_in_a_sentence_are_read_as_ideographs(tmp_path, scan):
    result = scan(write_docx(tmp_path / "r.docx", ["关于干部任免的请示", RADICAL_SENTENCE]))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert result.marking is None
    assert {f.location.part for f in result.findings if f.rule.startswith("content.")} == {"body"}


# ---------------------------------------------------------------- parts added to a package

SECRET = "拟提拔周海峰同志任局长，尚未公示，请严格保密。"
COVER = ["关于做好春季森林防火工作的通知", "各乡镇人民政府：", "请按照有关要求做好防火准备。"]
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"


def add_parts(src: Path, dst: Path, parts: list[tuple[str, str, str, bytes]],
              edits: dict[str, Callable[[bytes], bytes]] | None = None) -> Path:
    """Copy an OOXML package adding ``parts``: (source part, relationship type, part name,
    content). Each is related from its source part (``""``: the package root) and given a
    content type override, as Office writes them."""
    edits = edits or {}
    with zipfile.ZipFile(src) as zin:
        files = {i.filename: zin.read(i) for i in zin.infolist()}
    for n, (source, rel_type, name, content) in enumerate(parts, 1):
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        rels = files.get(rels_name, b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                                    b'xmlns="http://schemas.openxmlformats.org/package/2006/'
                                    b'relationships"></Relationships>').decode()
        uri = rel_type if "://" in rel_type else RELS + rel_type
        rel = (f'<Relationship Id="rIdT{n}" Type="{uri}" '
               f'Target="/{name}"/>')
        files[rels_name] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
        files[name] = content
        override = (f'<Override PartName="/{name}" ContentType="application/vnd.baomi-test.'
                    f'{posixpath.basename(rel_type)}+xml"/>')
        files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
            b"</Types>", override.encode() + b"</Types>")
    for name, edit in edits.items():
        files[name] = edit(files[name])
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in files.items():
            zout.writestr(name, data)
    return dst


def smartart_data(text: str) -> bytes:
    return (f'<dgm:dataModel xmlns:dgm="{DGM_NS}" xmlns:a="{A_NS}"><dgm:ptLst>'
            f'<dgm:pt modelId="1" type="doc"><dgm:t><a:p><a:r><a:t>干部调整</a:t></a:r></a:p>'
            f'</dgm:t></dgm:pt><dgm:pt modelId="2"><dgm:t><a:bodyPr/><a:p><a:r><a:t>'
            f'{text[:8]}</a:t></a:r><a:r><a:t>{text[8:]}</a:t></a:r></a:p></dgm:t></dgm:pt>'
            f'</dgm:ptLst></dgm:dataModel>').encode()


def chart(title: str, category: str, series: str) -> bytes:
    return (f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}"><c:chart><c:title><c:tx>'
            f'<c:rich><a:p><a:r><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx></c:title>'
            f'<c:plotArea><c:barChart><c:ser><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache>'
            f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{series}</c:v></c:pt></c:strCache>'
            f'</c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2</c:f><c:strCache>'
            f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{category}</c:v></c:pt></c:strCache>'
            f'</c:strRef></c:cat><c:val><c:numRef><c:numCache><c:pt idx="0"><c:v>3</c:v>'
            f'</c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea>'
            f'</c:chart></c:chartSpace>').encode()


def content_findings(result) -> set[str]:
    return {f.location.part for f in result.findings if f.rule.startswith("content.")}


@pytest.mark.parametrize("rel_type", ["diagramData",
                                      "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing"])
def test_docx_smartart_is_read(tmp_path, scan, rel_type):
    base = write_docx(tmp_path / "base.docx", COVER)
    path = add_parts(base, tmp_path / "smartart.docx",
                     [("word/document.xml", rel_type, "word/diagrams/data1.xml",
                       smartart_data(SECRET))])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert result.marking is None and content_findings(result) == {"textbox"}


@pytest.mark.parametrize("where", ["title", "category", "series"])
def test_docx_chart_text_is_read(tmp_path, scan, where):
    texts = {"title": "各区县完成情况", "category": "一季度", "series": "完成数"} | {where: SECRET}
    base = write_docx(tmp_path / "base.docx", COVER)
    path = add_parts(base, tmp_path / "chart.docx",
                     [("word/document.xml", "chart", "word/charts/chart1.xml", chart(**texts))])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"textbox"}


def test_docx_chart_embedded_workbook_is_read(tmp_path, scan):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active["A1"], book.active["A2"] = "季度", SECRET
    buffer = io.BytesIO()
    book.save(buffer)
    base = write_docx(tmp_path / "base.docx", COVER)
    path = add_parts(base, tmp_path / "chart.docx", [
        ("word/document.xml", "chart", "word/charts/chart1.xml", chart("完成情况", "一季度", "完成数")),
        ("word/charts/chart1.xml", "package", "word/embeddings/Workbook1.xlsx", buffer.getvalue()),
    ])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"attachment"}
    assert all("Workbook1.xlsx" in f.detail["attachment"] for f in result.findings
               if f.rule.startswith("content."))


def test_docx_document_variables_are_read(tmp_path, scan):
    base = write_docx(tmp_path / "base.docx", COVER)
    var = f'<w:docVars><w:docVar w:name="审核意见" w:val="{SECRET}"/></w:docVars>'
    path = add_parts(base, tmp_path / "vars.docx", [], edits={
        "word/settings.xml": lambda xml: xml.replace(b"</w:settings>", var.encode() + b"</w:settings>")})
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"metadata"}


def test_part_of_a_type_nobody_knows_is_read_for_its_text(tmp_path, scan):
    base = write_docx(tmp_path / "base.docx", COVER)
    xml = f'<x:notes xmlns:x="urn:example:oa"><x:opinion>{SECRET}</x:opinion></x:notes>'
    path = add_parts(base, tmp_path / "unknown.docx", [
        ("word/document.xml", "urn:example:oa/opinions", "word/oa/opinions.xml", xml.encode())])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"metadata"}


def test_a_generic_part_repeating_text_read_before_the_walk_is_not_read_again(tmp_path):
    """A generic part's text that the body gave, or an earlier generic part, is read once;
    one a document variable gave (read by the walk itself) is read again, as it always was."""
    from scanner.extract.docx import extract_docx
    base = write_docx(tmp_path / "base.docx", COVER)
    var = '<w:docVars><w:docVar w:name="意见" w:val="同意"/></w:docVars>'

    def notes(*texts: str) -> bytes:
        return (f'<x:notes xmlns:x="urn:example:oa">'
                + "".join(f"<x:n>{t}</x:n>" for t in texts) + "</x:notes>").encode()

    path = add_parts(base, tmp_path / "repeats.docx", [
        ("word/document.xml", "urn:example:oa/a", "word/oa/a.xml", notes(COVER[2], "意见: 同意", "新增")),
        ("word/document.xml", "urn:example:oa/b", "word/oa/b.xml", notes("新增", SECRET)),
    ], edits={"word/settings.xml": lambda xml: xml.replace(b"</w:settings>",
                                                           var.encode() + b"</w:settings>")})
    texts = [s.text for s in extract_docx(path.read_bytes()).segments]
    assert texts.count(COVER[2]) == 1 and texts.count("新增") == 1 and texts.count(SECRET) == 1
    assert texts.count("意见: 同意") == 2


def test_reading_a_docx_leaves_no_garbage_for_the_collector(tmp_path):
    """Everything a DOCX read makes is freed when its result goes (no reference cycle holds
    a part's tree until the cyclic collector runs)."""
    import gc

    from scanner.extract.docx import extract_docx
    data = write_docx(tmp_path / "d.docx", COVER, header="内部资料", footer="第1页",
                      table=[["姓名", "职务"]], hidden="隐藏").read_bytes()
    extract_docx(data)  # loads and caches what a first read does
    gc.collect()
    gc.disable()
    try:
        assert extract_docx(data).segments
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_binary_part_of_an_unknown_type_is_review(tmp_path, scan):
    base = write_docx(tmp_path / "base.docx", COVER)
    path = add_parts(base, tmp_path / "blob.docx", [
        ("word/document.xml", "urn:example:oa/blob", "word/oa/blob.bin", b"\x00\x01\x02binary")])
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.REVIEW, Status.UNREADABLE)
    assert any("word/oa/blob.bin" in e for e in result.errors)


# ---------------------------------------------------------------- spreadsheets (item 7)

def workbook(tmp_path: Path, fill: Callable[[object], None]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "预算表"
    fill(sheet)
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def table_below(sheet, first_row: int) -> None:
    sheet.cell(first_row, 1, "2026年部门预算执行情况表")
    for r, row in enumerate([["科目", "金额"], ["办公费", "12"], ["差旅费", "8"]], first_row + 1):
        for c, value in enumerate(row, 1):
            sheet.cell(r, c, value)


@pytest.mark.parametrize("section", ["L", "C", "R"])
def test_xlsx_print_header_marking(tmp_path, scan, section):
    def fill(sheet):
        table_below(sheet, 1)
        sheet.oddHeader.__getattribute__({"L": "left", "C": "center", "R": "right"}[section]).text = "秘密★5年"
    result = scan(workbook(tmp_path, fill))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert result.marking.text == "秘密★5年" and result.marking.location.part == "header"


def test_xlsx_print_footer_sentence(tmp_path, scan):
    def fill(sheet):
        table_below(sheet, 1)
        sheet.oddFooter.center.text = SECRET
    result = scan(workbook(tmp_path, fill))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"footer"}


def test_xlsx_marking_in_a1_above_the_title(tmp_path, scan):
    def fill(sheet):
        sheet["A1"] = "机密★10年"
        table_below(sheet, 2)
    result = scan(workbook(tmp_path, fill))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert (result.marking.level, result.marking.term) == ("机密", "10年")
    assert result.marking.location.part == "table"


def test_xlsx_level_column_of_a_list_is_no_marking(tmp_path, scan):
    """A 密级 column in a register of documents names levels; it marks nothing."""
    def fill(sheet):
        for r, row in enumerate([["文件名称", "密级"], ["关于春季防火的通知", "秘密"],
                                 ["关于植树的通知", "内部"]], 1):
            for c, value in enumerate(row, 1):
                sheet.cell(r, c, value)
    result = scan(workbook(tmp_path, fill))
    assert result.marking is None


# ---------------------------------------------------------------- pictures of pages (item 4)

def page_picture(text: str = "秘密★5年 关于调整的通知") -> bytes:
    """A PNG of a page with text drawn on it: what a screenshot of a marked page is."""
    from markers._pymupdf import load_pymupdf

    pymupdf = load_pymupdf()
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_text((20, 40), text, fontname="china-s", fontsize=16)
    return page.get_pixmap(dpi=96).tobytes("png")


def picture_only_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_picture(io.BytesIO(page_picture()))
    path = tmp_path / "shot.docx"
    document.save(path)
    return path


def picture_only_pptx(tmp_path: Path) -> Path:
    pptx = pytest.importorskip("pptx")
    deck = pptx.Presentation()
    title = deck.slides.add_slide(deck.slide_layouts[5])
    title.shapes.title.text = "2026年工作安排"
    shot = deck.slides.add_slide(deck.slide_layouts[6])
    shot.shapes.add_picture(io.BytesIO(page_picture()), 0, 0)
    path = tmp_path / "shot.pptx"
    deck.save(path)
    return path


def picture_only_xlsx(tmp_path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.drawing.image import Image

    book = openpyxl.Workbook()
    book.active.add_image(Image(io.BytesIO(page_picture())), "A1")
    path = tmp_path / "shot.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("build, part", [(picture_only_docx, "word/document.xml"),
                                         (picture_only_pptx, "ppt/slides/slide2.xml"),
                                         (picture_only_xlsx, "xl/drawings/drawing1.xml")])
def test_picture_of_a_page_without_ocr_is_review_naming_the_part(tmp_path, scan, monkeypatch,
                                                                  build, part):
    monkeypatch.setenv("BAOMI_OCR", "off")
    result = scan(build(tmp_path))
    assert (result.verdict, result.status) == (Verdict.REVIEW, Status.UNREADABLE)
    assert result.marking is None
    assert any(e.startswith(f"{part}: a picture and no text") for e in result.errors), result.errors


def test_logo_beside_text_is_not_a_picture_of_a_page(tmp_path, scan, monkeypatch):
    import docx

    monkeypatch.setenv("BAOMI_OCR", "off")
    document = docx.Document()
    document.add_picture(io.BytesIO(page_picture("徽标")))
    for line in COVER:
        document.add_paragraph(line)
    document.save(tmp_path / "logo.docx")
    result = scan(tmp_path / "logo.docx")
    assert (result.verdict, result.errors) == (Verdict.PASS, [])


@pytest.mark.skipif(not __import__("scanner.extract.ocr", fromlist=["available"]).available(),
                    reason="OCR is not available (pip install 'baomi[ocr]')")
def test_picture_of_a_marked_page_is_read_by_ocr(tmp_path, scan):
    result = scan(picture_only_docx(tmp_path))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert result.marking.location.part == "ocr"


# ---------------------------------------------------------------- where templates put marks (item 9)

def textbox_paragraph(text: str) -> str:
    """A DrawingML text box anchored in a paragraph, positioned at the top of the page."""
    return (
        f'<w:p xmlns:w="{W_NS}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        f'xmlns:a="{A_NS}" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:r><w:drawing><wp:anchor behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1" '
        'simplePos="0" relativeHeight="1" distT="0" distB="0" distL="0" distR="0">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>1005840'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>900000'
        '</wp:posOffset></wp:positionV><wp:extent cx="2000000" cy="400000"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:txbx><w:txbxContent><w:p><w:r><w:t>' + text + '</w:t></w:r></w:p></w:txbxContent>'
        '</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
        '</w:r><w:r><w:t>关于做好春季森林防火工作的通知</w:t></w:r></w:p>')


def test_docx_marking_in_a_text_box_at_the_top_of_page_1(tmp_path, scan):
    base = write_docx(tmp_path / "base.docx", ["各乡镇人民政府："] + ["请按照有关要求做好防火准备。"] * 8)
    path = tmp_path / "box.docx"
    add_parts(base, path, [], edits={"word/document.xml": lambda xml: xml.replace(
        b"<w:body>", b"<w:body>" + textbox_paragraph("秘密★5年").replace(
            f' xmlns:w="{W_NS}"', "").encode(), 1)})
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert result.marking.text == "秘密★5年" and result.marking.location.part == "textbox"


def test_docx_text_box_far_down_the_document_is_no_marking(tmp_path, scan):
    base = write_docx(tmp_path / "base.docx", ["各乡镇人民政府："] + ["请按照有关要求做好防火准备。"] * 8)
    path = tmp_path / "box.docx"
    add_parts(base, path, [], edits={"word/document.xml": lambda xml: xml.replace(
        b"<w:sectPr", textbox_paragraph("秘密★5年").replace(
            f' xmlns:w="{W_NS}"', "").encode() + b"<w:sectPr", 1)})
    assert scan(path).marking is None


@pytest.mark.parametrize("line", ["000123\t\t\t\t\t秘密★5年", "份号：000123        秘密★5年",
                                  "000123\u3000\u3000\u3000秘密★5年"])
def test_copy_number_and_mark_on_one_line_1999_style(tmp_path, scan, line):
    result = scan(write_docx(tmp_path / "c.docx", [line] + COVER))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert (result.marking.text, result.marking.copy_number) == ("秘密★5年", "000123")
    assert result.marking.location.part == "body"


@pytest.mark.parametrize("name, text", [
    ("a.txt", "\ufeff【秘密★5年】关于调整工作安排的通知\n正文"),
    ("a.md", "\ufeff【内部】关于调整工作安排的通知\n\n正文"),
    ("b.md", "**机密★10年**\n\n# 关于调整工作安排的通知"),
    ("c.md", "> 秘密★5年\n\n# 关于调整工作安排的通知"),
])
def test_label_on_the_first_line_of_text_and_markdown(tmp_path, scan, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = scan(path)
    assert result.verdict is Verdict.BLOCK
    assert result.status in (Status.CLASSIFIED, Status.RESTRICTED)
    assert result.marking.location.part == "body"
    assert result.marking.text in ("秘密★5年", "机密★10年", "【内部】")


def test_label_inside_a_sentence_is_no_marking(tmp_path, scan):
    path = tmp_path / "s.txt"
    path.write_text("【通知】秘密★5年的文件应当按规定管理\n正文", encoding="utf-8")
    assert scan(path).marking is None


# ---------------------------------------------------------------- the relationship walk (items 6, 7)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SAMPLES = Path(__file__).resolve().parents[1] / "sample_docs"


def relationship_types(packages: list[bytes]) -> set[str]:
    """The last segment of every relationship type used in ``packages``."""
    found = set()
    for data in packages:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for name in zf.namelist():
                    if name.endswith(".rels"):
                        root = etree.fromstring(zf.read(name))
                        found |= {rel.get("Type", "").rsplit("/", 1)[-1] for rel in root}
        except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError):
            continue
    return found


def test_every_relationship_type_with_text_is_read(tmp_path):
    """One part of every relationship type in the shared corpus, sample_docs and this file's
    fixtures, each holding its own words: each must come out as a segment, unless its type
    is consciously not read (NOT_READ, with the reason) or is read otherwise (embedded files
    as attachments, pictures by OCR)."""
    from scanner.extract import extract
    from scanner.extract.ooxml import EMBEDDED_RELS
    from scanner.extract.package import NOT_READ

    files = [p for folder in (CORPUS, SAMPLES) if folder.is_dir() for p in folder.rglob("*")
             if p.is_file() and p.stat().st_size < 20_000_000]
    packages = [p.read_bytes() for p in files]
    packages += [build(tmp_path).read_bytes() for build in
                 (picture_only_docx, picture_only_pptx, picture_only_xlsx)]
    packages.append(write_docx(tmp_path / "all.docx", COVER, header="页眉", footer="页脚",
                               table=[["a", "b"]]).read_bytes())
    types = relationship_types(packages) | {"chart", "diagramData", "diagramDrawing", "settings"}
    assert {"header", "footer", "chart", "worksheet", "slide", "customXml"} <= types
    assert all(NOT_READ[t].strip() for t in NOT_READ)  # every skip says why

    tested = sorted(types - set(NOT_READ) - set(EMBEDDED_RELS) - {"image", "hyperlink", ""})
    parts, words = [], {}
    for n, rel_type in enumerate(tested, 1):
        words[rel_type] = f"验证文本{n:03d}号"
        if rel_type == "settings":
            xml = (f'<w:settings xmlns:w="{W_NS}"><w:docVars><w:docVar w:name="v" '
                   f'w:val="{words[rel_type]}"/></w:docVars></w:settings>')
        else:
            xml = (f'<w:root xmlns:w="{W_NS}"><w:p><w:r><w:t>{words[rel_type]}</w:t></w:r>'
                   f'</w:p></w:root>')
        parts.append(("word/document.xml", rel_type, f"word/test/{n}.xml", xml.encode()))
    base = write_docx(tmp_path / "base.docx", COVER)
    path = add_parts(base, tmp_path / "every.docx", parts, edits={
        # python-docx writes a settings part already: the one under test replaces it.
        "word/_rels/document.xml.rels": lambda rels: rels.replace(
            b'relationships/settings" Target="settings.xml"', b'relationships/old-settings" Target="settings.xml"')})
    extraction = extract(path.read_bytes())
    assert extraction.errors == []
    text = "\n".join(s.text for s in extraction.segments)
    unread = {rel_type for rel_type, word in words.items() if word not in text}
    assert unread == set(), f"parts with text that yielded nothing: {sorted(unread)}"


# ---------------------------------------------------------------- what Word opens (item 8)

def rtf_escape(text: str) -> str:
    """Text as Word writes it in RTF with \\ansicpg936: GBK bytes as \\'hh, others as \\uN."""
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
            continue
        try:
            out.append("".join(f"\\'{b:02x}" for b in ch.encode("gbk")))
        except UnicodeEncodeError:
            out.append(f"\\u{ord(ch)}?")
    return "".join(out)


def rtf_document(body: list[str], header: str | None = None) -> bytes:
    """RTF as Word writes it; each body line may split words across formatting groups."""
    head = "{\\header \\pard\\plain " + rtf_escape(header) + "\\par}" if header else ""
    paras = "".join("\\pard\\plain\\f0\\fs32 " + rtf_escape(p) + "\\par\n" for p in body)
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 "
            + rtf_escape("宋体") + ";}}" + head + "\n" + paras + "}").encode("ascii")


def mht_document(html_body: str, charset: str = "gb2312", encoding: str = "quoted-printable") -> bytes:
    """A web archive as Word's "Single File Web Page" writes it."""
    from email.charset import BASE64, QP, Charset
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    archive = MIMEMultipart("related")
    archive["MIME-Version"] = "1.0"
    cs = Charset(charset)
    cs.body_encoding = QP if encoding == "quoted-printable" else BASE64
    page = MIMEText("", "html")
    page.set_payload(f"<html><head><title>文档</title></head><body>{html_body}</body></html>",
                    charset=cs)
    page["Content-Location"] = "file:///C:/doc.htm"
    archive.attach(page)
    logo = MIMEImage(page_picture("徽标"), "png")
    logo["Content-Location"] = "file:///C:/doc.files/image001.png"
    archive.attach(logo)
    return archive.as_bytes()


def wordml_document(paragraphs: list[list[str]], header: str | None = None) -> bytes:
    """Word 2003 XML; each paragraph is its runs (a word split across runs)."""
    w = "http://schemas.microsoft.com/office/word/2003/wordml"
    runs = "".join("<w:p>" + "".join(f"<w:r><w:t>{r}</w:t></w:r>" for r in p) + "</w:p>"
                   for p in paragraphs)
    hdr = (f'<w:hdr w:type="odd"><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>'
           if header else "")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<?mso-application progid="Word.Document"?>\n'
            f'<w:wordDocument xmlns:w="{w}" '
            f'xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint">'
            f'<w:body><wx:sect>{runs}<w:sectPr>{hdr}</w:sectPr></wx:sect></w:body>'
            f'</w:wordDocument>').encode("utf-8")


SPLIT_SECRET = ["拟", "提", "拔周海峰同志任局长，尚未", "公示，请严格保密。"]


@pytest.mark.parametrize("name", ["export.doc", "export.rtf"])
def test_rtf_marking_in_the_header(tmp_path, scan, name):
    path = tmp_path / name
    path.write_bytes(rtf_document(COVER, header="秘密★5年"))
    result = scan(path)
    assert result.type == "rtf"
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert result.marking.text == "秘密★5年" and result.marking.location.part == "header"
    assert not any(f.rule == "file.type-mismatch" for f in result.findings)


def test_rtf_sentence_split_by_formatting_groups(tmp_path, scan):
    body = "\\pard " + "".join("{\\b " + rtf_escape(run) + "}" for run in SPLIT_SECRET) + "\\par"
    data = rtf_document(COVER).replace(b"\n}", ("\n" + body + "}").encode())
    (tmp_path / "s.doc").write_bytes(data)
    result = scan(tmp_path / "s.doc")
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"body"}


@pytest.mark.parametrize("charset, encoding", [("gb2312", "quoted-printable"),
                                               ("utf-8", "base64")])
@pytest.mark.parametrize("name", ["export.doc", "page.mht"])
def test_mht_marking_in_the_decoded_page(tmp_path, scan, name, charset, encoding):
    html = "<p>秘密★5年</p>" + "".join(f"<p>{line}</p>" for line in COVER)
    path = tmp_path / name
    path.write_bytes(mht_document(html, charset, encoding))
    result = scan(path)
    assert result.type == "mht", result.errors
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert result.marking.text == "秘密★5年" and result.marking.location.part == "body"


def test_mht_sentence_split_by_tags(tmp_path, scan):
    html = "".join(f"<p>{line}</p>" for line in COVER) + "<p>" + "".join(
        f'<span style="font-family:仿宋">{run}</span>' for run in SPLIT_SECRET) + "</p>"
    (tmp_path / "s.doc").write_bytes(mht_document(html))
    result = scan(tmp_path / "s.doc")
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"body"} and result.errors == []


@pytest.mark.parametrize("name", ["export.doc", "export.xml"])
def test_word_2003_xml_marking_split_across_runs(tmp_path, scan, name):
    path = tmp_path / name
    path.write_bytes(wordml_document([["秘密", "★", "5年"]] + [[line] for line in COVER]))
    result = scan(path)
    assert result.type == "wordml"
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert result.marking.text == "秘密★5年" and result.marking.location.part == "body"


def test_word_2003_xml_header_and_split_sentence(tmp_path, scan):
    path = tmp_path / "h.doc"
    path.write_bytes(wordml_document([[line] for line in COVER], header="机密★10年"))
    result = scan(path)
    assert result.marking.text == "机密★10年" and result.marking.location.part == "header"
    path.write_bytes(wordml_document([[line] for line in COVER] + [SPLIT_SECRET]))
    result = scan(path)
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert content_findings(result) == {"body"}


def test_folder_scan_reads_these_formats_under_any_name_and_lists_what_it_skips(tmp_path):
    from scanner.run.walk import WalkLog, walk

    site = tmp_path / "site"
    site.mkdir()
    rtf, mht, xml = (rtf_document(COVER, header="秘密★5年"), mht_document("<p>秘密★5年</p>"),
                     wordml_document([["秘密★5年"]]))
    for name, data in [("a.rtf", rtf), ("a.doc", rtf), ("rtf-no-extension", rtf),
                       ("b.mht", mht), ("b.mhtml", mht), ("b.bin", mht),
                       ("c.xml", xml), ("c.dat", xml)]:
        (site / name).write_bytes(data)
    (site / "sitemap.xml").write_text('<?xml version="1.0"?><urlset></urlset>')
    (site / "app.js").write_text("console.log(1)")
    (site / "logo.png").write_bytes(page_picture("徽标"))
    log = WalkLog()
    scanned = sorted(Path(p).name for p in walk([str(site)], log=log))
    assert scanned == ["a.doc", "a.rtf", "b.bin", "b.mht", "b.mhtml", "c.dat", "c.xml",
                       "rtf-no-extension"]
    reasons = {Path(s.path).name: s.reason for s in log.not_documents}
    assert sorted(reasons) == ["app.js", "logo.png", "sitemap.xml"]
    assert all(reasons.values())


def test_text_report_counts_what_was_not_read(tmp_path, capsys):
    from scanner.cli import main

    (tmp_path / "a.rtf").write_bytes(rtf_document(COVER))
    (tmp_path / "app.js").write_text("console.log(1)")
    assert main(["scan", "--no-cache", "-j", "1", "-v", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "SKIP" in out and "app.js" in out and "not read: 1" in out
    assert "1 files: 1 pass" in out


def test_mht_part_named_in_raw_gbk_bytes(tmp_path, scan):
    """Found by bench/fuzz_scan.py: a part header in raw non-ASCII bytes came back from the
    email parser as a Header object, not a name."""
    data = mht_document("<p>秘密★5年</p>").replace(
        b"file:///C:/doc.files/image001.png", "file:///C:/文档.files/附件.docx".encode("gbk")
    ).replace(b"Content-Type: image/png", b"Content-Type: application/octet-stream")
    (tmp_path / "a.mht").write_bytes(data)
    result = scan(tmp_path / "a.mht")
    assert result.status is Status.CLASSIFIED and result.marking.location.part == "body"
