"""Draft marks: the lines by which an office's working paper shows it is on its way up to a
superior, not a text for the public. A 保密审查员 reads them first in a draft that says
nothing about secrecy: a 报告 addressed 局领导：, a 专报 sent 报：区委书记, a 研判报告 signed
报告人： and 审核： is the office's own paper, and what it holds is not yet published
(《党政机关公文处理工作条例》2012 第九条: 主送机关, 签发人 of 上行文; 报送 lines of a 专报).

Read only over the opening and closing lines, by regular expressions (no segmentation).
The words are data (dictionaries/signals.toml [document_kinds], draft_*). Heuristics:
- ``address-line``: a short line under the title that ends in a colon and names one
  addressee ending in an organ or a leader's post (局领导：, 市人民政府：, 县防汛抗旱指挥部：):
  the 主送 of a report or a request to a superior. A list (各乡镇、县直各部门：) or a
  salutation (各位代表：, 同志们：) is a downward notice or a speech, not read.
- ``report-line``: a line opening 报：, 送：, 呈： or 报送： — the distribution of a 专报
  to leaders.
- ``sign-off``: a line that labels the drafter or the reviewer (报告人：, 审核：, 拟稿：,
  核稿：, 签发人：, 填报人：) — the office's own workflow, in its opening or closing lines.
- ``pending-title``: the title says the text is not final (待公示, 初稿, 讨论稿, 代拟稿);
  a 征求意见稿 or a regulation's 送审稿 is published for comment and is no such word.
- ``strength``: each distinct mark weighs MARK; two marks make the signal full.
"""
from __future__ import annotations

import regex

from scanner.detect.evidence import Evidence
from scanner.detect.view import View

# Weight of each distinct mark; the strength is their sum, at most 1.
MARK = 1.0
# Lines read at each end of the document for its address, sign-off and report lines.
EDGE_LINES = 8
# An address line is short: a name and a colon, no sentence.
ADDRESS_MAX = 24
_COLON_END = regex.compile(r"[：:]\s*$")
_LIST = regex.compile(r"[、，,；;]")
# A salutation or a distribution to many (各位代表, 同志们, 尊敬的): no 主送 of a draft.
_SALUTATION = regex.compile(r"^(?:各|尊敬|亲爱|同志们|全体|女士|先生)")
_LABEL = regex.compile(r"^([\p{Han}]{1,4})[：:]")


def _edges(view: View) -> tuple[list[str], list[str]]:
    """(the opening lines after the title, the closing lines) of the body, header and footer
    included: a 专报's 报送 line often sits in a footer. Each end is read from its side, up
    to its lines: the lines between are never looked at."""
    return (_filled(view, range(len(view.segments)), 1 + EDGE_LINES)[1:],
            _filled(view, range(len(view.segments) - 1, -1, -1), EDGE_LINES)[::-1])


def _filled(view: View, order: range, count: int) -> list[str]:
    """The first ``count`` non-empty lines of the body, tables, header and footer, in
    ``order`` of segments."""
    out: list[str] = []
    for i in order:
        if view.segments[i].part in ("body", "table", "header", "footer"):
            line = view.norms[i].strip()
            if line:
                out.append(line)
                if len(out) == count:
                    break
    return out


def draft_marks(view: View) -> dict[str, str]:
    """mark name → the line that shows it; empty for a text with none."""
    kinds = view.dictionary.document_kinds
    opening, closing = _edges(view)
    marks: dict[str, str] = {}
    endings = kinds.get("draft_address", ())
    for line in opening:
        head = _COLON_END.sub("", line)
        if head != line and len(line) <= ADDRESS_MAX and not _LIST.search(head) \
                and not _SALUTATION.match(head) and head.endswith(endings):
            marks["address-line"] = line
            break
    report, sign_off = kinds.get("draft_report", ()), kinds.get("draft_sign_off", ())
    for line in [*opening, *closing]:
        m = _LABEL.match(line)
        if not m or len(line) == len(m.group()):
            continue  # a label with nothing after it is a form's blank
        if m.group(1) in report:
            marks.setdefault("report-line", line)
        elif m.group(1) in sign_off:
            marks.setdefault("sign-off", line)
    title = view.title_lines[:2]
    word = next((w for w in kinds.get("draft_title", ()) if any(w in t for t in title)), None)
    if word:
        marks["pending-title"] = word
    return marks


class Draft:
    name = "draft"

    def detect(self, view: View) -> list[Evidence]:
        marks = draft_marks(view)
        if not marks:
            return []
        strength = min(1.0, MARK * len(marks))
        return [Evidence("draft", -1, (0, 0), view.location(-1), strength,
                         "draft marks: " + "; ".join(f"{k} {v[:20]}" for k, v in marks.items()),
                         {"marks": marks})]
