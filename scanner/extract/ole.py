"""OLE2 compound files (legacy .doc/.wps/.xls/.et/.ppt, and the OLE wrappers Office puts
around embedded objects) to Segments and Attachments, with olefile.

What is read:
- embedded-object wrappers: the ``Package`` stream (an OOXML file), ``\\x01Ole10Native``
  (any file, with its original name) and ``CONTENTS`` (PDFs embedded by Acrobat) become
  attachments, scanned in turn by the pipeline;
- Word 97+ (.doc, WPS .wps): the text of every story through the piece table (body,
  footnotes, headers, comments, endnotes, text boxes);
- Excel 97+ (.xls, WPS .et): shared strings placed in their sheet cells, and sheet names;
- PowerPoint 97+ (.ppt, WPS .dps): text atoms, slide text as ``body`` and notes as ``comment``;
- the summary-information property sets (title, subject, author …) as ``metadata``.
Anything else (encrypted streams, Word 6/95, unknown objects) is named in ``errors`` so the
file is ``review``: never ``pass`` unread.
"""
from __future__ import annotations

import io
import re
import struct

import olefile

from scanner.model import Attachment, Extraction, Segment

MAX_STREAM_BYTES = 256 * 1024 * 1024

# Word FIB (MS-DOC 2.5): magic, flag bits, story lengths (FibRgLw97) and the piece table (Clx).
_WORD_MAGIC = 0xA5EC
_F_ENCRYPTED = 0x0100
_F_WHICH_TABLE = 0x0200
_CCP_OFFSET = 0x4C  # ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
_STORY_PARTS = ("body", "footnote", "header", None, "comment", "endnote", "textbox", "textbox")
_FC_CLX = 0x1A2
_COMPRESSED = 0x40000000
# Field codes in Word text: \x13 instruction \x14 result \x15; the instruction is not shown.
_FIELD_INSTRUCTION = re.compile("\x13[^\x13\x14\x15]*(\x14|\x15)")
# Control characters: \x07 ends a table cell, \x0b is a line break, \x0c a page break;
# \x01 \x02 \x05 \x08 anchor pictures, note and comment references.
_WORD_CONTROL = str.maketrans({"\x07": "\r", "\x0b": "\n", "\x0c": "\r", "\x01": None,
                               "\x02": None, "\x05": None, "\x08": None, "\x14": None,
                               "\x15": None})

# BIFF8 record types (MS-XLS 2.3).
_BOF, _FILEPASS, _BOUNDSHEET, _SST, _CONTINUE, _LABELSST = 0x0809, 0x002F, 0x0085, 0x00FC, \
    0x003C, 0x00FD
_BIFF8 = 0x0600
_SHEET_STATES = {0: "table", 1: "hidden", 2: "hidden"}  # visible, hidden, very hidden

# PowerPoint record types (MS-PPT 2.13.24).
_PPT_TEXT_CHARS, _PPT_TEXT_BYTES, _PPT_NOTES = 0x0FA0, 0x0FA8, 0x03F0

_SUMMARY_FIELDS = ("title", "subject", "author", "keywords", "comments", "last_saved_by",
                   "category", "company", "manager")


class OleError(Exception):
    pass


def extract_ole(data: bytes) -> Extraction:
    result = Extraction(type="ole")
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error, IndexError) as exc:
        result.errors.append(f"corrupt OLE compound file: {exc}")
        return result
    with ole:
        try:
            _read(ole, result)
        except OleError as exc:
            result.errors.append(str(exc))
        except (OSError, ValueError, struct.error, IndexError, UnicodeDecodeError,
                LookupError) as exc:
            result.errors.append(f"corrupt {result.type}: {type(exc).__name__}: {exc}")
    return result


def _stream(ole: olefile.OleFileIO, path: str) -> bytes:
    if ole.get_size(path) > MAX_STREAM_BYTES:
        raise OleError(f"stream {path!r} is over the {MAX_STREAM_BYTES}-byte limit")
    return ole.openstream(path).read()


def _read(ole: olefile.OleFileIO, result: Extraction) -> None:
    streams = {"/".join(entry): entry for entry in ole.listdir()}
    lowered = {name.lower(): name for name in streams}
    readable = False
    if "EncryptedPackage" in streams:
        raise OleError("password-encrypted Office document: cannot be read without the password")
    for name in streams:
        leaf = name.rsplit("/", 1)[-1]
        if leaf.lower() == "package" or leaf == "CONTENTS":
            result.attachments.append(Attachment(name, _stream(ole, name)))
            readable = True
        elif leaf == "\x01Ole10Native":
            result.attachments.append(_native_attachment(name, _stream(ole, name)))
            readable = True
    if "worddocument" in lowered:
        result.type = "doc"
        _word(ole, lowered["worddocument"], result)
        readable = True
    elif "workbook" in lowered or "book" in lowered:
        result.type = "xls"
        _workbook(_stream(ole, lowered.get("workbook") or lowered["book"]), result)
        readable = True
    elif "powerpoint document" in lowered:
        result.type = "ppt"
        _powerpoint(_stream(ole, lowered["powerpoint document"]), result)
        readable = True
    if not readable:
        shown = ", ".join(sorted(n.replace("\x01", "").replace("\x05", "") for n in streams))
        raise OleError(f"OLE compound file of a kind baomi cannot read (streams: {shown[:200]})")
    result.segments.extend(_summary(ole, len(result.segments)))


def _native_attachment(name: str, data: bytes) -> Attachment:
    """``\\x01Ole10Native``: size, flags, label, original path, two temp-path fields, then
    the file. The label is the original file name (ANSI, usually GBK on Chinese systems)."""
    pos = 6
    label_end = data.index(b"\x00", pos)
    label = data[pos:label_end]
    pos = data.index(b"\x00", label_end + 1) + 1  # original path
    pos += 4  # two reserved words
    temp_len = struct.unpack_from("<I", data, pos)[0]
    pos += 4 + temp_len
    size = struct.unpack_from("<I", data, pos)[0]
    payload = data[pos + 4:pos + 4 + size]
    return Attachment(label.decode("gb18030", "replace") or name, payload)


def _word(ole: olefile.OleFileIO, name: str, result: Extraction) -> None:
    doc = _stream(ole, name)
    if len(doc) < _FC_CLX + 8 or struct.unpack_from("<H", doc, 0)[0] != _WORD_MAGIC:
        raise OleError("Word document older than Word 97 (or damaged): its text is not read")
    flags = struct.unpack_from("<H", doc, 0x0A)[0]
    if flags & _F_ENCRYPTED:
        raise OleError("password-encrypted Word document: cannot be read without the password")
    table_name = "1Table" if flags & _F_WHICH_TABLE else "0Table"
    if not ole.exists(table_name):
        raise OleError(f"Word document without its {table_name} stream: text not read")
    table = _stream(ole, table_name)
    fc_clx, lcb_clx = struct.unpack_from("<II", doc, _FC_CLX)
    text = _piece_text(doc, table[fc_clx:fc_clx + lcb_clx])
    lengths = struct.unpack_from("<8I", doc, _CCP_OFFSET)
    start = 0
    index: dict[str, int] = {}
    for part, length in zip(_STORY_PARTS, lengths):
        story, start = text[start:start + length], start + length
        if part is None:
            continue
        instructions: list[str] = []

        def keep_instruction(match: re.Match[str]) -> str:
            instructions.append(match.group(0)[1:-1])
            return ""

        while "\x13" in story:
            story, found = _FIELD_INSTRUCTION.subn(keep_instruction, story)
            if not found:
                break
        for seg_part, content in ((part, story), ("hidden", " ".join(instructions))):
            for paragraph in content.translate(_WORD_CONTROL).split("\r"):
                if paragraph.strip():
                    index[seg_part] = index.get(seg_part, 0) + 1
                    result.segments.append(Segment(
                        paragraph.strip(), seg_part, None, index[seg_part],
                        order=len(result.segments) + 1))


def _piece_text(doc: bytes, clx: bytes) -> str:
    """The document's characters in CP order, from the piece table (MS-DOC 2.9.38 Clx)."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise OleError("Word document without a readable piece table: text not read")
    size = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + size]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    parts = []
    for k in range(count):
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * k + 2)[0]
        chars = cps[k + 1] - cps[k]
        if fc & _COMPRESSED:
            offset = (fc & ~_COMPRESSED) // 2
            parts.append(doc[offset:offset + chars].decode("cp1252", "replace"))
        else:
            parts.append(doc[fc:fc + 2 * chars].decode("utf-16-le", "replace"))
    return "".join(parts)


class _Records:
    """The SST and its CONTINUE records read as one stream; a string that runs over a record
    boundary restarts with a fresh flags byte saying whether its characters are 8 or 16 bit."""

    def __init__(self, chunks: list[bytes]):
        self.chunks, self.chunk, self.pos = chunks, 0, 0

    def _ensure(self) -> bytes:
        while self.pos >= len(self.chunks[self.chunk]):
            self.chunk += 1
            self.pos = 0
            if self.chunk >= len(self.chunks):
                raise OleError("spreadsheet string table ends early: cells not read")
        return self.chunks[self.chunk]

    def read(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            chunk = self._ensure()
            take = chunk[self.pos:self.pos + n - len(out)]
            out += take
            self.pos += len(take)
        return out

    def chars(self, count: int, wide: bool) -> str:
        out = []
        while count:
            chunk = self._ensure()
            if self.pos == 0 and out:
                wide = bool(chunk[0] & 1)
                self.pos = 1
            width = 2 if wide else 1
            take = min(count, (len(chunk) - self.pos) // width)
            if take == 0:
                self.pos = len(chunk)
                continue
            raw = chunk[self.pos:self.pos + take * width]
            out.append(raw.decode("utf-16-le" if wide else "latin-1"))
            self.pos += take * width
            count -= take
        return "".join(out)


def _shared_strings(chunks: list[bytes]) -> list[str]:
    records = _Records(chunks)
    unique = struct.unpack("<I", records.read(8)[4:8])[0]
    strings = []
    for _ in range(unique):
        count, flags = struct.unpack("<HB", records.read(3))
        runs = struct.unpack("<H", records.read(2))[0] if flags & 0x08 else 0
        ext = struct.unpack("<I", records.read(4))[0] if flags & 0x04 else 0
        strings.append(records.chars(count, bool(flags & 0x01)))
        records.read(4 * runs + ext)
    return strings


def _workbook(stream: bytes, result: Extraction) -> None:
    """Sheet names (``metadata``, or ``hidden`` for a hidden sheet) and the text cells,
    ``table`` with cell=(sheet, row, col), or ``hidden`` on a hidden sheet."""
    pos, sheet = 0, 0
    sheets: list[tuple[str, str]] = []  # (name, part) in BOUNDSHEET order
    strings: list[str] = []
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + size]
        pos += 4 + size
        if kind == _BOF:
            if struct.unpack_from("<H", body, 0)[0] != _BIFF8:
                raise OleError("spreadsheet older than Excel 97 (BIFF5/7): its text is not read")
            sheet += 1  # 1 is the workbook globals, 2 the first sheet
        elif kind == _FILEPASS:
            raise OleError("password-encrypted spreadsheet: cannot be read without the password")
        elif kind == _BOUNDSHEET:
            length, wide = body[6], bool(body[7] & 1)
            name = body[8:8 + length * (2 if wide else 1)].decode(
                "utf-16-le" if wide else "latin-1")
            sheets.append((name, _SHEET_STATES.get(body[4] & 0x03, "hidden")))
        elif kind == _SST:
            chunks = [body]
            while pos + 4 <= len(stream) and struct.unpack_from("<H", stream, pos)[0] == _CONTINUE:
                size = struct.unpack_from("<H", stream, pos + 2)[0]
                chunks.append(stream[pos + 4:pos + 4 + size])
                pos += 4 + size
            strings = _shared_strings(chunks)
        elif kind == _LABELSST and size >= 10:
            row, col, _, isst = struct.unpack_from("<HHHI", body, 0)
            part = sheets[sheet - 2][1] if 0 <= sheet - 2 < len(sheets) else "table"
            if isst < len(strings) and strings[isst].strip():
                result.segments.append(Segment(
                    strings[isst], part, None, len(result.segments) + 1,
                    cell=(sheet - 1, row + 1, col + 1), order=len(result.segments) + 1))
    for name, part in sheets:
        result.segments.append(Segment(name, "hidden" if part == "hidden" else "metadata",
                                       None, len(result.segments) + 1,
                                       order=len(result.segments) + 1))


def _powerpoint(stream: bytes, result: Extraction) -> None:
    """Text atoms in record order; those inside a notes container are speaker notes."""
    pos = 0
    notes_end = -1
    while pos + 8 <= len(stream):
        ver_inst, kind, size = struct.unpack_from("<HHI", stream, pos)
        if ver_inst & 0x0F == 0x0F:  # a container: its children follow its header
            if kind == _PPT_NOTES:
                notes_end = pos + 8 + size
            pos += 8
            continue
        body = stream[pos + 8:pos + 8 + size]
        pos += 8 + size
        if kind in (_PPT_TEXT_CHARS, _PPT_TEXT_BYTES):
            text = body.decode("utf-16-le" if kind == _PPT_TEXT_CHARS else "latin-1", "replace")
            part = "comment" if pos <= notes_end else "body"
            for line in text.split("\r"):
                if line.strip():
                    result.segments.append(Segment(line.strip(), part, None,
                                                   len(result.segments) + 1,
                                                   order=len(result.segments) + 1))


def _summary(ole: olefile.OleFileIO, start: int) -> list[Segment]:
    meta = ole.get_metadata()
    codepage = f"cp{meta.codepage}" if meta.codepage else "gb18030"
    segments = []
    for field in _SUMMARY_FIELDS:
        value = getattr(meta, field, None)
        if isinstance(value, bytes):
            try:
                value = value.decode(codepage, "replace")
            except LookupError:
                value = value.decode("gb18030", "replace")
        if isinstance(value, str) and value.strip("\x00 \t\r\n"):
            segments.append(Segment(value.strip("\x00 \t\r\n"), "metadata", None,
                                    len(segments) + 1, order=start + len(segments) + 1))
    return segments
