"""What a detector reports: evidence, never a verdict.

A detector reads a file's ``View`` and says what it saw, where and how strongly; it knows
no threshold, target or file format. The judge (scanner/judge/policy.py) weighs a file's
evidence into a status and a verdict.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from scanner.model import Finding, FoundMarking, Location

if TYPE_CHECKING:
    from scanner.detect.view import View


@dataclass
class Evidence:
    """One observation.

    ``signal``: what was seen (``not-public``, ``topic``, ``rule-text`` …, see the
    registry). ``segment``: index into the view's segments, -1 for the whole document.
    ``span``: [start, end) in that segment's normalised text. ``strength``: 0..1.
    ``reason``: one line a reviewer reads. ``detail``: small, JSON-serialisable facts
    (the matched words, the scope, the category …). Detectors whose rule decides alone
    (markings, personal data, failed redactions) hand over ready ``findings``.
    """

    signal: str
    segment: int
    span: tuple[int, int]
    location: Location
    strength: float
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)
    # A tuple, not a list, when there are none (most evidence): no list built for each.
    findings: Sequence[Finding] = ()
    marking: FoundMarking | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "segment": self.segment, "span": list(self.span),
                "location": self.location.to_dict(), "strength": round(self.strength, 3),
                "reason": self.reason, "detail": self.detail}


class Detector(Protocol):
    """A detector: a name (used in the trace) and ``detect(view) -> list[Evidence]``."""

    name: str

    def detect(self, view: View) -> list[Evidence]: ...
