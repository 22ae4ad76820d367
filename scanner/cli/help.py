"""The closing part of every command's ``--help``: its exit status, the environment
variables it reads, and an example (click prints ``\\b`` paragraphs as written)."""
from __future__ import annotations

import textwrap

# The width the closing part is wrapped at (click leaves \\b paragraphs as they are).
WIDTH = 79

# Every environment variable baomi reads, and what for.
ENVIRONMENT = {
    "BAOMI_CACHE_DIR": "the result cache's folder (default: the user cache directory)",
    "BAOMI_LEDGER": "the ledger (台账) database (default: the user data directory)",
    "BAOMI_OCR": "off: no OCR of scans and pictures, which are then review",
    "BAOMI_SERVE_TOKEN": "the token the HTTP API requires, as --token",
    "NO_COLOR": "set: no colour in the text report on a terminal",
}
ALL = tuple(ENVIRONMENT)


def epilog(exit_status: dict[str | int, str], environment: tuple[str, ...],
           examples: list[str]) -> str:
    """``exit_status``: code → meaning; ``environment``: names from ENVIRONMENT;
    ``examples``: command lines, shown as given."""
    blocks = ["\b\nExit status:\n" + "\n".join(
        _item(str(code), meaning, 4) for code, meaning in exit_status.items())]
    if environment:
        width = max(len(name) for name in environment) + 2
        blocks.append("\b\nEnvironment:\n" + "\n".join(
            _item(name, ENVIRONMENT[name], width) for name in environment))
    blocks.append("\b\nExample" + ("s" if len(examples) > 1 else "") + ":\n"
                  + "\n".join(f"  {line}" for line in examples))
    return "\n\n".join(blocks)


def _item(name: str, meaning: str, width: int) -> str:
    """``name`` in a column of ``width``, then ``meaning`` wrapped beside it."""
    return textwrap.fill(meaning, WIDTH, initial_indent=f"  {name:<{width}}",
                         subsequent_indent=" " * (2 + width))
