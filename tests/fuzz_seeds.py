"""Valid files of every format baomi reads, as seeds for the fuzz test and bench/fuzz_scan.py."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import write_docx, write_pdf

PARAGRAPHS = ["秘密★1年", "关于做好春季森林防火工作的通知", "拟提拔周海峰同志任局长，尚未公示，请严格保密。"]


def seeds(folder: Path) -> dict[str, bytes]:
    from ole_fixtures import write_doc
    from test_extract_web import write_ofd

    docx = write_docx(folder / "seed.docx", PARAGRAPHS, header="办公室",
                      table=[["密级", "秘密"]]).read_bytes()
    pdf = write_pdf(folder / "seed.pdf", PARAGRAPHS).read_bytes()
    html = ("<html><head><meta charset='utf-8'><title>通知</title></head><body><!-- 备注 -->"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("通知.docx", docx)
        zf.writestr("说明.txt", "\n\n".join(PARAGRAPHS).encode("gbk"))
    ofd = write_ofd([(p, 28, 37 + 8 * i) for i, p in enumerate(PARAGRAPHS)])
    return {"docx": docx, "pdf": pdf, "html": html, "zip": buf.getvalue(), "ofd": ofd,
            "doc": write_doc(PARAGRAPHS, comments=["请阅"]), **office_seeds(folder),
            **_deep_pdf_and_ofd(pdf)}


# The readers of issue 12: every OOXML part kind the relationship walk reads, RTF, MHT and
# Word 2003 XML. bench/fuzz_scan.py --kinds picks these.
NEW_READERS = ("docx-parts", "xlsx", "pptx", "rtf", "mht", "wordml")


def office_seeds(folder: Path) -> dict[str, bytes]:
    from test_office_hiding_places import (
        add_parts, chart, mht_document, picture_only_pptx, rtf_document, smartart_data,
        wordml_document,
    )

    base = write_docx(folder / "parts-base.docx", PARAGRAPHS[1:])
    embedded = write_docx(folder / "embedded.docx", PARAGRAPHS).read_bytes()
    var = '<w:docVars><w:docVar w:name="意见" w:val="请阅"/></w:docVars>'.encode()
    parts = add_parts(base, folder / "parts.docx", [
        ("word/document.xml", "diagramData", "word/diagrams/data1.xml", smartart_data(PARAGRAPHS[2])),
        ("word/document.xml", "chart", "word/charts/chart1.xml", chart("标题", "一季度", "完成数")),
        ("word/charts/chart1.xml", "package", "word/embeddings/Workbook1.docx", embedded),
        ("word/document.xml", "urn:example:oa/x", "word/oa/x.xml", "<x><y>备注</y></x>".encode()),
    ], edits={"word/settings.xml": lambda xml: xml.replace(b"</w:settings>", var + b"</w:settings>")})
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"], book.active["A2"] = PARAGRAPHS[0], PARAGRAPHS[2]
    book.active.oddHeader.left.text = PARAGRAPHS[0]
    book.save(folder / "seed.xlsx")
    return {
        "docx-parts": parts.read_bytes(), "xlsx": (folder / "seed.xlsx").read_bytes(),
        "pptx": picture_only_pptx(folder).read_bytes(),
        "rtf": rtf_document(PARAGRAPHS, header=PARAGRAPHS[0]),
        "mht": mht_document("".join(f"<p>{p}</p>" for p in PARAGRAPHS)),
        "wordml": wordml_document([[p[:2], p[2:]] for p in PARAGRAPHS], header="办公室"),
    }


def _deep_pdf_and_ofd(pdf: bytes) -> dict[str, bytes]:
    """A PDF with outlines, page labels, a layer and a page drawn as outlines; an OFD with a
    scanned page, a page of paths, outlines and custom tags: the catalogue and page-rule
    readers get mutated input too."""
    from conftest import pymupdf
    from test_ofd_pages import BODY, _glyph_paths, _image_layer, _text_layer, write_ofd_pages

    doc = pymupdf.open("pdf", pdf)
    doc.set_toc([[1, PARAGRAPHS[1], 1], [2, PARAGRAPHS[2], 1]])
    doc.set_page_labels([{"startpage": 0, "prefix": "内部-", "style": "D"}])
    doc.add_ocg("图层一")
    scratch = pymupdf.open()
    scratch.new_page().insert_text((72, 100), PARAGRAPHS[0], fontname="china-s", fontsize=16)
    doc.insert_pdf(pymupdf.open("pdf", pymupdf.open("svg", scratch[0].get_svg_image(
        text_as_path=True).encode()).convert_to_pdf()))
    ofd = write_ofd_pages(
        [_text_layer(BODY), _image_layer(), _glyph_paths(PARAGRAPHS[:1])],
        extra_document=f'<ofd:Outlines><ofd:OutlineElem Title="{PARAGRAPHS[1]}"/>'
                       "</ofd:Outlines><ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>",
        files={"Doc_0/Tags/CustomTags.xml": b"<Tags><FileLoc>Tag_0.xml</FileLoc></Tags>",
               "Doc_0/Tags/Tag_0.xml": f"<t>{PARAGRAPHS[2]}</t>".encode()})
    return {"pdf-deep": doc.tobytes(), "ofd-pages": ofd}
