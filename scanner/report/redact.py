"""``--redact``: a report that says where the secret is without repeating it.

A report uploaded to a code-scanning service, or mailed to a colleague, must not itself
leak what it found. Matched text keeps its first character (enough to tell two findings
apart at a glance) and every other visible character becomes ＊; context is dropped, and
so are the names and figures found around a hit.
"""
from __future__ import annotations

import hashlib

from scanner.model import FileResult, Finding
from scanner.plain import replace
from scanner.text_utils import normalize

MASK = "＊"
# Detail that describes a finding without quoting the document: scores, the
# location of the passage a statement spoke for, where a marking sat and its level and term.
SAFE_DETAIL = ("score", "passage", "attachment", "where", "level", "term")


def mask(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return ""
    return stripped[0] + "".join(c if c.isspace() else MASK for c in stripped[1:])


def match_digest(text: str) -> str:
    """sha256 of the normalised matched text: tells findings apart (SARIF fingerprints)
    after the text itself is masked."""
    return hashlib.sha256(" ".join(normalize(text)[0].split()).encode()).hexdigest()


def redact_finding(finding: Finding) -> Finding:
    detail = {k: v for k, v in finding.detail.items() if k in SAFE_DETAIL}
    detail["match_sha256"] = match_digest(finding.text)
    return replace(finding, text=mask(finding.text), context="", detail=detail)


def redact_result(result: FileResult) -> FileResult:
    marking = result.marking and replace(result.marking, text=mask(result.marking.text))
    return replace(result, marking=marking,
                   findings=[redact_finding(f) for f in result.findings])
