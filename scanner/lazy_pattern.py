"""A pattern compiled when first used, for patterns few files reach.

Compiling every pattern at import costs every scan's start-up: ``re`` builds a class of CJK
characters code point by code point (millions of instructions a class), ``regex`` less but
still some. A module names such a pattern at its top, as any other, and pays for it only in
a process whose files reach it.
"""
from __future__ import annotations

# typing's flag without importing typing (type checkers read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class LazyPattern:
    """``compile(pattern, flags)`` (``re.compile`` or ``regex.compile``), made on the first
    attribute asked of it (``search``, ``match``, ``finditer``, ``sub`` …); each attribute
    is then the compiled pattern's, kept, so later calls cost what the pattern's own do."""

    def __init__(self, compile: Callable[..., Any], pattern: str, flags: int = 0):
        self._compile, self._pattern, self._flags = compile, pattern, flags
        self._compiled: Any = None

    def __getattr__(self, name: str) -> Any:
        # Only for names not set yet: the compiled pattern's attributes, kept on first use.
        if self._compiled is None:
            self._compiled = self._compile(self._pattern, self._flags)
        value = getattr(self._compiled, name)
        setattr(self, name, value)
        return value
