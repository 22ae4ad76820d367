"""Every part of an Office Open XML package is read, or is on a list saying why not.

The format readers (docx.py, xlsx.py, pptx.py) read the parts they understand: the document,
its headers, sheets, slides, notes. Then this module walks every relationship from the
package root and reads what they left:

- a part whose relationship type is in ``NOT_READ`` is skipped, for the reason given there;
- an embedded package, OLE object or imported chunk is a file of its own (an attachment);
- ``settings`` yields Word's document variables (w:docVar: OA systems keep review opinions
  there), any other XML part its text (paragraphs joined, other text nodes one by one):
  SmartArt data and drawings, charts, slide masters, glossary, custom XML, and types baomi
  has never heard of;
- a picture that is the only thing a page draws (a document body, a slide, a sheet's
  drawing holding no text) is read by OCR where installed, else named in the errors, so the
  file is ``review`` (issue 12: a screenshot of a marked page passed).
A binary part of a type not listed is an error: the file is ``review``, never silently
``pass``.
"""
from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable

from lxml import etree

from scanner.extract.ooxml import (
    EMBEDDED_RELS, READ_ERRORS, Package, PackageError, add_segment, local_name, main_part,
    parse, property_segments, read_part, rels,
)
from scanner.extract.ocr import extract_image
from scanner.extract.sniff import IMAGE_TYPES, sniff
from scanner.extract.zipped import open_package
from scanner.model import Attachment, Extraction

# Relationship type → why its part is not read. Each says what the part holds instead of text.
NOT_READ: dict[str, str] = {
    "theme": "colour and font scheme: font and colour names",
    "fontTable": "font names and metrics",
    "font": "an embedded font program",
    "webSettings": "options for saving as a web page",
    "styles": "style definitions (the Word reader applies hidden-text styles itself)",
    "stylesWithEffects": "Word 2010's copy of the style definitions",
    "numbering": "list numbering formats (第%1章), no document text",
    "customXmlProps": "the data-store id of a custom XML part",
    "commentsExtended": "comment ids and done flags (the text is in the comments part)",
    "commentsIds": "comment ids",
    "commentsExtensible": "comment ids and dates",
    "people": "reviewers' account ids",
    "thumbnail": "a preview picture of page 1 made by the saving program",
    "printerSettings": "binary printer driver settings",
    "vbaProject": "macro code: programs, not document text",
    "vbaProjectSignature": "the signature of the macro code",
    "chartStyle": "chart style definitions",
    "chartColorStyle": "chart colour definitions",
    "diagramLayout": "SmartArt layout definition (its content is in diagramData)",
    "diagramQuickStyle": "SmartArt style definition",
    "diagramColors": "SmartArt colour definition",
    "calcChain": "the order formulas are calculated in: cell references only",
    "presProps": "slide show settings",
    "viewProps": "window and zoom settings",
    "tableStyles": "table style definitions",
    "digital-signature/origin": "the digital signature index",
    "origin": "the digital signature index",
    "signature": "a digital signature: digests and certificates",
    "audio": "sound", "video": "video", "media": "sound or video",
    "officeDocument": "the main part, read by the format reader",
}
# Where the text of a part read here sits (CONTRACT location.part); other types: metadata.
PART_OF: dict[str, str] = {
    "diagramData": "textbox", "diagramDrawing": "textbox", "chart": "textbox",
    "chartEx": "textbox", "slideMaster": "header", "slideLayout": "header",
    "notesMaster": "header", "handoutMaster": "header", "glossaryDocument": "hidden",
}
# Parts that draw a page: a picture there with no text beside it is a picture of a page.
PAGE_PARTS = {"officeDocument", "slide", "drawing", "worksheet"}
_TEXT_TAGS = {"t", "v", "text", "instrText"}
_LENIENT = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def read_package(data: bytes, kind: str, main_fallback: str,
                 read_main: Callable[[zipfile.ZipFile, str, Extraction], None]) -> Extraction:
    """Open the package, let ``read_main`` read its main part, add the document properties,
    then read every part left (see the module doc). Whatever goes wrong becomes an error."""
    result = Extraction(type=kind)
    try:
        with open_package(data) as zf:
            main = main_part(zf, main_fallback)
            if main is None:
                raise PackageError(f"not a {kind} package: it has no main part")
            read_main(zf, main, result)
            result.segments.extend(property_segments(zf, len(result.segments)))
            read_remaining_parts(zf, result)
    except PackageError as exc:
        result.errors.append(str(exc))
    except READ_ERRORS as exc:
        result.errors.append(f"corrupt {kind}: {type(exc).__name__}: {exc}")
    return result


def reachable_parts(zf: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(part, relationship type, source part) for every part reachable from the package
    root through internal relationships, each once, breadth first."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    queue = [""]
    while queue:
        source = queue.pop(0)
        for rel_type, name in rels(zf, source).values():
            if name in seen or name not in zf.NameToInfo:
                continue
            seen.add(name)
            out.append((name, rel_type, source))
            queue.append(name)
    return out


def read_remaining_parts(zf: Package, result: Extraction) -> None:
    parts = reachable_parts(zf)
    type_of = {name: rel_type for name, rel_type, _ in parts}
    source_of = {name: source for name, _, source in parts}
    seen = _TextsSeen(result)
    pages = _PageCheck(zf)
    for name, rel_type, source in parts:
        if rel_type in EMBEDDED_RELS:
            if name not in zf.parts_read:
                result.attachments.append(Attachment(name, read_part(zf, name)))
        elif rel_type == "image":
            _picture(zf, name, source, type_of, source_of, pages, result)
        elif name in zf.parts_read or rel_type in NOT_READ:
            continue
        elif rel_type == "settings":
            _document_variables(zf, name, result)
        else:
            _generic(zf, name, rel_type, seen, result)


class _TextsSeen:
    """The texts of the segments read before the walk, and of those the walk's generic parts
    gave since: a generic part's text among them is not read again. Gathered when a generic
    part first gives text (most packages have none): hashing every paragraph of a document
    cost more than the rest of the walk."""

    def __init__(self, result: Extraction):
        self.result = result
        self.before = len(result.segments)
        self.texts: set[str] | None = None

    def add(self, text: str) -> bool:
        """Whether ``text`` is new (then it counts as seen)."""
        if self.texts is None:
            self.texts = {s.text for s in self.result.segments[:self.before]}
        if text in self.texts:
            return False
        self.texts.add(text)
        return True


def _document_variables(zf: zipfile.ZipFile, name: str, result: Extraction) -> None:
    """w:docVar name/value pairs in word/settings.xml."""
    for var in parse(zf, name).iter("{*}docVar"):
        values = [v for k, v in var.attrib.items() if etree.QName(k).localname in ("name", "val")]
        add_segment(result, ": ".join(values), "metadata")


def _generic(zf: zipfile.ZipFile, name: str, rel_type: str, seen: _TextsSeen,
             result: Extraction) -> None:
    raw = read_part(zf, name)
    if not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        result.errors.append(f"{name}: a binary part of type {rel_type!r} baomi does not "
                             f"read (not text, not a known kind)")
        return
    part = PART_OF.get(rel_type, "metadata")
    try:
        # Leniently: VML and other legacy parts are often not well-formed XML (<br> in VML).
        root = etree.fromstring(raw, _LENIENT)
    except etree.XMLSyntaxError as exc:
        result.errors.append(f"{name}: part of type {rel_type!r} cannot be parsed ({exc})")
        return
    if root is None:
        return
    for text in xml_texts(root):
        # SmartArt's drawing repeats its data part's text: read each text once.
        if seen.add(text):
            add_segment(result, text, part)


def xml_texts(root: etree._Element) -> list[str]:
    """The text of any XML part: each paragraph (an element named ``p``) with its text
    runs joined, then every other non-blank text node on its own."""
    texts: list[str] = []
    in_paragraph: set[etree._Element] = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el in in_paragraph:
            continue
        if local_name(el.tag) == "p":
            runs = [d for d in el.iter() if isinstance(d.tag, str)]
            in_paragraph.update(runs)
            texts.append("".join(d.text or "" for d in runs
                                 if local_name(d.tag) in _TEXT_TAGS))
        elif el.text and el.text.strip():
            texts.append(el.text)
    return [t.strip() for t in texts if t.strip()]


class _PageCheck:
    """Whether a page part carries text, and which pictures stand for embedded objects:
    each page part parsed once, however many pictures it holds."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self._text: dict[str, bool] = {}
        self._icons: dict[str, set[str]] = {}

    def has_text(self, name: str) -> bool:
        if name not in self._text:
            self._text[name] = name in self.zf.NameToInfo and any(
                el.text and el.text.strip() for el in parse(self.zf, name).iter()
                if isinstance(el.tag, str) and local_name(el.tag) in _TEXT_TAGS)
        return self._text[name]

    def object_icons(self, source: str) -> set[str]:
        """Pictures that stand for an embedded object (its icon or preview, inside w:object
        or p:oleObj): the object itself is read as an attachment."""
        if source not in self._icons:
            ids = {value for holder in parse(self.zf, source).iter("{*}object", "{*}oleObj")
                   for el in holder.iter() for key, value in el.attrib.items()
                   if etree.QName(key).localname in ("id", "embed")}
            source_rels = rels(self.zf, source)
            self._icons[source] = {source_rels[i][1] for i in ids if i in source_rels}
        return self._icons[source]


def _picture(zf: zipfile.ZipFile, name: str, source: str, type_of: dict[str, str],
             source_of: dict[str, str], pages: _PageCheck, result: Extraction) -> None:
    """A picture on a page that carries no text (a sheet's drawing counts with its sheet)."""
    if type_of.get(source) not in PAGE_PARTS:
        return
    holders = [source] + ([source_of[source]] if type_of.get(source) == "drawing" else [])
    if any(pages.has_text(holder) for holder in holders) or name in pages.object_icons(source):
        return
    data = read_part(zf, name)
    kind = sniff(data)
    where = f"{source}: a picture and no text ({name})"
    if kind not in IMAGE_TYPES:
        result.errors.append(f"{where}: a {posixpath.splitext(name)[1] or kind} picture, "
                             "not read")
        return
    read = extract_image(data, kind)
    result.errors += [f"{where}: {error}" for error in read.errors]
    for seg in read.segments:
        seg.order = len(result.segments) + 1
        result.segments.append(seg)
