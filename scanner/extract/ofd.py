"""OFD (GB/T 33190-2016, the Chinese fixed-layout format) to Segments.

An OFD file is a zip: ``OFD.xml`` names each document's ``Document.xml``, which lists its
pages (``Pages/Page_N/Content.xml``), templates, annotations and attachments. Text is
``TextObject``/``TextCode`` with a ``Boundary`` in millimetres. Segments carry bbox and
page_size in points with a top-left origin, like PDF, so the marking detector finds a
marking at the top of page 1.

Text objects are grouped as a reader sees them (heuristics):
- ``same line``: objects whose vertical centres are within half a line height of each
  other, ordered left to right (some producers write one object per character);
- ``same block``: consecutive lines whose gap is at most ``_BLOCK_GAP`` line heights,
  joined by newlines (as PDF blocks are), so a sentence wrapped over two lines is one
  passage while the marking lines above the title stay lines of their own.
Parts: page text and page-template text are ``body``; annotations (stamps, watermarks,
remarks) are ``annotation``; DocInfo (title, author, keywords, custom data), outlines,
bookmarks, custom tags and extensions are ``metadata``; attached files are attachments.

Every child of the document body is read, read elsewhere or listed in ``NOT_READ`` with its
reason; an unknown one is read generically (its text, and the XML files it names).

A page that draws something but yields no plausible text (heuristics as for PDF):
- ``scan``: one or more images and no text → OCR of the images where installed, else review;
- ``outline-shapes``: at least ``MIN_OUTLINE_SHAPES`` paths and no text or image: glyphs
  converted to outlines (转曲) → review (OCR does not render OFD paths);
- ``garbled``: the page's text is no text a person wrote (plausible.py) → review.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from scanner.extract import ocr
from scanner.extract.ooxml import READ_ERRORS, PackageError, add_segment, parse, read_part
from scanner.extract.plausible import garbled
from scanner.model import Attachment, Extraction, Segment

_OFD = "{http://www.ofdspec.org/2016}"
MM = 72 / 25.4
_A4_MM = (210.0, 297.0)
_BLOCK_GAP = 1.0
_DOCINFO_FIELDS = ("Title", "Author", "Subject", "Abstract", "Keyword", "CustomData",
                   "Creator")
MIN_OUTLINE_SHAPES = 8  # as for PDF: a few glyphs' outlines, no icon
# Children of ofd:Document (GB/T 33190-2016 7.5) and of ofd:DocBody (7.4).
READ = {
    "CommonData": "resources and page templates (template text is read with each page)",
    "Pages": "page text, images and paths", "Annotations": "annotation",
    "Attachments": "attachments", "Outlines": "metadata", "Bookmarks": "metadata",
    "CustomTags": "metadata", "Extensions": "metadata", "DocInfo": "metadata",
    "DocRoot": "the document itself",
}
NOT_READ = {
    "Permissions": "switches (edit, print, copy) and dates",
    "Actions": "links and scripts run on opening: no document text",
    "VPreferences": "display switches",
    "Signatures": "signature and seal data (certificates, seal images); a seal's visible "
                  "appearance is drawn on the page or as an annotation, read there",
}
# Versions: other versions of the document's files; not read, so the file is review.
UNREAD_VERSIONS = "document versions (ofd:Versions): the files of other versions are not read"


@dataclass
class _Text:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in mm, top-left origin


def extract_ofd(data: bytes) -> Extraction:
    result = Extraction(type="ofd")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "OFD.xml" not in zf.NameToInfo:
                raise PackageError("not an OFD file: OFD.xml is missing")
            entry = parse(zf, "OFD.xml")
            roots = [el.text.strip().lstrip("/") for el in entry.iter(f"{_OFD}DocRoot")
                     if el.text]
            if not roots:
                raise PackageError("OFD file without a document (no DocRoot)")
            _doc_info(entry, result)
            if entry.find(f".//{_OFD}Versions") is not None:
                result.errors.append(UNREAD_VERSIONS)
            for root in roots:
                _document(zf, root, result)
    except PackageError as exc:
        result.errors.append(str(exc))
    except READ_ERRORS as exc:
        result.errors.append(f"corrupt ofd: {type(exc).__name__}: {exc}")
    return result


def _resolve(base_dir: str, loc: str) -> str:
    loc = loc.strip()
    return loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(
        posixpath.join(base_dir, loc))


def _floats(value: str | None, count: int) -> tuple[float, ...] | None:
    try:
        numbers = tuple(float(v) for v in (value or "").split())
    except ValueError:
        return None
    return numbers if len(numbers) == count else None


def _doc_info(ofd: etree._Element, result: Extraction) -> None:
    for el in ofd.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in _DOCINFO_FIELDS and \
                el.text and el.text.strip():
            add_segment(result, el.text.strip(), "metadata", None)


def _document(zf: zipfile.ZipFile, doc_path: str, result: Extraction) -> None:
    doc = parse(zf, doc_path)
    base = posixpath.dirname(doc_path)
    default_box = _floats(doc.findtext(f".//{_OFD}CommonData/{_OFD}PageArea/{_OFD}PhysicalBox"),
                          4)
    templates = {t.get("ID"): _resolve(base, t.get("BaseLoc", ""))
                 for t in doc.iter(f"{_OFD}TemplatePage")}
    media = _media_files(zf, doc, base)
    page_files: dict[str, int] = {}
    unread: list[tuple[int, str, tuple[float, float], list]] = []
    for page_no, page in enumerate(doc.iter(f"{_OFD}Page"), 1):
        page_path = _resolve(base, page.get("BaseLoc", ""))
        page_files[page.get("ID", "")] = page_no
        if page_path not in zf.NameToInfo:
            result.errors.append(f"page {page_no}: {page_path} is missing")
            continue
        content = parse(zf, page_path)
        box = _floats(content.findtext(f".//{_OFD}Area/{_OFD}PhysicalBox"), 4) or default_box
        size_mm = (box[2], box[3]) if box else _A4_MM
        layers = [content]
        for template in content.iter(f"{_OFD}Template"):
            path = templates.get(template.get("TemplateID"))
            if path and path in zf.NameToInfo:
                layers.append(parse(zf, path))
        texts = [t for layer in layers for t in _text_objects(layer)]
        _blocks(texts, "body", page_no, size_mm, result)
        why = _why_unread(layers, texts)
        if why:
            images = [(media[i.get("ResourceID", "")], _floats(i.get("Boundary"), 4))
                      for layer in layers for i in layer.iter(f"{_OFD}ImageObject")
                      if i.get("ResourceID") in media]
            unread.append((page_no, why, size_mm, images))
    _annotations(zf, doc, base, page_files, default_box, result)
    _attachments(zf, doc, base, result)
    _other_children(zf, doc, base, result)
    _read_by_ocr(zf, unread, result)


def _why_unread(layers: list[etree._Element], texts: list[_Text]) -> str | None:
    """The page rule (see the module docstring): why the page's text is not what it shows."""
    if texts:
        why = garbled("".join(t.text for t in texts))
        return f"garbled text layer: {why}" if why else None
    images = sum(1 for layer in layers for _ in layer.iter(f"{_OFD}ImageObject"))
    if images:
        return f"image-only page with no text ({images} images: a scan?)"
    paths = sum(1 for layer in layers for _ in layer.iter(f"{_OFD}PathObject"))
    if paths >= MIN_OUTLINE_SHAPES:
        return f"draws {paths} paths and no text: text converted to outlines (转曲)?"
    return None


def _media_files(zf: zipfile.ZipFile, doc: etree._Element, base: str) -> dict[str, str]:
    """MultiMedia resource ID → the image file's path in the package."""
    out: dict[str, str] = {}
    for loc in (doc.findtext(f"{_OFD}CommonData/{_OFD}PublicRes"),
                doc.findtext(f"{_OFD}CommonData/{_OFD}DocumentRes")):
        path = _resolve(base, loc) if loc else ""
        if path not in zf.NameToInfo:
            continue
        res = parse(zf, path)
        folder = _resolve(posixpath.dirname(path), res.get("BaseLoc", ""))
        for item in res.iter(f"{_OFD}MultiMedia"):
            file = _resolve(folder, item.findtext(f"{_OFD}MediaFile") or "")
            if file in zf.NameToInfo:
                out[item.get("ID", "")] = file
    return out


def _read_by_ocr(zf: zipfile.ZipFile, pages: list, result: Extraction) -> None:
    """Scanned pages' images by OCR where installed, the lines placed on the page where the
    image is drawn; every other unread page is review."""
    for page_no, why, size_mm, images in pages[:ocr.MAX_PAGES]:
        if not images or not ocr.available() or why.startswith("garbled"):
            hint = ocr.NO_OCR if images and not ocr.available() else "not read"
            result.errors.append(f"page {page_no}: {why}; {hint}")
            continue
        found = 0
        for image, boundary in images:
            try:
                found += _ocr_image(read_part(zf, image), boundary, page_no, size_mm, result)
            except Exception as exc:  # an image the decoder or OCR runtime rejects
                result.errors.append(f"page {page_no}: {why}; OCR failed ({exc})")
        if not found:
            result.errors.append(f"page {page_no}: {why}; OCR found no text on it")
    for page_no, why, _size, _images in pages[ocr.MAX_PAGES:]:
        result.errors.append(f"page {page_no}: {why}; not read (only {ocr.MAX_PAGES} pages "
                             "are read by OCR)")


def _ocr_image(data: bytes, boundary, page_no: int, size_mm: tuple[float, float],
               result: Extraction) -> int:
    """OCR lines of one image as ``ocr`` Segments boxed in page points; how many."""
    from markers._pymupdf import load_pymupdf

    pixmap = load_pymupdf().Pixmap(data)
    x, y, w, h = boundary or (0.0, 0.0, *size_mm)
    sx, sy = w / max(pixmap.width, 1), h / max(pixmap.height, 1)
    lines = ocr.recognise(data)
    for text, (x0, y0, x1, y1) in lines:
        result.segments.append(Segment(
            text, "ocr", page_no, len(result.segments) + 1,
            bbox=((x + x0 * sx) * MM, (y + y0 * sy) * MM, (x + x1 * sx) * MM, (y + y1 * sy) * MM),
            page_size=(size_mm[0] * MM, size_mm[1] * MM), order=len(result.segments) + 1))
    return len(lines)


def _other_children(zf: zipfile.ZipFile, doc: etree._Element, base: str,
                    result: Extraction) -> None:
    """Outlines and bookmarks (titles and names), custom tags and extensions (their text and
    the XML files they name), and any child the standard does not list, read generically."""
    for child in doc:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in NOT_READ or name in ("CommonData", "Pages", "Annotations", "Attachments"):
            continue
        if name in ("Outlines", "Bookmarks"):
            for el in child.iter(f"{_OFD}OutlineElem", f"{_OFD}Bookmark"):
                title = el.get("Title") or el.get("Name") or ""
                if title.strip():
                    add_segment(result, title.strip(), "metadata", None)
            continue
        _generic(zf, child, base, result)


def _generic(zf: zipfile.ZipFile, element: etree._Element, base: str,
             result: Extraction, depth: int = 0) -> None:
    """Text nodes and attribute values of ``element``; a text naming an XML file of the
    package is that file, read the same way (two levels deep)."""
    for el in element.iter():
        values = [el.text or ""] + [v for v in el.attrib.values()] \
            if isinstance(el.tag, str) else []
        for value in values:
            value = value.strip()
            if not value:
                continue
            path = _resolve(base, value)
            if path.lower().endswith(".xml") and path in zf.NameToInfo:
                if depth < 2:
                    _generic(zf, parse(zf, path), posixpath.dirname(path), result, depth + 1)
            elif any(not c.isascii() for c in value) or " " in value:
                add_segment(result, value, "metadata", None)


def _text_objects(root: etree._Element) -> list[_Text]:
    out = []
    for obj in root.iter(f"{_OFD}TextObject"):
        text = "".join(code.text or "" for code in obj.iter(f"{_OFD}TextCode"))
        boundary = _floats(obj.get("Boundary"), 4)
        if text.strip() and boundary:
            x, y, w, h = boundary
            out.append(_Text(text, (x, y, x + w, y + h)))
    return out


def _lines(texts: list[_Text]) -> list[_Text]:
    lines: list[list[_Text]] = []
    for item in sorted(texts, key=lambda t: (t.box[1] + t.box[3]) / 2):
        centre = (item.box[1] + item.box[3]) / 2
        height = item.box[3] - item.box[1]
        if lines:
            last = lines[-1][-1]
            if abs((last.box[1] + last.box[3]) / 2 - centre) <= max(height, 0.1) / 2:
                lines[-1].append(item)
                continue
        lines.append([item])
    out = []
    for line in lines:
        line.sort(key=lambda t: t.box[0])
        out.append(_Text("".join(t.text for t in line), _union(line)))
    return out


def _union(items: list[_Text]) -> tuple[float, float, float, float]:
    return (min(t.box[0] for t in items), min(t.box[1] for t in items),
            max(t.box[2] for t in items), max(t.box[3] for t in items))


def _blocks(texts: list[_Text], part: str, page: int | None,
            size_mm: tuple[float, float], result: Extraction) -> None:
    block: list[_Text] = []
    for line in _lines(texts):
        if block:
            prev = block[-1]
            height = prev.box[3] - prev.box[1]
            if line.box[1] - prev.box[3] > _BLOCK_GAP * height:
                _emit(block, part, page, size_mm, result)
                block = []
        block.append(line)
    if block:
        _emit(block, part, page, size_mm, result)


def _emit(block: list[_Text], part: str, page: int | None, size_mm: tuple[float, float],
          result: Extraction) -> None:
    x0, y0, x1, y1 = _union(block)
    result.segments.append(Segment(
        "\n".join(t.text for t in block), part, page, len(result.segments) + 1,
        bbox=(x0 * MM, y0 * MM, x1 * MM, y1 * MM),
        page_size=(size_mm[0] * MM, size_mm[1] * MM), order=len(result.segments) + 1))


def _index_part(zf: zipfile.ZipFile, doc: etree._Element, base: str, tag: str, what: str,
                result: Extraction) -> str | None:
    """The package path of the list the document names in ``tag`` (Annotations,
    Attachments); None when it names none, or when the part is missing (an error then)."""
    location = doc.findtext(f"{_OFD}{tag}")
    if not location:
        return None
    path = _resolve(base, location)
    if path not in zf.NameToInfo:
        result.errors.append(f"{what} {path} is missing")
        return None
    return path


def _annotations(zf: zipfile.ZipFile, doc: etree._Element, base: str,
                 page_files: dict[str, int], default_box: tuple[float, ...] | None,
                 result: Extraction) -> None:
    """Annots/Annotations.xml lists an annotation file per page; each Annot has a Remark
    and an Appearance drawn with text objects."""
    index_path = _index_part(zf, doc, base, "Annotations", "annotation list", result)
    if index_path is None:
        return
    size_mm = (default_box[2], default_box[3]) if default_box else _A4_MM
    for page in parse(zf, index_path).iter(f"{_OFD}Page"):
        page_no = page_files.get(page.get("PageID", ""))
        path = _resolve(posixpath.dirname(index_path), page.findtext(f"{_OFD}FileLoc") or "")
        if path not in zf.NameToInfo:
            continue
        for annot in parse(zf, path).iter(f"{_OFD}Annot"):
            remark = annot.findtext(f"{_OFD}Remark")
            if remark and remark.strip():
                add_segment(result, remark.strip(), "annotation", page_no)
            _blocks(_text_objects(annot), "annotation", page_no, size_mm, result)


def _attachments(zf: zipfile.ZipFile, doc: etree._Element, base: str,
                 result: Extraction) -> None:
    index_path = _index_part(zf, doc, base, "Attachments", "attachment list", result)
    if index_path is None:
        return
    folder = posixpath.dirname(index_path)
    for item in parse(zf, index_path).iter(f"{_OFD}Attachment"):
        path = _resolve(folder, item.findtext(f"{_OFD}FileLoc") or "")
        if path in zf.NameToInfo:
            result.attachments.append(Attachment(item.get("Name") or path, read_part(zf, path)))
        else:
            result.errors.append(f"attachment {item.get('Name') or path} is missing")
