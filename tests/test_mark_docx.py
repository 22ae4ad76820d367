"""Stamping DOCX: the marking becomes the first two body lines, nothing else changes."""
from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from markers.marking import validate
from markers.stamp import MarkConflict, stamp_file
from scanner.pipeline import carried_marking
from mark_fixtures import add_custom_property, make_docx, sha256_file

CUSTOM_NS = {"c": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"}


def body_kinds(document: docx.document.Document) -> list[str]:
    return [etree.QName(child).localname for child in document.element.body]


def custom_properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("docProps/custom.xml"))
    props = root.findall("c:property", CUSTOM_NS)
    assert len({p.get("pid") for p in props}) == len(props), "pids must be unique"
    return {p.get("name"): "".join(p.itertext()) for p in props}


def summary(document: docx.document.Document) -> dict:
    """What must survive stamping: texts, tables, sections, headers, images, styles."""
    return {
        "paragraphs": [(p.text, p.style.name) for p in document.paragraphs],
        "tables": [[c.text for row in t.rows for c in row.cells] for t in document.tables],
        "sections": len(document.sections),
        "headers": [s.header.paragraphs[0].text for s in document.sections],
        "images": len(document.inline_shapes),
        "styles": len(document.styles),
    }


def assert_mark_paragraph(paragraph, text: str) -> None:
    assert paragraph.text == text
    fmt = paragraph.paragraph_format
    assert fmt.left_indent in (None, 0) and fmt.first_line_indent in (None, 0)
    ind = paragraph._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "0" and ind.get(qn("w:leftChars")) == "0"
    assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left"
    for run in paragraph.runs:
        assert run.font.size == Pt(16)
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "黑体"
        assert fonts.get(qn("w:ascii")) == "黑体" and fonts.get(qn("w:hAnsi")) == "黑体"


@pytest.mark.parametrize("table_first", [False, True])
def test_stamp_puts_copy_number_and_mark_first_and_keeps_the_rest(tmp_path, table_first):
    source = make_docx(tmp_path / "notice.docx", table_first=table_first, sections=3)
    before_sha = sha256_file(source)
    before = summary(docx.Document(source))

    result = stamp_file(source, "秘密", "1年", copy_number=7)

    assert result.output == tmp_path / "notice.marked.docx"
    assert sha256_file(source) == before_sha == result.sha256_before
    assert sha256_file(result.output) == result.sha256_after
    stamped = docx.Document(result.output)
    kinds = body_kinds(stamped)
    assert kinds[:3] == ["p", "p", "tbl" if table_first else "p"]
    assert_mark_paragraph(stamped.paragraphs[0], "000007")
    assert_mark_paragraph(stamped.paragraphs[1], "秘密★1年")
    after = summary(stamped)
    after["paragraphs"] = after["paragraphs"][2:]
    assert after == before
    assert custom_properties(result.output) == {
        "baomi.level": "秘密", "baomi.term": "1年", "baomi.copy_number": "000007"}


def test_without_copy_number_line_one_is_empty_but_sized(tmp_path):
    source = make_docx(tmp_path / "notice.docx")
    result = stamp_file(source, "机密", None)
    stamped = docx.Document(result.output)
    assert stamped.paragraphs[0].text == ""
    mark_size = stamped.paragraphs[0]._p.pPr.find(qn("w:rPr")).find(qn("w:sz"))
    assert mark_size.get(qn("w:val")) == "32"
    assert_mark_paragraph(stamped.paragraphs[1], "机密")
    assert custom_properties(result.output) == {"baomi.level": "机密"}


def test_work_secret_is_the_label_alone(tmp_path):
    result = stamp_file(make_docx(tmp_path / "n.docx"), "内部")
    assert docx.Document(result.output).paragraphs[1].text == "内部"


def test_existing_custom_properties_are_kept(tmp_path):
    source = make_docx(tmp_path / "wps.docx")
    add_custom_property(source, "KSOProductBuildVer", "2052-11.1.0")
    result = stamp_file(source, "秘密", "6个月")
    assert custom_properties(result.output) == {
        "KSOProductBuildVer": "2052-11.1.0", "baomi.level": "秘密", "baomi.term": "6个月"}


def test_read_marking_sees_its_own_stamp(tmp_path):
    result = stamp_file(make_docx(tmp_path / "n.docx"), "绝密", "启用前", copy_number=3)
    found = carried_marking(result.output.read_bytes())
    assert found == (validate("绝密", "启用前"), "000003")


def test_force_replaces_the_old_marking_without_duplicates(tmp_path):
    first = stamp_file(make_docx(tmp_path / "n.docx"), "秘密", "1年", copy_number=1).output
    with pytest.raises(MarkConflict):
        stamp_file(first, "机密", "5年")
    second = stamp_file(first, "机密", "5年", output=tmp_path / "again.docx", force=True).output
    texts = [p.text for p in docx.Document(second).paragraphs]
    assert texts[:3] == ["", "机密★5年", "关于做好年度工作总结的通知"]
    assert "秘密★1年" not in texts and "000001" not in texts
    assert custom_properties(second) == {"baomi.level": "机密", "baomi.term": "5年"}


def test_the_stamper_asks_the_scanner_what_a_file_carries(tmp_path):
    """One answer to "which marking does this file carry": stamp_file itself (as baomi
    serve's /mark calls it, with no reader passed) sees a 机密★5年 in the first-page header,
    which the top of the body does not show."""
    from conftest import write_docx

    source = write_docx(tmp_path / "h.docx", ["关于调整工作安排的请示", "现将有关事项请示如下。"],
                        first_page_header="机密★5年")
    assert carried_marking(source.read_bytes()) == (validate("机密", "5年"), None)
    with pytest.raises(MarkConflict, match="机密★5年"):
        stamp_file(source, "内部")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.docx"]
