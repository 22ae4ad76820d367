"""One multipart/form-data upload, read as it streams in (python-multipart's parser): the
field ``file`` goes straight to a file in the request's private folder, named as uploaded,
and the small text fields beside it are kept. Nothing else of the body is kept.

The size limit is checked twice: against the declared Content-Length before any byte is
read (a 10 GB declaration is refused at once), and while the body streams (a client that
declares nothing, or lies, is cut off at the limit).
"""
from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from scanner.serve.service import upload_name

FILE_FIELD = "file"
# Room for the multipart framing and the text fields beside the file.
FORM_OVERHEAD_BYTES = 64 * 1024
MAX_FIELD_BYTES = 4096
MAX_PARTS = 16


class UploadError(Exception):
    """The request cannot be read; ``status`` is the HTTP answer (400 malformed, 413 too
    large), the message one line for the client."""

    status = 400


class TooLarge(UploadError):
    status = 413


@dataclass
class Upload:
    path: str  # the uploaded file, inside the request's folder
    name: str  # as the client named it (for the report)
    size: int
    fields: dict[str, str] = field(default_factory=dict)


def check_declared_length(value: str | None, max_bytes: int) -> None:
    """Raise TooLarge for a declared body over the limit, UploadError for a bad header."""
    if value is None:
        return
    try:
        declared = int(value)
    except ValueError:
        raise UploadError(f"invalid Content-Length: {value[:40]!r}") from None
    if declared > max_bytes + FORM_OVERHEAD_BYTES:
        raise TooLarge(f"upload of {declared} bytes is over the limit of {max_bytes} bytes")


async def read_upload(content_type: str | None, body: AsyncIterator[bytes], folder: str,
                      max_bytes: int) -> Upload:
    """Parse ``body`` (a multipart/form-data stream) into ``folder``. Raises UploadError
    (malformed: not multipart, no ``file`` field, two of them, cut short) or TooLarge."""
    ctype, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadError("expected a multipart/form-data body with a field 'file'")
    parts = _Parts(folder, max_bytes)
    try:
        parser = MultipartParser(boundary, parts.callbacks())
        received = 0
        async for chunk in body:
            received += len(chunk)
            if received > max_bytes + FORM_OVERHEAD_BYTES:
                raise TooLarge(f"upload is over the limit of {max_bytes} bytes")
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:
        raise UploadError(f"malformed multipart body: {exc}") from None
    finally:
        parts.close()
    if not parts.ended:
        raise UploadError("the multipart body ended before its closing boundary")
    if parts.upload is None:
        raise UploadError(f"no field '{FILE_FIELD}' in the form")
    return Upload(parts.upload[0], parts.upload[1], parts.file_size, parts.fields)


class _Parts:
    """The parser's callbacks: headers of each part, then its data to a file or a field."""

    def __init__(self, folder: str, max_bytes: int):
        self.folder = folder
        self.max_bytes = max_bytes
        self.fields: dict[str, str] = {}
        self.upload: tuple[str, str] | None = None
        self.file_size = 0
        self.ended = False
        self._count = 0
        self._headers: list[tuple[bytes, bytes]] = []
        self._header = [b"", b""]
        self._file: BinaryIO | None = None
        self._field: tuple[str, bytearray] | None = None

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._add(0, data[start:end]),
            "on_header_value": lambda data, start, end: self._add(1, data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def _part_begin(self) -> None:
        self._count += 1
        if self._count > MAX_PARTS:
            raise UploadError(f"more than {MAX_PARTS} form fields")
        self._headers = []

    def _add(self, which: int, data: bytes) -> None:
        self._header[which] += data

    def _header_end(self) -> None:
        self._headers.append((self._header[0].strip().lower(), self._header[1].strip()))
        self._header = [b"", b""]

    def _headers_finished(self) -> None:
        disposition = dict(self._headers).get(b"content-disposition")
        _, params = parse_options_header(disposition)
        name = _text(params.get(b"name", b""))
        if name == FILE_FIELD:
            if self.upload is not None:
                raise UploadError(f"more than one field '{FILE_FIELD}'")
            shown = _text(params.get(b"filename", b"")) or "upload"
            path = os.path.join(self.folder, upload_name(shown))
            self._file = open(path, "xb")
            self.upload = (path, shown)
        elif name:
            self._field = (name, bytearray())
        else:
            raise UploadError("a form part without a name")

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            self.file_size += end - start
            if self.file_size > self.max_bytes:
                raise TooLarge(f"upload is over the limit of {self.max_bytes} bytes")
            self._file.write(data[start:end])
        elif self._field is not None:
            self._field[1].extend(data[start:end])
            if len(self._field[1]) > MAX_FIELD_BYTES:
                raise UploadError(f"form field '{self._field[0]}' is over {MAX_FIELD_BYTES} bytes")

    def _part_end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        elif self._field is not None:
            name, value = self._field
            self.fields[name] = _text(bytes(value))
            self._field = None

    def _end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _text(raw: bytes) -> str:
    """Browsers and curl send UTF-8 in form headers and fields; anything else is refused
    rather than guessed."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadError("form text is not UTF-8") from None
