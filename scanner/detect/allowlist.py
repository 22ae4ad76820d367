"""Allowlisted phrases (.baomi.toml ``allowlist``): a site's known false alarms.

A finding whose matched text or context contains an allowlisted phrase is dropped, and so
is the marking whose finding was dropped. Matching is on normalised text, so spacing,
full-width forms and traditional characters do not defeat an entry.
"""
from __future__ import annotations

from scanner.model import Finding, FoundMarking
from scanner.text_utils import normalize

_MARKING_RULES = ("marking.national-secret", "marking.restricted")


def _normal(text: str) -> str:
    return normalize(text)[0]


def drop_allowlisted(marking: FoundMarking | None, findings: list[Finding],
                     phrases: list[str]) -> tuple[FoundMarking | None, list[Finding]]:
    if not phrases:
        return marking, findings
    wanted = [_normal(p) for p in phrases]

    def allowed(finding: Finding) -> bool:
        return any(p in _normal(finding.text) or p in _normal(finding.context) for p in wanted)

    kept = [f for f in findings if not allowed(f)]
    if marking is not None and not any(
            f.rule in _MARKING_RULES and f.location == marking.location for f in kept):
        marking = None
    return marking, kept
