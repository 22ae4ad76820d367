"""Why a file got its verdict, from the judge's own trace (``baomi explain FILE``).

Nothing is detected or weighed again here: the text renders ``FileResult.trace`` as the
scan produced it — for a blocked file the passages, evidence and weights that decided it;
for a passed one why its statements and words did not count.
"""
from __future__ import annotations

from typing import Any

from scanner.model import FileResult, Location

EXCERPT = 60
IGNORED_SHOWN = 8


def _where(loc: dict[str, Any]) -> str:
    return Location.from_dict(loc).describe()


def _passage(p: dict[str, Any], threshold: float) -> list[str]:
    verdict = "SENSITIVE" if p["counts"] else "below threshold"
    lines = [f"passage {_where(p['evidence'][0]['location']) if p['evidence'] else p['segment']}:"
             f" score {p['score']:.3f} ({verdict}, threshold {threshold:g})"]
    if "excerpt" in p:  # absent from traces cached before passages carried their text
        lines.append(f"  text:        {_marked(p['excerpt'])}")
    for e in p["evidence"]:
        lines.append(f"  {e['signal']:<12} {e['strength']:.2f}  {e['reason']}")
    weights = ", ".join(f"{k} {v:+.2f}" for k, v in
                        sorted(p["contributions"].items(), key=lambda kv: -abs(kv[1])))
    lines.append(f"  weights:     {weights}")
    return lines


def _marked(excerpt: dict[str, Any]) -> str:
    """The passage on one line, each marked word in 【】."""
    text, out, at = excerpt["text"], [], 0
    for start, end, _signal in excerpt["marks"]:
        out += [text[at:start], "【", text[start:end], "】"]
        at = end
    joined = "".join(out) + text[at:]
    return ("…" if excerpt["before"] else "") + " ".join(joined.split()) + (
        "…" if excerpt["after"] else "")


def render(result: FileResult) -> str:
    lines = [f"{result.path}: {result.verdict.value} ({result.status.value}), type {result.type}"]
    trace = result.trace or {}
    if result.marking:
        m = result.marking
        lines.append(f"marking: {m.text} in {m.location.describe()}")
    for r in trace.get("rules", []):
        lines.append(f"rule {r['rule']} → {r['status'] or 'reported only'}: {r['text']}")
    if trace:
        kind = trace["kind"]
        lines.append(f"document kind: {kind['kind']}" + (f" ({kind['why']})" if kind["why"] else ""))
        lines.append(f"content score {trace['score']:.3f}, threshold {trace['threshold']:g} "
                     f"({trace['target']}), bias {trace['bias']:+.2f}")
        for s in trace["statements"]:
            lines.append(f"counts: {s['signal']} {s['strength']:.2f} at "
                         f"{_where(s['location'])}: {s['reason']}")
        if not trace["passages"]:
            lines.append("no passage with a topic, a statement about this document or specifics")
        for p in trace["passages"]:
            lines += _passage(p, trace["threshold"])
        ignored = trace["ignored"]
        for e in ignored[:IGNORED_SHOWN]:
            lines.append(f"does not count: {e['signal']} at {_where(e['location'])} "
                         f"“{e['detail'].get('text', '')}” — {e['why']}")
        more = len(ignored) - IGNORED_SHOWN + trace.get("left_out", 0)
        if more > 0:
            lines.append(f"does not count: {more} more like these")
        for name in trace.get("attachments", {}):
            lines.append(f"attachment with evidence: {name}")
    lines += [f"error: {e}" for e in result.errors]
    return "\n".join(lines) + "\n"
