"""Real DOCX and PDF files for the ``baomi mark`` tests, built by code."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import docx
from docx.shared import Cm

from markers._pymupdf import load_pymupdf

pymupdf = load_pymupdf()

MM = 72 / 25.4
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
BODY_FONT = "china-ss"  # a CJK reference font, enough for fixture text


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def png_bytes() -> bytes:
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 20), False)
    pixmap.set_rect(pixmap.irect, (200, 30, 30))
    return pixmap.tobytes("png")


def make_docx(path: Path, *, table_first: bool = False, sections: int = 2) -> Path:
    """A notice with headers per section, an image, a table (first, when asked)."""
    document = docx.Document()
    if table_first:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "密级"
        table.cell(0, 1).text = ""
        table.cell(1, 0).text = "承办单位"
        table.cell(1, 1).text = "办公室"
    document.add_paragraph("关于做好年度工作总结的通知", style="Title")
    body = document.add_paragraph("各处室：现将有关事项通知如下。")
    body.paragraph_format.first_line_indent = Cm(0.74)
    document.add_picture(io.BytesIO(png_bytes()), width=Cm(2))
    document.sections[0].header.paragraphs[0].text = "第一节页眉"
    for number in range(2, sections + 1):
        section = document.add_section()
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = f"第{number}节页眉"
        document.add_paragraph(f"第{number}节正文。")
    document.save(path)
    return path


def add_custom_property(path: Path, name: str, value: str) -> None:
    """Give a DOCX a docProps/custom.xml of its own, as WPS and Word write them."""
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="%s">'
        "<vt:lpwstr>%s</vt:lpwstr></property></Properties>" % (name, value)
    )
    with zipfile.ZipFile(path) as source:
        parts = {name_: source.read(name_) for name_ in source.namelist()}
    parts["docProps/custom.xml"] = custom.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name_, data in parts.items():
            target.writestr(name_, data)


def make_pdf(path: Path, *, size: tuple[float, float] = A4, rotation: int = 0,
             text_at_mark_spot: bool = False, rule_at_mark_spot: bool = False,
             full_page: bool = False, encrypt: bool = False,
             owner_permissions: int | None = None) -> Path:
    """A one-or-two page notice; body text starts below the standard mark lines."""
    document = pymupdf.open()
    page = document.new_page(width=size[0], height=size[1])
    page.insert_text((28 * MM, 80 * MM), "关于做好年度工作总结的通知", fontsize=22, fontname=BODY_FONT)
    page.insert_text((28 * MM, 95 * MM), "各处室：现将有关事项通知如下。", fontsize=16, fontname=BODY_FONT)
    if text_at_mark_spot:
        page.insert_text((28 * MM, 55 * MM), "发文机关标志", fontsize=22, fontname=BODY_FONT)
    if rule_at_mark_spot:
        page.draw_line((20 * MM, 52 * MM), (190 * MM, 52 * MM), color=(1, 0, 0), width=1)
    if full_page:
        for row in range(int(size[1] // 20)):
            page.insert_text((10, 15 + row * 20), "满页正文" * 12, fontsize=14, fontname=BODY_FONT)
    document.new_page(width=size[0], height=size[1]).insert_text(
        (28 * MM, 60 * MM), "第二页正文。", fontsize=16, fontname=BODY_FONT)
    if rotation:
        document[0].set_rotation(rotation)
    options = {}
    if encrypt:
        options = dict(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    if owner_permissions is not None:  # opens without a password, restricted by permissions
        options = dict(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner",
                       permissions=owner_permissions)
    document.save(path, **options)
    return path
