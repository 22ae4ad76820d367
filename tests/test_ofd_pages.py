"""OFD pages that draw something but yield no plausible text (scans, text converted to
outlines, garbled text) are OCR or ``review`` naming the page; outlines, bookmarks and custom
tags of the document body are read. Every fixture is an OFD package written here."""
from __future__ import annotations

import io
import zipfile

import pytest
from conftest import pymupdf
from test_extract_web import NS, text_object

from scanner.extract import ocr
from scanner.extract.ofd import NOT_READ, READ, extract_ofd

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="OCR is not available")
MARK = "机密★10年"
SECRET = "拟提拔赵海燕同志任财政局副局长，尚未公示，请严格保密。"
BODY = [("关于做好春季森林防火工作的通知", 40, 50), ("各乡镇人民政府：", 28, 65)]


def _text_layer(lines) -> str:
    return "".join(text_object(i + 10, t, x, y) for i, (t, x, y) in enumerate(lines))


def _image_layer() -> str:
    return ('<ofd:ImageObject ID="90" ResourceID="70" Boundary="0 0 210 297" '
            'CTM="210 0 0 297 0 0"/>')


def _glyph_paths(lines: list[str]) -> str:
    """The outlines of ``lines`` as OFD paths: typeset by MuPDF, converted to outlines
    through SVG, each drawing written as an ofd:PathObject (mm, top-left origin)."""
    scratch = pymupdf.open()
    page = scratch.new_page(width=595, height=842)
    for n, line in enumerate(lines):
        page.insert_text((80, 120 + 30 * n), line, fontname="china-s", fontsize=16)
    outlined = pymupdf.open("pdf", pymupdf.open("svg", page.get_svg_image(
        text_as_path=True).encode()).convert_to_pdf())
    mm = 25.4 / 72
    out = []
    for n, drawing in enumerate(outlined[0].get_drawings()):
        ops = []
        for item in drawing["items"]:
            if item[0] == "l":
                ops.append(f"M {item[1].x * mm:.2f} {item[1].y * mm:.2f} "
                           f"L {item[2].x * mm:.2f} {item[2].y * mm:.2f}")
            elif item[0] == "c":
                p = [f"{q.x * mm:.2f} {q.y * mm:.2f}" for q in item[1:]]
                ops.append(f"M {p[0]} B {p[1]} {p[2]} {p[3]}")
        out.append(f'<ofd:PathObject ID="{200 + n}" Boundary="0 0 210 297" Fill="true" '
                   f'Stroke="false"><ofd:AbbreviatedData>{" ".join(ops)} C'
                   "</ofd:AbbreviatedData></ofd:PathObject>")
    return "".join(out)


def write_ofd_pages(layers: list[str], *, extra_document: str = "",
                    files: dict[str, bytes] | None = None) -> bytes:
    """An OFD of one page per layer XML, an image resource (ID 70) and ``extra_document``
    appended to ofd:Document (outlines, bookmarks, custom tags)."""
    pages = "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                    for i in range(len(layers)))
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {NS}><ofd:CommonData>'
        "<ofd:MaxUnitID>900</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
        "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
        f"</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages>{extra_document}</ofd:Document>")
    ofd = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.0" DocType="OFD">'
           "<ofd:DocBody><ofd:DocInfo><ofd:DocID>6b1f0c0e</ofd:DocID><ofd:Title>通知"
           "</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
           "</ofd:DocBody></ofd:OFD>")
    scratch = pymupdf.open()
    page = scratch.new_page(width=420, height=220)
    page.insert_text((20, 40), MARK, fontname="china-s", fontsize=14)
    page.insert_text((20, 70), "关于二〇二四年工作安排的通知", fontname="china-s", fontsize=14)
    scan = page.get_pixmap(dpi=200, alpha=False).tobytes("png")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", ofd)
        zf.writestr("Doc_0/Document.xml", document)
        zf.writestr("Doc_0/PublicRes.xml", f'<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts><ofd:Font '
                    'ID="3" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>')
        zf.writestr("Doc_0/DocumentRes.xml", f'<ofd:Res {NS} BaseLoc="Res"><ofd:MultiMedias>'
                    '<ofd:MultiMedia ID="70" Type="Image"><ofd:MediaFile>scan.png'
                    "</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>")
        zf.writestr("Doc_0/Res/scan.png", scan)
        for i, layer in enumerate(layers):
            zf.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {NS}><ofd:Content>'
                f'<ofd:Layer ID="5">{layer}</ofd:Layer></ofd:Content></ofd:Page>'))
        for name, data in (files or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setenv(ocr.SWITCH, "off")


def test_scanned_ofd_page_is_review_naming_the_page(tmp_path, scan, no_ocr):
    path = tmp_path / "scan.ofd"
    path.write_bytes(write_ofd_pages([_text_layer(BODY), _image_layer()]))
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert [e for e in result.errors if e.startswith("page 2:")] and \
        not [e for e in result.errors if e.startswith("page 1:")], result.errors
    assert any("image-only" in e and "no OCR" in e for e in result.errors)


@needs_ocr
def test_scanned_ofd_page_is_read_by_ocr(tmp_path, scan):
    path = tmp_path / "scan.ofd"
    path.write_bytes(write_ofd_pages([_image_layer()]))
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("block", "classified"), result.errors
    assert (result.marking.level, result.marking.location.part) == ("机密", "ocr")


def test_ofd_page_of_outlined_text_is_review(tmp_path, scan, no_ocr):
    path = tmp_path / "outlined.ofd"
    path.write_bytes(write_ofd_pages([_text_layer(BODY), _glyph_paths([MARK, SECRET])]))
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert result.marking is None and not result.findings
    [why] = [e for e in result.errors if e.startswith("page 2:")]
    assert "转曲" in why


def test_ofd_page_with_a_few_rules_passes(tmp_path, scan, no_ocr):
    rule = ('<ofd:PathObject ID="300" Boundary="20 100 170 1" Stroke="true">'
            "<ofd:AbbreviatedData>M 0 0 L 170 0</ofd:AbbreviatedData></ofd:PathObject>")
    path = tmp_path / "rules.ofd"
    path.write_bytes(write_ofd_pages([_text_layer(BODY) + rule]))
    assert scan(path).verdict.value == "pass"


def test_ofd_garbled_text_is_review(tmp_path, scan, no_ocr):
    junk = "".join(chr(0xE000 + i) for i in range(24))  # private-use glyph codes
    path = tmp_path / "garbled.ofd"
    path.write_bytes(write_ofd_pages([_text_layer([*BODY, (junk, 28, 80)])]))
    result = scan(path)
    assert result.verdict.value == "review"
    assert any(e.startswith("page 1: garbled text layer") for e in result.errors)


@pytest.mark.parametrize("extra, files", [
    (f'<ofd:Outlines><ofd:OutlineElem Title="一、工作安排"><ofd:OutlineElem Title="{SECRET}"/>'
     "</ofd:OutlineElem></ofd:Outlines>", None),
    (f'<ofd:Bookmarks><ofd:Bookmark Name="{SECRET}"><ofd:Dest Type="XYZ" PageID="1"/>'
     "</ofd:Bookmark></ofd:Bookmarks>", None),
    ("<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>",
     {"Doc_0/Tags/CustomTags.xml": f'<ofd:CustomTags {NS}><ofd:CustomTag NameSpace="x">'
      "<ofd:FileLoc>Tag_0.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>".encode(),
      "Doc_0/Tags/Tag_0.xml": f"<公文><意见>{SECRET}</意见></公文>".encode()}),
])
def test_ofd_outlines_bookmarks_and_tags_are_read_as_metadata(tmp_path, scan, extra, files):
    path = tmp_path / "x.ofd"
    path.write_bytes(write_ofd_pages([_text_layer(BODY)], extra_document=extra, files=files))
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("block", "unmarked-sensitive")
    assert {f.location.part for f in result.findings} == {"metadata"}


def test_ofd_document_children_are_each_read_or_listed():
    assert all(len(reason) > 10 for reason in NOT_READ.values())
    assert not set(NOT_READ) & set(READ)


def test_ofd_versions_are_review():
    data = write_ofd_pages([_text_layer(BODY)])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries["OFD.xml"] = entries["OFD.xml"].replace(
        b"</ofd:DocBody>", b"<ofd:Versions><ofd:Version ID=\"1\" Index=\"1\" "
        b"BaseLoc=\"Doc_0/Ver_1.xml\"/></ofd:Versions></ofd:DocBody>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    assert any("Versions" in e for e in extract_ofd(buf.getvalue()).errors)
