"""A file's evidence as feature vectors, one per passage (paragraph), for the judge.

Every feature is 0..1. What does not count is said, with why (rule text, law, public
context), so that ``baomi explain`` can show it. Feature names are the keys of
dictionaries/weights.toml.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from scanner.detect.evidence import Evidence
from scanner.dictionary import Dictionary

# Sum of topic weights (dictionary scale) at which the topic feature is 1.
TOPIC_FULL = 3.0
# Specificity under which a paragraph of rule form is a rule, not a matter (normative).
CONCRETE_MATTER = 0.5
# The internal feature of a document of the internal kind, or of a draft (draft marks).
INTERNAL_KIND = 0.6
STATEMENTS = ("not-public", "handling", "stage", "internal-form")
BASE_FEATURES = ("topic", "np", "np_doc", "handling", "stage", "internal", "concrete", "named",
                 "inherent", "public", "public_doc", "rule", "reportage", "tentative",
                 "undecided", "exposure", "draft")
INTERACTIONS = ("topic_np", "np_concrete", "topic_concrete", "topic_internal", "topic_stage",
                "topic_np_concrete", "public_statement", "sector_until", "pointed_concrete",
                "tentative_concrete", "reportage_statement")
# document-note: a statement about this document (a header, a closing note, a table note)
# covers specifics anywhere in it, so these pair the document's statements with the most
# concrete passage and the strongest topic of the whole file, not of one paragraph.
# voice (scanner/detect/voice.py): an office weighing a matter (拟任, 待定, 倾向性意见) about the
# file's most concrete passage is an undecided matter even with no statement.
# exposure (scanner/detect/exposure.py): a login or internal addresses written out anywhere
# in the file; document-wide, as a note about the whole file is.
# undecided (scanner/detect/undecided.py): an internal form whose pending cues govern many
# specifics (allocations, targets and dates, floors, deployments) — a document-wide strength,
# paired with the internal kind and with the file's strongest sector topic.
# draft (scanner/detect/draft.py): a draft's own address, report and sign-off lines (局领导：,
# 报：, 审核：) make a report of no known kind an office's paper on its way up: it counts as
# the internal kind does (the internal feature), and pairs with the undecided signal.
DOCUMENT_INTERACTIONS = ("doc_np_concrete", "doc_stage_concrete", "doc_internal_concrete",
                         "doc_topic_np", "doc_tentative_concrete", "doc_tentative_internal",
                         "doc_internal_tentative", "doc_undecided_internal",
                         "doc_undecided_topic", "doc_undecided_draft")
FEATURES = BASE_FEATURES + INTERACTIONS + DOCUMENT_INTERACTIONS
# The signals a passage reads from its own paragraph.
PASSAGE_SIGNALS = frozenset(("topic", "not-public", "handling", "specifics", "public-context",
                             "undecided", "exposure"))


@dataclass
class Passage:
    segment: int
    features: dict[str, float]
    topics: list[Evidence] = field(default_factory=list)
    statements: list[Evidence] = field(default_factory=list)  # counted, this passage's own
    specifics: Evidence | None = None
    undecided: Evidence | None = None  # the undecided signal, on its densest paragraph
    exposure: Evidence | None = None  # credentials or private addresses in this paragraph
    # Which of the file's distinct feature vectors ``features`` is (FileEvidence.vectors):
    # the judge scores each distinct vector once. Passages of one vector share its dict:
    # read, never written.
    vector: int = 0


@dataclass
class FileEvidence:
    passages: list[Passage]
    kind: tuple[str, str]
    counted: list[Evidence]  # document-wide statements that count
    ignored: list[tuple[Evidence, str]]  # evidence that does not count, and why
    # The distinct feature vectors of the passages, in the order they first occur.
    vectors: list[dict[str, float]] = field(default_factory=list)


def _ignored_why(e: Evidence, kind: str, plans: dict[int, str]) -> str | None:
    """Why a statement does not speak for this document, or None when it does.
    ``plans``: segment → the heading of the report's plans section it sits under."""
    if kind == "law" and not e.detail.get("scope_why", "").startswith("self-stage"):
        return "the document is a law, regulation or rulebook: its statements are rules"
    # A statement that points at this document (本报告为工作底稿) speaks of it in any section.
    if (e.signal in ("stage", "internal-form") and e.segment in plans
            and not e.detail.get("scope_why", "").startswith(("deixis", "note-deixis"))):
        return f"a plan the report announces, under {plans[e.segment]} (scanner/detect/plans.py)"
    if e.signal in ("not-public", "handling") and e.detail.get("scope") == "rule":
        return f"rule text, not about this document ({e.detail.get('scope_why')})"
    return None


def _until(topics, named: dict[str, bool], counted: list[Evidence], categories) -> float:
    """sector-until: a statement names the event the sector's matters wait for (试题 …
    考试结束前不得外传; 标底 … 开标前): the statement is about these very matters.
    ``named``: event word → whether a counted statement names it, filled as asked (the
    statements are the file's, the same for every passage)."""
    if not counted:
        return 0.0
    events = {w for e in topics if e.detail["category"] in categories
              for w in categories[e.detail["category"]].until}
    for w in events:
        if w not in named:
            named[w] = any(w in e.detail.get("text", "") for e in counted)
        if named[w]:
            return 1.0
    return 0.0


def file_evidence(evidence: list[Evidence], dictionary: Dictionary) -> FileEvidence:
    # One pass over the file's evidence (thousands of topic hits in a regulation): by
    # paragraph (the signals a passage reads), by signal (each keeps evidence order), and
    # the statements.
    by_seg: dict[int, list[Evidence]] = defaultdict(list)
    by_signal: dict[str, list[Evidence]] = defaultdict(list)
    statements = []
    for e in evidence:
        signal = e.signal
        by_signal[signal].append(e)
        if signal in PASSAGE_SIGNALS:
            by_seg[e.segment].append(e)
        if signal in STATEMENTS:
            statements.append(e)
    first_kind = next((e for e in evidence if e.signal.startswith("kind.")), None)
    kind = (first_kind.detail["kind"], first_kind.reason) if first_kind else ("unknown", "")
    counted: list[Evidence] = []
    ignored: list[tuple[Evidence, str]] = []
    plans = {e.segment: e.detail["heading"] for e in by_signal["plans"]}
    for e in statements:
        why = _ignored_why(e, kind[0], plans)
        (ignored.append((e, why)) if why else counted.append(e))

    def top(signals: tuple[str, ...]) -> float:
        return max((e.strength for e in counted if e.signal in signals), default=0.0)

    def strongest(signal: str) -> float:
        return max((e.strength for e in by_signal[signal]), default=0.0)

    draft = strongest("draft")
    doc = {"np_doc": top(("not-public", "handling")), "handling": top(("handling",)),
           "stage": top(("stage",)),
           # a draft on its way up (局领导：, 报：, 审核：) is an internal form of no named kind
           "internal": max(top(("internal-form",)), INTERNAL_KIND if kind[0] == "internal"
                           else 0.0, INTERNAL_KIND * draft),
           "public_doc": 1.0 if kind[0] == "public" else 0.5 * strongest("public-context"),
           **{voice: strongest(f"voice.{voice}") for voice in ("reportage", "tentative")},
           **{signal: strongest(signal) for signal in ("undecided", "exposure")},
           "draft": draft}
    rule_segments = {e.segment for e in by_signal["rule-text"]}
    categories = dictionary.categories
    # By identity: ``e in counted`` would compare dataclasses field by field.
    counted_ids = {id(e) for e in counted}
    named_events: dict[str, bool] = {}
    # inherent: not in a document whose form announces (公告, 通报, 判决书: the names are
    # published), nor in a report about others (the names are the story's officials).
    announced = 1.0 if kind[0] == "public" else doc["reportage"]
    passages = []
    # Each passage's own inputs to its feature vector, with their types (an int strength
    # keeps its own rounding: round(1, 4) is 1, not 1.0); the rest is the file's.
    inputs: list[tuple[tuple[float, ...], tuple[type, ...]]] = []
    for seg, items in sorted(by_seg.items()):
        if seg < 0:
            continue
        topics, own, spec, public = [], [], None, 0.0
        publics = False
        undecided = None  # the undecided signal, on its densest paragraph
        exposed = None
        for e in items:  # one pass, in evidence order
            signal = e.signal
            if signal == "topic":
                topics.append(e)
            elif signal in ("not-public", "handling"):
                if id(e) in counted_ids:
                    own.append(e)
            elif signal == "specifics":
                if spec is None:
                    spec = e
            elif signal == "public-context" and (not publics or e.strength > public):
                public, publics = e.strength, True  # the strongest, as max() keeps it
            elif signal == "undecided" and undecided is None:
                undecided = e
            elif signal == "exposure" and (exposed is None or e.strength > exposed.strength):
                exposed = e
        # The undecided signal's densest paragraph, and a paragraph that writes a login or
        # an address out, are passages even with no topic.
        if not topics and not own and spec is None and undecided is None and exposed is None:
            continue
        concrete = spec.strength if spec else 0.0
        named = 1.0 if spec and spec.detail["found"].get("name") else 0.0
        distinct: dict[str, Evidence] = {}
        for e in topics:
            category = categories.get(e.detail["category"])
            if category is not None and category.needs_specifics and concrete < 0.25:
                ignored.append((e, "a word of rules and publicity, in a passage without "
                                   "names or figures"))
                continue
            distinct.setdefault(e.detail["term"], e)
        topic = min(1.0, sum(e.detail["weight"] for e in distinct.values()) / TOPIC_FULL)
        np = max(e.strength for e in own) if own else 0.0
        # inherent: a named person in a sector secret by its nature (线索, 初核). Not from a
        # protected person's word in a public text or a report (举报人: a promise to keep
        # them secret).
        inherent = named * (1.0 - announced) * max(
            (categories[e.detail["category"]].base for e in distinct.values()
             if e.detail["category"] in categories
             and not (e.detail.get("protected") and (doc["public_doc"] or doc["reportage"]))),
            default=0.0) if named else 0.0
        # normative: rule form without the names and figures of a matter is a rule.
        rule = 1.0 if seg in rule_segments and (kind[0] == "law"
                                                or concrete < CONCRETE_MATTER) else 0.0
        until = _until(distinct.values(), named_events, counted, categories)
        inputs.append(((topic, np, concrete, named, inherent, public, rule, until),
                       (type(np), type(concrete), type(public))))
        passages.append(Passage(seg, {}, list(distinct.values()), own, spec, undecided,
                                exposed))
    most_concrete = max((key[0][2] for key in inputs), default=0.0)
    strongest_topic = max((key[0][0] for key in inputs), default=0.0)
    document = {"doc_np_concrete": doc["np_doc"] * most_concrete,
                "doc_stage_concrete": doc["stage"] * most_concrete,
                "doc_internal_concrete": doc["internal"] * most_concrete * strongest_topic,
                "doc_topic_np": doc["np_doc"] * strongest_topic,
                "doc_tentative_concrete": doc["tentative"] * most_concrete,
                "doc_tentative_internal": doc["tentative"] * doc["internal"] * most_concrete,
                # an internal form in an office's weighing voice, names or not (拟, 倾向于)
                "doc_internal_tentative": doc["tentative"] * doc["internal"],
                "doc_undecided_internal": doc["undecided"] * doc["internal"],
                "doc_undecided_topic": doc["undecided"] * strongest_topic,
                "doc_undecided_draft": doc["undecided"] * doc["draft"]}
    # round(0.0, 4) is 0.0: only the others are rounded; the document's features once.
    document = {k: round(v, 4) if (v := document[k]) else v for k in DOCUMENT_INTERACTIONS}
    # A regulation's passages repeat a few feature vectors (10,196 passages, 616 distinct on
    # the secrecy bench): each distinct one is built and rounded once, keyed by its inputs.
    pointed = max((e.strength for e in counted if e.signal == "not-public"
                   and e.detail.get("scope_why", "").startswith("deixis")), default=0.0)
    vectors: list[dict[str, float]] = []
    index: dict[tuple[tuple[float, ...], tuple[type, ...]], int] = {}
    for p, key in zip(passages, inputs):
        at = index.get(key)
        if at is None:
            at = index[key] = len(vectors)
            vectors.append(_vector(*key[0], doc, pointed, document))
        p.vector, p.features = at, vectors[at]
    return FileEvidence(passages, kind, counted, ignored, vectors)


def _vector(topic: float, np: float, concrete: float, named: float, inherent: float,
            public: float, rule: float, until: float, doc: dict[str, float], pointed: float,
            document: dict[str, float]) -> dict[str, float]:
    """A passage's features (FEATURES, in order; those not 0 rounded to 4 places) from its
    own inputs, the document's strongest signals ``doc``, the strongest statement that
    points at this document ``pointed`` and the document's interactions (rounded)."""
    handling, stage, internal = doc["handling"], doc["stage"], doc["internal"]
    public_doc, reportage, tentative = doc["public_doc"], doc["reportage"], doc["tentative"]
    statement = max(np, doc["np_doc"])
    f = {"topic": topic, "np": np, "np_doc": doc["np_doc"], "handling": handling,
         "stage": stage, "internal": internal, "concrete": concrete, "named": named,
         "inherent": inherent, "public": public, "public_doc": public_doc,
         "rule": rule, "reportage": reportage, "tentative": tentative,
         "undecided": doc["undecided"], "exposure": doc["exposure"], "draft": doc["draft"],
         "topic_np": topic * statement, "np_concrete": max(statement, handling) * concrete,
         "topic_concrete": topic * concrete, "topic_internal": topic * internal * concrete,
         "topic_stage": topic * stage, "topic_np_concrete": topic * statement * concrete,
         "public_statement": public_doc * statement,
         "sector_until": until,
         # pointed: "以上名单暂不对外" speaks of this document's own names and figures.
         "pointed_concrete": pointed * concrete,
         "tentative_concrete": tentative * concrete,
         "reportage_statement": reportage * statement}
    return {**{k: round(v, 4) if v else v for k, v in f.items()}, **document}
