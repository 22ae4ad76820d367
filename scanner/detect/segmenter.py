"""Word segmentation and part-of-speech tags, at compiled speed.

jieba-rs (through ``rjieba``) runs jieba's own dictionary and algorithm in Rust: no
dictionary load at start-up, no cache file in the system temp folder (python jieba writes
``/tmp/jieba.cache``, shared between users), and about 20× the speed of ``jieba.posseg``.
python jieba stays the reference in the test suite (tests/test_segmenter.py measures how
far the two agree on the tokens and tags the detectors use).
"""
from __future__ import annotations

import sys
from functools import lru_cache
from itertools import accumulate
from types import ModuleType

# A token: (word, jieba's part-of-speech tag: nr person, nt organisation, m number, t time …),
# the pair jieba-rs gives, kept as it comes: a window of regulation text is hundreds of
# tokens, and building objects of them cost as much as tagging them. Tokens follow each
# other: one starts where the one before it ends.
Token = tuple[str, str]


@lru_cache(maxsize=1)
def engine() -> ModuleType:
    """jieba-rs, loaded when a text first needs segmenting: building its dictionary costs
    a process ~0.1 s of CPU (440 M instructions) and ~50 MB, and half the files of the
    shared corpus hold no word that asks for it (``scanner.run.batch`` loads it ahead in a
    process that forks several workers, so they share it). Its part-of-speech tables load
    on the first ``tag`` that guesses a word's tag (another 180 M instructions): not
    here, since the word-boundary check (``ends``) never needs them."""
    import rjieba

    return rjieba


def loaded() -> bool:
    """Whether this process has loaded jieba-rs."""
    return "rjieba" in sys.modules


def tag(text: str) -> list[Token]:
    """The tokens of ``text`` with their tags, in order (HMM on: unknown names are found)."""
    return engine().tag(text, True)


def ends(text: str) -> set[int]:
    """Where the tokens of ``tag(text)`` end (inside ``text``, where the next ones start),
    without the tags: jieba-rs tags the words its ``cut`` gives, so the cut alone says where
    they end (the word-boundary check needs no more), and no token is built."""
    return set(accumulate(map(len, engine().cut(text, True))))


@lru_cache(maxsize=4096)
def dictionary_tag(word: str) -> str | None:
    """The tag jieba's dictionary gives ``word`` when it is one dictionary word, else None
    (解密 is a verb there, not a name)."""
    jieba = engine()
    if not jieba.has_word(word):
        return None
    tokens = jieba.tag(word, False)
    return tokens[0][1] if len(tokens) == 1 else None


def in_word(text: str, at: int, left: bool = True) -> bool:
    """word-boundary, without segmenting: the character at ``at`` makes a dictionary word with
    the one after it (or, with ``left``, the one before it) — 就业, 成就, 发生, 见证 are words
    of their own, so 就, 发, 证 there are no words by themselves."""
    pairs = [text[at:at + 2]] + ([text[at - 1:at + 1]] if left and at else [])
    return any(len(w) == 2 and dictionary_tag(w) is not None for w in pairs)
