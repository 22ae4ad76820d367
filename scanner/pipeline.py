"""One file through the flow: sniff → extract → view → detectors → judge. The public API
is ``scan_file`` (a path) and ``scan_bytes`` (content already in memory); ``Settings``
and ``unreadable`` are re-exported from where they live (scanner.settings,
scanner.run.task, which also reads a path for ``scan_file`` as every runner does)."""
from __future__ import annotations

import hashlib

from markers.marking import LEVEL_RANK, Marking
from scanner.detect.allowlist import drop_allowlisted
from scanner.detect.markings import find_markings
from scanner.detect.registry import detect
from scanner.detect.view import View
from scanner.extract import extract
from scanner.extract.sniff import sniff
from scanner.judge.policy import decide, judge, threshold_for, verdict_for
from scanner.judge.suggest import suggest_marking
from scanner.model import Attachment, FileResult, Finding, FoundMarking, Location
from scanner.plain import replace
from scanner.run.task import NotReadable, read_regular, unreadable
from scanner.settings import Settings  # noqa: F401 (re-exported)

# Files inside files (embedded documents, archive members): how deep and how many.
MAX_DEPTH = 3
MAX_ATTACHMENTS = 200


def scan_bytes(data: bytes, path: str, settings: Settings, depth: int = 0,
               trace: bool = True) -> FileResult:
    """``trace`` false: the result's ``trace`` is None, not built (no cache will keep it,
    no report shows it); everything else is the same."""
    kind = sniff(data)
    extraction = extract(data, kind)
    view = View(extraction.segments, settings.dictionary, path=path, kind=kind)
    judgement = judge(detect(view), view.segments, settings.dictionary,
                      threshold_for(settings.target, settings.thresholds), settings.target,
                      (view.norms, view.offsets), trace)
    marking, findings, score = judgement.marking, judgement.findings, judgement.score
    built = judgement.trace
    errors = list(extraction.errors)
    for attachment in extraction.attachments[:MAX_ATTACHMENTS]:
        if depth >= MAX_DEPTH:
            errors.append(f"{attachment.name}: nested more than {MAX_DEPTH} levels deep, not read")
            continue
        child = scan_bytes(attachment.data, attachment.name, settings, depth + 1, trace)
        marking = _stronger(marking, _relocate_marking(child.marking, attachment))
        findings += [_relocate(f, attachment) for f in child.findings]
        errors += [f"{attachment.name}: {e}" for e in child.errors]
        score = max(score, child.score)
        if built is not None and child.trace and (child.findings or child.trace["passages"]):
            built.setdefault("attachments", {})[attachment.name] = child.trace
    if len(extraction.attachments) > MAX_ATTACHMENTS:
        errors.append(f"{len(extraction.attachments)} embedded files, only the first "
                      f"{MAX_ATTACHMENTS} read")
    marking, findings = drop_allowlisted(marking, findings, settings.allowlist)
    status = decide(marking, findings, errors, settings.dictionary)
    return FileResult(
        path=path, type=extraction.type, sha256=hashlib.sha256(data).hexdigest(),
        verdict=verdict_for(status, findings), status=status, marking=marking, score=score,
        findings=findings, errors=list(dict.fromkeys(errors)),
        suggested_marking=suggest_marking(status, findings, settings.dictionary), trace=built)


def _relocate(finding: Finding, attachment: Attachment) -> Finding:
    """A finding inside an embedded file, as seen from the file that carries it."""
    inner = finding.location
    where = attachment.name if inner.part == "attachment" else f"{attachment.name} ({inner.part})"
    detail = {**finding.detail, "attachment": finding.detail.get("attachment", where)}
    return replace(finding, location=Location("attachment", attachment.page, inner.paragraph),
                   detail=detail)


def _relocate_marking(marking: FoundMarking | None, attachment: Attachment) -> FoundMarking | None:
    if marking is None:
        return None
    return replace(marking, location=Location("attachment", attachment.page,
                                               marking.location.paragraph))



def _stronger(a: FoundMarking | None, b: FoundMarking | None) -> FoundMarking | None:
    if a is None or b is None:
        return a or b
    return b if LEVEL_RANK[b.level] > LEVEL_RANK[a.level] else a


def carried_marking(data: bytes) -> tuple[Marking, str | None] | None:
    """The marking and 份号 a file carries, exactly as a scan reports it (the stamper asks
    this before stamping, so ``baomi mark`` and ``baomi scan`` agree; issue 14)."""
    marking, _findings = find_markings(extract(data).segments)
    if marking is None:
        return None
    return Marking(marking.level, marking.term), marking.copy_number


def scan_file(path: str, settings: Settings, sha256: str = "", trace: bool = True) -> FileResult:
    """Never raises for a bad file: what cannot be read (not a regular file, over
    MAX_FILE_BYTES, no permission) is ``review``. ``sha256``: the content's hash when
    already known (the cache), kept on a result that could not be read. ``trace``: as
    ``scan_bytes``."""
    try:
        data = read_regular(path)
    except NotReadable as exc:
        return unreadable(path, str(exc), sha256=sha256)
    except OSError as exc:
        return unreadable(path, f"cannot read file: {exc.strerror or exc}")
    return scan_read_bytes(data, path, settings, trace)


def scan_read_bytes(data: bytes, path: str, settings: Settings, trace: bool = True) -> FileResult:
    """``scan_bytes`` for content read from a file or a git blob; never raises."""
    try:
        return scan_bytes(data, path, settings, trace=trace)
    except Exception as exc:  # fail closed: a file that breaks a reader is review, not a crash
        return unreadable(path, f"could not be read: {type(exc).__name__}: {exc}"[:300],
                          kind=sniff(data), sha256=hashlib.sha256(data).hexdigest())
