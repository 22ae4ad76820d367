"""Sensitive content from the dictionaries: topic × not-public signal × specificity.

Heuristics, each named where it is applied:
- ``one-pass``: every term of every dictionary is found in one Aho-Corasick pass
  (leftmost-longest, so 尚未公示 is one not-public hit and not also a public 公示).
- ``word-boundary``: a topic hit of two characters or fewer must be a word to jieba
  (有机密封 is 有机/密封: no 机密).
- ``passage``: a paragraph (a PDF text block); qualifiers count within it.
- ``document-note``: a not-public signal anywhere outside rule text (“此件阅后收回”,
  “以上人选尚未公示”, a header “讨论稿”) applies to the whole file, a little weaker.
- ``internal-form``: a request or minutes (妥否，请批示, 拟办意见, 列席) makes a concrete
  passage (names, figures) an internal draft even without a secrecy note — weakly.
- ``inherent``: categories with ``base`` > 0 (discipline cases, telegrams) need no
  qualifier, but only about a named person: counts in a work report are public.
- ``needs-specifics``: categories whose words are the vocabulary of rules and publicity
  (密级, 国家秘密) count only in a passage with names or figures.
- ``public-context``: 现予以公示, 特此公告 … damp a passage that announces more than it
  withholds, and every passage of a public document that withholds nothing itself.
- ``normative``: rule text (应当, 严禁, 本条例, 第十三条 …) without names or figures is a
  rule about secrets, not a secret.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from scanner.detect import words
from scanner.dictionary import Dictionary, Term
from scanner.model import Finding, Segment, Severity
from scanner.text_utils import context, normalize, normalize_many, original_span

TOPIC_CAP = 6.0
QUALIFIER_CAP = 1.5
DOCUMENT_NOTE_FACTOR = 0.8
PUBLIC_DAMPING = 0.2
NORMATIVE_DAMPING = 0.3
SHORT_TERM = 2
# Articles (第…条) it takes to call a document a rule: laws, regulations, measures.
RULE_DOCUMENT_ARTICLES = 3


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
    """Every term in every segment (one-pass), before the word-boundary check."""
    norms = normalize_many([s.text for s in segments])
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
        per_segment[seg_no].append(Hit(dictionary.terms[idx], local, local + end - start))
    return norms, per_segment


def _words_only(text: str, hits: list[Hit]) -> list[Hit]:
    """word-boundary: qualifiers are phrases people write whole (不得擅自 is still 不得);
    only topic terms need the check that keeps 机密 out of 有机密封."""
    return [h for h in hits
            if h.term.kind != "topic" or len(h.term.text) > SHORT_TERM
            or words.is_word(text, h.start, h.end)]


def _may_score(hits: list[Hit], dictionary: Dictionary, doc: _DocumentSignals) -> bool:
    """Whether a passage with these hits can score above zero (see ``_score``): only with
    a not-public signal of its own or of the document, an internal-form document, or a
    topic with inherent secrecy. Otherwise its qualifier, and so its score, is 0 whatever
    jieba says, and the word check and the specifics can be skipped."""
    return bool(doc.not_public or doc.internal or _qualifier_weights(hits, "not_public")
                or any(h.term.kind == "topic" and dictionary.categories[h.term.category].base > 0
                       for h in hits))


# Handling instructions about this document (阅后收回) are not-public signals too.
_KINDS = {"not_public": ("not_public", "handling")}


def _qualifier_weights(hits: list[Hit], kind: str) -> list[tuple[str, float]]:
    kinds = _KINDS.get(kind, (kind,))
    return [(h.term.text, h.term.weight) for h in hits if h.term.kind in kinds]


def _two_strongest(weights: dict[str, float]) -> tuple[list[str], float]:
    """Two different signals ("尚未公示，请严格保密") say it louder than one."""
    top = sorted(weights, key=weights.get, reverse=True)[:2]
    return top, sum(weights[t] for t in top)


@dataclass
class _DocumentSignals:
    """Signals that speak for the whole document, gathered before passages are scored."""

    not_public: dict[str, float] = field(default_factory=dict)
    internal: float = 0.0
    public: bool = False


# article-numbering: 第十三条, 第二章 open the articles of rules and laws.
_ARTICLE = regex.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+[条章节款]")


def _document_signals(segments: list[Segment], norms: list[str],
                      hits: list[list[Hit]]) -> _DocumentSignals:
    """document-note: a not-public signal outside rule text ("此件阅后收回", "以上人选尚未
    公示", a header "内部讨论稿") covers the whole file; so do internal-form signals
    (妥否，请批示, 拟办意见) and public context (现予以公示, 特此公告)."""
    doc = _DocumentSignals()
    if sum(1 for text in norms if _ARTICLE.match(text)) >= RULE_DOCUMENT_ARTICLES:
        return doc  # rule-document: a law or regulation; its 不得复制 is about all documents
    for text, all_hits in zip(norms, hits):
        seg_hits = [h for h in all_hits if h.term.kind != "topic"]
        if not seg_hits:
            continue  # most paragraphs: no signal of any kind
        rule = _ARTICLE.match(text) or (_qualifier_weights(seg_hits, "normative")
                                        and not _qualifier_weights(seg_hits, "handling"))
        if rule:
            continue  # a rule ("对举报人严格保密") speaks of documents in general, not this one
        doc.not_public.update(_qualifier_weights(seg_hits, "not_public"))
        doc.internal = max([doc.internal, *(w for _, w in _qualifier_weights(seg_hits, "internal"))])
        doc.public = doc.public or bool(_qualifier_weights(seg_hits, "public"))
    return doc


def score_passages(segments: list[Segment], dictionary: Dictionary,
                   scoring_only: bool = False) -> list[Passage]:
    """Every paragraph that mentions a topic, scored; with ``scoring_only``, only those
    that can score above zero (the others are left out unscored, saving jieba calls)."""
    norms, all_hits = _hits(segments, dictionary)
    # Qualifier hits only: the same before and after the word check.
    doc = _document_signals(segments, norms, all_hits)
    passages = []
    for seg, text, seg_hits in zip(segments, norms, all_hits):
        if not any(h.term.kind == "topic" for h in seg_hits):
            continue
        if scoring_only and not _may_score(seg_hits, dictionary, doc):
            continue
        seg_hits = _words_only(text, seg_hits)
        topics = [h for h in seg_hits if h.term.kind == "topic"]
        if not topics:
            continue
        passage = Passage(segment=seg, topics=topics)
        for kind in ("not_public", "public", "normative"):
            found = sorted({t for t, _ in _qualifier_weights(seg_hits, kind)})
            if found:
                passage.qualifiers[kind] = found
        if _ARTICLE.match(text):
            passage.qualifiers.setdefault("normative", []).append("(article)")
        passage.specifics = words.specifics(text, [(h.start, h.end) for h in topics],
                                            dictionary.looks_like_name)
        _score(passage, seg_hits, dictionary, doc)
        passages.append(passage)
    return passages


def _score(passage: Passage, hits: list[Hit], dictionary: Dictionary,
           doc: _DocumentSignals) -> None:
    named = bool(passage.specifics.get("name"))
    spec = words.specificity(passage.specifics)
    concrete = named or spec >= 0.5
    categories = dictionary.categories
    # needs-specifics: 密级, 国家秘密 … in a passage without names or figures are the
    # vocabulary of rules and publicity, not a secret.
    distinct = {h.term.text: h.term for h in passage.topics
                if concrete or not categories[h.term.category].needs_specifics}
    topic = min(TOPIC_CAP, sum(t.weight for t in distinct.values()))
    _, own = _two_strongest(dict(_qualifier_weights(hits, "not_public")))
    public = sum(dict(_qualifier_weights(hits, "public")).values())
    not_public = own
    if own == 0 and doc.not_public:
        top, weight = _two_strongest(doc.not_public)
        not_public = weight * DOCUMENT_NOTE_FACTOR
        passage.qualifiers["not_public"] = [f"{t} (document note)" for t in top]
    qualifier = min(QUALIFIER_CAP, not_public / 3.0)
    if qualifier == 0 and concrete and doc.internal:
        qualifier = doc.internal / 3.0  # internal-form
        passage.qualifiers["not_public"] = ["(internal document form)"]
    if named and distinct:
        qualifier = max(qualifier, max(categories[t.category].base for t in distinct.values()))
    # public-context: a passage that announces more than it withholds, or a public
    # document whose passage withholds nothing itself.
    if qualifier and ((public and public >= own) or (own == 0 and doc.public)):
        qualifier *= PUBLIC_DAMPING
    damping = 1.0
    # normative: a rule, unless the passage gives handling instructions for this very
    # document ("不得复印、翻录，此件阅后收回")
    handling = bool(_qualifier_weights(hits, "handling"))
    if passage.qualifiers.get("normative") and not concrete and (
            not handling or "(article)" in passage.qualifiers["normative"]):
        damping = NORMATIVE_DAMPING
    passage.factors = {"topic": round(topic, 2), "qualifier": round(qualifier, 2),
                       "specificity": round(1 + 0.5 * spec, 2), "damping": damping}
    passage.score = topic * qualifier * (1 + 0.5 * spec) * damping


def find_sensitive(segments: list[Segment], dictionary: Dictionary,
                   threshold: float) -> tuple[list[Finding], float]:
    """Findings for every passage scoring at or over ``threshold``, and the top score."""
    findings = []
    top = 0.0
    # A passage that cannot score above zero changes neither the findings nor the top
    # score, as long as the threshold is above zero.
    for passage in score_passages(segments, dictionary, scoring_only=threshold > 0):
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
