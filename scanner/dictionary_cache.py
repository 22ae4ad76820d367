"""The parsed dictionaries, kept as JSON in the cache folder (``dictionaries/KEY.json``):
parsing the TOML files and normalising their terms costs every process that loads them
~65 ms; reading this copy back ~5 ms (``scanner.dictionary`` turns it into and back from
plain data).

The key is the dictionaries' fingerprint (every file's name and bytes, the weights
included) with the code's (``code_fingerprint``: the parser and the normaliser decide
what a term becomes), so an edited dictionary, an extra one or a changed rule is parsed
afresh and never served stale. JSON, not pickle: a cache folder may be shared
(``BAOMI_CACHE_DIR`` on a CI runner) and reading it must never run code. A copy that
cannot be read, parsed or written is ignored: the TOML files are parsed as before. Only
the newest copy is kept.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from scanner.cache_folder import cache_dir, code_fingerprint  # the result cache's keys too

FOLDER = "dictionaries"


def _path(fingerprint: str) -> Path | None:
    """Where the copy for these dictionaries and this code lives; None without a cache
    folder (no home directory, say)."""
    try:
        folder = Path(cache_dir()) / FOLDER
    except OSError:
        return None
    key = hashlib.sha256(f"{fingerprint}:{code_fingerprint()}".encode()).hexdigest()
    return folder / f"{key}.json"


def read(fingerprint: str) -> dict | None:
    """The plain data kept for the dictionaries of ``fingerprint``, or None."""
    path = _path(fingerprint)
    if path is None:
        return None
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("fingerprint") == fingerprint else None


def write(data: dict) -> None:
    """Keep ``data`` (with its ``fingerprint``) for the next process; best effort."""
    path = _path(data["fingerprint"])
    if path is None:
        return
    from markers.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"), replace=True)
        for old in path.parent.glob("*.json"):
            if old != path:
                os.unlink(old)
    except OSError:
        pass
