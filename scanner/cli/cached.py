"""``baomi scan`` with its common options, run without importing click.

Importing click costs a warm rescan about as much as everything else it does (Python's
start aside), and a cold scan of a few files 80 M instructions of its 2,100 M, so
``baomi scan`` with only the options below is run from here: parsed by a table, planned
and run by the same ``plan_scan`` and ``run_scan`` as click's command, the cache asked
first for every file (unless --no-cache). Where anything is unusual (another option, a
bundled short option, a value click would refuse) or planning refuses (a usage error), ``answer``
returns None having written nothing, and click's command line runs as always, with its
own messages. Once planned, the scan is this one's: files the cache does not answer are
scanned here, without walking the folders again.
"""
from __future__ import annotations

import os
import sys

from scanner.cli.scanning import (
    EXIT_USAGE, FORMATS, ScanOptions, UsageError, plan_scan, run_scan)
from scanner.settings import TARGETS

# Flags: option → (ScanOptions field, value). Options that take a value: option → field.
_FLAGS = {"-q": ("quiet", True), "--quiet": ("quiet", True), "-v": ("verbose", True),
          "--verbose": ("verbose", True), "--force": ("force", True),
          "--redact": ("redact", True), "--no-redact": ("redact", False),
          "--no-cache": ("no_cache", True)}
_VALUED = {"--format": "fmt", "-o": "output", "--output": "output", "--target": "target",
           "--dictionary": "dictionaries", "-j": "jobs", "--jobs": "jobs",
           "--config": "config_path", "--timeout": "timeout", "--max-memory": "max_memory"}


def answer(argv: list[str]) -> int | None:
    """The exit status of ``baomi ARGV`` when it is a scan this table reads and planning
    accepts (its report written as click's path would write it), else None."""
    options = parse(argv)
    if options is None:
        return None
    try:
        try:
            plan = plan_scan(options)
        except (UsageError, OSError):
            return None  # said by click's path, in its words
        return run_scan(options, plan, cache_first=not options.no_cache)
    except (UsageError, OSError) as exc:  # as scanner.cli.scan.main says them
        print(f"baomi: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("baomi: aborted", file=sys.stderr)  # as click's path says it
        return 130


def parse(argv: list[str]) -> ScanOptions | None:
    """``scan`` and its common options as click would read them, or None for anything
    this table does not cover exactly."""
    if not argv or argv[0] != "scan":
        return None
    fields: dict[str, object] = {}
    paths: list[str] = []
    dictionaries: list[str] = []
    words = iter(argv[1:])
    for word in words:
        if word == "--":
            paths += words
        elif not word.startswith("-") or word == "-":
            paths.append(word)
        elif word in _FLAGS:
            name, flag = _FLAGS[word]
            fields[name] = flag
        else:
            option, equals, value = word.partition("=")
            if option not in _VALUED or (not equals and (value := next(words, None)) is None):
                return None
            name = _VALUED[option]
            converted = _value(name, value)
            if converted is None:
                return None
            if name == "dictionaries":
                dictionaries.append(value)
            else:
                fields[name] = converted
    if not paths:
        return None
    return ScanOptions(tuple(paths), dictionaries=tuple(dictionaries), **fields)


def _value(name: str, value: str) -> object | None:
    """``value`` as click's type for the option converts it, or None where click might
    refuse it or read it otherwise."""
    if name == "fmt":
        return value if value in FORMATS else None
    if name == "target":
        return value if value in TARGETS else None
    if name in ("jobs", "max_memory"):
        number = int(value) if _digits(value) else None
        return None if number is None or (name == "jobs" and number < 1) else number
    if name == "timeout":
        whole, _, fraction = value.partition(".")  # digits, with a point or not
        plain = (whole or fraction) and all(_digits(part) for part in (whole, fraction) if part)
        return float(value) if plain else None
    if not value or value.startswith("-"):
        return None
    if name == "dictionaries":
        return value  # a file or a folder
    if os.path.isdir(value):
        return None  # click.Path refuses a folder for -o and --config
    if name == "output" and os.path.exists(value) and not os.access(value, os.W_OK):
        return None
    return value


def _digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits only, at least one (str tests, not a pattern: a
    compiled one costs every run more than parsing the whole command line)."""
    return text.isascii() and text.isdigit()
