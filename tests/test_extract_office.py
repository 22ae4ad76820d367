"""Office hiding places: each fixture is a real file whose ONLY sensitive text sits in one
place, and the scan must block with that place as location.part."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import write_docx
from ole_fixtures import wrap_ole10native, write_doc
from scanner.model import Status, Verdict

SECRET = "拟提拔周海峰同志任局长，尚未公示，请严格保密。"
COVER = ["关于做好春季森林防火工作的通知", "各乡镇人民政府：", "请按照有关要求做好防火准备。"]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def rewrite_docx(src: Path, dst: Path, edits: dict[str, callable] = None,
                 extra: dict[str, bytes] = None) -> Path:
    """Copy a package, passing chosen parts through ``edits`` and adding ``extra`` parts."""
    edits, extra = edits or {}, extra or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename in edits:
                data = edits[item.filename](data.decode()).encode()
            zout.writestr(item.filename, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return dst


def with_paragraph(xml: str):
    """An edit that puts one raw w:p before the section properties."""
    return {"word/document.xml": lambda doc: doc.replace("<w:sectPr", xml + "<w:sectPr", 1)}


RUN = '<w:r>{props}<w:t xml:space="preserve">' + SECRET + "</w:t></w:r>"
HIDING_PLACES = {
    "inserted": ('<w:p><w:ins w:id="9" w:author="张三" w:date="2026-03-01T00:00:00Z">'
                 + RUN.format(props="") + "</w:ins></w:p>"),
    "white": '<w:p>' + RUN.format(props='<w:rPr><w:color w:val="FFFFFF"/></w:rPr>') + "</w:p>",
    "tiny": '<w:p>' + RUN.format(props='<w:rPr><w:sz w:val="2"/></w:rPr>') + "</w:p>",
    "field": ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
              'xml:space="preserve"> QUOTE "' + SECRET + '" </w:instrText></w:r><w:r>'
              '<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar '
              'w:fldCharType="end"/></w:r></w:p>'),
}
EXPECTED_PART = {"inserted": "inserted", "white": "hidden", "tiny": "hidden", "field": "hidden"}


@pytest.mark.parametrize("place", sorted(HIDING_PLACES))
def test_docx_hiding_place_blocks(tmp_path, scan, place):
    base = write_docx(tmp_path / "base.docx", COVER)
    path = rewrite_docx(base, tmp_path / f"{place}.docx", with_paragraph(HIDING_PLACES[place]))
    result = scan(path)
    assert result.status is Status.UNMARKED_SENSITIVE, result.errors
    assert EXPECTED_PART[place] in {f.location.part for f in result.findings}


def test_inserted_text_is_also_body_text(tmp_path, scan):
    """A tracked insertion reads as part of the document (the marking detector sees the
    opening lines as they display) and is named as a pending change too."""
    base = write_docx(tmp_path / "base.docx", [])
    ins = ('<w:p><w:ins w:id="1" w:author="a" w:date="2026-01-01T00:00:00Z"><w:r><w:t>'
           "秘密★1年</w:t></w:r></w:ins></w:p>")
    edit = {"word/document.xml": lambda doc: doc.replace("<w:body>", "<w:body>" + ins, 1)}
    result = scan(rewrite_docx(base, tmp_path / "ins.docx", edit))
    assert result.status is Status.CLASSIFIED and result.marking.term == "1年"


def test_white_text_on_a_dark_cell_is_visible_not_hidden(tmp_path):
    from scanner.extract.docx import extract_docx

    cell = ('<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="1F3864"/></w:tcPr><w:p>'
            + RUN.format(props='<w:rPr><w:color w:val="FFFFFF"/></w:rPr>') + "</w:p></w:tc>"
            "</w:tr></w:tbl>")
    base = write_docx(tmp_path / "base.docx", COVER)
    path = rewrite_docx(base, tmp_path / "cell.docx", with_paragraph(cell))
    parts = {s.part for s in extract_docx(path.read_bytes()).segments if SECRET in s.text}
    assert parts == {"table"}


def test_run_hidden_through_its_character_style(tmp_path, scan):
    base = write_docx(tmp_path / "base.docx", COVER)
    style = ('<w:style w:type="character" w:styleId="Ghost"><w:name w:val="Ghost"/><w:rPr>'
             '<w:vanish/></w:rPr></w:style>')
    edits = {**with_paragraph('<w:p>' + RUN.format(props='<w:rPr><w:rStyle w:val="Ghost"/>'
                                                    '</w:rPr>') + "</w:p>"),
             "word/styles.xml": lambda s: s.replace("</w:styles>", style + "</w:styles>")}
    result = scan(rewrite_docx(base, tmp_path / "styled.docx", edits))
    assert {f.location.part for f in result.findings} == {"hidden"}


def test_styles_read_once_per_template_still_tell_each_file_apart(tmp_path):
    """same-template: a styles part met before is not parsed again, and a file whose
    styles differ by one style is read with its own (hidden there, visible in the plain
    template, whichever order the files come in); a broken styles part fails every time."""
    from scanner.extract.docx import extract_docx

    base = write_docx(tmp_path / "base.docx", COVER)
    style = ('<w:style w:type="character" w:styleId="Ghost"><w:name w:val="Ghost"/><w:rPr>'
             '<w:vanish/></w:rPr></w:style>')
    para = with_paragraph('<w:p>' + RUN.format(props='<w:rPr><w:rStyle w:val="Ghost"/>'
                                                '</w:rPr>') + "</w:p>")
    plain = rewrite_docx(base, tmp_path / "plain.docx", para).read_bytes()
    ghost = rewrite_docx(base, tmp_path / "ghost.docx", {
        **para, "word/styles.xml": lambda x: x.replace("</w:styles>", style + "</w:styles>")
    }).read_bytes()
    broken = rewrite_docx(base, tmp_path / "broken.docx", {
        **para, "word/styles.xml": lambda x: x.replace("</w:styles>", "")}).read_bytes()

    def secret_parts(data: bytes) -> set[str]:
        return {s.part for s in extract_docx(data).segments if SECRET in s.text}

    for data, parts in [(plain, {"body"}), (ghost, {"hidden"}), (plain, {"body"}),
                        (ghost, {"hidden"}), (ghost, {"hidden"})]:
        assert secret_parts(data) == parts
    for _ in range(2):
        assert any("styles" in e or "XMLSyntaxError" in e for e in extract_docx(broken).errors)


@pytest.mark.parametrize("where", ["core", "custom", "app"])
def test_docx_document_properties_are_metadata(tmp_path, scan, where):
    base = write_docx(tmp_path / "base.docx", COVER)
    if where == "core":
        edits = {"docProps/core.xml": lambda x: x.replace(
            "</cp:coreProperties>", f"<dc:description>{SECRET}</dc:description>"
            "</cp:coreProperties>")}
        extra = {}
    elif where == "app":
        edits = {}
        extra = {"docProps/app.xml": (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'extended-properties"><Company>某局</Company><Manager>{SECRET}</Manager>'
            "</Properties>").encode()}
    else:
        edits = {}
        extra = {"docProps/custom.xml": (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
            f'pid="2" name="备注"><vt:lpwstr>{SECRET}</vt:lpwstr></property></Properties>'
            ).encode()}
    result = scan(rewrite_docx(base, tmp_path / f"{where}.docx", edits, extra))
    assert result.status is Status.UNMARKED_SENSITIVE
    assert {f.location.part for f in result.findings} == {"metadata"}


def test_property_fields_are_read_by_name_in_any_namespace_in_document_order(tmp_path):
    """A core or app property is its element's local name, whatever its namespace or none;
    fields come in document order (a field nested in another too), other elements and
    empty fields give nothing."""
    from scanner.extract.docx import extract_docx

    base = write_docx(tmp_path / "base.docx", COVER)
    core = ('<cp:coreProperties xmlns:cp="urn:any" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:title>标题</dc:title><keywords>关键词</keywords><cp:revision>3</cp:revision>'
            '<x:creator xmlns:x="urn:other">作者<dc:subject>主题</dc:subject></x:creator>'
            '<dc:description/></cp:coreProperties>')
    app = ('<Properties xmlns="urn:app"><Manager>经理</Manager><Template>模板</Template>'
           '<Company>单位</Company></Properties>')
    data = rewrite_docx(base, tmp_path / "props.docx",
                        {"docProps/core.xml": lambda _: core,
                         "docProps/app.xml": lambda _: app}).read_bytes()
    got = [s.text for s in extract_docx(data).segments if s.part == "metadata"]
    assert got[:6] == ["标题", "关键词", "作者", "主题", "经理", "单位"]


def _embed(base: Path, dst: Path, name: str, payload: bytes) -> Path:
    rel = ('<Relationship Id="rIdOle1" Type="http://schemas.openxmlformats.org/officeDocument/'
           f'2006/relationships/oleObject" Target="embeddings/{name}"/>')
    edits = {"word/_rels/document.xml.rels": lambda r: r.replace(
        "</Relationships>", rel + "</Relationships>")}
    return rewrite_docx(base, dst, edits, {f"word/embeddings/{name}": payload})


def test_ole_wrapped_docx_inside_docx_is_unwrapped_and_scanned(tmp_path, scan):
    inner = write_docx(tmp_path / "inner.docx", ["秘密★1年", "关于某专项工作的通知"]).read_bytes()
    base = write_docx(tmp_path / "base.docx", COVER)
    path = _embed(base, tmp_path / "outer.docx", "oleObject1.bin",
                  wrap_ole10native("附件1.docx", inner))
    result = scan(path)
    assert result.status is Status.CLASSIFIED and result.errors == []
    assert result.marking.level == "秘密" and result.marking.location.part == "attachment"


def test_legacy_doc_body_and_comment_are_read(tmp_path, scan):
    path = tmp_path / "notice.doc"
    path.write_bytes(write_doc(COVER, comments=[SECRET]))
    result = scan(path)
    assert result.type == "doc" and result.status is Status.UNMARKED_SENSITIVE
    assert {f.location.part for f in result.findings} == {"comment"}
    path.write_bytes(write_doc(["秘密★1年", *COVER]))
    marked = scan(path)
    assert marked.status is Status.CLASSIFIED and marked.marking.location.part == "body"


def test_encrypted_legacy_doc_is_review(tmp_path, scan):
    path = tmp_path / "locked.doc"
    path.write_bytes(write_doc(COVER, encrypted=True))
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and "encrypted" in result.errors[0]


def test_unknown_ole_object_is_review_not_pass(tmp_path, scan):
    from ole_fixtures import write_ole

    path = tmp_path / "thing.doc"
    path.write_bytes(write_ole({"Equation Native": b"\x1c\x00"}))
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and "cannot read" in result.errors[0]


def test_xlsx_cells_hidden_sheets_and_comments(tmp_path, scan):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.comments import Comment

    def workbook(fill) -> Path:
        book = openpyxl.Workbook()
        book.active.title = "工作安排"
        book.active["A1"] = "春季防火工作安排表"
        fill(book)
        path = tmp_path / f"book{len(list(tmp_path.iterdir()))}.xlsx"
        book.save(path)
        return path

    def in_cell(book):
        book.active["B3"] = SECRET

    def on_hidden_sheet(book):
        sheet = book.create_sheet("备用")
        sheet["A1"] = SECRET
        sheet.sheet_state = "hidden"

    def in_comment(book):
        book.active["A1"].comment = Comment(SECRET, "张三")

    for fill, part in ((in_cell, "table"), (on_hidden_sheet, "hidden"), (in_comment, "comment")):
        result = scan(workbook(fill))
        assert result.type == "xlsx" and result.status is Status.UNMARKED_SENSITIVE, part
        assert {f.location.part for f in result.findings} == {part}
    cell = [f for f in scan(workbook(in_cell)).findings if f.category == "personnel"]
    assert cell[0].location.page == 1


def test_pptx_slides_and_notes(tmp_path, scan):
    pptx = pytest.importorskip("pptx")

    def deck(notes: str | None, first_line: str) -> Path:
        prs = pptx.Presentation()
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = first_line
        slide.placeholders[1].text = "做好春季森林防火工作"
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        path = tmp_path / f"deck{len(list(tmp_path.iterdir()))}.pptx"
        prs.save(path)
        return path

    noted = scan(deck(SECRET, "春季防火工作部署"))
    assert noted.type == "pptx" and noted.status is Status.UNMARKED_SENSITIVE
    assert {f.location.part for f in noted.findings} == {"comment"}
    assert scan(deck(None, "机密★5年")).status is Status.CLASSIFIED
    assert scan(deck(None, "春季防火工作部署")).verdict is Verdict.PASS


def test_name_claiming_another_type_is_reported_without_changing_the_verdict(tmp_path, scan):
    clean = write_docx(tmp_path / "clean.docx", COVER)
    renamed = tmp_path / "notice.pdf"
    renamed.write_bytes(clean.read_bytes())
    result = scan(renamed)
    assert result.verdict is Verdict.PASS and result.type == "docx"
    assert [(f.rule, f.severity) for f in result.findings] == [("file.type-mismatch", "low")]
    assert scan(clean).findings == []


def test_one_paragraph_read_in_one_walk_keeps_every_kind_of_text_apart(tmp_path):
    """A paragraph holding a simple field, a field instruction, a hidden run (its
    properties written after its text: still found), a tracked insertion and a deletion,
    and a page break Word rendered: each piece in its own part, fields' instructions first
    in the hidden text, and the paragraph after the break on page 2."""
    from scanner.extract.docx import extract_docx

    para = ('<w:p><w:fldSimple w:instr=" MERGEFIELD 甲 "><w:r><w:t>结果</w:t></w:r>'
            '</w:fldSimple><w:r><w:t>可见</w:t></w:r>'
            '<w:r><w:instrText xml:space="preserve"> QUOTE 乙 </w:instrText></w:r>'
            '<w:r><w:t>隐藏</w:t><w:rPr><w:vanish/></w:rPr></w:r>'
            '<w:ins w:id="1" w:author="a" w:date="2026-01-01T00:00:00Z"><w:r><w:t>插入</w:t>'
            '</w:r></w:ins><w:del w:id="2" w:author="a" w:date="2026-01-01T00:00:00Z"><w:r>'
            '<w:delText>删除</w:delText></w:r></w:del>'
            '<w:r><w:lastRenderedPageBreak/><w:t>尾</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>下一页</w:t></w:r></w:p>')
    base = write_docx(tmp_path / "base.docx", [])
    edit = {"word/document.xml": lambda doc: doc.replace("<w:body>", "<w:body>" + para, 1)}
    data = rewrite_docx(base, tmp_path / "walk.docx", edit).read_bytes()
    got = [(s.part, s.text, s.page) for s in extract_docx(data).segments
           if s.part != "metadata"]
    assert got == [("body", "结果可见插入尾", 1), ("inserted", "插入", 1),
                   ("deleted", "删除", 1), ("hidden", "  MERGEFIELD 甲    QUOTE 乙  隐藏", 1),
                   ("body", "下一页", 2)]


def test_part_index_gives_each_paragraph_what_its_own_walk_finds():
    """The one walk of a part (docx._PartIndex) gives each paragraph the pieces ``p.iter``
    finds in it, in document order: runs that are the paragraph's children, runs in
    hyperlinks, insertions, simple fields and content controls, table cells, a piece outside
    any paragraph (none), and a paragraph nested in another (no valid file has one: its
    pieces count in both)."""
    from lxml import etree

    from scanner.extract import docx

    body = etree.fromstring(
        f'<w:body {W}><w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t></w:r>'
        '<w:hyperlink><w:r><w:t>链</w:t></w:r></w:hyperlink>'
        '<w:ins><w:r><w:t>插</w:t></w:r></w:ins><w:fldSimple w:instr="X"><w:r><w:t>域</w:t>'
        '</w:r></w:fldSimple><w:r><w:br w:type="page"/><w:t>三</w:t></w:r></w:p>'
        '<w:r><w:t>无段</w:t></w:r>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '<w:sdt><w:sdtContent><w:p><w:r><w:t>控</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        '<w:p><w:r><w:t>外</w:t></w:r><w:p><w:r><w:t>内</w:t><w:cr/></w:r></w:p>'
        '<w:r><w:t>后</w:t></w:r></w:p><w:p/></w:body>')
    names = docx._names(body)
    index = docx._PartIndex(body, names)
    tags = (names.t, names.delText, names.instrText, names.delInstrText, names.tab, names.br,
            names.cr, names.fldSimple, names.lastRenderedPageBreak, names.ins)
    for p in body.iter(names.p):
        expected = [(el, el.tag, el.getparent()) for el in p.iter(*tags)]
        assert index.pieces.get(p, []) == expected
    assert len(index.pieces) == 5  # the empty paragraph has none
    texts = ["".join(el.text or "" for el, tag, _ in index.pieces.get(p, []) if tag == names.t)
             for p in body.iter(names.p)]
    assert texts == ["一二链插域三", "格", "控", "外内后", "内", ""]
