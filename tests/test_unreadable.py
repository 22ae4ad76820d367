"""Fail closed: what cannot be fully read is review, never pass, never a traceback."""
import io
import zipfile

import pytest

from conftest import write_docx, write_pdf
from scanner.model import Status, Verdict


def test_encrypted_pdf_is_review(tmp_path, scan):
    path = write_pdf(tmp_path / "enc.pdf", ["秘密★1年", "关于某事项的通知"], encrypt_password="s3cret")
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and result.status is Status.UNREADABLE
    assert any("encrypted" in e for e in result.errors)


def test_corrupt_pdf_is_review(tmp_path, scan):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%garbage" + bytes(range(256)))
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and result.errors


def test_empty_file_is_review(tmp_path, scan):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert scan(path).status is Status.UNREADABLE


def test_image_named_pdf_is_review(tmp_path, scan):
    from conftest import pymupdf
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), False)
    path = tmp_path / "scan.pdf"
    path.write_bytes(pix.tobytes("png"))
    result = scan(path)
    assert result.status is Status.UNREADABLE and result.type == "png"


def test_image_only_pdf_page_is_review(tmp_path, scan):
    from conftest import pymupdf
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 50, 50), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 300, 300), pixmap=pix)
    path = tmp_path / "scanned.pdf"
    doc.save(path)
    result = scan(path)
    assert result.status is Status.UNREADABLE
    assert any("image-only" in e and "1" in e for e in result.errors)


def test_truncated_docx_is_review(tmp_path, scan):
    good = write_docx(tmp_path / "good.docx", ["关于召开会议的通知"])
    path = tmp_path / "cut.docx"
    path.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    assert scan(path).verdict is Verdict.REVIEW


def test_zip_without_word_document_is_review(tmp_path, scan):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/other.xml", "<x/>")
    path = tmp_path / "fake.docx"
    path.write_bytes(buf.getvalue())
    result = scan(path)
    assert result.verdict is Verdict.REVIEW and result.errors


def test_malformed_document_xml_is_review(tmp_path, scan):
    good = write_docx(tmp_path / "good.docx", ["关于召开会议的通知"])
    buf = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    path = tmp_path / "bad.docx"
    path.write_bytes(buf.getvalue())
    assert scan(path).verdict is Verdict.REVIEW


def _one_byte_changed(docx_path, part: str) -> bytes:
    """The package at ``docx_path`` with ``part`` stored uncompressed and one byte of it
    changed in place, the directory's CRC-32 left as it was: what a bad disk sector does."""
    buf = io.BytesIO()
    with zipfile.ZipFile(docx_path) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item), compress_type=zipfile.ZIP_STORED
                         if item.filename == part else zipfile.ZIP_DEFLATED)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle] = ord("x") if data[middle] != ord("x") else ord("y")
    return bytes(data)


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_part_with_a_bad_checksum_is_an_error(tmp_path, part):
    """A part is read in memory when it comes out whole (ooxml.read_part); one whose bytes
    do not match the directory's CRC-32 is an error, also for a styles part whose good
    twin was read just before (the styles cache must not stand in for it)."""
    from scanner.extract.docx import extract_docx
    good = write_docx(tmp_path / "good.docx", ["关于召开会议的通知"], hidden="内部资料")
    assert not extract_docx(good.read_bytes()).errors
    result = extract_docx(_one_byte_changed(good, part))
    assert any("CRC" in error for error in result.errors), result.errors


def test_entity_expansion_is_not_followed(tmp_path, scan):
    """A billion-laughs document.xml is refused by the parser, not expanded."""
    good = write_docx(tmp_path / "good.docx", ["关于召开会议的通知"])
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "秘密秘密秘密秘密">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, bomb.encode() if item.filename == "word/document.xml" else data)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buf.getvalue())
    result = scan(path)
    assert "秘密秘密" not in "".join(f.text for f in result.findings)


@pytest.mark.parametrize("name", ["notice.pdf", "notice.txt", "notice"])
def test_type_comes_from_content_not_name(tmp_path, scan, name):
    docx_bytes = write_docx(tmp_path / "real.docx", ["秘密★1年", "关于某事项的通知"]).read_bytes()
    path = tmp_path / name
    path.write_bytes(docx_bytes)
    result = scan(path)
    assert result.type == "docx" and result.status is Status.CLASSIFIED


def test_pdf_named_docx_is_read_as_pdf(tmp_path, scan):
    pdf = write_pdf(tmp_path / "real.pdf", ["机密★5年", "关于某事项的通知"])
    path = tmp_path / "report.docx"
    path.write_bytes(pdf.read_bytes())
    result = scan(path)
    assert result.type == "pdf" and result.marking.level == "机密"


def test_unreadable_file_on_disk_is_review(tmp_path, scan):
    path = tmp_path / "locked.pdf"
    path.write_bytes(b"%PDF-1.4")
    path.chmod(0)
    result = scan(path)
    path.chmod(0o644)
    # root can read anything; either way the file must not pass
    assert result.verdict is Verdict.REVIEW
