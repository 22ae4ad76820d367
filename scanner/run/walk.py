"""Which files a scan reads: named files always; in folders, what looks like a document.

Nothing met on the way is dropped without a word (``WalkLog``). A folder member that is
clearly not a document — code, style sheets, pictures and media, hidden folders — is listed
in ``not_documents`` with the reason (the JSON report's ``skipped``, a count in the text
report); a file whose name or content is a document format is read, and if it cannot be, it
is ``review``. A folder that cannot be
listed, an entry that cannot be looked at (no permission, a path over the OS limit, a
broken symbolic link) or one that is not a regular file is ``review`` with the reason; a
symbolic link to a folder is followed once, and a second way into a folder already walked
(a link loop, two links to one folder) is reported as skipped.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator

from scanner.extract import READERS
from scanner.extract.sniff import IMAGE_TYPES, ZIP_MAGIC, claimed_type, sniff
from scanner.model import Skipped

SNIFF_BYTES = 4096


class WalkLog:
    """What a walk met besides the files it yields.

    ``unreadable``: (files yielded before it, path, kind, reason) for each entry that
    could not be listed or looked at, to be reported as ``review`` in walk order.
    ``skipped``: folders not entered a second time.
    ``not_documents``: folder members that are not documents, and hidden folders.
    ``yielded``: files yielded so far.

    A plain class, not a dataclass: every scan makes the class, and dataclasses compiles
    a class's methods when it makes it (about 2 M instructions, a fifth of what walking
    240 files costs).
    """

    def __init__(self) -> None:
        self.unreadable: list[tuple[int, str, str, str]] = []
        self.skipped: list[Skipped] = []
        self.not_documents: list[Skipped] = []
        self.yielded = 0

    def cannot_read(self, path: str, kind: str, reason: str) -> None:
        self.unreadable.append((self.yielded, path, kind, reason))


def _not_a_document(path: str) -> str | None:
    """Why a folder member is not scanned, or None when it is. It is scanned when its name
    claims a document format (so a mislabelled or broken document is not skipped) or when
    its bytes are a document format baomi reads other than plain text or HTML (RTF, web
    archives, Word 2003 XML under any name). Unnamed text is not scanned: code and style
    sheets are not documents."""
    if claimed_type(path) is not None:
        return None
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return None  # let the scan report why it cannot be read
    if head.startswith(ZIP_MAGIC):
        return None  # an Office package under another name; the scan sniffs it whole
    kind = sniff(head)  # once: it decides both whether and why not
    if _is_document_kind(kind):
        return None
    if kind in IMAGE_TYPES:
        return f"{kind} picture: not a document (name it on the command line to OCR it)"
    if kind in ("text", "html", "empty"):
        return "not a document by its name (code, style sheet or data)"
    return f"{kind} content: not a document format"


def _is_document_kind(kind: str | None) -> bool:
    """A format baomi reads, other than plain text and HTML (documents only by name)."""
    return kind in READERS and kind not in ("text", "html")


def is_document_content(head: bytes) -> bool:
    """Whether the first bytes of a file are a document format baomi reads, other than
    plain text and HTML (which are documents only by name)."""
    return head.startswith(ZIP_MAGIC) or _is_document_kind(sniff(head))


def walk(paths: list[str], selects: Callable[[str], bool] | None = None,
         log: WalkLog | None = None) -> Iterator[str]:
    """Files to scan, in a stable order; hidden folders (.git …) are not entered.
    ``selects`` (the config's include/exclude) filters named files and folder members;
    what cannot be read or is passed over goes to ``log``."""
    log = log if log is not None else WalkLog()
    for path in paths:
        if not os.path.isdir(path):
            if selects is None or selects(path):
                log.yielded += 1
                yield path
            continue
        for root, dirs, files in _folders(path, log):
            log.not_documents += [Skipped(os.path.join(root, d), "hidden folder: not entered")
                                  for d in sorted(dirs) if d.startswith(".")]
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(root, name)
                if not _regular_file(full, log):
                    continue
                if (why := _not_a_document(full)) is not None:
                    log.not_documents.append(Skipped(full, why))
                elif selects is None or selects(full):
                    log.yielded += 1
                    yield full


def _folders(top: str, log: WalkLog) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk`` of ``top`` following symbolic links to folders, each folder once
    (by device and inode): a folder that cannot be listed goes to ``log`` as unreadable,
    a second way into a folder already walked as skipped. The caller may prune ``dirs``
    (hidden folders) before the walk goes on, as with ``os.walk``."""
    seen: dict[tuple[int, int], str] = {}
    try:
        st = os.stat(top)
        seen[(st.st_dev, st.st_ino)] = top
    except OSError:
        pass  # os.walk reports it through onerror

    def unlisted(error: OSError) -> None:
        folder = error.filename if isinstance(error.filename, str) else top
        log.cannot_read(folder, "folder", f"cannot list folder: {error.strerror or error}")

    for root, dirs, files in os.walk(top, onerror=unlisted, followlinks=True):
        yield root, dirs, files
        kept = []
        for name in dirs:
            sub = os.path.join(root, name)
            try:
                st = os.stat(sub)
            except OSError as exc:
                log.cannot_read(sub, "folder", f"cannot open folder: {exc.strerror or exc}")
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen:
                log.skipped.append(Skipped(sub, f"symbolic link to {seen[key]}, which is "
                                                "walked already (each folder is read once)"))
                continue
            seen[key] = sub
            kept.append(name)
        dirs[:] = kept


# File types a walk does not open, by the stat mode test that finds them.
_SPECIAL = ((stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISSOCK, "socket"),
            (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"))


def _regular_file(path: str, log: WalkLog) -> bool:
    """Whether a folder member is a regular file (through symbolic links). One that
    cannot be looked at, or is a pipe, socket or device, goes to ``log`` as unreadable:
    reading a pipe would wait forever, and neither is a document baomi can vouch for."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if os.path.islink(path):
            log.cannot_read(path, "unknown", f"broken symbolic link to {os.readlink(path)}")
        else:
            log.cannot_read(path, "unknown", f"cannot open: {exc.strerror or exc}")
        return False
    if stat.S_ISREG(mode):
        return True
    kind = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
    log.cannot_read(path, "unknown", f"{kind}, not a regular file: not read")
    return False
