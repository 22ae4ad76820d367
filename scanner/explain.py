"""Why a file got its verdict: every scored passage with its terms, qualifiers,
specifics, factors and score (``baomi explain FILE``)."""
from __future__ import annotations

from scanner.detect.keywords import Passage, score_passages
from scanner.extract import extract
from scanner.model import FileResult
from scanner.pipeline import Settings, scan_bytes

EXCERPT = 60


def _passage_lines(passage: Passage, threshold: float) -> list[str]:
    seg = passage.segment
    where = f"{seg.part}" + (f" p.{seg.page}" if seg.page else "") + f" ¶{seg.index}"
    verdict = "SENSITIVE" if passage.score >= threshold else "below threshold"
    text = " ".join(seg.text.split())
    terms = ", ".join(f"{h.term.category}:{h.term.text}({h.term.weight:g})"
                      for h in {h.term.text: h for h in passage.topics}.values())
    f = passage.factors
    lines = [
        f"passage {where}: score {passage.score:.2f} ({verdict}, threshold {threshold:g})",
        f"  text:        {text[:EXCERPT]}{'…' if len(text) > EXCERPT else ''}",
        f"  terms:       {terms}",
    ]
    for kind, label in (("not_public", "not public"), ("public", "public"),
                        ("normative", "normative")):
        if passage.qualifiers.get(kind):
            lines.append(f"  {label + ':':<12} {', '.join(passage.qualifiers[kind])}")
    if passage.specifics:
        specifics = "; ".join(f"{k} {', '.join(v)}" for k, v in passage.specifics.items())
        lines.append(f"  specifics:   {specifics}")
    lines.append(f"  factors:     topic {f['topic']:g} × qualifier {f['qualifier']:g} × "
                 f"specificity {f['specificity']:g} × damping {f['damping']:g}")
    return lines


def explain_bytes(data: bytes, path: str, settings: Settings) -> tuple[FileResult, str]:
    result = scan_bytes(data, path, settings)
    lines = [f"{path}: {result.verdict.value} ({result.status.value}), type {result.type}"]
    if result.marking:
        m = result.marking
        lines.append(f"marking: {m.text} in {m.location.part}"
                     + (f" p.{m.location.page}" if m.location.page else ""))
    for f in result.findings:
        if f.rule.startswith(("marking.", "personal.")):
            lines.append(f"{f.rule}: {f.text} — {f.context}")
    passages = score_passages(extract(data).segments, settings.dictionary)
    if not passages:
        lines.append("no passage mentions a dictionary topic")
    for passage in sorted(passages, key=lambda p: -p.score):
        lines += _passage_lines(passage, settings.threshold)
    attached = {f.detail["attachment"] for f in result.findings if "attachment" in f.detail}
    lines += [f"attachment with findings: {name}" for name in sorted(attached)]
    lines += [f"error: {e}" for e in result.errors]
    return result, "\n".join(lines) + "\n"
