"""Render a labelled case (tests/eval/cases/*.txt) into the file an office would publish.

A case is written once, in a small source format (tests/eval/README.md), and rendered as
DOCX (python-docx: real headers, footers, tables, page breaks), PDF (PyMuPDF: A4 公文 type
area, lines hard-wrapped as PDF writers do, header and footer on every page), HTML (a web
page with a table), Markdown, plain text (UTF-8) or XLSX (openpyxl). The case's own ``form``
is the one the evaluation scans; ``tests/test_eval_formats.py`` renders every case all ways.

    parse(source) -> Case            the blocks of one case
    render(case, form) -> bytes      the file in that form
    SUFFIX[form]                     the file name suffix for that form
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

FORMS = ("docx", "pdf", "html", "md", "txt", "xlsx")
SUFFIX = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md", "txt": ".txt",
          "xlsx": ".xlsx"}

# GB/T 9704-2012: A4, type area 156 × 225 mm, top margin 37 mm, left 28 mm; 3号 (16 pt) body.
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
BODY_PT, TITLE_PT, LINE = 16.0, 22.0, 225 * MM / 22
INDENT = "\u3000\u3000"


@dataclass
class Block:
    kind: str  # title, heading, para, right, table, pagebreak
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Case:
    form: str
    blocks: list[Block]
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "title"), "")


class CaseError(ValueError):
    """A case file that does not follow the source format; the message says where."""


def parse(source: str) -> Case:
    """The blocks of one case; raises CaseError on a malformed file."""
    head, sep, body = source.lstrip("\ufeff").partition("\n---\n")
    meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    form = meta.get("form", "").strip()
    if not sep or form not in FORMS:
        raise CaseError(f"needs a 'form: <{'|'.join(FORMS)}>' line and a '---' line, got {head[:40]!r}")
    case = Case(form=form, blocks=[])
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            cells = [c.strip() for c in line[1:-1].split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue  # a Markdown separator row
            if case.blocks and case.blocks[-1].kind == "table":
                case.blocks[-1].rows.append(cells)
            else:
                case.blocks.append(Block("table", rows=[cells]))
        elif line.startswith("@header"):
            case.header.append(line[len("@header"):].strip())
        elif line.startswith("@footer"):
            case.footer.append(line[len("@footer"):].strip())
        elif line.startswith("@pagebreak"):
            case.blocks.append(Block("pagebreak"))
        elif line.startswith("@right"):
            case.blocks.append(Block("right", line[len("@right"):].strip()))
        elif line.startswith("## "):
            case.blocks.append(Block("heading", line[3:].strip()))
        elif line.startswith("# "):
            case.blocks.append(Block("title", line[2:].strip()))
        else:
            case.blocks.append(Block("para", line))
    if not case.blocks:
        raise CaseError("no text")
    return case


def render(case: Case, form: str | None = None) -> bytes:
    form = form or case.form
    return {"docx": _docx, "pdf": _pdf, "html": _html, "md": _markdown, "txt": _text,
            "xlsx": _xlsx}[form](case)


# ------------------------------------------------------------------------------ DOCX

def _docx(case: Case) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    for lines, part in ((case.header, section.header), (case.footer, section.footer)):
        for n, text in enumerate(lines):
            p = part.paragraphs[0] if n == 0 else part.add_paragraph()
            p.text = text
    align = {"title": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
    for block in case.blocks:
        if block.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif block.kind == "table":
            width = max(len(r) for r in block.rows)
            table = doc.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            text = INDENT + block.text if block.kind == "para" else block.text
            p = doc.add_paragraph()
            p.alignment = align.get(block.kind, WD_ALIGN_PARAGRAPH.JUSTIFY)
            run = p.add_run(text)
            if block.kind == "title":
                run.font.size = Pt(TITLE_PT)
            run.font.bold = block.kind == "heading"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------- PDF

class _PdfWriter:
    """Lines placed one by one in the 公文 type area, wrapped by measured width."""

    FONT = "china-s"

    def __init__(self, case: Case):
        import pymupdf

        self.pymupdf = pymupdf
        self.case = case
        self.doc = pymupdf.open()
        self.page = None
        self.y = 0.0
        self.new_page()

    def width(self, text: str, size: float) -> float:
        # As drawn: insert_text sets Latin letters and digits of this CJK font full-width,
        # which Font.text_length does not know; measured with it, lines overran the type area.
        return self.pymupdf.get_text_length(text, fontname=self.FONT, fontsize=size)

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.y = TOP
        for n, text in enumerate(self.case.header):
            self.page.insert_text((LEFT, 20 * MM + n * 14), text, fontname=self.FONT,
                                  fontsize=10.5)
        for n, text in enumerate(self.case.footer):
            self.page.insert_text((LEFT, PAGE_H - 20 * MM + n * 14), text,
                                  fontname=self.FONT, fontsize=10.5)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        lines, current = [], ""
        for ch in text:
            if current and self.width(current + ch, size) > width:
                if ch in "，。、；：？！）》」”":  # 避头点: closing marks stay on their line
                    current, ch = current + ch, ""
                lines.append(current)
                current = ""
            current += ch
        return lines + [current] if current else lines

    def put(self, text: str, x: float, size: float) -> None:
        if self.y + size > TOP + HEIGHT:
            self.new_page()
        self.page.insert_text((x, self.y + size), text, fontname=self.FONT, fontsize=size)
        self.y += max(LINE, size * 1.5)

    def block(self, block: Block) -> None:
        if block.kind == "pagebreak":
            self.new_page()
        elif block.kind == "table":
            cols = max(len(r) for r in block.rows)
            cell_w = WIDTH / cols
            for row in block.rows:
                # Room for a closing mark kept on its line: text never leaves its cell.
                cells = [self.wrap(text, cell_w - 6 - 12, 12) or [""] for text in row]
                for n in range(max(len(c) for c in cells)):
                    if self.y + 12 > TOP + HEIGHT:
                        self.new_page()
                    for c, lines in enumerate(cells):
                        if n < len(lines):
                            self.page.insert_text((LEFT + c * cell_w + 3, self.y + 12),
                                                  lines[n], fontname=self.FONT, fontsize=12)
                    self.y += 18
                self.y += 4
            self.y += LINE / 2
        elif block.kind == "title":
            for piece in self.wrap(block.text, WIDTH, TITLE_PT):
                self.put(piece, LEFT + (WIDTH - self.width(piece, TITLE_PT)) / 2, TITLE_PT)
        elif block.kind == "right":
            self.put(block.text, LEFT + WIDTH - self.width(block.text, BODY_PT), BODY_PT)
        else:
            text = INDENT + block.text if block.kind == "para" else block.text
            for piece in self.wrap(text, WIDTH, BODY_PT):
                self.put(piece, LEFT, BODY_PT)

    def pdf(self) -> bytes:
        for block in self.case.blocks:
            self.block(block)
        self.doc.set_metadata({"title": self.case.title, "producer": "baomi tests/eval"})
        return self.doc.tobytes(garbage=3, deflate=True, no_new_id=True)


def _pdf(case: Case) -> bytes:
    return _PdfWriter(case).pdf()


# --------------------------------------------------------------------- web and text

def _html(case: Case) -> bytes:
    esc = html.escape
    body = []
    for block in case.blocks:
        if block.kind == "title":
            body.append(f"<h1>{esc(block.text)}</h1>")
        elif block.kind == "heading":
            body.append(f"<h2>{esc(block.text)}</h2>")
        elif block.kind == "right":
            body.append(f'<p class="right">{esc(block.text)}</p>')
        elif block.kind == "para":
            body.append(f"<p>{esc(block.text)}</p>")
        elif block.kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                           for row in block.rows)
            body.append(f"<table>{rows}</table>")
    header = "".join(f"<div class=\"header\">{esc(t)}</div>" for t in case.header)
    footer = "".join(f"<div class=\"footer\">{esc(t)}</div>" for t in case.footer)
    page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{esc(case.title)}</title></head><body>{header}<main>"
            + "\n".join(body) + f"</main>{footer}</body></html>")
    return page.encode("utf-8")


def _lines(case: Case, table_row, title_prefix: str = "", heading_prefix: str = "") -> list[str]:
    out = list(case.header)
    for block in case.blocks:
        if block.kind == "title":
            out.append(title_prefix + block.text)
        elif block.kind == "heading":
            out.append(heading_prefix + block.text)
        elif block.kind in ("para", "right"):
            out.append(block.text)
        elif block.kind == "table":
            out.extend(table_row(row, n) for n, row in enumerate(block.rows))
    return out + list(case.footer)


def _markdown(case: Case) -> bytes:
    def row(cells: list[str], n: int) -> str:
        line = "| " + " | ".join(cells) + " |"
        return line + "\n|" + "---|" * len(cells) if n == 0 else line

    return "\n\n".join(_lines(case, row, "# ", "## ")).encode("utf-8")


def _text(case: Case) -> bytes:
    return "\n".join(_lines(case, lambda cells, n: "\t".join(cells))).encode("utf-8")


def _xlsx(case: Case) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = (case.title or "Sheet1")[:31].translate(str.maketrans("", "", "[]:*?/\\"))
    if case.header:
        sheet.oddHeader.center.text = " ".join(case.header)
    if case.footer:
        sheet.oddFooter.center.text = " ".join(case.footer)
    for block in case.blocks:
        if block.kind == "table":
            for row in block.rows:
                sheet.append(row)
        elif block.kind != "pagebreak":
            sheet.append([block.text])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
