"""Sector topics (dictionaries/sectors/*.toml): matters that are secret or work secrets
until a stage. A topic raises the strength of a statement and chooses the level to
suggest; it is never a gate (the judge blocks a clear not-public statement about concrete
specifics in a sector no dictionary knows).

- ``word-boundary``: a term of two characters or fewer must be a word (有机密封 is
  有机/密封: no 机密); longer terms are written whole.
- ``until-event``: a public word inside an until-clause (在新闻发布会统一发布之前，…不得对外
  透露) names the moment this paper's matter becomes public, not a public context — when
  the withholding after it is said of this document. Said as a rule (在裁判文书依法公开之前，
  任何审判人员不得泄露; 审计结果公告前，审计人员…), the public word stays a public context:
  the text speaks of a publicity regime.
"""
from __future__ import annotations

from typing import Any

from scanner.detect.evidence import Evidence
from scanner.detect.not_public import not_public, until_before
from scanner.detect.scope import sentence
from scanner.detect.view import Hit, View

SHORT_TERM = 2
# A term's weight (0..10 in the dictionaries) at which its strength is 1.
FULL_WEIGHT = 3.0


class Topics:
    name = "topic"

    def detect(self, view: View) -> list[Evidence]:
        out = []
        categories = view.dictionary.categories
        # What every hit of one term says alike (a regulation repeats its terms hundreds
        # of times): reason, strength, category, weight, protected; by the term's text.
        said: dict[str, tuple[str, float, str, float, bool]] = {}
        # The detail of a hit whose original text is the term's own, shared by every such
        # hit of the term (a detail is read, never written, once detected).
        same: dict[str, dict[str, Any]] = {}
        for seg, hits in enumerate(view.hits):
            if "topic" not in view.kinds_in(seg):
                continue
            location = verbatim = None  # the paragraph's, once it holds a topic
            for hit in hits:
                kinds = hit.kinds
                if "topic" not in kinds:
                    continue
                text, start, end = hit.text, hit.start, hit.end
                if len(text) <= SHORT_TERM and not view.is_word(seg, start, end):
                    continue
                alike = said.get(text)
                if alike is None:
                    term = kinds["topic"]
                    alike = said[text] = (
                        f"{categories[term.category].title}: {text}",
                        min(1.0, term.weight / FULL_WEIGHT), term.category, term.weight,
                        "protected" in kinds)
                reason, strength, category, weight, protected = alike
                if location is None:
                    location = view.location(seg)
                    # Normalisation left the paragraph as it was (most are): a hit's
                    # original text is its own.
                    verbatim = (view.offsets[seg] is None
                                and view.norms[seg] == view.segments[seg].text)
                detail = same.get(text) if verbatim else None
                if detail is None:
                    detail = {"category": category, "term": text, "weight": weight,
                              "text": text if verbatim else view.original(seg, start, end),
                              "protected": protected}
                    if verbatim:
                        same[text] = detail
                out.append(Evidence("topic", seg, (start, end), location, strength, reason,
                                    detail))
        return out


class PublicContext:
    """public-context: 现予以公示, 特此公告 … — the document announces, it does not withhold."""

    name = "public-context"

    def detect(self, view: View) -> list[Evidence]:
        return [Evidence("public-context", seg, (h.start, h.end), view.location(seg),
                         h.kinds["public"].weight, f"public context: {h.text}",
                         {"words": [h.text]})
                for seg in range(len(view.hits)) for h in view.hits_of(seg, "public")
                if not _until_event(view, seg, h)]


def _until_event(view: View, seg: int, hit: Hit) -> bool:
    """until-event: a 前 of "before" closes the public word's clause, and a withholding
    said of this document follows in the same sentence."""
    text = view.norms[seg]
    if not until_before(text, hit.end):
        return False
    end = sentence(text, hit.start, hit.end)[1]
    return any(e.segment == seg and hit.end <= e.span[0] < end
               and e.detail["scope"] == "document" for e in not_public(view))
