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

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Callable

# Compiled by re when a text first holds one: compiling a class of 2,048 code points costs
# 2.3 M instructions, more than a warm rescan's whole report (most names have none).
_LONE_SURROGATE = "[\ud800-\udfff]"
# PEP 383 maps an undecodable byte b (0x80-0xFF) to U+DC00 + b.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTES else f"\\u{code:04x}"


def _replace_surrogates(text: str, how: Callable[[str], str]) -> str:
    """``text`` with each surrogate ``char`` replaced by ``how(char)``; ``text`` itself when
    it holds none, which is exactly when it can be encoded as UTF-8 (checked first: cheaper
    than compiling the pattern)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return re.sub(_LONE_SURROGATE, lambda m: how(m.group()), text)
    return text


def visible(text: str) -> str:
    r"""``text`` with each surrogate escape shown as ``\xb9`` (see the module docstring)."""
    return _replace_surrogates(text, _escape)


def visible_json(text: str) -> str:
    r"""``visible`` for JSON written with ``ensure_ascii=False``: surrogates only occur
    inside strings there, and the escape's backslash is escaped, so the parsed string
    reads ``\xb9`` like every other format."""
    return _replace_surrogates(text, lambda char: "\\" + _escape(char))


def uri_safe(path: str) -> str:
    """``path`` for a URI: each surrogate-escaped byte percent-encoded (``%B9``)."""
    return _replace_surrogates(path, lambda char: f"%{ord(char) - 0xDC00:02X}"
                               if ord(char) in _ESCAPED_BYTES else _escape(char))
