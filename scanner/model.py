"""The data that flows through a scan: Segments in, Findings out, one FileResult per file.

Pure data. Extractors make Segments, detectors make Findings, policy makes the
verdict, report writers and the cache take a FileResult as it is.
"""
from __future__ import annotations

import enum

from scanner.plain import FrozenRecord, Record

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any


class Verdict(str, enum.Enum):
    PASS = "pass"
    BLOCK = "block"
    REVIEW = "review"


class Status(str, enum.Enum):
    """Ordered by precedence: the first that applies decides the verdict."""

    CLASSIFIED = "classified"
    RESTRICTED = "restricted"
    UNMARKED_SENSITIVE = "unmarked-sensitive"
    PERSONAL_DATA = "personal-data"
    UNREADABLE = "unreadable"
    CLEAN = "clean"

    @property
    def verdict(self) -> Verdict:
        if self is Status.CLEAN:
            return Verdict.PASS
        if self is Status.UNREADABLE:
            return Verdict.REVIEW
        return Verdict.BLOCK


# Members by value for decoding: calling an enum (``Verdict("pass")``) runs EnumType's
# __call__ in Python, seven times a dict's cost (2 M instructions a warm rescan of 240).
_VERDICTS = {member.value: member for member in Verdict}
_STATUSES = {member.value: member for member in Status}


# Where in a file a piece of text sits (CONTRACT: location.part).
PARTS = (
    "body", "table", "header", "footer", "footnote", "endnote", "comment", "textbox",
    "deleted", "inserted", "hidden", "metadata", "annotation", "form", "attachment",
    "redacted", "ocr",
)


class Location(FrozenRecord):
    """Where a finding sits: the part of the file (one of PARTS), 1-based page and
    paragraph numbers where the format has them."""

    FIELDS = ("part", "page", "paragraph")

    def __init__(self, part: str, page: int | None = None, paragraph: int | None = None):
        fields = self.__dict__
        fields["part"], fields["page"], fields["paragraph"] = part, page, paragraph

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "page": self.page, "paragraph": self.paragraph}

    def describe(self, page_label: str = "p.") -> str:
        """``body p.1 ¶3``: where a person finds it."""
        bits = [self.part]
        if self.page:
            bits.append(f"{page_label}{self.page}")
        if self.paragraph:
            bits.append(f"¶{self.paragraph}")
        return " ".join(bits)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        return cls(data["part"], data["page"], data["paragraph"])


class Segment(Record):
    """A piece of text and where it came from.

    ``index`` counts paragraphs (or PDF text blocks) within the part, from 1.
    ``cell`` is (table, row, column) for table text, so form fields can be paired.
    ``bbox`` and ``page_size`` are in PDF points, top-left origin, where the format has them.
    ``order`` is the reading position in the whole file, used for "the first lines".
    """

    FIELDS = ("text", "part", "page", "index", "cell", "bbox", "page_size", "order")

    def __init__(self, text: str, part: str = "body", page: int | None = None, index: int = 0,
                 cell: tuple[int, int, int] | None = None,
                 bbox: tuple[float, float, float, float] | None = None,
                 page_size: tuple[float, float] | None = None, order: int = 0):
        self.text, self.part, self.page, self.index = text, part, page, index
        self.cell, self.bbox, self.page_size, self.order = cell, bbox, page_size, order

    @property
    def location(self) -> Location:
        return Location(self.part, self.page, self.index or None)


class Severity(str, enum.Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Finding(Record):
    """One piece of evidence a detector found: its rule, category and severity, the text
    matched and where, the surrounding context, the score it carries (0–1) and
    detector-specific detail."""

    FIELDS = ("rule", "category", "severity", "text", "location", "context", "score", "detail")

    def __init__(self, rule: str, category: str, severity: str, text: str, location: Location,
                 context: str = "", score: float = 0.0, detail: dict[str, Any] | None = None):
        self.rule, self.category, self.severity, self.text = rule, category, severity, text
        self.location, self.context, self.score = location, context, score
        self.detail = {} if detail is None else detail

    def to_dict(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "text": self.text,
            "location": self.location.to_dict(),
            "context": self.context,
        }
        if self.detail:
            out["detail"] = self.detail
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """The inverse of ``to_dict`` and of ``as_dict`` (which keeps ``score``)."""
        return cls(rule=data["rule"], category=data["category"], severity=data["severity"],
                   text=data["text"], location=Location.from_dict(data["location"]),
                   context=data["context"], score=data.get("score", 0.0),
                   detail=data.get("detail", {}))


class FoundMarking(Record):
    """The marking a file carries, and where."""

    FIELDS = ("level", "term", "text", "location", "copy_number", "warnings")

    def __init__(self, level: str, term: str | None, text: str, location: Location,
                 copy_number: str | None = None, warnings: list[str] | None = None):
        self.level, self.term, self.text, self.location = level, term, text, location
        self.copy_number = copy_number
        self.warnings = [] if warnings is None else warnings

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "term": self.term,
            "text": self.text,
            "location": self.location.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FoundMarking:
        return cls(level=data["level"], term=data["term"], text=data["text"],
                   location=Location.from_dict(data["location"]),
                   copy_number=data.get("copy_number"), warnings=data.get("warnings", []))


class Attachment(Record):
    """A file inside a file (an embedded document, an archive member), scanned in turn.

    ``name`` is its path inside the container; ``page`` where the container has pages.
    """

    FIELDS = ("name", "data", "page")

    def __init__(self, name: str, data: bytes, page: int | None = None):
        self.name, self.data, self.page = name, data, page


class Extraction(Record):
    """What an extractor returns: the text it could read, the files inside the file,
    and what it could not read."""

    FIELDS = ("type", "segments", "errors", "attachments")

    def __init__(self, type: str, segments: list[Segment] | None = None,
                 errors: list[str] | None = None, attachments: list[Attachment] | None = None):
        self.type = type
        self.segments = [] if segments is None else segments
        self.errors = [] if errors is None else errors
        self.attachments = [] if attachments is None else attachments


class SuggestedMarking(Record):
    """The level baomi proposes for an unmarked-sensitive file (定密 stays a person's call),
    the dictionary categories that decided it, and one line of why.

    The findings it cites are the file's own content findings in those categories, looked
    up when the report is written, so that ``--redact`` masks them like any other finding.
    """

    FIELDS = ("level", "categories", "reason")

    def __init__(self, level: str, categories: list[str], reason: str):
        self.level, self.categories, self.reason = level, categories, reason

    def cites(self, finding: Finding) -> bool:
        return finding.category in self.categories

    def to_dict(self, findings: list[Finding]) -> dict[str, Any]:
        cited = [{"rule": f.rule, "category": f.category, "text": f.text,
                  "location": f.location.to_dict()} for f in findings if self.cites(f)]
        return {"level": self.level, "categories": list(self.categories), "findings": cited,
                "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SuggestedMarking:
        return cls(data["level"], list(data["categories"]), data["reason"])


class MarkedCopy(FrozenRecord):
    """What ``scan --mark`` did with a file: the copy it stamped, or why it stamped none."""

    FIELDS = ("output", "level", "term", "error")

    def __init__(self, output: str | None, level: str | None = None, term: str | None = None,
                 error: str | None = None):
        fields = self.__dict__
        fields["output"], fields["level"], fields["term"], fields["error"] = (
            output, level, term, error)

    @property
    def text(self) -> str | None:
        if not self.level:
            return None
        # Here, not at the top: the marking grammar (regexes, radical folding) is not
        # needed to read cached results, only to report a stamped copy.
        from markers.marking import format_marking

        return format_marking(self.level, self.term)

    def to_dict(self) -> dict[str, Any]:
        return {"output": self.output, "level": self.level, "term": self.term,
                "text": self.text, "error": self.error}


class Skipped(FrozenRecord):
    """A path a scan did not read on purpose, and why (excluded by the config, an image
    without OCR, a folder already walked): reported, never silently gone."""

    FIELDS = ("path", "reason")

    def __init__(self, path: str, reason: str):
        fields = self.__dict__
        fields["path"], fields["reason"] = path, reason

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


class FileResult(Record):
    """A file's verdict with everything that decided it: the marking found, the score,
    the findings, what could not be read, and what the judge and a reviewer added.

    ``approval``: a reviewer's sign-off (by, at, reason) that made this exact file pass.
    ``suggested_marking`` is set for unmarked-sensitive files only; ``marked`` only by
    ``scan --mark``. ``trace``: the judge's (scanner/judge/policy.py): what counted, with
    what weight, and why other evidence did not; kept in the cache, shown by ``baomi
    explain``, not part of the scan report."""

    FIELDS = ("path", "type", "sha256", "verdict", "status", "marking", "score", "findings",
              "errors", "approval", "suggested_marking", "marked", "trace")

    def __init__(self, path: str, type: str, sha256: str, verdict: Verdict, status: Status,
                 marking: FoundMarking | None = None, score: float = 0.0,
                 findings: list[Finding] | None = None, errors: list[str] | None = None,
                 approval: dict[str, str] | None = None,
                 suggested_marking: SuggestedMarking | None = None,
                 marked: MarkedCopy | None = None, trace: dict[str, Any] | None = None):
        self.path, self.type, self.sha256 = path, type, sha256
        self.verdict, self.status, self.marking, self.score = verdict, status, marking, score
        self.findings = [] if findings is None else findings
        self.errors = [] if errors is None else errors
        self.approval, self.suggested_marking, self.marked, self.trace = (
            approval, suggested_marking, marked, trace)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "type": self.type,
            "sha256": self.sha256,
            "verdict": self.verdict.value,
            "status": self.status.value,
            "marking": self.marking.to_dict() if self.marking else None,
            "score": round(self.score, 3),
            "findings": [f.to_dict() for f in self.findings],
            "errors": list(self.errors),
            "suggested_marking": (self.suggested_marking.to_dict(self.findings)
                                  if self.suggested_marking else None),
            "marked": self.marked.to_dict() if self.marked else None,
        }
        if self.approval:
            out["approval"] = dict(self.approval)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileResult:
        """The inverse of ``to_dict``; exact for ``as_dict`` output."""
        return cls.from_plain(data["path"], data["type"], data["sha256"], data["verdict"],
                              data["status"], data["marking"], data["score"],
                              data["findings"], data["errors"], data.get("suggested_marking"),
                              data.get("trace"))

    @classmethod
    def from_plain(cls, path: str, type: str, sha256: str, verdict: str, status: str,
                   marking: dict[str, Any] | None, score: float, findings: list[dict[str, Any]],
                   errors: list[str], suggested_marking: dict[str, Any] | None = None,
                   trace: dict[str, Any] | None = None) -> FileResult:
        """The result of its scanned fields as ``as_dict`` gives them (the cache keeps
        them in this order: ``run.cache._KEPT``), without a dict of their names between:
        building one cost a warm rescan of 240 files about half its decoding."""
        return cls(path, type, sha256, _VERDICTS[verdict], _STATUSES[status],
                   FoundMarking.from_dict(marking) if marking else None, score,
                   [Finding.from_dict(f) for f in findings], list(errors),
                   suggested_marking=(SuggestedMarking.from_dict(suggested_marking)
                                      if suggested_marking else None),
                   trace=trace)


__all__ = [
    "Verdict", "Status", "Severity", "Location", "Segment", "Finding", "FoundMarking",
    "Attachment", "Extraction", "SuggestedMarking", "MarkedCopy", "Skipped", "FileResult",
    "PARTS",
]
