"""Where baomi keeps what it can compute again (scan results, the parsed dictionaries),
and the fingerprint of its code that keys them: light, so that looking a result up loads
nothing else."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from functools import lru_cache

from scanner import __version__

# The packages whose code decides a verdict (scanner/ and markers/, beside each other).
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGES = ("scanner", "markers")


# The sha256 of the few kB that key results. Not hashlib's: hashlib loads OpenSSL (11 M
# instructions, 2–3 ms: a sixth of what a warm rescan does besides starting Python), and a
# key hashes too little for OpenSSL's speed to matter. CPython's own sha256 (a built-in
# module) gives the same digest.
try:
    if sys.version_info >= (3, 12):
        from _sha2 import sha256 as small_sha256
    else:
        from _sha256 import sha256 as small_sha256
except ImportError:  # a Python without it
    from hashlib import sha256 as small_sha256


def stat_line(name: str, st: os.stat_result) -> str:
    """A file's name and stat as keys trust it (size, mtime, ctime, inode: any write
    changes ctime, which no tool can set back), as the result cache trusts it for the
    files it scans."""
    return f"{name}\0{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}\n"


def cache_dir() -> str:
    """The folder of baomi's caches (a str, not a Path: a warm rescan loads no pathlib)."""
    env = os.environ.get("BAOMI_CACHE_DIR")
    if env:
        return env
    import platformdirs

    return platformdirs.user_cache_dir("baomi", appauthor=False)


def source_files() -> list[str]:
    """Every module of the packages, relative to ``ROOT`` with / separators, in a stable
    order (each folder's modules by name, then its subfolders')."""
    return [name for name, _ in _modules()]


def _modules() -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(name as ``source_files`` gives it, its directory entry) of every module. Read with
    os.scandir, which gives each entry's path and kind as it lists a folder: this runs on
    every scan, and os.walk with path joins cost it twice as much (pathlib four times)."""
    folders = [(package, os.path.join(ROOT, package)) for package in reversed(PACKAGES)]
    while folders:
        relative, folder = folders.pop()
        with os.scandir(folder) as listed:
            entries = sorted(listed, key=lambda entry: entry.name)
        yield from ((f"{relative}/{e.name}", e) for e in entries
                    if e.name.endswith(".py") and not e.is_dir())
        folders += [(f"{relative}/{e.name}", e.path) for e in reversed(entries)
                    if e.is_dir() and not e.is_symlink() and e.name != "__pycache__"]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The tool version plus the path and stat of every module, so that a changed rule
    (even without a version bump, as in a development install) never serves a stale
    result or a stale parsed dictionary. The stat (``stat_line``), not the bytes: reading
    them would cost a warm rescan three times as much (1.5 MB)."""
    digest = small_sha256(__version__.encode())
    for name, entry in _modules():
        digest.update(stat_line(name, entry.stat()).encode())
    return digest.hexdigest()
