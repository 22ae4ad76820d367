"""Everything reachable from a PDF's catalogue that can carry text, beyond the pages.

Each key of the catalogue (ISO 32000-2 table 29) is either read here, read by the page pass
in ``pdf.py``, or consciously not read, with the reason, in ``NOT_READ``; a key in none of
them (a private or future extension) is read generically: every string under it. The test
suite checks every catalogue key seen in the shared corpus against these lists.

What is read here, and as which part (CONTRACT ``location.part``):
- ``Outlines`` (bookmarks) as ``metadata``: the table of contents is document-level
  description kept beside the pages, not text on a page and not a reader's markup
  (``annotation`` is for notes placed on a page); a redacted heading can survive in it.
- ``PageLabels`` prefixes, ``OCProperties`` layer names, ``StructTreeRoot`` alternate and
  replacement texts (Alt, ActualText, E, T), ``Threads`` info, ``Collection`` fields,
  ``PieceInfo`` private data, ``AF`` files: ``metadata`` (files as attachments).
- ``AcroForm`` field values and tooltips that no widget on a page shows: ``form``.
- ``Names``: embedded files (by ``pdf.py``); other name trees generically.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# Read elsewhere: the page pass (pdf.py), pdf_metadata.py (Info and XMP).
READ_ELSEWHERE = {
    "Pages": "page text, annotations and form widgets: the page pass",
    "Metadata": "XMP packet: pdf_metadata.py",
    "Info": "an Info dictionary some writers put in the catalogue: pdf_metadata.py reads "
            "the document's Info",
}
# Read here: key → part of the strings found under it.
READ_HERE = {
    "Outlines": "metadata", "PageLabels": "metadata", "OCProperties": "metadata",
    "StructTreeRoot": "metadata", "Threads": "metadata", "Collection": "metadata",
    "PieceInfo": "metadata", "AF": "metadata", "AcroForm": "form", "Names": "metadata",
    # Private keys seen in real files, read generically like any unknown key.
    "Infix": "metadata",
}
NOT_READ = {
    "Type": "the name /Catalog",
    "Version": "a PDF version number",
    "Extensions": "developer extension names and levels",
    "Dests": "named destinations: internal ids and page positions",
    "ViewerPreferences": "display switches (names and booleans)",
    "PageLayout": "a display name",
    "PageMode": "a display name",
    "OpenAction": "a destination or action: links and scripts are no document text",
    "AA": "actions run on events: scripts and links, no document text",
    "URI": "the base address of links",
    "MarkInfo": "booleans saying whether the file is tagged",
    "Lang": "a language tag",
    "SpiderInfo": "web-capture commands and addresses",
    "OutputIntents": "colour profiles for printing",
    "Perms": "signature references for permissions",
    "Legal": "counts of content that could change a signed file's look",
    "Requirements": "features a viewer needs",
    "NeedsRendering": "a boolean for XFA forms (an XFA form is review, in pdf.py)",
    "DSS": "certificates, revocation data and timestamps of signatures",
    "DPartRoot": "a document-part hierarchy of page ranges and metadata dictionaries "
                 "(its metadata is XMP, read with the document's)",
}
# Under any key: values that are identifiers, code, addresses or stamps, not text.
_SKIP_VALUES_OF = frozenset({
    "Type", "Subtype", "S", "ID", "URI", "JS", "CreationDate", "ModDate", "M", "Lang", "DA",
    "Filter", "DecodeParms", "BaseFont", "FontName", "Encoding", "O", "U", "OE", "UE",
    "Perms", "Parent", "Pg", "Producer", "D", "Dest", "Dests", "ByteRange", "CheckSum", "Params",
    "JavaScript", "XFA", "DR", "T",  # T: a form field's name (an id); Info strings are read
})
# Keys whose values are followed: everything but links back up the tree and into the pages.
# EmbeddedFiles is read by pdf.py; AP and Resources draw (the page pass reads what is drawn).
_DONT_FOLLOW = frozenset({"Parent", "P", "Pg", "Dest", "D", "A", "OpenAction", "Pages", "Obj",
                          "Stm", "ParentTree", "JavaScript", "JS", "AA", "Resources", "Font",
                          "XObject", "AP", "Popup", "EmbeddedFiles", "IDTree", "RoleMap",
                          "ClassMap", "Metadata"})
MAX_OBJECTS = 20_000
MAX_STRINGS = 20_000
_DATE = re.compile(r"^D:\d{4}")


@dataclass
class CatalogText:
    texts: list[tuple[str, str]] = field(default_factory=list)  # (text, part)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (name, content)
    errors: list[str] = field(default_factory=list)


def catalog_texts(doc) -> CatalogText:
    """Strings a person wrote that sit under the catalogue, outside pages and metadata."""
    out = CatalogText()
    try:
        catalog = doc.pdf_catalog()
        keys = doc.xref_get_keys(catalog)
    except Exception as exc:  # a catalogue MuPDF cannot give back
        out.errors.append(f"the document catalogue cannot be read ({exc})")
        return out
    walker = _Walker(doc, out)
    for key in keys:
        if key in NOT_READ or key in READ_ELSEWHERE:
            continue
        part = READ_HERE.get(key, "metadata")  # an unknown key is read generically
        try:
            kind, value = doc.xref_get_key(catalog, key)
        except Exception as exc:  # a key MuPDF cannot look up (bytes no name may hold)
            out.errors.append(f"catalogue entry {key!r} cannot be read ({exc})")
            continue
        if kind == "string":
            if value.strip():
                out.texts.append((value.strip(), part))
        elif kind in ("xref", "dict", "array"):
            walker.walk(value, key, part)
    if walker.truncated:
        out.errors.append(f"catalogue objects: only the first {MAX_OBJECTS} objects or "
                          f"{MAX_STRINGS} strings read")
    out.texts = list(dict.fromkeys(out.texts))
    return out


class _Walker:
    def __init__(self, doc, out: CatalogText) -> None:
        self.doc, self.out = doc, out
        self.seen: set[int] = set()
        self.truncated = False

    def walk(self, source: str, key: str, part: str) -> None:
        stack = [(source, key)]
        while stack:
            text, context = stack.pop()
            for token, value, inner_key in _tokens(text, context):
                if token == "ref":
                    if inner_key in _DONT_FOLLOW or value in self.seen:
                        continue
                    if len(self.seen) >= MAX_OBJECTS:
                        self.truncated = True
                        return
                    self.seen.add(value)
                    stack.append(self._object(value, inner_key))
                elif token == "string" and inner_key not in _SKIP_VALUES_OF:
                    if value.strip() and not _DATE.match(value):
                        if len(self.out.texts) >= MAX_STRINGS:
                            self.truncated = True
                            return
                        self.out.texts.append((value.strip(), part))
                elif token == "file":
                    self._file(value)

    def _object(self, xref: int, key: str) -> tuple[str, str]:
        try:
            if not 0 < xref < self.doc.xref_length():
                return "", key
            return self.doc.xref_object(xref, compressed=True), key
        except Exception as exc:  # a damaged object: the rest is still read
            self.out.errors.append(f"catalogue object {xref} cannot be read ({exc})")
            return "", key

    def _file(self, spec: tuple[str, int]) -> None:
        name, xref = spec
        try:
            self.out.files.append((name or f"file-{xref}", self.doc.xref_stream(xref)))
        except Exception as exc:
            self.out.errors.append(f"embedded file {name or xref} cannot be extracted ({exc})")


_TOKEN = re.compile(rb"<<|>>|\[|\]|/[^\s/<>\[\]()%{}]*|<[0-9A-Fa-f\s]*>|\(|(\d+)\s+\d+\s+R\b"
                    rb"|[^\s/<>\[\]()%{}]+")


def _tokens(source: str, context: str):
    """(kind, value, key) for strings, references and embedded-file streams in one object's
    source, ``key`` being the dictionary key the value sits under (arrays inherit it)."""
    data = source.encode("latin-1", "replace") if isinstance(source, str) else source
    keys: list[str] = []  # the key in force at each dictionary depth
    expecting_key: list[bool] = []
    current = context
    pos = 0
    last_name_value: dict[str, str] = {}
    while pos < len(data):
        m = _TOKEN.search(data, pos)
        if not m:
            break
        tok = m.group(0)
        pos = m.end()
        in_dict = bool(expecting_key) and expecting_key[-1] is not None
        if tok in (b"<<", b"[") and in_dict and not expecting_key[-1]:
            expecting_key[-1] = True  # a dictionary or array is the value of the key
        if tok in (b"<<", b"["):
            keys.append(current)
            expecting_key.append(True if tok == b"<<" else None)  # an array: no keys
            continue
        if tok in (b">>", b"]"):
            if keys:
                current = keys.pop()
                expecting_key.pop()
            continue
        if in_dict and expecting_key[-1]:
            if tok.startswith(b"/"):
                current = tok[1:].decode("latin-1")
                expecting_key[-1] = False
            continue
        value_key = current
        if in_dict:
            expecting_key[-1] = True
        if tok == b"(":
            raw, pos = _literal(data, pos)
            text = _decode(raw)
            if value_key in ("F", "UF"):
                last_name_value["file"] = text
            yield "string", text, value_key
        elif tok.startswith(b"<"):
            text = _decode(bytes.fromhex(re.sub(rb"\s", b"", tok[1:-1]).decode() + (
                "0" if len(re.sub(rb"\s", b"", tok[1:-1])) % 2 else "")))
            yield "string", text, value_key
        elif m.group(1):
            xref = int(m.group(1))
            if value_key == "F" and len(keys) >= 2 and keys[-1] == "EF":
                yield "file", (last_name_value.get("file", ""), xref), value_key
            else:
                yield "ref", xref, value_key


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """The bytes of a literal string starting after its '(' at ``pos``, and the end."""
    out = bytearray()
    depth = 1
    while pos < len(data):
        c = data[pos]
        pos += 1
        if c == 0x5C and pos < len(data):  # backslash
            e = data[pos]
            pos += 1
            if 0x30 <= e <= 0x37:
                digits = bytes([e])
                while len(digits) < 3 and pos < len(data) and 0x30 <= data[pos] <= 0x37:
                    digits += bytes([data[pos]])
                    pos += 1
                out.append(int(digits, 8) & 0xFF)
            elif e in b"\r\n":
                if e == 0x0D and pos < len(data) and data[pos] == 0x0A:
                    pos += 1
            else:
                out += {0x6E: b"\n", 0x72: b"\r", 0x74: b"\t", 0x62: b"\b",
                        0x66: b"\f"}.get(e, bytes([e]))
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                break
        out.append(c)
    return bytes(out), pos


def _decode(raw: bytes) -> str:
    """A PDF text string: UTF-16BE or UTF-8 with their BOM, else PDFDocEncoding (read as
    Latin-1, which it matches for letters), or UTF-8 some Chinese writers store bare."""
    if raw.startswith(codecs.BOM_UTF16_BE):
        return raw[2:].decode("utf-16-be", "replace")
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
