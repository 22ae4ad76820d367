"""What the page asks for beside the report (``POST /api/v1/scan?explain=1``): the judge's
trace of the file, as ``baomi explain`` prints it, and the Chinese names of the rules and
sector categories the report and the trace mention, so that an editor who reads no English
reads why.

The report itself stays the contract's, key for key; this is one more key, ``explain``,
sent only when asked, only to the client that uploaded the file (the trace quotes it).
"""
from __future__ import annotations

from typing import Any

from scanner.dictionary import Dictionary
from scanner.judge import rules
from scanner.model import FileResult


def explanation(result: FileResult, dictionary: Dictionary) -> dict[str, Any]:
    """``{"trace": FileResult.trace or {}, "rules": {rule id: Chinese title},
    "categories": {name: {"title", "secret_until"}}}`` for every rule and category the
    result's findings, suggested marking and trace (attachments included) mention."""
    trace = result.trace or {}
    rule_ids = {f.rule for f in result.findings}
    categories = {f.category for f in result.findings if f.category}
    if result.suggested_marking is not None:
        categories |= set(result.suggested_marking.categories)
    for part in _traces(trace):
        rule_ids |= {r["rule"] for r in part.get("rules", [])}
        categories |= {e["detail"]["category"] for p in part.get("passages", [])
                       for e in p["evidence"] if "category" in e.get("detail", {})}
    return {
        "trace": trace,
        "rules": {rule_id: rules.rule(rule_id, dictionary=dictionary).title_zh
                  for rule_id in sorted(rule_ids)},
        "categories": {name: _category(name, dictionary) for name in sorted(categories)},
    }


def _category(name: str, dictionary: Dictionary) -> dict[str, str]:
    """A sector's title and stage from the dictionaries; a category no sector declares (a
    not-public statement in no known sector) is named by its rule's Chinese title."""
    found = dictionary.categories.get(name)
    if found is not None:
        return {"title": found.title, "secret_until": found.secret_until}
    return {"title": rules.rule(f"content.{name}", dictionary=dictionary).title_zh,
            "secret_until": ""}


def _traces(trace: dict[str, Any]) -> list[dict[str, Any]]:
    """The trace and those of the attachments inside it, however deep."""
    found = [trace]
    for child in trace.get("attachments", {}).values():
        found += _traces(child)
    return found
