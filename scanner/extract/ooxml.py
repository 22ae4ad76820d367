"""What every Office Open XML package (docx, xlsx, pptx) shares: bounded part reads, safe XML
parsing, relationships, document properties and embedded files.

The extractors per format read their own parts; this module knows only the package.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from scanner.model import Attachment, Extraction, Segment

_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_PART_BYTES = 256 * 1024 * 1024

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)

# Relationship types (last path segment) whose target is a file of its own, scanned in turn:
# embedded packages (xlsx in docx …), OLE objects, imported chunks (altChunk).
EMBEDDED_RELS = ("package", "oleObject", "aFChunk")

# docProps parts: every text field an author can fill in, by local element name.
# core.xml: dc:title, dc:subject, cp:keywords, dc:description, dc:creator, cp:lastModifiedBy,
# cp:category, cp:contentStatus; app.xml: Company, Manager, HyperlinkBase.
_CORE_FIELDS = {"title", "subject", "keywords", "description", "creator", "lastModifiedBy",
                "category", "contentStatus"}
_APP_FIELDS = {"Company", "Manager", "HyperlinkBase"}


class PackageError(Exception):
    """The package is not what it claims to be; the message says why (ends up in errors)."""


class Package(zipfile.ZipFile):
    """A package being read: remembers which parts a reader took, so the relationship walk
    (scanner/extract/package.py) reads the rest."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self.parts_read: set[str] = set()
        # Relationships of each part, parsed once: readers and the walk both ask.
        self.rels_cache: dict[str, dict[str, tuple[str, str]]] = {}


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise PackageError(f"part {name} is {info.file_size} bytes uncompressed, over the limit")
    if isinstance(zf, Package):
        zf.parts_read.add(name)
    return zf.read(info)


def parse(zf: zipfile.ZipFile, name: str) -> etree._Element:
    return parse_xml(read_part(zf, name))


def parse_xml(raw: bytes) -> etree._Element:
    """A part's bytes as XML, safely (no entities resolved, no network)."""
    return etree.fromstring(raw, _PARSER)


def rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, target part name) for ``part`` ("" for the package)."""
    if isinstance(zf, Package):
        if part not in zf.rels_cache:
            zf.rels_cache[part] = _read_rels(zf, part)
        return dict(zf.rels_cache[part])
    return _read_rels(zf, part)


def _read_rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    out = {}
    for rel in parse(zf, rels_name).iter(f"{{{_PKG_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
    return out


def main_part(zf: zipfile.ZipFile, fallback: str) -> str | None:
    for rel_type, name in rels(zf, "").values():
        if rel_type == "officeDocument" and name in zf.NameToInfo:
            return name
    return fallback if fallback in zf.NameToInfo else None


def embedded_files(zf: zipfile.ZipFile, part_rels: dict[str, tuple[str, str]]
                   ) -> Iterator[Attachment]:
    for kind, name in part_rels.values():
        if kind in EMBEDDED_RELS and name in zf.NameToInfo:
            yield Attachment(name, read_part(zf, name))


def property_segments(zf: zipfile.ZipFile, start_order: int) -> list[Segment]:
    """Core, app and custom document properties as ``metadata`` segments, one per field."""
    texts: list[str] = []
    for name, fields in (("docProps/core.xml", _CORE_FIELDS), ("docProps/app.xml", _APP_FIELDS)):
        if name in zf.NameToInfo:
            for el in parse(zf, name).iter():
                if isinstance(el.tag, str) and etree.QName(el).localname in fields and el.text:
                    texts.append(el.text)
    if "docProps/custom.xml" in zf.NameToInfo:
        # <property name="…"><vt:lpwstr>value</vt:lpwstr></property>: the value is what hides
        # text; the name is read too, as authors put whole phrases there.
        for prop in parse(zf, "docProps/custom.xml"):
            value = " ".join(t for t in prop.itertext() if t.strip())
            texts.append(f"{prop.get('name', '')}: {value}" if value else prop.get("name", ""))
    segments = []
    for text in texts:
        if text.strip():
            segments.append(Segment(text.strip(), "metadata", None, len(segments) + 1,
                                    order=start_order + len(segments) + 1))
    return segments


# What reading a damaged package can raise (bad CRC, truncated deflate stream, broken XML,
# unsupported compression): each becomes an error, never a crash.
READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError, RuntimeError, ValueError,
    EOFError, zipfile.LargeZipFile, NotImplementedError, zlib.error)


def add_segment(result: Extraction, text: str, part: str, page: int | None = None,
                cell: tuple[int, int, int] | None = None) -> None:
    """Append ``text`` as the next segment of ``result``, numbered in reading order."""
    if text.strip():
        result.segments.append(Segment(text.strip(), part, page, len(result.segments) + 1,
                                       cell=cell, order=len(result.segments) + 1))
