"""What a scan covered and what it left out, said: the paths the config refused, images
read without OCR, entries the walk could not read, and the line on stderr that names the
config. ``baomi scan`` uses it for plain and staged scans alike, so the pre-commit
framework and ``install-hook``'s git hook give one answer.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from scanner.config import Config
from scanner.model import FileResult, Skipped
from scanner.report.names import visible
from scanner.run.task import unreadable
from scanner.run.walk import WalkLog


class Coverage:
    """What a scan left out: ``skipped`` paths (each with why) and the number of folder
    members the config excluded (not listed one by one: a site may exclude thousands).
    A plain class, as ``WalkLog`` is (a dataclass's methods are compiled on every run)."""

    def __init__(self, skipped: list[Skipped], excluded_members: int = 0):
        self.skipped = skipped
        self.excluded_members = excluded_members


def with_unreadable(results: list[FileResult], log: WalkLog, complete: bool) -> list[FileResult]:
    """``results`` (one per file walked, in walk order) with a ``review`` result for each
    entry the walk could not read, where the walk met it. An interrupted scan
    (``complete`` false) keeps only the entries met before its last file."""
    out: list[FileResult] = []
    pending = iter(log.unreadable)
    entry = next(pending, None)
    for position, result in enumerate(results):
        while entry is not None and entry[0] <= position:
            out.append(unreadable(entry[1], entry[3], kind=entry[2]))
            entry = next(pending, None)
        out.append(result)
    while complete and entry is not None:
        out.append(unreadable(entry[1], entry[3], kind=entry[2]))
        entry = next(pending, None)
    return out


def images_not_read(results: list[FileResult]) -> tuple[list[FileResult], list[Skipped]]:
    """Images are not documents unless OCR is on. An image whose name claims no document
    type and that was not read for want of OCR is skipped, with that reason, instead of
    ``review``: a picture in a commit is not a document that failed to open. An image
    under a document's name (``scan.pdf``) stays ``review``, and with OCR on an image is
    read like any document."""
    if not any(result.errors for result in results):
        return results, []  # every file read: the sniffer's and OCR's modules need not load
    from scanner.extract.ocr import NO_OCR
    from scanner.extract.sniff import IMAGE_TYPES, claimed_type

    kept, skipped = [], []
    for result in results:
        if (result.type in IMAGE_TYPES and claimed_type(result.path) is None
                and result.errors and all(NO_OCR in e for e in result.errors)):
            skipped.append(Skipped(result.path, result.errors[0]))
        else:
            kept.append(result)
    return kept, skipped


def refused_by_config(paths: Iterable[str], config: Config) -> Coverage:
    """Named paths the config refused, as skipped with the rule that refused them; the
    rest of what it refused were folder members, only counted."""
    named = {os.path.abspath(p): p for p in paths}
    skipped = [Skipped(named[full], why) for full, why in config.refused.items() if full in named]
    return Coverage(skipped, len(config.refused) - len(skipped))


def config_notice(config: Config, coverage: Coverage, verbose: bool) -> str | None:
    """The stderr line naming the config: always when it left something out, else only
    with ``verbose``."""
    if config.path is None:
        return "baomi: no .baomi.toml found; defaults apply" if verbose else None
    refused = len(config.refused)
    if refused:
        return (f"baomi: config {visible(str(config.path))} excluded {refused} "
                f"path{'s' if refused != 1 else ''} ({len(coverage.skipped)} named, "
                f"{coverage.excluded_members} in folders)")
    return f"baomi: config {visible(str(config.path))}" if verbose else None


def nothing_to_scan(coverage: Coverage) -> str:
    """The stderr line for a scan that read no file at all."""
    return (f"baomi: nothing to scan: {len(coverage.skipped)} path(s) skipped, "
            f"{coverage.excluded_members} excluded in folders, no other document found")
