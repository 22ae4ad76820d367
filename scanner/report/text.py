"""One line per file: verdict, status, path, then the marking or the top reasons."""
from __future__ import annotations

from collections.abc import Iterable

from scanner.model import FileResult, Finding, MarkedCopy, Skipped, Verdict
from scanner.report.json import summary
from scanner.report.names import visible

_COLOURS = {Verdict.PASS: "\033[32m", Verdict.BLOCK: "\033[31;1m", Verdict.REVIEW: "\033[33m"}
_RESET = "\033[0m"
TOP_REASONS = 3


def reasons(result: FileResult) -> list[str]:
    if result.marking is not None:
        out = [f"marked {result.marking.text} ({_where_marking(result)})"]
        out += [f.context for f in result.findings if f.rule == "marking.irregular"]
        return out[:TOP_REASONS]
    out = []
    seen = set()
    for f in _content(result.findings):
        key = (f.category, f.location)
        if key in seen:
            continue
        seen.add(key)
        statements = "+".join(s for s in f.detail.get("statements", [])[:2] if s != f.text)
        out.append(f"{f.category}: {f.text}" + (f" + {statements}" if statements else "")
                   + f" ({f.location.describe()})")
    out += result.errors
    return out[:TOP_REASONS]


def _content(findings: list[Finding]) -> list[Finding]:
    """The findings whose rule can decide a status, strongest first."""
    if not findings:
        return []  # without loading the rule table (6 M instructions): most files of a rescan
    from scanner.judge import rules

    return sorted((f for f in findings if rules.rule(f.rule).status is not None),
                  key=lambda f: -f.score)


def _where_marking(result: FileResult) -> str:
    loc = result.marking.location
    return f"{loc.part}" + (f" p.{loc.page}" if loc.page else "")


def format_line(result: FileResult, colour: bool) -> str:
    verdict = result.verdict.value.upper()
    verdict = f"{verdict:<6}"
    if colour:
        verdict = f"{_COLOURS[result.verdict]}{verdict}{_RESET}"
    line = f"{verdict} {result.status.value:<18} {result.path}"
    why = reasons(result)
    if why:
        line += "  — " + "; ".join(why)
    if result.approval:
        line += f"  ✓ approved by {result.approval['by']} ({result.approval['at']})"
    if result.suggested_marking:
        suggested = result.suggested_marking
        line += f"  → suggest {suggested.level} ({', '.join(suggested.categories)})"
    return line


def _marked_line(marked: MarkedCopy) -> str:
    """What ``scan --mark`` did with the file: the copy it wrote, or why it wrote none."""
    if marked.output is None:
        return f"    not marked: {marked.error}"
    line = f"    marked copy {marked.output} ({marked.text})"
    return line + (f": {marked.error}" if marked.error else "")


def render_summary(results: list[FileResult]) -> str:
    counts = summary(results)
    return (f"{counts['files']} files: {counts['pass']} pass, {counts['block']} block, "
            f"{counts['review']} review")


def _finding_line(finding: Finding) -> str:
    return f"    {finding.severity:<6} {finding.rule:<28} {finding.text}  ({finding.location.describe()})"


def render_text(results: Iterable[FileResult], colour: bool = False, quiet: bool = False,
                verbose: bool = False, skipped: Iterable[Skipped] = (),
                not_documents: Iterable[Skipped] = ()) -> str:
    """One line per file, one ``SKIP`` line per path skipped on purpose (with the reason),
    folder members that are not documents counted in one line (listed with ``verbose``),
    then the summary; names that are not UTF-8 shown escaped (``report.names``)."""
    results = list(results)
    lines = []
    if not quiet:
        for result in results:
            lines.append(format_line(result, colour))
            if result.marked:
                lines.append(_marked_line(result.marked))
            if verbose:
                lines += [_finding_line(f) for f in result.findings]
                lines += [f"    error  {e}" for e in result.errors]
        lines += [f"{'SKIP':<6} {'':<18} {s.path}  — {s.reason}" for s in skipped]
        not_documents = list(not_documents)
        if verbose:
            lines += [f"{'SKIP':<6} {'':<18} {s.path}  — {s.reason}" for s in not_documents]
        if not_documents:
            count = len(not_documents)
            what = ("folder member that is not a document" if count == 1
                    else "folder members that are not documents")
            lines.append(f"not read: {count} {what} (code, pictures, hidden folders; -v lists "
                         "them, --format json gives them under \"skipped\")")
    lines.append(render_summary(results))
    return visible("\n".join(lines) + "\n")
