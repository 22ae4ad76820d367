"""SpreadsheetML (xlsx, xlsm, WPS et saved as xlsx) to Segments, reading the package parts
with lxml like docx.py.

Parts: text cells are ``table`` with cell=(sheet, row, col); cells on a hidden sheet or in a
hidden row or column are ``hidden`` (the file still carries them); print headers and footers
are ``header`` / ``footer`` (page = sheet number), one segment per section; sheet names are
``metadata`` (a hidden sheet's name is ``hidden``); cell comments are ``comment``; text boxes
drawn on a sheet are ``textbox``; document properties are ``metadata``. Numbers are not read:
they carry no words.
"""
from __future__ import annotations

import re
import zipfile

from lxml import etree

from scanner.extract.ooxml import add_segment, embedded_files, parse, rels
from scanner.extract.package import read_package
from scanner.model import Extraction

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
# Header/footer codes (ECMA-376 Part 1, 18.3.1.46): &L &C &R start the left, centre and right
# sections; &P, &N, &D, &T, &Z, &F, &A, &G are fields; &"font,style", &nn (size), &K colour and
# &B &I &U &E &S &X &Y (styles) format; && is a literal ampersand.
_HF_SECTION = re.compile(r"&[LCR]")
_HF_CODE = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d+|[PNDTZFAGBIUESXY])')
_HF_PARTS = {"oddHeader": "header", "evenHeader": "header", "firstHeader": "header",
             "oddFooter": "footer", "evenFooter": "footer", "firstFooter": "footer"}


def extract_xlsx(data: bytes) -> Extraction:
    return read_package(data, "xlsx", "xl/workbook.xml", _read_workbook)


def _read_workbook(zf: zipfile.ZipFile, book: str, result: Extraction) -> None:
    book_rels = rels(zf, book)
    shared: list[str] = []
    for kind, name in book_rels.values():
        if kind == "sharedStrings" and name in zf.NameToInfo:
            # Phonetic guides (rPh) are readings of the same text, not more text.
            shared = ["".join(t.text or "" for t in si.iter(f"{_S}t")
                              if t.getparent().tag != f"{_S}rPh")
                      for si in parse(zf, name).iter(f"{_S}si")]
    for sheet_no, sheet in enumerate(parse(zf, book).iter(f"{_S}sheet"), 1):
        hidden_sheet = sheet.get("state") in ("hidden", "veryHidden")
        add_segment(result, sheet.get("name", ""), "hidden" if hidden_sheet else "metadata", sheet_no)
        _, name = book_rels.get(sheet.get(f"{_R}id", ""), ("", ""))
        if name not in zf.NameToInfo:
            continue
        _read_sheet(zf, name, sheet_no, hidden_sheet, shared, result)


def _read_sheet(zf: zipfile.ZipFile, name: str, sheet_no: int, hidden_sheet: bool,
                shared: list[str], result: Extraction) -> None:
    root = parse(zf, name)
    hidden_cols: set[int] = set()
    for col in root.iter(f"{_S}col"):
        if col.get("hidden") in ("1", "true"):
            hidden_cols.update(range(int(col.get("min", "0")), int(col.get("max", "0")) + 1))
    for row in root.iter(f"{_S}row"):
        hidden_row = row.get("hidden") in ("1", "true")
        for c in row.iter(f"{_S}c"):
            text = _cell_text(c, shared)
            ref = _CELL_REF.match(c.get("r", ""))
            if not text or ref is None:
                continue
            row_no, col_no = int(ref.group(2)), _column_number(ref.group(1))
            hidden = hidden_sheet or hidden_row or col_no in hidden_cols
            add_segment(result, text, "hidden" if hidden else "table", sheet_no,
                 (sheet_no, row_no, col_no))
    for element in root.iter(*(f"{_S}{tag}" for tag in _HF_PARTS)):
        part = _HF_PARTS[etree.QName(element).localname]
        for section in header_footer_sections(element.text or ""):
            add_segment(result, section, part, sheet_no)
    sheet_rels = rels(zf, name)
    for kind, part_name in sheet_rels.values():
        if part_name not in zf.NameToInfo:
            continue
        if kind in ("comments", "threadedComment"):
            for comment in parse(zf, part_name).iter(f"{_S}comment", "{*}threadedComment"):
                add_segment(result, "".join(comment.itertext()), "comment", sheet_no)
        elif kind == "drawing":
            for paragraph in parse(zf, part_name).iter(f"{_A}p"):
                add_segment(result, "".join(t.text or "" for t in paragraph.iter(f"{_A}t")),
                     "textbox", sheet_no)
            result.attachments.extend(embedded_files(zf, rels(zf, part_name)))
    result.attachments.extend(embedded_files(zf, sheet_rels))


def header_footer_sections(code: str) -> list[str]:
    """The printed text of a header or footer: ``&L秘密★5年&C&"黑体,加粗"&14标题`` →
    ["秘密★5年", "标题"]; each section on its own, as it is printed apart."""
    return [_HF_CODE.sub("", section).replace("&&", "&").strip()
            for section in _HF_SECTION.split(code) if _HF_CODE.sub("", section).strip()]


def _cell_text(c: etree._Element, shared: list[str]) -> str:
    kind = c.get("t")
    if kind == "s":
        value = c.findtext(f"{_S}v") or ""
        return shared[int(value)] if value.isdigit() and int(value) < len(shared) else ""
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(f"{_S}t"))
    if kind == "str":  # the cached text result of a formula
        return c.findtext(f"{_S}v") or ""
    return ""


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
