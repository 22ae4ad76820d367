"""An Office package (a ZIP) read from memory, opened once: sniffing opens it to read its
content types, and the format reader takes that same open package instead of parsing the
ZIP's directory again (a DOCX of 17 parts: a third of what sniffing it cost). Light (no
lxml): a folder walk sniffs."""
from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable


class Package(zipfile.ZipFile):
    """A package being read: remembers which parts a reader took, so the relationship walk
    (scanner/extract/package.py) reads the rest."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self.data = data
        self.parts_read: set[str] = set()
        # Relationships of each part, parsed once: readers and the walk both ask.
        self.rels_cache: dict[str, dict[str, tuple[str, str]]] = {}


# The package sniff opened last, by the id of its bytes, which it holds (so no other object
# has that id while it is here); one at a time (serve's threads may each put one here for
# a moment, and take another's only by its very bytes).
_SNIFFED: dict[int, Package] = {}


def keep(package: Package) -> None:
    """Keep ``package`` (opened by sniff, not read from) for the reader of its bytes."""
    _SNIFFED.clear()
    _SNIFFED[id(package.data)] = package


def open_package(data: bytes) -> Package:
    """The package sniff opened over ``data``, this very object, else a new one (raises as
    ``zipfile.ZipFile`` does). Taken: a package is read once."""
    package = _SNIFFED.pop(id(data), None)
    return package if package is not None and package.data is data else Package(data)


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes: inflated in memory where it can be (``_inflated``), else read by
    zipfile, which raises what is wrong with it."""
    raw = _inflated(zf, info)
    return raw if raw is not None else zf.read(info)


def _inflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, or None: let zipfile read it (and say what is wrong with it).

    in-memory-inflate: a member of a package read from memory, stored or deflated, is
    sliced from the bytes and inflated in one call, and kept only when its length and CRC
    are those the directory gives; zipfile's reader costs 20-30 µs more a member (a file
    object, a lock, a decompressor), and a DOCX has ten parts to read.
    """
    stored = stored_bytes(zf, info)
    if stored is None or info.compress_type not in _INFLATE:
        return None
    try:
        raw = _INFLATE[info.compress_type](stored)
    except zlib.error:
        return None
    return raw if len(raw) == info.file_size and zlib.crc32(raw) == info.CRC else None


# Compression methods read in memory (_inflated), each with how its bytes come out.
_INFLATE: dict[int, Callable[[bytes], bytes]] = {
    zipfile.ZIP_STORED: bytes,
    zipfile.ZIP_DEFLATED: lambda stored: zlib.decompress(stored, -zlib.MAX_WBITS),
}

# A ZIP local file header (APPNOTE 4.3.7): signature, flags at 6, name and extra field
# lengths at 26 and 28, then the name, the extra field and the stored bytes.
_LOCAL_HEADER = 30
_LOCAL_SIGNATURE = b"PK\x03\x04"
# General purpose flags zipfile refuses without a password or at all: encrypted, compressed
# patch data, strong encryption. Bit 11: the name is UTF-8 (else code page 437).
_REFUSED_FLAGS = 0x1 | 0x20 | 0x40
_UTF8_NAME = 0x800


def stored_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes as stored (compressed), from a package read from memory whose
    local header passes the checks zipfile makes before reading (signature, same name, flags
    it accepts); None otherwise: zipfile then reads, or says what is wrong."""
    data = zf.data if isinstance(zf, Package) and zf.fp is not None else None
    if data is None or info.flag_bits & _REFUSED_FLAGS:
        return None
    start = info.header_offset
    header = data[start:start + _LOCAL_HEADER]
    if len(header) < _LOCAL_HEADER or not header.startswith(_LOCAL_SIGNATURE):
        return None
    flags = int.from_bytes(header[6:8], "little")
    name_end = start + _LOCAL_HEADER + int.from_bytes(header[26:28], "little")
    raw_name = data[start + _LOCAL_HEADER:name_end]
    try:
        # An ASCII name reads the same in both; UTF-8's decoder is C, code page 437's a
        # Python codec call.
        name = raw_name.decode("utf-8" if flags & _UTF8_NAME or raw_name.isascii()
                               else "cp437")
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename:
        return None
    start = name_end + int.from_bytes(header[28:30], "little")
    stored = data[start:start + info.compress_size]
    return stored if len(stored) == info.compress_size else None
