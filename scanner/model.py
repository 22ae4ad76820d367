"""The data that flows through a scan: Segments in, Findings out, one FileResult per file.

Pure data. Extractors make Segments, detectors make Findings, policy makes the
verdict, report writers and the cache take a FileResult as it is.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

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


# Where in a file a piece of text sits (CONTRACT: location.part).
PARTS = (
    "body", "table", "header", "footer", "footnote", "endnote", "comment", "textbox",
    "deleted", "inserted", "hidden", "metadata", "annotation", "form", "attachment",
    "redacted", "ocr",
)


@dataclass(frozen=True)
class Location:
    """Where a finding sits: the part of the file (one of PARTS), 1-based page and
    paragraph numbers where the format has them."""

    part: str
    page: int | None = None
    paragraph: int | None = None

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


@dataclass
class Segment:
    """A piece of text and where it came from.

    ``index`` counts paragraphs (or PDF text blocks) within the part, from 1.
    ``cell`` is (table, row, column) for table text, so form fields can be paired.
    ``bbox`` and ``page_size`` are in PDF points, top-left origin, where the format has them.
    ``order`` is the reading position in the whole file, used for "the first lines".
    """

    text: str
    part: str = "body"
    page: int | None = None
    index: int = 0
    cell: tuple[int, int, int] | None = None
    bbox: tuple[float, float, float, float] | None = None
    page_size: tuple[float, float] | None = None
    order: int = 0

    @property
    def location(self) -> Location:
        return Location(self.part, self.page, self.index or None)


class Severity(str, enum.Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass
class Finding:
    """One piece of evidence a detector found: its rule, category and severity, the text
    matched and where, the surrounding context, the score it carries (0–1) and
    detector-specific detail."""

    rule: str
    category: str
    severity: str
    text: str
    location: Location
    context: str = ""
    score: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)

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
        """The inverse of ``to_dict`` and of ``dataclasses.asdict`` (which keeps ``score``)."""
        return cls(rule=data["rule"], category=data["category"], severity=data["severity"],
                   text=data["text"], location=Location.from_dict(data["location"]),
                   context=data["context"], score=data.get("score", 0.0),
                   detail=data.get("detail", {}))


@dataclass
class FoundMarking:
    """The marking a file carries, and where."""

    level: str
    term: str | None
    text: str
    location: Location
    copy_number: str | None = None
    warnings: list[str] = field(default_factory=list)

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


@dataclass
class Attachment:
    """A file inside a file (an embedded document, an archive member), scanned in turn.

    ``name`` is its path inside the container; ``page`` where the container has pages.
    """

    name: str
    data: bytes
    page: int | None = None


@dataclass
class Extraction:
    """What an extractor returns: the text it could read, the files inside the file,
    and what it could not read."""

    type: str
    segments: list[Segment] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class SuggestedMarking:
    """The level baomi proposes for an unmarked-sensitive file (定密 stays a person's call),
    the dictionary categories that decided it, and one line of why.

    The findings it cites are the file's own content findings in those categories, looked
    up when the report is written, so that ``--redact`` masks them like any other finding.
    """

    level: str
    categories: list[str]
    reason: str

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


@dataclass(frozen=True)
class MarkedCopy:
    """What ``scan --mark`` did with a file: the copy it stamped, or why it stamped none."""

    output: str | None
    level: str | None = None
    term: str | None = None
    error: str | None = None

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


@dataclass(frozen=True)
class Skipped:
    """A path a scan did not read on purpose, and why (excluded by the config, an image
    without OCR, a folder already walked): reported, never silently gone."""

    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass
class FileResult:
    """A file's verdict with everything that decided it: the marking found, the score,
    the findings, what could not be read, and what the judge and a reviewer added."""

    path: str
    type: str
    sha256: str
    verdict: Verdict
    status: Status
    marking: FoundMarking | None = None
    score: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # A reviewer's sign-off (by, at, reason) that made this exact file pass.
    approval: dict[str, str] | None = None
    # Set for unmarked-sensitive files only; ``marked`` only by ``scan --mark``.
    suggested_marking: SuggestedMarking | None = None
    marked: MarkedCopy | None = None
    # The judge's trace (scanner/judge/policy.py): what counted, with what weight, and
    # why other evidence did not. Kept in the cache, shown by ``baomi explain``; not part
    # of the scan report.
    trace: dict[str, Any] | None = None

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
        """The inverse of ``to_dict``; exact for ``dataclasses.asdict`` output (the cache)."""
        marking = data["marking"]
        return cls(path=data["path"], type=data["type"], sha256=data["sha256"],
                   verdict=Verdict(data["verdict"]), status=Status(data["status"]),
                   marking=FoundMarking.from_dict(marking) if marking else None,
                   score=data["score"], findings=[Finding.from_dict(f) for f in data["findings"]],
                   errors=list(data["errors"]),
                   suggested_marking=SuggestedMarking.from_dict(suggested) if (
                       suggested := data.get("suggested_marking")) else None,
                   trace=data.get("trace"))


__all__ = [
    "Verdict", "Status", "Severity", "Location", "Segment", "Finding", "FoundMarking",
    "Attachment", "Extraction", "SuggestedMarking", "MarkedCopy", "Skipped", "FileResult",
    "PARTS",
]
