r"""File names are bytes: a name that is not UTF-8 (GBK from a Windows share, say) reaches
Python as surrogate escapes (PEP 383: the byte 0xB9 becomes U+DCB9), which cannot be
written as UTF-8. Every report shows such a byte as the visible escape ``\xb9`` — in text,
JSON (the parsed string holds ``\xb9``), SARIF, CSV and HTML alike — so a report is always
valid UTF-8 and the name's bytes can be read back from it. A lone surrogate of another
origin (broken UTF-16 text) is shown as ``\udxxx``. SARIF URIs percent-encode the byte
(``%B9``), as URIs do.
"""
from __future__ import annotations

import re
from functools import lru_cache

# PEP 383 maps an undecodable byte b (0x80-0xFF) to U+DC00 + b.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTES else f"\\u{code:04x}"


def _has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: the only characters UTF-8 cannot encode
    (asked of every name a report shows, faster than a pattern's pass)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@lru_cache(maxsize=1)
def _lone_surrogate() -> re.Pattern[str]:
    # Compiled for the first name that holds one: ``re`` builds the class code point by
    # code point (2 M instructions, every scan's and every warm rescan's start-up else).
    return re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    r"""``text`` with each surrogate escape shown as ``\xb9`` (see the module docstring)."""
    if not _has_surrogate(text):
        return text
    return _lone_surrogate().sub(lambda m: _escape(m.group()), text)


def visible_json(text: str) -> str:
    r"""``visible`` for JSON written with ``ensure_ascii=False``: surrogates only occur
    inside strings there, and the escape's backslash is escaped, so the parsed string
    reads ``\xb9`` like every other format."""
    if not _has_surrogate(text):
        return text
    return _lone_surrogate().sub(lambda m: "\\" + _escape(m.group()), text)


def uri_safe(path: str) -> str:
    """``path`` for a URI: each surrogate-escaped byte percent-encoded (``%B9``)."""
    if not _has_surrogate(path):
        return path
    return _lone_surrogate().sub(
        lambda m: f"%{ord(m.group()) - 0xDC00:02X}" if ord(m.group()) in _ESCAPED_BYTES
        else _escape(m.group()), path)
