"""What every Office Open XML package (docx, xlsx, pptx) shares: bounded part reads, safe XML
parsing, relationships, document properties and embedded files.

The extractors per format read their own parts; this module knows only the package.
"""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from scanner.extract.zipped import Package, read_member, stored_bytes
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
# The same as tags of any namespace or none ({*}name), for lxml to pick out of each part.
_PROPERTY_TAGS = {name: tuple(f"{{*}}{field}" for field in sorted(fields))
                  for name, fields in (("docProps/core.xml", _CORE_FIELDS),
                                       ("docProps/app.xml", _APP_FIELDS))}


class PackageError(Exception):
    """The package is not what it claims to be; the message says why (ends up in errors)."""


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """The part's bytes; raises PackageError over the size limit, else what zipfile raises
    on a damaged part (READ_ERRORS), as ``zipped.read_member``."""
    return read_member(zf, _part_info(zf, name))


def _part_info(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """The part's directory entry, once its size is known to be within the limit; the part
    counts as read."""
    info = zf.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise PackageError(f"part {name} is {info.file_size} bytes uncompressed, over the limit")
    if isinstance(zf, Package):
        zf.parts_read.add(name)
    return info


def part_key(zf: zipfile.ZipFile, name: str) -> tuple[object, ...]:
    """What reading the part depends on, without inflating it: two parts with equal keys
    read as the same bytes (or fail alike), so a result worked out from one holds for the
    other. Keyed by compression method, flags, CRC, size and the stored (compressed) bytes
    once the local header passes zipfile's checks (zipped.stored_bytes); else by the part's
    bytes.
    Raises as ``read_part``."""
    info = _part_info(zf, name)
    stored = stored_bytes(zf, info)
    if stored is None:
        return (zf.read(info),)
    return (info.compress_type, info.flag_bits, info.CRC, info.file_size, stored)


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
    rels_name = _rels_name(part)
    if rels_name not in zf.NameToInfo:
        return {}
    folder = posixpath.split(part)[0]
    out = {}
    for rel in parse(zf, rels_name).iter(f"{{{_PKG_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else _joined(folder, target)
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
    return out


def _joined(folder: str, target: str) -> str:
    """``posixpath.normpath(posixpath.join(folder, target))``: a path that normpath leaves
    as it is (no empty, ``.`` or ``..`` segment, no slash at either end: most targets) is
    not given to it, which costs 2 µs a relationship."""
    path = f"{folder}/{target}" if folder else target
    padded = f"/{path}/"
    if "//" in padded or "/./" in padded or "/../" in padded:
        return posixpath.normpath(posixpath.join(folder, target))
    return path


def _rels_name(part: str) -> str:
    """The relationships part of ``part`` (OPC: ``folder/_rels/name.rels``). A part name
    from a relationship is normalised, so splitting at its last slash is what posixpath
    does; one with an empty segment or a leading slash is left to posixpath. Asked for
    every part of a package, most of which have no relationships."""
    if "//" in part or part.startswith("/"):
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


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


def local_name(tag: str) -> str:
    """``{namespace}name`` → ``name`` (a name without namespace as it is): what
    ``etree.QName(tag).localname`` says, without making a QName for every element."""
    return tag.rpartition("}")[2]


def property_segments(zf: zipfile.ZipFile, start_order: int) -> list[Segment]:
    """Core, app and custom document properties as ``metadata`` segments, one per field."""
    texts: list[str] = []
    for name, tags in _PROPERTY_TAGS.items():
        if name in zf.NameToInfo:
            for el in parse(zf, name).iter(*tags):  # elements only, in document order
                if el.text:
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
