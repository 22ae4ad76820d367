"""Web formats (HTML, Markdown, plain text in the encodings offices use) and OFD: each
hiding place holds the only sensitive text, and the scan names it."""
from __future__ import annotations

import io
import zipfile

import pytest
from conftest import write_docx

from scanner.extract import extract
from scanner.extract.text import decode_text
from scanner.model import Status, Verdict

SECRET = "拟提拔周海峰同志任局长，尚未公示，请严格保密。"
PAGE = "<html><head>{head}</head><body><h1>春季森林防火工作通知</h1><p>请做好防火准备。</p>{body}</body></html>"


def parts_of(result) -> set[str]:
    return {f.location.part for f in result.findings}


@pytest.mark.parametrize("head, body, part", [
    ("", f"<!-- {SECRET} -->", "hidden"),
    ("", f"<noscript>{SECRET}</noscript>", "hidden"),
    ("", f'<div style="display:none">{SECRET}</div>', "hidden"),
    ("", f'<form><input type="hidden" name="memo" value="{SECRET}"></form>', "hidden"),
    (f'<meta name="description" content="{SECRET}">', "", "metadata"),
    ("", f'<img src="a.png" alt="{SECRET}">', "metadata"),
    ("", f"<p>{SECRET}</p>", "body"),
], ids=["comment", "noscript", "display-none", "hidden-input", "meta", "alt", "visible"])
def test_html_hiding_places(tmp_path, scan, head, body, part):
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(head=head, body=body), encoding="utf-8")
    result = scan(path)
    assert result.status is Status.UNMARKED_SENSITIVE and parts_of(result) == {part}


def test_html_declaring_the_wrong_charset_is_still_read(tmp_path, scan):
    """Like the corpus's qq.html: meta says gb2312, bytes are UTF-8."""
    page = PAGE.format(head='<meta charset="gb2312">', body=f"<p>{SECRET}</p>")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("utf-8"))
    assert scan(path).status is Status.UNMARKED_SENSITIVE


def test_html_in_gbk_with_an_xml_declaration(tmp_path, scan):
    page = ('<?xml version="1.0" encoding="gbk"?>\n' + PAGE.format(
        head='<meta http-equiv="Content-Type" content="text/html; charset=gbk">',
        body=f"<p>{SECRET}</p>"))
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gbk"))
    result = scan(path)
    assert result.errors == [] and result.status is Status.UNMARKED_SENSITIVE


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16",
                                      "utf-16-le", "utf-16-be"])
def test_plain_text_encodings_are_detected(tmp_path, scan, encoding):
    text = f"关于干部调整的说明\n\n{SECRET}\n"
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(encoding))
    assert decode_text(path.read_bytes())[0].lstrip("\ufeff") == text
    assert scan(path).status is Status.UNMARKED_SENSITIVE


def test_markdown_front_matter_is_metadata_and_comments_are_hidden(tmp_path, scan):
    front = tmp_path / "front.md"
    front.write_text(f"---\ntitle: 春季防火\nsummary: {SECRET}\n---\n\n# 春季防火\n\n请做好准备。\n",
                     encoding="utf-8")
    result = scan(front)
    assert result.type == "markdown" and parts_of(result) == {"metadata"}
    comment = tmp_path / "comment.md"
    comment.write_text(f"# 春季防火\n\n请做好准备。\n\n<!--\n{SECRET}\n-->\n", encoding="utf-8")
    assert parts_of(scan(comment)) == {"hidden"}
    plain = tmp_path / "plain.md"
    plain.write_text("# 春季防火\n\n请做好准备。\n", encoding="utf-8")
    assert scan(plain).verdict is Verdict.PASS


def test_html_title_is_metadata_as_a_docx_title_is():
    page = ("<html><head><meta charset='utf-8'><title>关于春季防火的通知</title></head><body>"
            "<h1>关于春季防火的通知</h1><p>请做好准备。</p></body></html>").encode("utf-8")
    segments = [(s.part, s.text) for s in extract(page).segments]
    assert [text for part, text in segments if part == "body"] == ["关于春季防火的通知",
                                                                    "请做好准备。"]
    assert ("metadata", "关于春季防火的通知") in segments

def test_markdown_pipe_table_is_read_cell_by_cell_as_the_docx_table(tmp_path):
    rows = [["序号", "姓名", "考察情况"], ["1", "任永刚", "优秀，无反映问题"],
            ["2", "晏秋月", "称职，个别反映工作方法简单"]]
    md = tmp_path / "list.md"
    md.write_text("# 拟任人选名单\n\n| 序号 | 姓名 | 考察情况 |\n|---|:--:|---|\n"
                  + "".join(f"| {' | '.join(r)} |\n" for r in rows[1:])
                  + "\n备注：另附。\n", encoding="utf-8")
    docx = write_docx(tmp_path / "list.docx", ["拟任人选名单", "备注：另附。"], table=rows)
    cells = {}
    for path in (md, docx):
        cells[path.suffix] = {s.cell: s.text for s in extract(path.read_bytes()).segments
                              if s.part == "table"}
    assert cells[".md"] == cells[".docx"] == {
        (1, r, c): text for r, row in enumerate(rows, 1) for c, text in enumerate(row, 1)}
    segments = extract(md.read_bytes()).segments
    assert [s.order for s in segments] == list(range(1, len(segments) + 1))
    assert segments[-1].text == "备注：另附。"



def test_html_table_is_read_cell_by_cell_as_the_docx_table(tmp_path):
    """A page's <table> gives each cell as the Word table's cell (table, row, column), also
    when the cell wraps its text in <p> as Word's HTML export does; hidden text in a cell
    stays hidden, and text after the table is body again."""
    rows = [["岗位", "纪律要求"], ["评审专家", "评审结束前不得透露评审意见"],
            ["工作人员", "不得泄露专家名单"]]
    body = "".join("<tr>" + "".join(f"<{'th' if r == 0 else 'td'}><p>{c}</p>"
                                    f"</{'th' if r == 0 else 'td'}>" for c in row) + "</tr>"
                   for r, row in enumerate(rows))
    page = (f"<html><body><p>评审须知</p><table>{body}</table>"
            "<p>特此公告。<span style='display:none'>底稿</span></p></body></html>")
    docx = write_docx(tmp_path / "duties.docx", ["评审须知", "特此公告。"], table=rows)
    cells = {}
    for data in (page.encode("utf-8"), docx.read_bytes()):
        segments = extract(data).segments
        cells[len(cells)] = {s.cell: s.text for s in segments if s.part == "table"}
    assert cells[0] == cells[1] == {
        (1, r, c): text for r, row in enumerate(rows, 1) for c, text in enumerate(row, 1)}
    segments = extract(page.encode("utf-8")).segments
    assert [(s.part, s.text) for s in segments if s.part != "table"] == [
        ("body", "评审须知"), ("body", "特此公告。"), ("hidden", "底稿")]

# --- OFD (GB/T 33190): written as a real OFD producer lays it out ---------------------------

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def text_object(obj_id: int, text: str, x: float, y: float, size: float = 5.6) -> str:
    width = size * len(text)
    deltas = " ".join([str(size)] * (len(text) - 1))
    return (f'<ofd:TextObject ID="{obj_id}" Boundary="{x} {y} {width} {size * 1.2}" Font="3" '
            f'Size="{size}"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{size}" '
            f'DeltaX="{deltas}">{text}</ofd:TextCode></ofd:TextObject>')


def write_ofd(lines: list[tuple[str, float, float]], *, title: str = "春季防火工作通知",
              annotation: str | None = None, attachment: tuple[str, bytes] | None = None
              ) -> bytes:
    """lines: (text, x mm, y mm) on page 1, A4."""
    objects = "".join(text_object(i + 10, t, x, y) for i, (t, x, y) in enumerate(lines))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content>'
               f'<ofd:Layer ID="5">{objects}</ofd:Layer></ofd:Content></ofd:Page>')
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
        "<ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
        "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
        "</ofd:Pages>"
        + ("<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>" if annotation else "")
        + ("<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>" if attachment else "")
        + "</ofd:Document>")
    ofd = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
           f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>6b1f0c0e</ofd:DocID><ofd:Title>{title}"
           "</ofd:Title><ofd:Author>办公室</ofd:Author><ofd:CreationDate>2026-03-12"
           "</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
           "</ofd:DocBody></ofd:OFD>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", ofd)
        zf.writestr("Doc_0/Document.xml", document)
        zf.writestr("Doc_0/PublicRes.xml", f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font '
                    'ID="3" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", content)
        if annotation:
            zf.writestr("Doc_0/Annots/Annotations.xml", f'<ofd:Annotations {NS}><ofd:Page '
                        'PageID="1"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc>'
                        "</ofd:Page></ofd:Annotations>")
            zf.writestr("Doc_0/Annots/Page_0/Annotation.xml", (
                f'<ofd:PageAnnot {NS}><ofd:Annot ID="50" Type="Highlight" Creator="张三">'
                f"<ofd:Remark>{annotation}</ofd:Remark><ofd:Appearance Boundary=\"0 0 210 297\">"
                "</ofd:Appearance></ofd:Annot></ofd:PageAnnot>"))
        if attachment:
            zf.writestr("Doc_0/Attachs/Attachments.xml", (
                f'<ofd:Attachments {NS}><ofd:Attachment ID="60" Name="{attachment[0]}" '
                'Format="txt"><ofd:FileLoc>名单.txt</ofd:FileLoc></ofd:Attachment>'
                "</ofd:Attachments>"))
            zf.writestr("Doc_0/Attachs/名单.txt", attachment[1])
    return buf.getvalue()


# GB/T 9704: type area from 28 mm left, 37 mm top; the marking on line 2.
OFD_BODY = [("春季森林防火工作通知", 50, 80), ("各乡镇人民政府：", 28, 95),
            ("请按照有关要求做好防火准备。", 28, 103)]


def test_ofd_marking_at_the_top_of_page_one(tmp_path, scan):
    path = tmp_path / "notice.ofd"
    path.write_bytes(write_ofd([("000001", 28, 37), ("秘密★1年", 28, 45), *OFD_BODY]))
    result = scan(path)
    assert result.type == "ofd" and result.status is Status.CLASSIFIED
    assert (result.marking.term, result.marking.location.part, result.marking.location.page) \
        == ("1年", "body", 1)


def test_ofd_marking_text_low_on_the_page_is_not_a_marking(tmp_path, scan):
    path = tmp_path / "low.ofd"
    path.write_bytes(write_ofd([*OFD_BODY, ("秘密★1年", 28, 250)]))
    assert scan(path).verdict is Verdict.PASS


def test_ofd_per_character_objects_join_into_one_passage(tmp_path, scan):
    """Some producers write one TextObject per character; a sentence wrapped over two lines
    is still one passage."""
    half = len(SECRET) // 2
    chars = [(ch, 28 + 5.6 * i, 120) for i, ch in enumerate(SECRET[:half])]
    chars += [(ch, 28 + 5.6 * i, 127) for i, ch in enumerate(SECRET[half:])]
    path = tmp_path / "chars.ofd"
    path.write_bytes(write_ofd([*OFD_BODY, *chars]))
    result = scan(path)
    assert result.status is Status.UNMARKED_SENSITIVE and parts_of(result) == {"body"}


@pytest.mark.parametrize("where, part", [("annotation", "annotation"), ("title", "metadata"),
                                         ("attachment", "attachment")])
def test_ofd_hiding_places(tmp_path, scan, where, part):
    kwargs = {"annotation": {"annotation": SECRET}, "title": {"title": SECRET},
              "attachment": {"attachment": ("名单.txt", SECRET.encode("gbk"))}}[where]
    path = tmp_path / "x.ofd"
    path.write_bytes(write_ofd(OFD_BODY, **kwargs))
    result = scan(path)
    assert result.status is Status.UNMARKED_SENSITIVE and parts_of(result) == {part}
