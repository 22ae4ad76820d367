"""Plans: the section of a report that sets out the coming period's tasks.

A work report, an annual report or a summary ends with what the office will do next (二、
2026年主要任务; （三）下一步工作打算). There 拟于年内出台…, 待常委会审议通过后实施 announce the
office's own plans, published with the report; they are no matter pending a decision inside
this document. Heuristics:
- ``plans-heading``: a short numbered heading (一、, （一）) naming the coming tasks (words:
  signals.toml [document_kinds] plans_heading: 主要任务, not 下一步工作, which closes a
  report to a superior whose 拟 is still undecided) opens a plans section.
- ``section``: the section runs to the next heading numbered in the same style or a higher
  one (二、 after 一、; （四） or 三、 after （三）).
- ``not-internal``: in an internal form (请示, 方案, 纪要) the "plans" are the matter itself,
  undecided: no section there.
The judge does not count stage and internal-form cues inside a plans section
(scanner/judge/features.py), unless they point at this document (本报告为工作底稿).
"""
from __future__ import annotations

import regex

from scanner.detect.doc_kind import document_kind, may_be_numbered
from scanner.detect.evidence import Evidence
from scanner.detect.view import View

# A heading is short: a title of a section, not a paragraph that opens with a number.
HEADING_MAX = 30
# Numbering styles of section headings: 一、 and （一）, after a Markdown heading's #s.
_MARK = r"^\s*(?:#{1,6}\s*)?"
_STYLES = (regex.compile(_MARK + r"[一二三四五六七八九十]+[、．.]"),
           regex.compile(_MARK + r"[（(][一二三四五六七八九十]+[）)]"))


def _style(text: str) -> int | None:
    """The numbering style of a heading line, or None when ``text`` is no heading."""
    if len(text) > HEADING_MAX or not may_be_numbered(text):
        return None
    return next((n for n, style in enumerate(_STYLES) if style.match(text)), None)


def plan_sections(view: View) -> dict[int, str]:
    """Segment → the plans heading it sits under (computed once per view)."""
    if "plans" in view.memo:
        return view.memo["plans"]
    out: dict[int, str] = {}
    words = view.dictionary.document_kinds.get("plans_heading", ())
    heading, style = None, None
    for seg, text in enumerate(view.norms):
        level = _style(text)
        if level is not None and (heading is None or level <= style):
            named = any(w in text for w in words)
            heading, style = (text, level) if named else (None, None)
            continue
        if heading is not None:
            out[seg] = heading
    if out and document_kind(view)[0] == "internal":
        out = {}
    view.memo["plans"] = out
    return out


class Plans:
    """Marks every paragraph of a plans section (the judge reads its cues as plans)."""

    name = "plans"

    def detect(self, view: View) -> list[Evidence]:
        return [Evidence("plans", seg, (0, len(view.norms[seg])), view.location(seg), 1.0,
                         f"plans-heading: under {heading}", {"heading": heading})
                for seg, heading in plan_sections(view).items()]
