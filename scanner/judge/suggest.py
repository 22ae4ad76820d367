"""The marking baomi proposes for an unmarked-sensitive file.

Deciding a level (定密) is a person's responsibility: baomi proposes, the person confirms
(``baomi scan --mark`` stamps the proposal, ``--mark-level`` what the person chose).

The proposal is data-driven: scanner/judge/rules.py says which rules propose a marking and
at which level — a sector rule (``content.<category>``) the sector's ``suggested_level``
(内部 for work secrets such as personnel drafts, 秘密 for national-secret indicators such
as discipline leads, 绝密 for exam papers before the exam), a not-public statement in no
known sector 内部. A file gets the strongest level among its findings' rules. Failed
redactions (text of unknown weight) and personal data (masked, not marked) propose
nothing; a file sensitive only through those gets no proposal.
"""
from __future__ import annotations

from markers.marking import LEVEL_RANK
from scanner.dictionary import Dictionary
from scanner.judge import rules
from scanner.model import Finding, Status, SuggestedMarking


def suggest_marking(status: Status, findings: list[Finding],
                    dictionary: Dictionary) -> SuggestedMarking | None:
    """The proposal for a file with this status and these findings, or None."""
    if status is not Status.UNMARKED_SENSITIVE:
        return None
    proposing: dict[str, rules.Rule] = {}
    for f in findings:
        rule = rules.rule(f.rule, dictionary=dictionary)
        if rule.proposes_marking and rule.level:
            proposing.setdefault(f.category, rule)
    if not proposing:
        return None
    level = max((r.level for r in proposing.values()), key=LEVEL_RANK.__getitem__)
    deciding = [c for c, r in proposing.items() if r.level == level]
    return SuggestedMarking(level, deciding, _reason(level, deciding, proposing))


def _reason(level: str, deciding: list[str], proposing: dict[str, rules.Rule]) -> str:
    """One line naming the material and the rules, never the document's words (a
    ``--redact`` report keeps it as it is)."""
    titles = "; ".join(proposing[c].title for c in deciding)
    line = f"{level}: {titles} — suggested_level of the {', '.join(deciding)} rule"
    weaker = [f"{c} → {r.level}" for c, r in proposing.items() if c not in deciding]
    return line + (f"; also {', '.join(weaker)}" if weaker else "")
