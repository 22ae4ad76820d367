"""Which dictionary files a run uses, without parsing them: what the result cache needs
to key a result, kept light so a warm rescan loads no dictionary (``scanner.dictionary``
parses them and hashes their bytes)."""
from __future__ import annotations

import os

import dictionaries

# typing's flag without importing typing (type checkers read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    import hashlib
    from pathlib import Path


# Not a dictionary: the judge's fitted weights (part of the fingerprint all the same).
WEIGHTS_FILE = "weights.toml"


class DictionaryError(ValueError):
    """A dictionary file that cannot be used; the message names the file."""


def builtin_folder() -> Path:
    """The folder of the ``dictionaries`` package, an ordinary package on disk. Read from
    its ``__file__``: ``importlib.resources`` gives the same folder but imports tempfile and
    zipfile, which would cost a warm rescan more than its whole cache lookup."""
    from pathlib import Path

    return Path(_builtin_path())


def _builtin_path() -> str:
    return os.path.dirname(dictionaries.__file__)


def builtin_names() -> list[str]:
    """The package's dictionaries (signals, surnames, personal data and sectors/*.toml) as
    path strings, in pathlib's order (folder by folder). Strings: the result cache keys
    every run by them, and a warm rescan loads no pathlib."""
    folder = _builtin_path()
    found = [os.path.join(parent, name)
             for parent in (folder, os.path.join(folder, "sectors"))
             for name in _listing(parent) if name.endswith(".toml") and name != WEIGHTS_FILE]
    return sorted(found, key=lambda path: path.split(os.sep))


def _listing(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:  # as a glob of a folder that is not there: nothing
        return []


def builtin_files() -> list[Path]:
    """``builtin_names`` as paths."""
    from pathlib import Path

    return [Path(name) for name in builtin_names()]


def dictionary_files(extra: list[str | Path] = ()) -> list[Path]:
    """The built-in files, then the user's (``extra``: files, or folders of .toml files);
    raises DictionaryError for a missing one or an empty folder."""
    return builtin_files() + _extra_files(extra)


def dictionary_names(extra: list[str | Path] = ()) -> list[str]:
    """Every file a run's dictionaries come from, as path strings: ``dictionary_files``,
    then the judge's weights; pathlib is loaded only for ``extra`` files."""
    return [*builtin_names(), *map(str, _extra_files(extra)),
            os.path.join(_builtin_path(), WEIGHTS_FILE)]


def _extra_files(extra: list[str | Path]) -> list[Path]:
    if not extra:
        return []
    from pathlib import Path

    out = []
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

