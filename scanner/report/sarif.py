"""SARIF 2.1.0, for code-scanning services (GitHub code scanning and the like).

- One result per finding, plus one ``file.unreadable`` result per reason a file could not
  be read fully (fail closed: the service shows it too).
- Artifact URIs are relative to ``root`` (the repository root, else the working
  directory) under the base id ``%SRCROOT%``; files outside it get absolute file URIs.
- Documents have pages and paragraphs, not lines: the location is in the message and the
  result's properties. ``region.startLine`` is 1 because code-scanning services require a
  line to show an alert at all.
- ``partialFingerprints`` hash the rule, path, part and the sha256 of the normalised
  matched text (kept by redaction) — no line or paragraph numbers, so an alert survives
  edits elsewhere in the document.
- An approved file's results are suppressed (``kind: external``) with the approval.
- The run's ``properties`` name the config file used (``config``, null without one) and the
  paths skipped on purpose with the reason (``skipped``).
- Names that are not UTF-8 are shown escaped, and percent-encoded in URIs
  (``report.names``).

The writer quotes whatever text the results hold: the CLI redacts them first (the
default for this format).
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scanner import __version__
from scanner.judge import rules
from scanner.judge.rules import rule_titles  # noqa: F401  (the CLI names rules with it)
from scanner.model import FileResult, Finding, Skipped
from scanner.judge.rules import UNREADABLE as UNREADABLE_RULE
from scanner.report.names import uri_safe, visible_json
from scanner.report.redact import match_digest

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/baomi/baomi"
FINGERPRINT_KEY = "baomiFinding/v1"

LEVELS = {"high": "error", "medium": "warning", "low": "note"}


def rule_descriptor(rule_id: str, titles: dict[str, str]) -> dict[str, Any]:
    """What the rule means, from scanner/judge/rules.py."""
    rule = rules.rule(rule_id, titles)
    return {
        "id": rule_id,
        "name": rule_id.replace(".", "/"),
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": f"{rule.description}. Reported by baomi (保密) before "
                                    "publication."},
        "properties": {"security-severity": f"{rule.severity:.1f}", "tags": ["security", "baomi"]},
    }


def _where(part: str, page: int | None, paragraph: int | None) -> str:
    bits = [part] + ([f"page {page}"] if page else []) + ([f"paragraph {paragraph}"]
                                                         if paragraph else [])
    return ", ".join(bits)


def fingerprint(rule: str, uri: str, part: str, digest: str) -> str:
    return hashlib.sha256("\0".join((rule, uri, part, digest)).encode()).hexdigest()


class _Run:
    def __init__(self, root: Path, base: Path, titles: dict[str, str]):
        self.root = root
        self.base = base
        self.titles = titles
        self.rules: dict[str, int] = {}
        self.descriptors: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []

    def rule_index(self, rule: str) -> int:
        if rule not in self.rules:
            self.rules[rule] = len(self.descriptors)
            self.descriptors.append(rule_descriptor(rule, self.titles))
        return self.rules[rule]

    def artifact(self, path: str) -> dict[str, str]:
        absolute = Path(os.path.abspath(self.base / path))
        try:
            return {"uri": uri_safe(absolute.relative_to(self.root).as_posix()),
                    "uriBaseId": "%SRCROOT%"}
        except ValueError:
            return {"uri": absolute.as_uri()}

    def add(self, result: FileResult, rule: str, level: str, message: str, snippet: str,
            digest: str, properties: dict[str, Any]) -> None:
        artifact = self.artifact(result.path)
        region: dict[str, Any] = {"startLine": 1}
        if snippet:
            region["snippet"] = {"text": snippet}
        entry: dict[str, Any] = {
            "ruleId": rule, "ruleIndex": self.rule_index(rule), "level": level,
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(
                rule, artifact["uri"], properties.get("part", ""), digest)},
            "properties": {"verdict": result.verdict.value, "status": result.status.value,
                           "sha256": result.sha256, **properties},
        }
        if result.approval:
            entry["suppressions"] = [{
                "kind": "external", "status": "accepted",
                "justification": f"approved by {result.approval['by']} at "
                                 f"{result.approval['at']}: {result.approval['reason']}"}]
        self.results.append(entry)

    def add_finding(self, result: FileResult, finding: Finding) -> None:
        loc = finding.location
        where = _where(loc.part, loc.page, loc.paragraph)
        description = self.descriptors[self.rule_index(finding.rule)]["shortDescription"]["text"]
        self.add(result, finding.rule, LEVELS.get(finding.severity, "warning"),
                 f"{description}: {finding.text} ({where})", finding.text,
                 finding.detail.get("match_sha256") or match_digest(finding.text),
                 {"category": finding.category, "severity": finding.severity,
                  **loc.to_dict(), **finding.detail})

    def add_error(self, result: FileResult, error: str) -> None:
        self.add(result, UNREADABLE_RULE, "warning", f"Not read fully: {error}", "",
                 match_digest(error),
                 {"part": "file", "type": result.type})


def render_sarif(results: Iterable[FileResult], root: Path, base: Path = Path(),
                 titles: dict[str, str] | None = None, config: str | None = None,
                 skipped: Iterable[Skipped] = ()) -> str:
    """Result paths are relative to ``base`` (cwd by default); URIs relative to ``root``.
    ``titles`` names dictionary rules (``content.personnel`` → 干部人事 …); ``config`` and
    ``skipped`` go to the run's properties."""
    run = _Run(root.resolve(), base, titles or {})
    for result in results:
        for finding in result.findings:
            run.add_finding(result, finding)
        for error in result.errors:
            run.add_error(result, error)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "baomi", "version": __version__,
                                "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI,
                                "rules": run.descriptors}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}},
            "results": run.results,
            "properties": {"config": config, "skipped": [s.to_dict() for s in skipped]},
        }],
    }
    return visible_json(json.dumps(log, ensure_ascii=False, indent=2) + "\n")
