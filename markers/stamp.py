"""Stamp a file, whatever its format: validate, detect an existing mark, write atomically.

What a file is and which marking it already carries are the scanner's answers
(scanner.extract.sniff, scanner.pipeline.carried_marking), so ``baomi mark`` and
``baomi scan`` never disagree about a file.

The format modules turn bytes into stamped bytes; this module owns the files. The input is
never written unless ``in_place``, and then only after ``NAME.orig.EXT`` holds the original.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from markers import docx as docx_marker
from markers import pdf as pdf_marker
from markers.atomic import write_atomic
from markers.marking import Marking, MarkingError, validate
from scanner.extract.sniff import sniff

MAX_COPY_NUMBER = 999_999  # 份号 is six digits
# What sniff calls legacy Office (.doc, .xls …) and the OLE wrapper of an encrypted DOCX.
OLE_KINDS = ("ole", "encrypted-office")


class StampError(Exception):
    """The file cannot be stamped: unreadable, encrypted, unsupported, or already marked."""


class MarkConflict(StampError):
    """The file already carries a different marking (and ``force`` was not given)."""


@dataclass(frozen=True)
class StampResult:
    input: Path
    output: Path | None  # None when nothing was written (the file already carried this mark)
    kind: str  # "docx" or "pdf"
    marking: Marking
    copy_number: str | None
    sha256_before: str
    sha256_after: str | None
    note: str | None = None  # e.g. why a PDF mark went into the margin

    @property
    def changed(self) -> bool:
        return self.output is not None


def format_copy_number(number: int | None) -> str | None:
    """份号: six digits, zero-padded."""
    if number is None:
        return None
    if not 1 <= number <= MAX_COPY_NUMBER:
        raise MarkingError(f"份号应在 1 到 {MAX_COPY_NUMBER} 之间: {number}")
    return f"{number:06d}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def derived_path(path: Path, tag: str, kind: str) -> Path:
    """``NAME.<tag>.EXT`` beside ``path`` (EXT from the type when the name has none)."""
    suffix = path.suffix or f".{kind}"
    return path.with_name(f"{path.stem if path.suffix else path.name}.{tag}{suffix}")


def stamp_file(
    path: str | os.PathLike[str],
    level: str,
    term: str | None = None,
    copy_number: int | None = None,
    output: str | os.PathLike[str] | None = None,
    in_place: bool = False,
    force: bool = False,
) -> StampResult:
    """Stamp ``path``. Raises MarkingError for an invalid request, StampError when refused:
    among others when the file already carries a different marking anywhere a scan finds
    one (first-page header, form table, text box, top cells), unless ``force``."""
    # The extractors and detectors: loaded only when something is stamped.
    from scanner.pipeline import carried_marking

    marking = validate(level, term)
    copy = format_copy_number(copy_number)
    source = Path(path)
    if output is not None and in_place:
        raise MarkingError("-o/--output and --in-place exclude each other")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise StampError(f"cannot read {source}: {exc.strerror or exc}") from exc
    kind = sniff(data)
    if kind in OLE_KINDS:
        raise StampError(f"{source}: password-protected Office file or legacy .doc; only DOCX and PDF can be stamped")
    if kind not in ("pdf", "docx"):
        raise StampError(f"{source}: not a PDF or DOCX file")
    marker = pdf_marker if kind == "pdf" else docx_marker
    before = sha256(data)
    try:
        existing = carried_marking(data)
        if existing is not None and not force:
            found, found_copy = existing
            if (found.level, found.term) != (marking.level, marking.term) or (
                    copy is not None and copy != found_copy):
                raise MarkConflict(
                    f"{source} already carries {_describe(found, found_copy)}; use --force to replace it")
            return StampResult(source, None, kind, marking, found_copy, before, None,
                               note=f"already carries {_describe(found, found_copy)}; nothing written")
        stamped, note = marker.stamp(data, marking, copy, replace=existing is not None)
        _check_carries(source, carried_marking(stamped), marking)
    except (docx_marker.DocxError, pdf_marker.PdfError) as exc:
        raise StampError(f"{source}: {exc}") from exc
    target = _write(source, data, stamped, kind, output, in_place, force)
    return StampResult(source, target, kind, marking, copy, before, sha256(stamped), note)


def _check_carries(source: Path, found: tuple[Marking, str | None] | None,
                   marking: Marking) -> None:
    """With --force over a mark the stamper cannot replace (in a header, a form table), the
    copy would carry two marks and a scan would report the old one: refuse, nothing written."""
    if found is None or (found[0].level, found[0].term) != (marking.level, marking.term):
        carried = _describe(*found) if found else "no marking"
        raise StampError(f"{source}: after stamping, the file would still read as {carried} "
                         "(a mark outside the top of page 1 that baomi mark cannot replace); "
                         "remove it by hand first")


def _describe(marking: Marking, copy_number: str | None) -> str:
    text = marking.text()
    return f"{text} (份号 {copy_number})" if copy_number else text


def _write(source: Path, original: bytes, stamped: bytes, kind: str,
           output: str | os.PathLike[str] | None, in_place: bool, force: bool) -> Path:
    """The stamped bytes to their place. A copy is created exclusively: an existing file
    there (another copy with its own 份号, an unrelated file) is refused unless ``force``,
    so of several runs racing for one name one wins and the ledger records only it."""
    try:
        if in_place:
            backup = derived_path(source, "orig", kind)
            try:
                write_atomic(backup, original, mode_from=source)
            except FileExistsError:
                raise StampError(f"{backup} already exists; move it away before stamping in "
                                 "place") from None
            write_atomic(source, stamped, replace=True, mode_from=source)
            return source
        target = Path(output) if output is not None else derived_path(source, "marked", kind)
        if target.exists() and target.resolve() == source.resolve():
            raise StampError(f"{target} is the input; use --in-place to stamp it in place")
        try:
            write_atomic(target, stamped, replace=force, mode_from=source)
        except FileExistsError:
            raise StampError(f"{target} already exists; use --force to replace it") from None
        return target
    except OSError as exc:
        raise StampError(f"cannot write: {exc}") from exc
