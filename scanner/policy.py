"""Findings to status and verdict (CONTRACT: precedence as written)."""
from __future__ import annotations

from scanner.model import Finding, FoundMarking, Status, Verdict

# Passage score at which content blocks; the internet is stricter than the extranet.
THRESHOLDS = {"internet": 3.0, "extranet": 4.5}
TARGETS = tuple(THRESHOLDS)


def decide(marking: FoundMarking | None, findings: list[Finding], errors: list[str]) -> Status:
    if marking is not None:
        return Status.CLASSIFIED if marking.level in ("绝密", "机密", "秘密") else Status.RESTRICTED
    if any(f.rule.startswith("content.") for f in findings):
        return Status.UNMARKED_SENSITIVE
    if any(f.rule.startswith("personal.") for f in findings):
        return Status.PERSONAL_DATA
    if errors:
        return Status.UNREADABLE
    return Status.CLEAN


def verdict_for(status: Status, findings: list[Finding]) -> Verdict:
    """The status's verdict, except that a marked file stamped 解密 next to its mark
    needs a person to confirm the declassification: review, not block."""
    if status in (Status.CLASSIFIED, Status.RESTRICTED) and any(
            f.rule == "marking.declassified" for f in findings):
        return Verdict.REVIEW
    return status.verdict
