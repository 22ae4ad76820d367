"""Which dictionary files a run uses, without parsing them: what the result cache needs
to key a result, kept light so a warm rescan loads no dictionary (``scanner.dictionary``
parses them and hashes their bytes)."""
from __future__ import annotations

from pathlib import Path

import dictionaries

# typing's flag without importing typing (type checkers read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    import hashlib


# Not a dictionary: the judge's fitted weights (part of the fingerprint all the same).
WEIGHTS_FILE = "weights.toml"


class DictionaryError(ValueError):
    """A dictionary file that cannot be used; the message names the file."""


def builtin_folder() -> Path:
    """The folder of the ``dictionaries`` package, an ordinary package on disk. Read from
    its ``__file__``: ``importlib.resources`` gives the same folder but imports tempfile and
    zipfile, which would cost a warm rescan more than its whole cache lookup."""
    return Path(dictionaries.__file__).parent


def builtin_files() -> list[Path]:
    """The package's dictionaries: signals, surnames, personal data and sectors/*.toml."""
    folder = builtin_folder()
    return sorted(p for p in [*folder.glob("*.toml"), *folder.glob("sectors/*.toml")]
                  if p.name != WEIGHTS_FILE)


def dictionary_files(extra: list[str | Path] = ()) -> list[Path]:
    """The built-in files, then the user's (``extra``: files, or folders of .toml files);
    raises DictionaryError for a missing one or an empty folder."""
    out = builtin_files()
    for path in map(Path, extra):
        if path.is_dir():
            found = sorted(path.rglob("*.toml"))
            if not found:
                raise DictionaryError(f"{path}: folder holds no .toml dictionary")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise DictionaryError(f"{path}: no such dictionary file or folder")
    return out


def fingerprint(digest: hashlib._Hash, path: Path, raw: bytes) -> None:
    """Add one file to a dictionaries' fingerprint: its name and its bytes."""
    digest.update(path.name.encode() + b"\0" + raw)

