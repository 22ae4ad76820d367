""".baomi.toml: a site's own settings, committed with the site.

Found from what is scanned (or named with --config): the search starts in the scanned
root — the common folder of the paths named on the command line — and goes up one folder
at a time, stopping at the repository root (the folder holding ``.git``), so a config above
the repository never applies inside it; outside a repository it goes up to ``/``.
Command-line options override it. A config that cannot be used is a usage error naming the
file and line.

    target = "internet"
    include = ["site/**"]
    exclude = ["site/archive/**", "*.tmp.docx"]
    dictionaries = ["baomi/local-terms.toml"]   # relative to this file
    allowlist = ["保密宣传月", "有机密封"]         # findings mentioning these are dropped
    [thresholds]
    internet = 0.8
    extranet = 0.9

Patterns are gitignore patterns (the pathspec library's ``GitIgnoreSpec``), matched
against the path relative to the config file's folder: ``*`` stays within a folder, ``**``
crosses folders, ``[tT]`` is a character class, a pattern without a ``/`` matches a name
in any folder, a pattern matches everything under a folder it matches (``drafts``
excludes ``drafts/a.docx``) and ``!`` re-includes. Unlike git on Linux, matching ignores
case: sites are edited on Windows and macOS file systems and copied from Windows shares,
where ``A.DOCX`` and ``a.docx`` are one name, and ``*.docx`` is meant to cover both.
"""
from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import pathspec

# pathlib is imported where a config file is found or used: a scan without one (a warm
# rescan, most often) never loads it.

from scanner.settings import TARGETS

CONFIG_NAME = ".baomi.toml"
# The approvals of findings (scanner.publish.approvals) beside the config, else at the
# repository root.
APPROVALS_NAME = ".baomi-approvals.toml"
_LIST_KEYS = ("include", "exclude", "dictionaries", "allowlist")


REPOSITORY_MARK = ".git"  # a folder (or, in a worktree, a file) at the repository root


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the line."""


class Config:
    """A .baomi.toml as read: target, include/exclude globs, extra dictionaries,
    allowlist and threshold overrides; ``_parse`` sets them. A plain class, not a
    dataclass: every scan makes the class, and dataclasses compiles a class's methods
    when it makes it (3 M instructions, a warm rescan's 240 cache lookups cost 34 M)."""

    def __init__(self, path: Path | None = None):
        self.path = path  # None: no config file, every default applies
        self.target: str | None = None
        self.include: list[str] = []
        self.exclude: list[str] = []
        self.dictionaries: list[str] = []  # absolute paths
        self.allowlist: list[str] = []
        self.thresholds: dict[str, float] = {}
        # What ``selects`` refused, absolute path → why: a scan says what it left out.
        self.refused: dict[str, str] = {}

    @property
    def root(self) -> Path:
        """The folder globs are relative to: the config file's, else the working directory."""
        from pathlib import Path

        return self.path.parent if self.path else Path.cwd()

    def selects(self, path: str) -> bool:
        """Whether include/exclude let ``path`` (relative to cwd, or absolute) be scanned;
        a refused path is recorded in ``refused`` with the reason."""
        why = self.excludes(path)
        if why is not None:
            self.refused[os.path.abspath(path)] = why
        return why is None

    def excludes(self, path: str) -> str | None:
        """Why include/exclude leave ``path`` out (``exclude "*.pdf"``), or None."""
        if not (self.include or self.exclude):
            return None
        rel = _relative(path, self.root)
        if self.include and not _spec(tuple(self.include)).match_file(rel):
            return f"not in include of {self.path}"
        check = _spec(tuple(self.exclude)).check_file(rel)
        if check.include:  # the last pattern that matched excludes (not a ``!`` one)
            return f'exclude "{self.exclude[check.index]}" in {self.path}'
        return None


def scan_root(paths: list[str]) -> str:
    """The folder a scan starts from (absolute): the common folder of the named paths (a
    named file counts as its folder); the working directory when none is named."""
    folders = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)))
               for p in paths]
    return os.path.commonpath(folders) if folders else os.getcwd()


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The first .baomi.toml from ``start`` (default: cwd) upwards, looking no further than
    the repository root (the folder holding .git), else up to the file-system root."""
    for folder in folders_up(start or os.getcwd()):
        path = os.path.join(folder, CONFIG_NAME)
        # os.path, not Path: a folder this user cannot look into has no config we can use.
        if os.path.isfile(path):
            from pathlib import Path

            return Path(path)
        if os.path.lexists(os.path.join(folder, REPOSITORY_MARK)):
            return None
    return None


def folders_up(start: str | os.PathLike[str]) -> Iterator[str]:
    """``start`` made absolute, then each of its parents up to the file-system root (as
    ``Path.parents``, in strings: no pathlib on a scan's way)."""
    folder = os.path.abspath(start)
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def load_config(path: str | Path | None = None,
                start: str | os.PathLike[str] | None = None) -> Config:
    """The config at ``path``, else the one found from ``start`` (default: cwd; see
    ``find_config``), else defaults."""
    if path is not None:
        from pathlib import Path

        found = Path(path)
    else:
        found = find_config(start)
    if found is None:
        return Config()
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{found}: cannot read config: {exc}") from exc
    if sys.version_info >= (3, 11):  # here: a scan without a config never parses TOML
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{found}: {exc}") from exc
    return _parse(found.resolve(), text, data)


def _parse(path: Path, text: str, data: dict) -> Config:
    def fail(key: str, why: str, table: str | None = None) -> ConfigError:
        return ConfigError(f"{path}:{_line_of(text, key, table)}: {key}: {why}")

    unknown = set(data) - {"target", "thresholds", *_LIST_KEYS}
    if unknown:
        raise fail(sorted(unknown)[0],
                   f"unknown key (known: target, {', '.join(_LIST_KEYS)}, thresholds)")
    config = Config(path=path)
    if "target" in data:
        if data["target"] not in TARGETS:
            raise fail("target", f"must be one of {', '.join(TARGETS)}")
        config.target = data["target"]
    for key in _LIST_KEYS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(key, "must be a list of non-empty strings")
        setattr(config, key, value)
    for key in ("include", "exclude"):
        try:
            _spec(tuple(getattr(config, key)))
        except (ValueError, TypeError) as exc:
            raise fail(key, f"invalid pattern: {exc}") from exc
    config.dictionaries = [str(path.parent / d) for d in config.dictionaries]
    thresholds = data.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise fail("thresholds", "must be a table: [thresholds] internet = 0.8")
    for key, value in thresholds.items():
        if key not in TARGETS:
            raise fail(key, f"unknown target (known: {', '.join(TARGETS)})", "thresholds")
        # The judge's score is 0–1 (dictionaries/weights.toml); above 1, content never blocks.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise fail(key, "must be a positive number (the judge's score is 0–1)",
                       "thresholds")
        config.thresholds[key] = float(value)
    return config


def _line_of(text: str, key: str, table: str | None) -> int:
    """The line where ``key`` is set (inside ``[table]`` when given); 1 if not findable
    (a key set by a dotted or inline table, say)."""
    in_table = table is None
    key_line = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line)
        if header:
            if table is not None:
                in_table = header.group(1) == table
            elif header.group(1) == key:
                return number
            else:
                in_table = False
            continue
        if in_table and key_line.match(line):
            return number
    return 1


def _relative(path: str, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators, casefolded (see the module
    docstring: matching ignores case)."""
    from pathlib import Path

    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix().casefold()


@lru_cache(maxsize=32)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec  # only for a config that has patterns: most scans have none

    return pathspec.GitIgnoreSpec.from_lines(p.casefold() for p in patterns)
