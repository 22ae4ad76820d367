"""The JSON report, exactly as CONTRACT.md specifies (report version 1).

The report is ``json.dumps(report, ensure_ascii=False, indent=2)``, written in pieces: each
file's object is rendered on its own (``file_entry``) and spliced into the "files" list.
json's indenting encoder is pure Python and is most of what a report costs, so the result
cache keeps each result's entry rendered (``entry_tail``) and a rescan splices it
(``with_path``) instead of encoding the result again: the bytes are the same either way.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring

from scanner import __version__
from scanner.report.names import visible_json

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    from scanner.model import FileResult, Skipped

REPORT_VERSION = 1
# A file's object in the "files" list sits two levels deep: its lines are indented by 4.
_FILE_INDENT = "    "
# The head of an entry whose path is spliced in: its opening line and the path's key.
_OPEN = _FILE_INDENT + "{\n"
_PATH = _FILE_INDENT + '  "path": '


def summary(results: list[FileResult]) -> dict[str, int]:
    counts = {"files": len(results), "pass": 0, "block": 0, "review": 0}
    for result in results:
        counts[result.verdict.value] += 1
    return counts


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _in_files(data: dict) -> str:
    """An object as the "files" list holds it, indented in place (JSON strings hold no
    line breaks, so every line break is where the indent goes)."""
    return _FILE_INDENT + _dumps(data).replace("\n", "\n" + _FILE_INDENT)


def file_entry(result: FileResult) -> str:
    """``result``'s object as the report's "files" list holds it."""
    return _in_files(result.to_dict())


def entry_tail(result: FileResult) -> str:
    """``result``'s entry without its opening line and path (its first key), for the
    cache: the same bytes serve the result under any name (``with_path``)."""
    data = result.to_dict()
    del data["path"]
    return _in_files(data)[len(_OPEN):]


def with_path(tail: str, path: str) -> str:
    """The entry of a result named ``path`` whose ``entry_tail`` is ``tail``."""
    return f"{_OPEN}{_PATH}{encode_basestring(path)},\n{tail}"


def render_json(results: Iterable[FileResult], target: str, config: str | None = None,
                skipped: Iterable[Skipped] = (),
                entries: Mapping[int, tuple[FileResult, str]] | None = None) -> str:
    """The report; ``config`` is the path of the config file used (``null`` without one),
    ``skipped`` the paths not read on purpose, each with the reason (an addition to the
    contract's shape). Names that are not UTF-8 are shown escaped (``report.names``).
    ``entries``: rendered entries by ``id`` of the very result they render (the cache's),
    used for that result only."""
    results = list(results)
    entries = entries or {}
    head = _dumps({"version": REPORT_VERSION, "tool": {"name": "baomi", "version": __version__},
                   "target": target, "config": config})
    tail = _dumps({"summary": summary(results), "skipped": [s.to_dict() for s in skipped]})
    files = [_entry(result, entries) for result in results]
    listed = "[\n" + ",\n".join(files) + "\n  ]" if files else "[]"
    # head ends "\n}", tail starts "{\n": the members of one object, split around "files".
    return visible_json(f'{head[:-2]},\n  "files": {listed},\n{tail[2:]}\n')


def _entry(result: FileResult, entries: Mapping[int, tuple[FileResult, str]]) -> str:
    cached = entries.get(id(result))
    return cached[1] if cached is not None and cached[0] is result else file_entry(result)
