"""An Office package (a ZIP) read from memory, opened once: sniffing opens it to read its
content types, and the format reader takes that same open package instead of parsing the
ZIP's directory again (a DOCX of 17 parts: a third of what sniffing it cost). Light (no
lxml): a folder walk sniffs."""
from __future__ import annotations

import io
import zipfile


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
