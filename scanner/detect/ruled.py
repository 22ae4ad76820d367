"""Detectors whose rule decides alone: the marking a file carries, personal data, text
left under a failed redaction, a name that lies about the content. Their logic stays in
their modules; here they speak as evidence that hands the judge ready findings."""
from __future__ import annotations

import os

from scanner.detect.evidence import Evidence
from scanner.detect.markings import find_markings
from scanner.detect.personal import find_personal_data
from scanner.detect.redactions import find_failed_redactions
from scanner.detect.view import View
from scanner.extract.sniff import type_mismatch
from scanner.model import Finding, Location, Severity


def _ruled(signal: str, findings: list[Finding], reason: str) -> list[Evidence]:
    return [Evidence(signal, -1, (0, 0), f.location, 1.0, f"{reason}: {f.text}"[:120],
                     {"rule": f.rule}, findings=[f]) for f in findings]


class Markings:
    name = "marking"

    def detect(self, view: View) -> list[Evidence]:
        marking, findings = find_markings(view.segments)
        out = _ruled("marking", findings, "marking")
        if marking is not None:
            out.append(Evidence("marking", -1, (0, 0), marking.location, 1.0,
                                f"the file carries {marking.text}", {"level": marking.level},
                                marking=marking))
        return out


class PersonalData:
    name = "personal-data"

    def detect(self, view: View) -> list[Evidence]:
        return _ruled("personal-data",
                      find_personal_data(view.segments, view.dictionary.personal_rules),
                      "personal data")


class FailedRedactions:
    name = "failed-redaction"

    def detect(self, view: View) -> list[Evidence]:
        return _ruled("failed-redaction", find_failed_redactions(view.segments),
                      "text under an opaque box")


class TypeMismatch:
    """A name that lies about the content is worth saying (a renamed file is a way to slip
    one past a check); it does not change the verdict, which comes from the content."""

    name = "type-mismatch"

    def detect(self, view: View) -> list[Evidence]:
        claimed = type_mismatch(view.path, view.kind)
        if claimed is None:
            return []
        name = os.path.basename(view.path)
        finding = Finding(rule="file.type-mismatch", category="file",
                          severity=Severity.LOW.value, text=name, location=Location("metadata"),
                          context=f"{name}: the name claims {claimed}, the content is {view.kind}")
        return _ruled("type-mismatch", [finding], "file name")
