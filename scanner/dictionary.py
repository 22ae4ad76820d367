"""Dictionaries: the data that says what is sensitive. The code knows no secret words.

A sector file (``sectors/personnel.toml`` …) names one category, its inherent secrecy
(``base``), the level baomi proposes for it, the stage until which its matters are not
public, the public rule that says so, and its terms with weights. ``signals.toml`` holds the
lexicons the signal grammars read (limiters, disclosure acts, handling instructions, stage,
public context, normative modals, general subjects, document kinds). ``weights.toml`` is
the judge's (scanner/judge/policy.py), not a dictionary. Users add files with --dictionary.
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import ahocorasick_rs
import regex

from markers.marking import LEVELS
from scanner.dictionary_files import (  # noqa: F401 (DictionaryError, builtin_files: API)
    WEIGHTS_FILE, DictionaryError, builtin_files, builtin_folder, dictionary_files, fingerprint)
from scanner.text_utils import normalize

SIGNAL_KINDS = ("limiter", "act", "copy_act", "event", "phrase", "handling", "stage", "internal",
                "public", "normative", "general_subject", "addressee", "role", "protected",
                "deixis", "reportage", "tentative", "pending", "know_act", "rumour",
                "shield", "anonymised", "only", "channel", "cover", "cover_state", "copies",
                "return_when", "return_act", "not_yet", "review", "undecided", "account_label",
                "secret_label")
DOCUMENT_KINDS = ("law", "public", "internal", "public_issuers", "judgment", "draft_address",
                  "draft_report", "draft_sign_off", "draft_title", "plans_heading")
SURNAME_KEYS = {"single", "compound"}


@dataclass(frozen=True)
class Category:
    name: str
    title: str
    base: float
    suggested_level: str
    # Terms that are everyday words of rules and publicity (密级, 国家秘密) count only in a
    # passage that names people, units or figures.
    needs_specifics: bool = False
    # Until when its matters are not public (in words, and the events: 公示, 开考 …) and
    # the public rule that says so.
    secret_until: str = ""
    until: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Term:
    text: str
    kind: str  # "topic" or one of SIGNAL_KINDS
    category: str  # the sector category; the lexicon name for signal words
    weight: float


@dataclass(frozen=True)
class PersonalRule:
    """A kind of number that must not be published in full (dictionaries/personal.toml).
    ``pattern`` in re's syntax, compiled with ``regex``: it scans for these patterns, which
    open with a look-behind, three to four times as fast as ``re``."""

    id: str
    title: str
    pattern: regex.Pattern[str]
    check: str
    min_count: int
    context: tuple[str, ...] = ()


@dataclass
class Dictionary:
    terms: list[Term] = field(default_factory=list)
    categories: dict[str, Category] = field(default_factory=dict)
    fingerprint: str = ""
    # Title words of each document kind (signals.toml [document_kinds]).
    document_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Surnames, to tell a person's name from a word jieba mistook for one.
    surnames: frozenset[str] = frozenset()
    personal_rules: list[PersonalRule] = field(default_factory=list)
    _automaton: object | None = None
    _unit_automaton: object | None = None
    _by_pattern: tuple[list[str], list[dict[str, Term]]] | None = None

    def looks_like_name(self, word: str) -> bool:
        """A surname and a one- or two-character given name (严格执行 is no name)."""
        if 3 <= len(word) <= 4 and word[:2] in self.surnames:
            return True
        return 2 <= len(word) <= 3 and word[0] in self.surnames

    @property
    def patterns(self) -> list[str]:
        """The distinct texts of all terms, in automaton order."""
        return self._index()[0]

    @property
    def pattern_kinds(self) -> list[dict[str, Term]]:
        """For each pattern, in automaton order, every term written so, by kind (不得: a
        limiter and a normative modal). Do not modify: one dict per pattern."""
        return self._index()[1]

    def _index(self) -> tuple[list[str], list[dict[str, Term]]]:
        if self._by_pattern is None:
            grouped: dict[str, dict[str, Term]] = {}
            for term in self.terms:
                grouped.setdefault(term.text, {})[term.kind] = term
            self._by_pattern = (list(grouped), list(grouped.values()))
        return self._by_pattern

    @property
    def automaton(self) -> ahocorasick_rs.AhoCorasick:
        """One automaton over every term of every lexicon (one-pass); leftmost-longest, so
        任何单位和个人 is one general subject and not also 个人."""
        if self._automaton is None:
            self._automaton = ahocorasick_rs.AhoCorasick(
                self.patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return self._automaton  # type: ignore[return-value]

    def unit_matches(self, text: str) -> list[tuple[int, int, int]] | None:
        """``automaton.find_matches_as_indexes(text)`` with offsets in UTF-16 code units
        (twice the characters'), or None where they are not (a character beyond U+FFFF is
        two units) or ``text`` has no UTF-16 (a lone surrogate; the automaton refuses it
        too). Only while every match starts on an even offset: one that starts on an odd
        one began inside a character and is no match of the text; search it with
        ``automaton`` then.

        utf16-search: the automaton of the patterns' code units searches the text's (two
        bytes a character, copied in C) instead of its UTF-8 (three bytes a Chinese
        character, encoded and mapped back to characters a byte at a time). Leftmost-
        longest takes, from where it stands, the first place a pattern starts and the
        longest there: where that place is a character's, the patterns there are the
        character automaton's, so matches that all start on characters are its matches."""
        try:
            units = text.encode("utf-16-le")
        except UnicodeEncodeError:
            return None
        if len(units) != 2 * len(text):
            return None
        return self.unit_automaton.find_matches_as_indexes(units)

    @property
    def unit_automaton(self) -> ahocorasick_rs.BytesAhoCorasick:
        """``automaton`` over the patterns' UTF-16 code units (little-endian bytes)."""
        if self._unit_automaton is None:
            self._unit_automaton = ahocorasick_rs.BytesAhoCorasick(
                [p.encode("utf-16-le") for p in self.patterns],
                matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return self._unit_automaton  # type: ignore[return-value]


@dataclass
class _FileContent:
    terms: list[Term] = field(default_factory=list)
    categories: dict[str, Category] = field(default_factory=dict)
    surnames: set[str] = field(default_factory=set)
    personal: list[PersonalRule] = field(default_factory=list)
    document_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _read_file(path: Path, raw: bytes) -> _FileContent:
    """One dictionary file, whatever its kind; raises DictionaryError naming the file."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{path}: {exc}") from exc
    content = _FileContent()
    if SURNAME_KEYS & set(data):
        content.surnames = _surnames_of(path, data)
    elif "rule" in data:
        content.personal = _personal_rules_of(path, data)
    else:
        content.document_kinds = _document_kinds_of(path, data.pop("document_kinds", {}))
        if data:
            content.terms = _terms_of(path, data, content.categories)
    return content


def _document_kinds_of(path: Path, table: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict) or set(table) - set(DOCUMENT_KINDS) or not all(
            isinstance(v, list) and all(isinstance(w, str) and w for w in v)
            for v in table.values()):
        raise DictionaryError(f"{path}: [document_kinds] holds lists of words for "
                              f"{', '.join(DOCUMENT_KINDS)}")
    return {k: tuple(v) for k, v in table.items()}


def load_dictionary(extra: list[str | Path] = ()) -> Dictionary:
    """The built-in dictionaries plus the user's; raises DictionaryError on a bad file.
    Parsed once for given bytes and code: later processes read the parsed copy
    (``scanner.dictionary_cache``)."""
    from scanner import dictionary_cache

    digest = hashlib.sha256()
    raws: list[tuple[Path, bytes]] = []
    for path in dictionary_files(extra):
        raws.append((path, path.read_bytes()))
        fingerprint(digest, path, raws[-1][1])
    weights = builtin_folder() / WEIGHTS_FILE
    fingerprint(digest, weights, weights.read_bytes())
    kept = dictionary_cache.read(digest.hexdigest())
    if kept is not None:
        try:
            return _from_plain(kept)
        except (KeyError, TypeError, ValueError, regex.error):
            pass  # a copy of another shape: parsed afresh below, and replaced
    dictionary = _parse(raws, digest.hexdigest())
    dictionary_cache.write(_to_plain(dictionary))
    return dictionary


def _row(item: Term | Category) -> list:
    """A dataclass as the list of its fields' values, in order."""
    return [getattr(item, f.name) for f in fields(item)]


def _to_plain(dictionary: Dictionary) -> dict:
    """``dictionary`` as JSON-able data, for ``dictionary_cache``."""
    return {"fingerprint": dictionary.fingerprint,
            "terms": [_row(t) for t in dictionary.terms],
            "categories": [_row(c) for c in dictionary.categories.values()],
            "document_kinds": dictionary.document_kinds,
            "surnames": sorted(dictionary.surnames),
            "personal_rules": [[r.id, r.title, r.pattern.pattern, r.check, r.min_count,
                                r.context] for r in dictionary.personal_rules]}


def _from_plain(data: dict) -> Dictionary:
    """The inverse of ``_to_plain`` (JSON made the tuples lists; no field holds a list)."""
    return Dictionary(
        terms=[Term(*row) for row in data["terms"]],
        categories={row[0]: Category(*[tuple(v) if isinstance(v, list) else v for v in row])
                    for row in data["categories"]},
        fingerprint=data["fingerprint"],
        document_kinds={k: tuple(v) for k, v in data["document_kinds"].items()},
        surnames=frozenset(data["surnames"]),
        personal_rules=[PersonalRule(i, title, regex.compile(pattern), check, count, tuple(ctx))
                        for i, title, pattern, check, count, ctx in data["personal_rules"]])


def _parse(raws: list[tuple[Path, bytes]], digest: str) -> Dictionary:
    """The dictionary of these files' bytes (in order: a later file wins)."""
    merged: dict[str, Term] = {}
    categories: dict[str, Category] = {}
    surnames: set[str] = set()
    personal: dict[str, PersonalRule] = {}
    kinds: dict[str, tuple[str, ...]] = {}
    for path, raw in raws:
        content = _read_file(path, raw)
        categories.update(content.categories)
        surnames |= content.surnames
        personal.update((r.id, r) for r in content.personal)
        for kind, words in content.document_kinds.items():
            kinds[kind] = tuple(dict.fromkeys(kinds.get(kind, ()) + words))
        # A later file (the user's) overrides the weight of an earlier term of that kind.
        merged.update(((t.text, t.kind), t) for t in content.terms)
    return Dictionary(terms=list(merged.values()), categories=categories,
                      fingerprint=digest, surnames=frozenset(surnames),
                      personal_rules=list(personal.values()), document_kinds=kinds)


def audit_dictionaries(extra: list[str | Path] = ()) -> tuple[list[str], list[str]]:
    """(summary lines, problems) for the built-in dictionaries and ``extra``.

    Problems: files that do not load, a term written twice in one file (also when two
    spellings normalise to one, 機密/机密), a term filed under two different categories or
    kinds, a personal-data rule id defined twice with different patterns.
    """
    summary: list[str] = []
    problems: list[str] = []
    try:
        files = dictionary_files(extra)
    except DictionaryError as exc:
        return summary, [str(exc)]
    owner: dict[str, tuple[Term, Path]] = {}
    for path in files:
        try:
            content = _read_file(path, path.read_bytes())
        except (DictionaryError, OSError) as exc:
            problems.append(str(exc))
            continue
        seen: set[tuple[str, str]] = set()
        for term in content.terms:
            if (term.text, term.kind) in seen:
                problems.append(f"{path}: {term.text!r} is listed twice")
            seen.add((term.text, term.kind))
            if term.kind != "topic":
                continue  # one word may be a limiter and a normative modal (不得)
            if term.text in owner and owner[term.text][0].category != term.category:
                first, first_path = owner[term.text]
                problems.append(f"{path}: {term.text!r} is {term.category} here but "
                                f"{first.category} in {first_path.name}")
            owner.setdefault(term.text, (term, path))
        kinds = sorted({t.category for t in content.terms})
        if content.terms:
            summary.append(f"{path.name}: {len(content.terms)} terms ({', '.join(kinds)})")
        elif content.document_kinds:
            summary.append(f"{path.name}: document kinds")
        elif content.surnames:
            summary.append(f"{path.name}: {len(content.surnames)} surnames")
        else:
            summary.append(f"{path.name}: {len(content.personal)} personal-data rules")
    summary.append(f"{len(files)} files, {len(owner)} distinct terms, "
                   f"{len(problems)} problem(s)")
    return summary, problems


CHECK_NAMES = ("gb11643", "luhn", "none")


def _personal_rules_of(path: Path, data: dict) -> list[PersonalRule]:
    if set(data) != {"rule"} or not isinstance(data["rule"], list):
        raise DictionaryError(f"{path}: a personal-data file holds [[rule]] tables only")
    rules = []
    for raw in data["rule"]:
        rule_id = raw.get("id")
        where = f"{path}: rule {rule_id!r}"
        if not isinstance(rule_id, str) or not rule_id:
            raise DictionaryError(f"{path}: every [[rule]] needs an 'id'")
        unknown = set(raw) - {"id", "title", "pattern", "check", "min_count", "context"}
        if unknown:
            raise DictionaryError(f"{where}: unknown keys {sorted(unknown)}")
        if raw.get("check", "none") not in CHECK_NAMES:
            raise DictionaryError(f"{where}: check must be one of {CHECK_NAMES}")
        min_count = raw.get("min_count", 1)
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise DictionaryError(f"{where}: min_count must be a whole number >= 1")
        try:
            pattern = regex.compile(raw["pattern"])
        except (KeyError, regex.error, TypeError) as exc:
            raise DictionaryError(f"{where}: bad or missing pattern ({exc})") from exc
        rules.append(PersonalRule(rule_id, str(raw.get("title", rule_id)), pattern,
                                  raw.get("check", "none"), min_count,
                                  tuple(str(w) for w in raw.get("context", ()))))
    return rules


def _surnames_of(path: Path, data: dict) -> set[str]:
    single, compound = data.get("single", ""), data.get("compound", [])
    if set(data) - SURNAME_KEYS or not isinstance(single, str) or not isinstance(compound, list):
        raise DictionaryError(f"{path}: a surname file has 'single' (a string of characters) "
                              "and 'compound' (a list of strings) only")
    return set("".join(single.split())) | {str(c) for c in compound}


def _words(path: Path, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise DictionaryError(f"{path}: {key!r} must be a list of words")
    return tuple(value)


def _weight(path: Path, text: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 10:
        raise DictionaryError(f"{path}: weight of {text!r} must be a number in (0, 10]")
    return float(value)


def _clean(path: Path, text: str) -> str:
    term, _ = normalize(text)
    term = "".join(term.split())
    if not term:
        raise DictionaryError(f"{path}: empty term")
    return term


def _terms_of(path: Path, data: dict, categories: dict[str, Category]) -> list[Term]:
    terms = []
    if "category" in data:
        name = data["category"]
        level = data.get("suggested_level", "内部")
        base = data.get("base", 0.0)
        if not isinstance(name, str) or not name:
            raise DictionaryError(f"{path}: 'category' must be a non-empty string")
        if level not in LEVELS:
            raise DictionaryError(f"{path}: suggested_level {level!r} is not one of {LEVELS}")
        if not isinstance(base, (int, float)) or not 0 <= base <= 1:
            raise DictionaryError(f"{path}: 'base' must be a number between 0 and 1")
        needs_specifics = data.get("needs_specifics", False)
        if not isinstance(needs_specifics, bool):
            raise DictionaryError(f"{path}: 'needs_specifics' must be true or false")
        categories[name] = Category(name, str(data.get("title", name)), float(base), level,
                                    needs_specifics, str(data.get("secret_until", "")),
                                    _words(path, data, "until"), str(data.get("source", "")))
        table = data.get("terms")
        if not isinstance(table, dict) or not table:
            raise DictionaryError(f"{path}: a category file needs a non-empty [terms] table")
        terms += [Term(_clean(path, t), "topic", name, _weight(path, t, w))
                  for t, w in table.items()]
    for kind in SIGNAL_KINDS:
        table = data.get(kind, {})
        if not isinstance(table, dict):
            raise DictionaryError(f"{path}: [{kind}] must be a table of term = weight")
        terms += [Term(_clean(path, t), kind, kind, _weight(path, t, w))
                  for t, w in table.items()]
    unknown = set(data) - {"category", "title", "base", "suggested_level", "needs_specifics",
                           "secret_until", "until", "source", "terms", *SIGNAL_KINDS}
    if unknown:
        raise DictionaryError(f"{path}: unknown keys {sorted(unknown)}")
    if not terms:
        raise DictionaryError(f"{path}: no terms")
    return terms
