"""A PDF cut short, which MuPDF silently repairs into pages with nothing on them.

A truncated download or a damaged copy loses the objects at its end; MuPDF rebuilds the
cross-reference table from what is left and opens the file without a word, its missing pages
blank. Blank is not clean: those pages are reported.

Heuristics (only for a file MuPDF had to repair):
- ``missing-page``: a page in the page tree whose dictionary or content stream is not in the
  file (a reference to an object that was never found).
- ``claimed-count``: the page tree's /Count is more than the pages it holds.
- ``no-eof``: the file does not end with ``%%EOF`` (in its last ``TAIL_BYTES``): it was cut
  off, whatever MuPDF made of the rest.
"""
from __future__ import annotations

TAIL_BYTES = 1024


def missing_pages(doc, data: bytes) -> list[str]:
    """Why the repaired file is not whole, one line each; [] for a file that needed no repair."""
    if not doc.is_repaired:
        return []
    errors = []
    if b"%%EOF" not in data[-TAIL_BYTES:]:
        errors.append("truncated PDF: the file does not end with %%EOF (MuPDF repaired it; "
                      "what was cut off is not read)")
    missing = [pno + 1 for pno in range(doc.page_count) if not _whole(doc, pno)]
    if missing:
        listed = ", ".join(map(str, missing[:20])) + (" …" if len(missing) > 20 else "")
        errors.append(f"pages {listed}: their objects are missing from the file (damaged or "
                      "truncated; MuPDF shows them blank)")
    try:
        kind, count = doc.xref_get_key(doc.pdf_catalog(), "Pages/Count")
        claimed = int(count) if kind == "int" else 0
    except (ValueError, RuntimeError):
        claimed = 0
    if claimed > doc.page_count:
        errors.append(f"the page tree claims {claimed} pages, {doc.page_count} are in the file")
    return errors


def _whole(doc, pno: int) -> bool:
    """missing-page"""
    try:
        xref = doc.page_xref(pno)
        if not 0 < xref < doc.xref_length() or doc.xref_object(xref).strip() == "null":
            return False
        kind, value = doc.xref_get_key(xref, "Contents")
        if kind == "null":
            return True  # a page without contents is blank on purpose
        refs = [int(r) for r in value.replace("[", " ").replace("]", " ").split()[::3]
                if r.isdigit()] if kind in ("xref", "array") else []
        return all(0 < r < doc.xref_length() and doc.xref_object(r).strip() != "null"
                   for r in refs)
    except (ValueError, RuntimeError):
        return False
