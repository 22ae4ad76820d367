"""Where baomi keeps what it can compute again (scan results, the parsed dictionaries),
and the fingerprint of its code that keys them: light, so that looking a result up loads
nothing else."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from scanner import __version__

# The packages whose code decides a verdict (scanner/ and markers/, beside each other).
ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scanner", "markers")


def cache_dir() -> Path:
    env = os.environ.get("BAOMI_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("baomi", appauthor=False))


def source_files() -> list[Path]:
    """Every module of the packages, in a stable order (os.walk: no pathlib glob)."""
    found = []
    for package in PACKAGES:
        for folder, dirs, files in os.walk(ROOT / package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found += [Path(folder, name) for name in sorted(files) if name.endswith(".py")]
    return found


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The tool version plus the path and bytes of every module, so that a changed rule
    (even without a version bump, as in a development install) never serves a stale
    result or a stale parsed dictionary."""
    digest = hashlib.sha256(__version__.encode())
    for source in source_files():
        digest.update(str(source.relative_to(ROOT)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()
