"""The marking baomi proposes for an unmarked-sensitive file.

Deciding a level (定密) is a person's responsibility: baomi proposes, the person confirms
(``baomi scan --mark`` stamps the proposal, ``--mark-level`` what the person chose).

The proposal is data-driven. Each topic dictionary says which level its material calls for
(``suggested_level``: 内部 for work secrets such as personnel drafts, 秘密 for national-secret
indicators such as discipline leads, higher only where a dictionary says so, e.g. exams →
绝密). A file gets the strongest level among the categories of its content findings.
Findings outside the topic dictionaries propose nothing: a failed redaction (category
``redaction``) hides text of unknown weight, and personal data is masked, not marked. A file
that is sensitive only through those gets no proposal; the person chooses with ``--mark-level``.
"""
from __future__ import annotations

from collections.abc import Mapping

from markers.marking import LEVEL_RANK
from scanner.dictionary import Category
from scanner.model import Finding, Status, SuggestedMarking


def suggest_marking(status: Status, findings: list[Finding],
                    categories: Mapping[str, Category]) -> SuggestedMarking | None:
    """The proposal for a file with this status and these findings, or None."""
    if status is not Status.UNMARKED_SENSITIVE:
        return None
    found = list(dict.fromkeys(f.category for f in findings
                               if f.rule.startswith("content.") and f.category in categories))
    if not found:
        return None
    level = max((categories[name].suggested_level for name in found), key=LEVEL_RANK.__getitem__)
    deciding = [name for name in found if categories[name].suggested_level == level]
    return SuggestedMarking(level, deciding, _reason(level, deciding, found, categories))


def _reason(level: str, deciding: list[str], found: list[str],
            categories: Mapping[str, Category]) -> str:
    """One line naming the material and the dictionaries, never the document's words
    (a ``--redact`` report keeps it as it is)."""
    titles = "; ".join(categories[name].title for name in deciding)
    line = f"{level}: {titles} — suggested_level of the {', '.join(deciding)} dictionary"
    weaker = [f"{name} → {categories[name].suggested_level}"
              for name in found if name not in deciding]
    return line + (f"; also {', '.join(weaker)}" if weaker else "")
