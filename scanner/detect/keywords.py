"""Sensitive content from the dictionaries: topic × not-public signal × specificity.

Heuristics, each named where it is applied:
- ``one-pass``: every term of every dictionary is found in one Aho-Corasick pass
  (leftmost-longest, so 尚未公示 is one not-public hit and not also a public 公示).
- ``word-boundary``: a topic hit of two characters or fewer must be a word to jieba
  (有机密封 is 有机/密封: no 机密).
- ``passage``: a paragraph (a PDF text block); qualifiers count within it.
- ``document-note``: a not-public signal in a short standalone line, a header/footer or
  the metadata (“此件严格保密，阅后收回”, “讨论稿”) applies to the whole file.
- ``inherent``: categories with ``base`` > 0 (discipline cases, telegrams) need no
  qualifier, but only about a named person: counts in a work report are public.
- ``public-context``: 现予以公示, 特此公告 … damp a passage that has no not-public signal.
- ``normative``: rule text (应当, 严禁, 本条例 …) without names or figures is a rule about
  secrets, not a secret.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from scanner.detect import words
from scanner.dictionary import Dictionary, Term
from scanner.model import Finding, Segment, Severity
from scanner.text_utils import context, normalize, original_span

TOPIC_CAP = 6.0
QUALIFIER_CAP = 1.5
NOTE_LENGTH = 40
NOTE_PARTS = ("header", "footer", "metadata")
DOCUMENT_NOTE_FACTOR = 0.8
PUBLIC_DAMPING = 0.2
NORMATIVE_DAMPING = 0.3
SHORT_TERM = 2


@dataclass
class Hit:
    term: Term
    start: int  # in the segment's normalised text
    end: int


@dataclass
class Passage:
    """One scored paragraph, for findings and for ``baomi explain``."""

    segment: Segment
    topics: list[Hit] = field(default_factory=list)
    qualifiers: dict[str, list[str]] = field(default_factory=dict)
    specifics: dict[str, list[str]] = field(default_factory=dict)
    factors: dict[str, float] = field(default_factory=dict)
    score: float = 0.0


def _hits(segments: list[Segment], dictionary: Dictionary) -> tuple[list[str], list[list[Hit]]]:
    norms = [normalize(s.text)[0] for s in segments]
    starts = []
    pos = 0
    for text in norms:
        starts.append(pos)
        pos += len(text) + 1
    joined = "\x00".join(norms)
    per_segment: list[list[Hit]] = [[] for _ in segments]
    for idx, start, end in dictionary.automaton.find_matches_as_indexes(joined):
        seg_no = bisect.bisect_right(starts, start) - 1
        local = start - starts[seg_no]
        term = dictionary.terms[idx]
        text = norms[seg_no]
        # Qualifiers are phrases people write whole (不得擅自 is still 不得); only topic
        # terms need the check that keeps 机密 out of 有机密封.
        if term.kind == "topic" and len(term.text) <= SHORT_TERM and \
                not words.is_word(text, local, local + end - start):
            continue
        per_segment[seg_no].append(Hit(term, local, local + end - start))
    return norms, per_segment


def _qualifier_weights(hits: list[Hit], kind: str) -> list[tuple[str, float]]:
    return [(h.term.text, h.term.weight) for h in hits if h.term.kind == kind]


def score_passages(segments: list[Segment], dictionary: Dictionary) -> list[Passage]:
    """Every paragraph that mentions a topic, scored."""
    norms, hits = _hits(segments, dictionary)
    notes: dict[str, float] = {}  # document-note not-public signals and their weights
    doc_public = False
    for seg, text, seg_hits in zip(segments, norms, hits):
        note = seg.part in NOTE_PARTS or len(text.strip()) <= NOTE_LENGTH
        if not note or _qualifier_weights(seg_hits, "normative"):
            continue
        notes.update(_qualifier_weights(seg_hits, "not_public"))
        doc_public = doc_public or bool(_qualifier_weights(seg_hits, "public"))

    passages = []
    for seg, text, seg_hits in zip(segments, norms, hits):
        topics = [h for h in seg_hits if h.term.kind == "topic"]
        if not topics:
            continue
        passage = Passage(segment=seg, topics=topics)
        for kind in ("not_public", "public", "normative"):
            found = sorted({t for t, _ in _qualifier_weights(seg_hits, kind)})
            if found:
                passage.qualifiers[kind] = found
        passage.specifics = words.specifics(text, [(h.start, h.end) for h in topics],
                                            dictionary.looks_like_name)
        _score(passage, seg_hits, dictionary, notes, doc_public)
        passages.append(passage)
    return passages


def _score(passage: Passage, hits: list[Hit], dictionary: Dictionary,
           notes: dict[str, float], doc_public: bool) -> None:
    distinct = {h.term.text: h.term for h in passage.topics}
    topic = min(TOPIC_CAP, sum(t.weight for t in distinct.values()))
    # Two different not-public signals ("尚未公示，请严格保密") say it louder than one.
    not_public = sum(dict(_qualifier_weights(hits, "not_public")).values())
    if not_public == 0 and notes:
        strongest = max(notes, key=notes.get)
        not_public = notes[strongest] * DOCUMENT_NOTE_FACTOR
        passage.qualifiers["not_public"] = [f"{strongest} (document note)"]
    qualifier = min(QUALIFIER_CAP, not_public / 3.0)
    named = bool(passage.specifics.get("name"))
    inherent = max(dictionary.categories[t.category].base for t in distinct.values())
    if qualifier == 0 and named:
        qualifier = inherent  # inherent
    if qualifier and not_public == 0 and (passage.qualifiers.get("public") or doc_public):
        qualifier *= PUBLIC_DAMPING  # public-context
    spec = words.specificity(passage.specifics)
    damping = 1.0
    if passage.qualifiers.get("normative") and not named and spec < 0.5:
        damping = NORMATIVE_DAMPING  # normative
    passage.factors = {"topic": round(topic, 2), "qualifier": round(qualifier, 2),
                       "specificity": round(1 + 0.5 * spec, 2), "damping": damping}
    passage.score = topic * qualifier * (1 + 0.5 * spec) * damping


def find_sensitive(segments: list[Segment], dictionary: Dictionary,
                   threshold: float) -> tuple[list[Finding], float]:
    """Findings for every passage scoring at or over ``threshold``, and the top score."""
    findings = []
    top = 0.0
    for passage in score_passages(segments, dictionary):
        top = max(top, passage.score)
        if passage.score < threshold:
            continue
        seg = passage.segment
        norm, offsets = normalize(seg.text)
        severity = Severity.HIGH if passage.score >= 2 * threshold else Severity.MEDIUM
        seen = set()
        for hit in passage.topics:
            if hit.term.text in seen:
                continue
            seen.add(hit.term.text)
            start, end = original_span(offsets, hit.start, hit.end)
            findings.append(Finding(
                rule=f"content.{hit.term.category}", category=hit.term.category,
                severity=severity.value, text=seg.text[start:end], location=seg.location,
                context=context(seg.text, start, end), score=passage.score,
                detail={"score": round(passage.score, 2),
                        "qualifiers": passage.qualifiers.get("not_public", []),
                        "specifics": passage.specifics}))
    return findings, top
