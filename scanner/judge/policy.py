"""The judge: a file's evidence → status, verdict, findings and a trace.

The only place thresholds and targets exist. Content is weighed by a logistic model whose
weights are data (dictionaries/weights.toml, fitted by tests/eval/fit_weights.py); rules
that decide alone (markings, personal data, failed redactions) go by what
scanner/judge/rules.py says they cause. Status precedence is CONTRACT's, as written.
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from scanner.detect.evidence import Evidence
from scanner.dictionary import WEIGHTS_FILE, Dictionary, builtin_folder
from scanner.judge import rules
from scanner.judge.excerpt import excerpt
from scanner.judge.features import FEATURES, FileEvidence, Passage, file_evidence
from scanner.model import Finding, FoundMarking, Segment, Severity, Status, Verdict
from scanner.settings import TARGETS
from scanner.text_utils import context

# Passages shown in a trace, best first; statements and ignored evidence kept in it (the
# trace travels between processes and sits in the cache: a long law must not bloat it).
TRACE_PASSAGES = 5
TRACE_EVIDENCE = 50
# How much of its paragraph an undecided-specifics finding quotes (characters).
UNDECIDED_TEXT = 40


@dataclass(frozen=True)
class Weights:
    bias: float
    weights: dict[str, float]
    thresholds: dict[str, float]

    def score(self, features: dict[str, float]) -> float:
        """sigmoid(bias + Σ weight × feature), 0..1. Terms that are 0 (most features of a
        passage) are not added: adding 0.0 changes no sum."""
        weights = self.weights
        z = self.bias + sum(w * v for k, v in features.items() if v and (w := weights.get(k)))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    data = tomllib.loads((builtin_folder() / WEIGHTS_FILE).read_text(encoding="utf-8"))
    weights = {k: float(v) for k, v in data["weights"].items()}
    unknown = set(weights) - set(FEATURES)
    if unknown or set(data["thresholds"]) != set(TARGETS):
        raise ValueError(f"{WEIGHTS_FILE}: unknown features {sorted(unknown)} or targets")
    return Weights(float(data["model"]["bias"]), weights,
                   {k: float(v) for k, v in data["thresholds"].items()})


THRESHOLDS = load_weights().thresholds


def threshold_for(target: str, overrides: dict[str, float]) -> float:
    """The 0–1 score from which content blocks for ``target``: the config's value
    (.baomi.toml ``[thresholds]``, ``overrides``) if it sets one, else the fitted one."""
    return overrides.get(target, THRESHOLDS[target])


@dataclass
class Judgement:
    findings: list[Finding]
    marking: FoundMarking | None
    score: float
    trace: dict[str, Any] | None


def judge(evidence: list[Evidence], segments: list[Segment],
          dictionary: Dictionary, threshold: float, target: str,
          normalised: tuple[list[str], list[list[int] | None]] | None = None,
          trace: bool = True) -> Judgement:
    """Findings (ruled and weighed), the marking, the file's score and the trace.
    ``segments``: the view's segments, for finding text and context. ``normalised``: the
    view's (normalised texts, offsets) of ``segments``, so that the trace's excerpts do not
    normalise their passages again; None: each excerpt normalises its own. ``trace``
    false: the trace is None, not built (nobody will read it; findings are the same)."""
    weights = load_weights()
    ruled = [f for e in evidence for f in e.findings]
    marking = next((e.marking for e in evidence if e.marking is not None), None)
    fe = file_evidence(evidence, dictionary)
    # Passages repeat their feature vectors (file_evidence): each distinct one scored once.
    scores = [weights.score(v) for v in fe.vectors]
    scored = [(scores[p.vector], p) for p in fe.passages]
    scored.sort(key=lambda sp: -sp[0])
    score = scored[0][0] if scored else 0.0
    content: list[Finding] = []
    for s, passage in scored:
        if s < threshold:
            break
        content += _findings(passage, s, threshold, fe, segments)
    built = _trace(fe, scored, weights, threshold, target, ruled, marking, segments,
                   normalised) if trace else None
    return Judgement(ruled + content, marking, score, built)


def _findings(passage: Passage, score: float, threshold: float, fe: FileEvidence,
              segments: list[Segment]) -> list[Finding]:
    severity = (Severity.HIGH if score >= (1 + threshold) / 2 else Severity.MEDIUM).value
    seg = segments[passage.segment]
    detail = {"score": round(score, 3),
              "statements": [e.detail.get("text", "") for e in
                             (passage.statements or fe.counted)[:2]],
              "specifics": passage.specifics.detail["found"] if passage.specifics else {}}
    out = []
    for e in passage.topics:
        text = e.detail["text"]
        start = seg.text.find(text)
        out.append(Finding(rule=f"content.{e.detail['category']}", category=e.detail["category"],
                           severity=severity, text=text, location=seg.location,
                           context=context(seg.text, max(start, 0), max(start, 0) + len(text)),
                           score=score, detail=detail))
    if not out and passage.exposure is not None:
        # A login or internal addresses written out: they decide, whatever else is there.
        e = passage.exposure
        out.append(Finding(rule=rules.EXPOSURE, category="exposure", severity=severity,
                           text=e.detail["text"], location=seg.location,
                           context=e.detail["text"], score=score,
                           detail={**detail, "exposure": e.detail}))
    if not out and not (passage.statements or fe.counted):
        # No sector and no statement: the undecided specifics of this paragraph decide.
        text = seg.text[:UNDECIDED_TEXT]
        out.append(Finding(rule=rules.UNDECIDED, category="undecided", severity=severity,
                           text=text, location=seg.location,
                           context=context(seg.text, 0, len(text)), score=score,
                           detail={**detail, "undecided": passage.undecided.detail
                                   if passage.undecided else {}}))
    if not out:
        # No sector names it: the statement decides, about this passage's specifics.
        statement = max(passage.statements or fe.counted, key=lambda e: e.strength)
        where = segments[statement.segment]
        text = statement.detail.get("text", "")
        start = max(where.text.find(text), 0)
        out.append(Finding(rule=rules.NOT_PUBLIC, category="not-public", severity=severity,
                           text=text, location=where.location,
                           context=context(where.text, start, start + len(text)), score=score,
                           detail={**detail, "passage": seg.location.to_dict()}))
    return out


def _trace(fe: FileEvidence, scored: list[tuple[float, Passage]], weights: Weights,
           threshold: float, target: str, ruled: list[Finding],
           marking: FoundMarking | None, segments: list[Segment],
           normalised: tuple[list[str], list[list[int] | None]] | None) -> dict[str, Any]:
    passages = []
    for s, p in scored[:TRACE_PASSAGES]:
        contributions = {k: round(weights.weights.get(k, 0.0) * v, 3)
                         for k, v in p.features.items() if v and weights.weights.get(k)}
        evidence = [*p.topics, *p.statements] + ([p.specifics] if p.specifics else [])
        passages.append({
            "segment": p.segment, "score": round(s, 4), "counts": s >= threshold,
            "features": {k: v for k, v in p.features.items() if v},
            "contributions": contributions,
            "evidence": [e.to_dict() for e in evidence]
            + [e.to_dict() for e in (p.undecided, p.exposure) if e is not None],
            "excerpt": excerpt(segments[p.segment].text, evidence, None if normalised is None
                               else (normalised[0][p.segment], normalised[1][p.segment]))})
    return {
        "target": target, "threshold": threshold, "bias": weights.bias,
        "score": round(scored[0][0], 4) if scored else 0.0,
        "kind": {"kind": fe.kind[0], "why": fe.kind[1]},
        "passages": passages,
        "statements": [e.to_dict() for e in fe.counted[:TRACE_EVIDENCE]],
        "ignored": [{**e.to_dict(), "why": why} for e, why in fe.ignored[:TRACE_EVIDENCE]],
        "left_out": max(0, len(fe.counted) - TRACE_EVIDENCE)
        + max(0, len(fe.ignored) - TRACE_EVIDENCE),
        "rules": [{"rule": f.rule, "status": (r.status.value if (r := rules.rule(f.rule)).status
                                              else None), "text": f.text} for f in ruled],
        "marking": marking.text if marking else None,
    }


def decide(marking: FoundMarking | None, findings: list[Finding], errors: list[str],
           dictionary: Dictionary | None = None) -> Status:
    """CONTRACT precedence: the marking, then the statuses the findings' rules cause
    (scanner/judge/rules.py), then unreadable, else clean."""
    if marking is not None:
        return Status.CLASSIFIED if marking.level in ("绝密", "机密", "秘密") else Status.RESTRICTED
    caused = {rules.rule(f.rule, dictionary=dictionary).status for f in findings}
    for status in (Status.UNMARKED_SENSITIVE, Status.PERSONAL_DATA):
        if status in caused:
            return status
    if errors:
        return Status.UNREADABLE
    return Status.CLEAN


def verdict_for(status: Status, findings: list[Finding]) -> Verdict:
    """The status's verdict, except that a marked file stamped 解密 next to its mark
    needs a person to confirm the declassification: review, not block."""
    if status in (Status.CLASSIFIED, Status.RESTRICTED) and any(
            f.rule == rules.DECLASSIFIED for f in findings):
        return Verdict.REVIEW
    return status.verdict
