"""Incremental updates: text an earlier revision of the PDF showed and the latest does not.

A PDF saved incrementally keeps every earlier revision in the file, each ending at its own
``%%EOF``; a reader that stops at an earlier ``%%EOF`` shows that revision. Text removed by
such an update is still in the file for anyone who looks.

Heuristics:
- ``earlier-eof``: the bytes up to each earlier ``%%EOF`` are an earlier revision.
- ``linearised``: a linearised file's first-page section also ends in one (its first
  ``%%EOF``, with ``/Linearized`` in the first ``LINEARIZED_HEAD`` bytes); it is no revision,
  and reading it would reopen the whole file for nothing.
- ``gone-line``: a line of an earlier revision is deleted when, without whitespace, it is
  no part of the latest text (also without whitespace), so reflowed lines are not reported.
- Bounds: the newest ``MAX_REVISIONS`` earlier revisions, ``MAX_PAGES`` pages each.
"""
from __future__ import annotations

import re

MAX_REVISIONS = 3
LINEARIZED_HEAD = 1024
MAX_PAGES = 300
_EOF = re.compile(rb"%%EOF[ \t]*(?:\r\n|\r|\n)?")
_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def deleted_text(data: bytes, latest_text: str, pymupdf) -> list[tuple[int, str]]:
    """(page, text) for each page of an earlier revision that shows lines the latest lacks."""
    ends = [m.end() for m in _EOF.finditer(data)]
    if b"/Linearized" in data[:LINEARIZED_HEAD]:
        ends = ends[1:]  # linearised
    # The last %%EOF ends the latest revision; trailing bytes after it belong to it too.
    earlier = [end for end in ends[:-1] if data[end:].strip()][-MAX_REVISIONS:]
    if not earlier:
        return []
    latest = squeeze(latest_text)
    seen: set[str] = set()
    found: list[tuple[int, str]] = []
    for end in reversed(earlier):
        for page_no, lines in _revision_lines(data[:end], pymupdf):
            gone = [line for line in lines
                    if (key := squeeze(line)) and key not in latest and key not in seen
                    and not seen.add(key)]
            if gone:
                found.append((page_no, "\n".join(gone)))
    return found


def _revision_lines(data: bytes, pymupdf) -> list[tuple[int, list[str]]]:
    """Lines of text per page of one revision; a revision MuPDF cannot open adds nothing."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:  # a truncated section that is no whole revision
        return []
    with doc:
        if doc.needs_pass:
            return []
        pages = []
        for pno in range(min(doc.page_count, MAX_PAGES)):
            try:
                text = doc.load_page(pno).get_text("text")
            except Exception:
                continue
            pages.append((pno + 1, [line for line in text.splitlines() if line.strip()]))
        return pages
