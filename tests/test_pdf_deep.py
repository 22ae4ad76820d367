"""Every place a PDF hides text: a document whose only sensitive text sits there is blocked,
and the finding names that place (``location.part``)."""
from __future__ import annotations

from pathlib import Path

from conftest import A4, LINE, TYPE_AREA_LEFT, TYPE_AREA_TOP, pymupdf, write_pdf

from scanner.extract.pdf import extract_pdf
from scanner.extract.pdf_redactions import MAX_FILLS

SECRET = "拟提拔赵海燕同志任财政局副局长，尚未公示，请严格保密。"
# Harmless words: a failed redaction blocks whatever is under the box.
PLAIN = "联系人王某某，办公电话见附件。"
TITLE = "关于二〇二四年第三季度工作安排的通知"
BOX_Y = TYPE_AREA_TOP + LINE * 3  # baseline of the third line


def _parts(result, rule_prefix: str = "content.") -> set[str]:
    return {f.location.part for f in result.findings if f.rule.startswith(rule_prefix)}


def _pdf_with_box(path: Path, covered: str, *, box_first: bool = False,
                  fill=(0, 0, 0)) -> Path:
    """Title, a visible line, and ``covered`` on line 3 with a filled box over it (or,
    with ``box_first``, under it as a background)."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    box = pymupdf.Rect(TYPE_AREA_LEFT - 2, BOX_Y - 18, TYPE_AREA_LEFT + 16 * len(covered) + 2,
                       BOX_Y + 6)
    if box_first:
        page.draw_rect(box, color=None, fill=fill)
    page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE), TITLE, fontname="china-s",
                     fontsize=16)
    page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE * 2), "现将有关事项通知如下。",
                     fontname="china-s", fontsize=16)
    page.insert_text((TYPE_AREA_LEFT, BOX_Y), covered, fontname="china-s", fontsize=16,
                     color=(1, 1, 1) if box_first else (0, 0, 0))
    if not box_first:
        page.draw_rect(box, color=None, fill=fill)
    doc.save(path)
    return path


def test_black_box_over_text_is_a_failed_redaction(tmp_path, scan):
    result = scan(_pdf_with_box(tmp_path / "boxed.pdf", PLAIN))
    assert (result.verdict.value, result.status.value) == ("block", "unmarked-sensitive")
    [finding] = [f for f in result.findings if f.location.part == "redacted"]
    assert finding.rule == "content.failed-redaction" and finding.severity == "high"
    assert finding.category == "redaction"
    assert finding.text == PLAIN and finding.location.page == 1


def test_the_same_words_without_a_box_pass(tmp_path, scan):
    result = scan(write_pdf(tmp_path / "plain.pdf", [TITLE, "现将有关事项通知如下。", PLAIN]))
    assert (result.verdict.value, result.status.value) == ("pass", "clean"), result.findings


def test_box_over_personnel_text_blocks_as_redacted(tmp_path, scan):
    result = scan(_pdf_with_box(tmp_path / "appointment.pdf", SECRET, fill=(0.1, 0.1, 0.1)))
    assert result.verdict.value == "block"
    assert any(f.location.part == "redacted" and "拟提拔" in f.text for f in result.findings)


def test_applied_redaction_passes(tmp_path, scan):
    """The text is really gone: a proper redaction (apply_redactions) is no finding."""
    path = _pdf_with_box(tmp_path / "proper.pdf", SECRET)
    doc = pymupdf.open(path)
    page = doc[0]
    for rect in page.search_for("拟提拔"):
        page.add_redact_annot(rect.include_rect(page.search_for("保密")[0]), fill=(0, 0, 0))
    page.apply_redactions()
    doc.save(tmp_path / "applied.pdf", garbage=4)
    result = scan(tmp_path / "applied.pdf")
    assert (result.verdict.value, result.status.value) == ("pass", "clean"), result.findings


def test_placeholders_under_a_box_are_no_failed_redaction(tmp_path, scan):
    for n, placeholder in enumerate(("XXXXXXXX", "（此处已删除）", "REDACTED", "＊＊＊＊")):
        result = scan(_pdf_with_box(tmp_path / f"placeholder{n}.pdf", placeholder))
        assert (result.verdict.value, result.status.value) == ("pass", "clean"), \
            (placeholder, result.findings)


def test_background_box_under_visible_text_passes(tmp_path, scan):
    """Dark box first, white text on it: the reader sees the text, nothing is hidden."""
    result = scan(_pdf_with_box(tmp_path / "banner.pdf", PLAIN, box_first=True))
    assert not _parts(result) & {"redacted"}, result.findings


def test_light_highlight_over_text_passes(tmp_path, scan):
    result = scan(_pdf_with_box(tmp_path / "yellow.pdf", PLAIN, fill=(1, 1, 0)))
    assert (result.verdict.value, result.status.value) == ("pass", "clean"), result.findings


def test_unapplied_redact_annotation_blocks(tmp_path, scan):
    path = write_pdf(tmp_path / "marked-for-redaction.pdf", [TITLE, PLAIN])
    doc = pymupdf.open(path)
    page = doc[0]
    page.add_redact_annot(page.search_for("王某某")[0])
    doc.save(tmp_path / "unapplied.pdf")
    result = scan(tmp_path / "unapplied.pdf")
    assert result.verdict.value == "block"
    assert [f.text for f in result.findings if f.location.part == "redacted"] == ["王某某"]


def test_dark_square_annotation_over_text_blocks(tmp_path, scan):
    path = write_pdf(tmp_path / "base.pdf", [TITLE, PLAIN])
    doc = pymupdf.open(path)
    page = doc[0]
    square = page.add_rect_annot(page.search_for(PLAIN)[0])
    square.set_colors(stroke=(0, 0, 0), fill=(0, 0, 0))
    square.update()
    doc.save(tmp_path / "square.pdf")
    result = scan(tmp_path / "square.pdf")
    assert result.verdict.value == "block"
    assert [f.text for f in result.findings if f.location.part == "redacted"] == [PLAIN]


def test_black_image_over_text_blocks(tmp_path, scan):
    path = write_pdf(tmp_path / "base.pdf", [TITLE, PLAIN])
    doc = pymupdf.open(path)
    page = doc[0]
    black = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 10), False)
    black.clear_with(0)
    page.insert_image(page.search_for(PLAIN)[0] + (-1, -1, 1, 1), stream=black.tobytes("png"),
                      keep_proportion=False)
    doc.save(tmp_path / "image-box.pdf")
    result = scan(tmp_path / "image-box.pdf")
    assert result.verdict.value == "block"
    assert [f.text for f in result.findings if f.location.part == "redacted"] == [PLAIN]


def test_white_text_is_hidden_and_blocks(tmp_path, scan):
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE), TITLE, fontname="china-s",
                     fontsize=16)
    page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE * 2), SECRET, fontname="china-s",
                     fontsize=16, color=(1, 1, 1))
    doc.save(tmp_path / "white.pdf")
    result = scan(tmp_path / "white.pdf")
    assert result.verdict.value == "block"
    assert _parts(result) == {"hidden"}


def test_off_page_and_tiny_text_are_hidden(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE), TITLE, fontname="china-s",
                     fontsize=16)
    page.insert_text((A4[0] + 50, 100), "页外文字", fontname="china-s", fontsize=16)
    page.insert_text((TYPE_AREA_LEFT, 400), "极小文字", fontname="china-s", fontsize=1)
    extraction = extract_pdf(doc.tobytes())
    by_part = {s.part: [] for s in extraction.segments}
    for s in extraction.segments:
        by_part[s.part].append(s.text)
    assert by_part == {"body": [TITLE], "hidden": ["页外文字", "极小文字"]}


def test_off_page_secret_blocks_as_hidden(tmp_path, scan):
    result = scan(write_pdf(tmp_path / "offpage.pdf", [TITLE, (SECRET, 40, A4[1] + 60)]))
    assert result.verdict.value == "block"
    assert _parts(result) == {"hidden"}


XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="WPS 文字">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">工作安排</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt>
   </dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def test_xmp_description_blocks_as_metadata(tmp_path, scan):
    doc = pymupdf.open(write_pdf(tmp_path / "base.pdf", [TITLE, "现将有关事项通知如下。"]))
    doc.set_xml_metadata(XMP.format(description=SECRET))
    doc.save(tmp_path / "xmp.pdf")
    result = scan(tmp_path / "xmp.pdf")
    assert result.verdict.value == "block"
    assert _parts(result) == {"metadata"}
    texts = [s.text for s in extract_pdf((tmp_path / "xmp.pdf").read_bytes()).segments
             if s.part == "metadata"]
    assert texts == ["工作安排", SECRET]  # the tool name is no metadata a person wrote


def test_text_removed_by_an_incremental_update_is_deleted(tmp_path, scan):
    path = write_pdf(tmp_path / "rev1.pdf", [TITLE, "现将有关事项通知如下。", SECRET])
    doc = pymupdf.open(path)
    page = doc[0]
    page.add_redact_annot(page.search_for(SECRET[:12])[0] | page.search_for(SECRET[-6:])[0])
    page.apply_redactions()
    doc.saveIncr()
    doc.close()
    data = path.read_bytes()
    assert data.count(b"%%EOF") == 2
    latest = pymupdf.open(path)
    assert "拟提拔" not in latest[0].get_text()
    result = scan(path)
    assert result.verdict.value == "block"
    assert _parts(result) == {"deleted"}
    assert {f.location.page for f in result.findings} == {1}


def test_an_incremental_update_that_deletes_nothing_passes(tmp_path, scan):
    path = write_pdf(tmp_path / "rev1.pdf", [TITLE, "现将有关事项通知如下。"])
    doc = pymupdf.open(path)
    doc[0].insert_text((TYPE_AREA_LEFT, TYPE_AREA_TOP + LINE * 3), "特此通知。",
                       fontname="china-s", fontsize=16)
    doc.saveIncr()
    doc.close()
    result = scan(path)
    assert (result.verdict.value, result.status.value) == ("pass", "clean"), result.findings


def test_page_with_too_many_fills_is_review_not_a_hang(tmp_path, scan):
    """Dark specks over the title make the page a candidate; too many to check is review."""
    doc = pymupdf.open(write_pdf(tmp_path / "base.pdf", [TITLE]))
    page = doc[0]
    x0, y0 = round(TYPE_AREA_LEFT), round(A4[1] - TYPE_AREA_TOP - LINE)  # PDF space: y up
    fills = b"0 g\n" + b"".join(b"%d %d 2 2 re f\n" % (x0 + i % 250, y0 + i // 250 % 12)
                                  for i in range(MAX_FILLS + 1))
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, fills)
    doc.xref_set_key(page.xref, "Contents", f"[{page.get_contents()[0]} 0 R {xref} 0 R]")
    doc.save(tmp_path / "hostile.pdf", deflate=True)
    result = scan(tmp_path / "hostile.pdf")
    assert (result.verdict.value, result.status.value) == ("review", "unreadable")
    assert any("filled shapes" in e for e in result.errors), result.errors


def test_broken_xmp_is_review(tmp_path, scan):
    doc = pymupdf.open(write_pdf(tmp_path / "base.pdf", [TITLE]))
    doc.set_xml_metadata("<x:xmpmeta xmlns:x='adobe:ns:meta/'><unclosed>")
    doc.save(tmp_path / "badxmp.pdf")
    result = scan(tmp_path / "badxmp.pdf")
    assert result.verdict.value == "review"
    assert any("XMP" in e for e in result.errors)


def _wrapper_content_bytes(doc, page) -> int:
    """The reference: what PyMuPDF's own ``xref_get_key`` reads for each content stream."""
    total = 0
    for xref in page.get_contents():
        kind, length = doc.xref_get_key(xref, "Length")
        total += int(length) if kind == "int" else 0
    return total


def test_content_length_read_as_pymupdf_reads_it(tmp_path):
    """content_bytes (MuPDF's calls) gives what xref_get_key gives, page by page: on built
    pages (so that a clone without the shared corpus still checks nine), the sample
    documents and the shared corpus's PDFs, and on a page whose stream's /Length is
    indirect (counts 0 both ways) or claims more than the limit (over it both ways). The
    bound the page pass asks first (``upper``) is never below the count, or an oversized
    page would be read as if it were not."""
    from scanner.extract.pdf import MAX_CONTENT_BYTES, content_bytes, page_object, pdf_document

    def length(pdf, page, upper: bool = False) -> int:
        return content_bytes(pdf, page_object(pdf, page.number, pymupdf), pymupdf, upper=upper)

    pages = 0
    for path, doc, pdf, page in _readable_pages([_pages_with_facts(tmp_path), *_corpus_pdfs()]):
        assert length(pdf, page) == _wrapper_content_bytes(doc, page), (path.name, page.number)
        assert length(pdf, page, upper=True) >= length(pdf, page), (path.name, page.number)
        pages += 1
    assert pages >= 12
    write_pdf(tmp_path / "one.pdf", ["某局文件"])
    with pymupdf.open(tmp_path / "one.pdf") as doc:  # edited in memory: a save rewrites /Length
        page, pdf = doc[0], pdf_document(doc, pymupdf)
        number = doc.get_new_xref()
        doc.update_object(number, str(MAX_CONTENT_BYTES + 1))
        doc.xref_set_key(page.get_contents()[0], "Length", f"{number} 0 R")
        assert length(pdf, page) == _wrapper_content_bytes(doc, page) == 0
        assert length(pdf, page, upper=True) == MAX_CONTENT_BYTES + 1  # the bound resolves it
        doc.xref_set_key(page.get_contents()[0], "Length", str(MAX_CONTENT_BYTES + 1))
        assert length(pdf, page) == _wrapper_content_bytes(doc, page) \
            == length(pdf, page, upper=True) == MAX_CONTENT_BYTES + 1


def _corpus_pdfs() -> list[Path]:
    root = Path(__file__).resolve().parents[1]
    return sorted((root / "sample_docs").glob("*.pdf")) + \
        sorted((root.parent / "shared" / "corpus").rglob("*.pdf"))


def _readable_pages(paths: list[Path]):
    """(path, document, its low-level pdf, page) for every page of the PDFs that open
    without a password; the rest are skipped."""
    from scanner.extract.pdf import pdf_document

    for path in paths:
        try:
            doc = pymupdf.open(path)
        except pymupdf.FileDataError:
            continue
        with doc:
            if doc.needs_pass or not doc.is_pdf:
                continue
            pdf = pdf_document(doc, pymupdf)
            for page in doc:
                yield path, doc, pdf, page


def _pages_with_facts(tmp_path) -> Path:
    """Pages that exercise each way a page's images and annotations can be written: an image
    drawn directly, an image only inside a form XObject, a note, /Annots as an empty array,
    as null, as a reference to null, and pages turned by /Rotate."""
    image = pymupdf.open()
    image.new_page(width=100, height=100).insert_image(
        pymupdf.Rect(0, 0, 100, 100), pixmap=pymupdf.Pixmap(pymupdf.csRGB, (0, 0, 8, 8), 0))
    doc = pymupdf.open(write_pdf(tmp_path / "base.pdf", [TITLE, PLAIN]))
    for _ in range(8):
        doc.new_page(width=A4[0], height=A4[1]).insert_text((72, 100), PLAIN,
                                                            fontname="china-s")
    doc[1].insert_image(pymupdf.Rect(72, 200, 172, 300),
                        pixmap=pymupdf.Pixmap(pymupdf.csRGB, (0, 0, 8, 8), 0))
    doc[2].show_pdf_page(pymupdf.Rect(72, 200, 172, 300), image, 0)  # a form holding it
    doc[3].add_text_annot((72, 72), "批注")
    doc.xref_set_key(doc[4].xref, "Annots", "[]")
    doc.xref_set_key(doc[5].xref, "Annots", "null")
    nothing = doc.get_new_xref()
    doc.update_object(nothing, "null")
    doc.xref_set_key(doc[6].xref, "Annots", f"{nothing} 0 R")
    doc[7].set_rotation(90)
    doc[8].set_rotation(270)
    doc[0].set_rotation(180)
    doc.save(tmp_path / "facts.pdf")
    return tmp_path / "facts.pdf"


def test_page_facts_and_geometry_read_as_pymupdf_reads_them(tmp_path):
    """The page pass's low-level reads give what PyMuPDF's wrappers give, page by page, on
    the sample documents, the shared corpus's PDFs and pages built for each case: images
    (``get_images``), annotations (the /Annots key by ``xref_get_key``), the page size and
    the rotation matrices."""
    from scanner.extract.pdf import _facts, _geometry, _rotation, page_object

    built = _pages_with_facts(tmp_path)
    seen = {"images": 0, "annotations": 0, "turned": 0}
    for path, doc, pdf, page in _readable_pages([built, *_corpus_pdfs()]):
        obj = page_object(pdf, page.number, pymupdf)
        facts = _facts(doc, pdf, page, obj, pymupdf)
        annotations = doc.xref_get_key(page.xref, "Annots")[0] != "null"
        assert (facts.images, facts.annotations) == (
            bool(page.get_images(full=False)), annotations), (path.name, page.number)
        rotation = _rotation(obj, pymupdf)
        assert rotation == page.rotation, (path.name, page.number)
        geometry = _geometry(page, rotation, pymupdf)
        assert geometry.size == (page.rect.width, page.rect.height)
        assert geometry.turn == tuple(page.rotation_matrix), (path.name, page.number)
        assert geometry.area == tuple(page.rect * page.derotation_matrix)
        seen["images"] += facts.images
        seen["annotations"] += facts.annotations
        seen["turned"] += page.rotation != 0
    assert seen["images"] >= 2 and seen["annotations"] >= 3 and seen["turned"] >= 3, seen


def test_the_text_pass_reads_as_get_text_dict(tmp_path):
    """The one text pass (``_layout``) gives what ``page.get_text("dict")`` gives with the
    same flags, upright and rotated pages alike, on the same pages as above."""
    from scanner.extract.pdf import _TEXT_FLAGS_NAMES, _layout, _rotation, page_object

    flags = pymupdf.TEXT_COLLECT_VECTORS
    for name in _TEXT_FLAGS_NAMES:
        flags |= getattr(pymupdf, name)
    turned = 0
    for path, _doc, pdf, page in _readable_pages([_pages_with_facts(tmp_path), *_corpus_pdfs()]):
        rotation = _rotation(page_object(pdf, page.number, pymupdf), pymupdf)
        expected = page.get_text("dict", flags=flags, sort=True,
                                 clip=pymupdf.INFINITE_RECT())["blocks"]
        assert _layout(page, rotation, flags, pymupdf) == expected, (path.name, page.number)
        turned += rotation != 0
    assert turned >= 3
