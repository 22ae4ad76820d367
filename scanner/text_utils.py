"""Text normalisation before matching, with a map back to the original offsets.

- NFKC: full-width forms (＊, Ａ, １) become their plain forms.
- CJK radicals become the ideographs they stand for (⻓ → 长, ⺬ → 示; Mac- and Chrome-made
  PDFs emit them), one for one (markers/fold.py).
- Invisible characters (zero-width, soft hyphen, BOM) are removed: they split a term.
- A line wrap between two CJK characters is joined: PDF text comes back hard-wrapped
  (2.7 % of keyword hits straddled one).
- Spaces or separator marks typed between CJK characters (机 密, 机*密, 机·密) are removed.
- Traditional characters become simplified (機密 → 机密), character by character; a text
  holding no character OpenCC may change is not given to it (t2s-skip).
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import regex

from markers.fold import RADICAL_RANGE, RADICALS, fold_radicals

_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad"
# Separators people or layout put between the characters of one word. Not CJK
# punctuation: a comma between two characters is a real boundary.
_SEPARATORS = r" \t\u3000*＊·•・_＿~～.．\-－"
_DROP = regex.compile(
    rf"[{_INVISIBLE}]"
    rf"|(?<=\p{{Han}})[{_SEPARATORS}]{{0,2}}\r?\n[{_SEPARATORS}]{{0,2}}(?=\p{{Han}})"
    rf"|(?<=\p{{Han}})[{_SEPARATORS}]{{1,2}}(?=\p{{Han}})"
)
_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s").convert


def _opencc_share() -> Path | None:
    """The folder of OpenCC's configurations and dictionaries, found as the opencc package
    finds it (without loading the package: a file with no traditional character never
    needs it); None where it is not there."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return None
    share = Path(spec.submodule_search_locations[0]) / "clib" / "share" / "opencc"
    return share if share.is_dir() else None


@lru_cache(maxsize=1)
def _t2s_class() -> str | None:
    """t2s-skip: a character class (its inside) for what OpenCC's t2s may change
    (dictionaries/normalisation/t2s_changes.toml): a Han text holding none of it comes out
    of the conversion unchanged and is not converted (most paragraphs: converting them was
    a third of normalising's cost). Also any lone surrogate (RTF's \\uN halves of a
    character beyond U+FFFF: OpenCC refuses them, and such a text goes to it as before) and
    any character beyond U+FFFF (``re`` tests a class's members there one by one; they are
    rare). None where the installed dictionaries are not the ones the list was derived
    from: then every Han text is converted."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    import dictionaries

    folder = Path(dictionaries.__file__).parent / "normalisation"
    listed = tomllib.loads((folder / "t2s_changes.toml").read_text("utf-8"))
    share = _opencc_share()
    for name, digest in listed["files"].items():
        path = share / name if share else None
        if path is None or not path.is_file() or (
                hashlib.sha256(path.read_bytes()).hexdigest() != digest):
            return None
    changes = "".join(c for c in "".join(listed["changes"].split()) if c < "\U00010000")
    return f"{re.escape(changes)}\ud800-\udfff\U00010000-\U0010ffff"


def _converts(text: str) -> bool:
    """Whether ``text`` goes through OpenCC: a Han text that may change (t2s-skip)."""
    if not _HAN.search(text):
        return False
    return _t2s_class() is None or any(not _DROP_START.match(text, m.start())
                                       for m in _notable().finditer(text))


def simplified(text: str) -> str:
    """Traditional → simplified, keeping the length so offsets still line up."""
    if not _converts(text):
        return text
    convert = _to_simplified()
    out = convert(text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length: fall back to one character at a time.
    return "".join(c if len(s := convert(c)) != 1 else s for c in text)


def normalize(text: str) -> tuple[str, list[int] | None]:
    """Normalised text and, for each of its characters, the offset of the original
    character it came from (None when the two have the same offsets)."""
    folded, offsets = _fold(text)
    return simplified(folded), offsets


# One traditional → simplified conversion for many texts, joined by a character no
# conversion phrase contains: each text comes out as it would alone.
_JOIN = "\x00"


def normalize_many(texts: list[str]) -> tuple[list[str], list[list[int] | None]]:
    """``normalize(text)`` for each of ``texts``, as (normalised texts, offsets), with one
    OpenCC call for them all instead of one per text (a page of paragraphs: the per-call
    cost dominated)."""
    folded, offsets, holding, unknown = _fold_many(texts)
    han = sorted([i for i in holding if _HAN.search(folded[i])]
                 + [i for i in unknown if _converts(folded[i])])
    pieces: list[str | None] = [None] * len(han)  # None: convert that text alone
    if han and not any(_JOIN in folded[i] for i in han):
        joined = _to_simplified()(_JOIN.join(folded[i] for i in han)).split(_JOIN)
        if len(joined) == len(han):
            pieces = list(joined)
    for i, piece in zip(han, pieces):
        # A phrase rule that changed the length: ``simplified`` falls back per character.
        ok = piece is not None and len(piece) == len(folded[i])
        folded[i] = piece if ok else simplified(folded[i])
    return folded, offsets


# Every dropped span holds an invisible character, a line break or a separator (a plain
# character set: ``re`` scans for one faster than ``regex``).
_MAY_DROP = re.compile(rf"[{_INVISIBLE}{_SEPARATORS}\n]")
# Where a drop may start: an invisible character, or a separator or line break not after a
# character below U+2E80 (every Han character is at U+2E80 or above). ``re`` finds these in
# a document many times faster than ``regex`` runs _DROP over it; _DROP is then tried at
# those places only (drop-at). Radicals too (radical-scan): the same pass tells whether a document
# needs folding, and a radical is no separator and folds to a Han character (at U+2E80 or
# above), so what the pattern finds elsewhere is what it finds in the folded text.
_DROP_START = re.compile(rf"[{_INVISIBLE}{_SEPARATORS}\r\n{RADICAL_RANGE}]")


@lru_cache(maxsize=1)
def _notable() -> re.Pattern[str]:
    """Where a drop may start (_DROP_START, not after a character below U+2E80 when a
    separator or line break), and every character t2s may change (one-pass: a single pass
    over a document finds its drops, its radicals and the paragraphs OpenCC must convert;
    those characters are Han, no separator)."""
    return re.compile(rf"[{_INVISIBLE}{_SEPARATORS}\r\n{RADICAL_RANGE}{_t2s_class() or ''}]"
                      rf"(?<![\x00-\u2e7f][{_SEPARATORS}\r\n])")


# Where Chinese text keeps its compatibility characters: the no-break and ideographic spaces,
# CJK compatibility ideographs, vertical and small forms, half- and full-width forms (the
# full-width comma and colon are in nearly every paragraph).
_COMPAT_RANGES = ((0x00A0, 0x00A0), (0x3000, 0x3000), (0xF900, 0xFAFF), (0xFE30, 0xFE6F),
                  (0xFF00, 0xFFEF))


# The compatibility characters of nearly every Chinese paragraph (full-width comma, colon,
# semicolon, brackets, marks, ideographic space), then those of figures (full-width digits,
# per cent, point): replaced one by one before the pattern, a tier at a time.
_FREQUENT_COMPAT = ("，：；（）！？\u3000", "０１２３４５６７８９％．")


@lru_cache(maxsize=1)
def _compat_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for the characters of _COMPAT_RANGES whose compatibility decomposition is
    one other character, and each of them → that character (a ``str.translate`` table)."""
    table = {}
    for first, last in _COMPAT_RANGES:
        for cp in range(first, last + 1):
            decomposed = unicodedata.normalize("NFKD", chr(cp))
            if len(decomposed) == 1 and decomposed != chr(cp):
                table[chr(cp)] = decomposed
    return re.compile("[" + "".join(map(re.escape, table)) + "]"), str.maketrans(table)


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster on Chinese text.

    compat-first: NFKC composes the full compatibility decomposition, so replacing a
    character by its one-character decomposition first gives the same result; after that
    a paragraph whose only compatibility characters were full-width punctuation is already
    normalised and the costly composition (4 ms for a page of Chinese) is skipped.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    text, normalised = _compat_fold(text)
    return text if normalised else unicodedata.normalize("NFKC", text)


def _compat_fold(text: str) -> tuple[str, bool]:
    """(each compatibility character of _COMPAT_RANGES replaced by its one-character
    decomposition (one for one: offsets stay the same), whether that is NFKC-normalised)."""
    pattern, table = _compat_table()
    # normalised-first: a character of the table is never NFKC-normalised (NFKC replaces
    # it), so a normalised text holds none, and the pattern's pass would find nothing.
    # ``ch in text`` costs a character under one instruction, the pattern's pass about 45:
    # a report's full-width figures are replaced a tier later than its punctuation (a text
    # without figures is not searched for them).
    for tier in _FREQUENT_COMPAT:
        for ch in tier:  # str.replace in C: most paragraphs need nothing more
            if ch in text:
                text = text.replace(ch, table[ord(ch)])
        if unicodedata.is_normalized("NFKC", text):
            return text, True
    # The few others one by one: ``translate`` of a whole document costs more than all its
    # paragraphs' passes did. They are looked for only in the paragraphs (of a document
    # joined by _JOIN) not yet normalised: a normalised one holds none, and a document with
    # an ellipsis or a ligature left has most of its paragraphs normalised.
    pieces = text.split(_JOIN)
    found = set(pattern.findall(text)) if len(pieces) == 1 else set().union(
        *[pattern.findall(piece) for piece in pieces
          if not unicodedata.is_normalized("NFKC", piece)])
    for ch in found:
        text = text.replace(ch, table[ord(ch)])
    return text, unicodedata.is_normalized("NFKC", text)


def _fold(text: str) -> tuple[str, list[int] | None]:
    """NFKC, folded radicals and dropped characters, before traditional → simplified."""
    text = fold_radicals(text)  # one for one: offsets into it are offsets into the original
    drops = [(m.start(), m.end()) for m in _DROP.finditer(text)] if _MAY_DROP.search(text) else []
    if not drops:
        folded = nfkc(text)
        if len(folded) == len(text):  # one for one (，→ ,): the offsets are the original's
            return folded, None
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for start, end in drops + [(len(text), len(text))]:
        chunk = text[pos:start]
        folded = nfkc(chunk)
        if len(folded) == len(chunk):
            out.append(folded)
            offsets.extend(range(pos, start))
        else:
            for i, ch in enumerate(chunk, pos):
                piece = unicodedata.normalize("NFKC", ch)
                out.append(piece)
                offsets.extend([i] * len(piece))
        pos = end
    return "".join(out), offsets


def _fold_many(texts: list[str]
               ) -> tuple[list[str], list[list[int] | None], list[int], list[int]]:
    """(``_fold`` of each of ``texts``: the folded texts and their offsets, the indices of
    the folded texts that hold a character t2s may change, those of the ones not known: to
    search), with one pass of each step over the texts joined by _JOIN instead of a pass
    per paragraph (document-pass).

    _JOIN, the dropped characters and the separators are starters that compose with
    nothing and fold to one character each: NFKC, the radicals and the drops of the joined
    text are those of each text side by side, and each piece of a text between its drops
    is NFKC-normalised when the whole is (so ``nfkc`` of it is its one-for-one
    compatibility fold, a slice of the joined fold). A text that is not normalised after
    the one-for-one fold (ﬁ, a combining mark) goes through ``_fold`` alone. A folded text
    that is a slice of the joined fold holds a character t2s may change when its original
    does: drops remove none, and a compatibility character folds to one only if it is one
    itself (tests/test_t2s_changes.py).

    sparse-fold: the joined fold split at _JOIN is every text's fold; only the texts with a
    drop, a character t2s may change or (rarely) a fold not normalised are then visited,
    each found from a position by bisection (most paragraphs have none of these).
    """
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1:  # a text holds the joiner itself
        folds = [_fold(text) for text in texts]
        return ([text for text, _offsets in folds], [offsets for _text, offsets in folds],
                [], list(range(len(texts))))
    near_drops: list[int] = []
    changing: list[int] = []  # where a character t2s may change is
    for m in _notable().finditer(joined):
        (near_drops if _DROP_START.match(joined, m.start()) else changing).append(m.start())
    radicals = any(RADICALS.match(joined, i) for i in near_drops)
    if radicals:
        joined = fold_radicals(joined)  # one for one: offsets stay the original's
    flat, every_normalised = _compat_fold(joined)
    folded = flat.split(_JOIN)  # one for one: each text's fold, before its drops
    offsets: list[list[int] | None] = [None] * len(texts)
    # Where each text after the first starts in the joined text.
    starts = list(accumulate([len(text) + 1 for text in texts]))
    alone = set() if every_normalised else {
        i for i, text in enumerate(folded) if not unicodedata.is_normalized("NFKC", text)}
    for i in alone:
        folded[i], offsets[i] = _fold(texts[i])
    for i, mine in _drops(joined, near_drops, starts).items():
        if i not in alone:
            folded[i], offsets[i] = _without(folded[i], mine)
    if _t2s_class() is None or radicals:  # a radical may fold to a character t2s changes
        return folded, offsets, [], list(range(len(texts)))
    holding = sorted({bisect_right(starts, at) for at in changing} - alone)
    return folded, offsets, holding, sorted(alone)


def _drops(joined: str, near_drops: list[int], starts: list[int]
           ) -> dict[int, list[tuple[int, int]]]:
    """Text index → the spans _DROP takes out of it, as offsets into it, in order, for the
    texts (joined by _JOIN, the next one starting at ``starts``) that have any.

    drop-at: every drop starts where a drop may start (``near_drops``, in order), so the
    pattern is tried there alone, as finditer would meet them, not at every character."""
    out: dict[int, list[tuple[int, int]]] = {}
    begin = end = after = limit = 0  # the text's bounds, where its last drop ended, the next's
    for at in near_drops:
        if at >= limit:  # the first place in a text
            i = bisect_right(starts, at)
            begin, limit = starts[i - 1] if i else 0, starts[i]
            end, after = limit - 1, begin
        if at >= after and (m := _DROP.match(joined, at, end)):
            after = m.end()
            out.setdefault(i, []).append((at - begin, after - begin))
    return out


def _without(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``text`` without ``spans`` (in order, apart), and the offset in ``text`` of each
    character kept."""
    pieces: list[str] = []
    offsets: list[int] = []
    pos = 0
    for a, b in spans:
        pieces.append(text[pos:a])
        offsets.extend(range(pos, a))
        pos = b
    pieces.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(pieces), offsets


def original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The span in the original text that produced normalised ``[start, end)``."""
    if offsets is None or start >= end:
        return start, end
    return offsets[start], offsets[end - 1] + 1


def context(text: str, start: int, end: int, width: int = 20) -> str:
    """About ``2 * width`` characters around a match, on one line."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    return " ".join(text[left:right].split())
