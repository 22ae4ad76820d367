""".baomi.toml: a site's own settings, committed with the site.

Found upwards from the working directory (or named with --config). Command-line options
override it. A config that cannot be used is a usage error naming the file and line.

    target = "internet"
    include = ["site/**"]
    exclude = ["site/archive/**", "*.tmp.docx"]
    dictionaries = ["baomi/local-terms.toml"]   # relative to this file
    allowlist = ["保密宣传月", "有机密封"]         # findings mentioning these are dropped
    [thresholds]
    internet = 3.0
    extranet = 4.5

Globs are matched against the path relative to the config file's folder, with ``/``
separators: ``*`` stays within a folder, ``**`` crosses folders, and a pattern without a
``/`` matches a name in any folder. A pattern also matches everything under a folder it
matches, so ``drafts`` excludes ``drafts/a.docx``.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from scanner.judge.policy import THRESHOLDS

CONFIG_NAME = ".baomi.toml"
_LIST_KEYS = ("include", "exclude", "dictionaries", "allowlist")


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the line."""


@dataclass
class Config:
    path: Path | None = None  # None: no config file, every default applies
    target: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    dictionaries: list[str] = field(default_factory=list)  # absolute paths
    allowlist: list[str] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The folder globs are relative to: the config file's, else the working directory."""
        return self.path.parent if self.path else Path.cwd()

    def selects(self, path: str) -> bool:
        """Whether include/exclude let ``path`` (relative to cwd, or absolute) be scanned."""
        if not (self.include or self.exclude):
            return True
        rel = Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()
        if self.include and not any(_glob_matches(g, rel) for g in self.include):
            return False
        return not any(_glob_matches(g, rel) for g in self.exclude)


def find_config(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: str | Path | None = None) -> Config:
    """The config at ``path``, else the one found upwards from cwd, else defaults."""
    found = Path(path) if path is not None else find_config()
    if found is None:
        return Config()
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{found}: cannot read config: {exc}") from exc
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
        if data["target"] not in THRESHOLDS:
            raise fail("target", f"must be one of {', '.join(THRESHOLDS)}")
        config.target = data["target"]
    for key in _LIST_KEYS:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(key, "must be a list of non-empty strings")
        setattr(config, key, value)
    config.dictionaries = [str(path.parent / d) for d in config.dictionaries]
    thresholds = data.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise fail("thresholds", "must be a table: [thresholds] internet = 3.0")
    for key, value in thresholds.items():
        if key not in THRESHOLDS:
            raise fail(key, f"unknown target (known: {', '.join(THRESHOLDS)})", "thresholds")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise fail(key, "must be a positive number", "thresholds")
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


def _glob_matches(pattern: str, rel: str) -> bool:
    pattern = pattern.strip("/")
    regex = _glob_regex(pattern)
    if "/" not in pattern:
        # A bare name matches in any folder, like .gitignore.
        return any(regex.fullmatch(part) for part in rel.split("/"))
    parts = rel.split("/")
    return any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1))


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))
