"""Zip archives: every member is a file of its own, handed to the pipeline as an attachment
named by its path inside the archive, so a finding says which member it sits in.

Zip bombs are refused before anything is inflated, from the sizes the central directory
states, and again while reading (a member that inflates past its stated size is cut off):
- ``MAX_MEMBERS``: more members than a publishing folder plausibly holds;
- ``MAX_TOTAL_BYTES``: total uncompressed size;
- ``MAX_RATIO``: uncompressed/compressed of a member; text compresses ~10x and office XML
  ~20x, a bomb 1000x or more.
What is not read (over a limit, encrypted, unsupported compression) is an error, so the
archive is ``review``.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from scanner.model import Attachment, Extraction

MAX_MEMBERS = 1000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
# Below this a member's ratio is not suspicious whatever it is (a 1 MB run of spaces).
_RATIO_FLOOR_BYTES = 1024 * 1024
_ENCRYPTED_FLAG = 0x1


def extract_zip(data: bytes) -> Extraction:
    result = Extraction(type="zip")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        # NotImplementedError: a zip version or feature Python's zipfile does not read.
        result.errors.append(f"corrupt zip archive: {exc}")
        return result
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            result.errors.append(f"zip archive with {len(members)} members, over the limit of "
                                 f"{MAX_MEMBERS}: not read")
            return result
        total = sum(m.file_size for m in members)
        if total > MAX_TOTAL_BYTES:
            result.errors.append(f"zip archive inflates to {total} bytes, over the limit of "
                                 f"{MAX_TOTAL_BYTES}: not read (zip bomb?)")
            return result
        for member in members:
            why = _refusal(member)
            if why is None:
                why = _read_member(zf, member, result)
            if why:
                result.errors.append(f"{_name(member)}: {why}")
    return result


def _name(member: zipfile.ZipInfo) -> str:
    """The member's path as its author wrote it: zips from Chinese Windows store names in
    GBK without the UTF-8 flag, which zipfile decodes as cp437."""
    if member.flag_bits & 0x800:
        return member.filename
    try:
        return member.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return member.filename


def _refusal(member: zipfile.ZipInfo) -> str | None:
    if member.flag_bits & _ENCRYPTED_FLAG:
        return "encrypted archive member: cannot be read without the password"
    if member.file_size > _RATIO_FLOOR_BYTES and \
            member.file_size > MAX_RATIO * max(member.compress_size, 1):
        return (f"compression ratio {member.file_size // max(member.compress_size, 1)}:1, "
                f"over {MAX_RATIO}:1: not read (zip bomb?)")
    return None


def _read_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, result: Extraction) -> str | None:
    try:
        with zf.open(member) as fh:
            # Read one byte past the stated size: a member that lies about its size is a bomb.
            payload = fh.read(member.file_size + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error) as exc:
        return f"unreadable archive member: {type(exc).__name__}: {exc}"
    if len(payload) > member.file_size:
        return "member inflates past its stated size: not read (zip bomb?)"
    result.attachments.append(Attachment(_name(member), payload))
    return None
