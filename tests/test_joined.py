"""scanner/detect/joined.py: one search over a file's paragraphs finds what a search of
each paragraph finds, or the paragraphs are searched one by one."""
from __future__ import annotations

import random

import pytest
import regex

from scanner.detect.joined import Joined, joinable
from scanner.settings import Settings

JOINABLE = [
    r"(?<!\d)\d+", r"\d*", r"(?<![0-9A-Za-z])1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])",
    r"(?<!\p{Han})\p{Han}{2,3}(?:[、，,]\p{Han}{2,3}){1,}(?!\p{Han})",
    r"(?:组长|带队)[：:]?(?P<name>\p{Han}{2,3})", r"[a-c\-]+(?=\s)", r"(?<=a)",
]
NOT_JOINABLE = [r"a.b", r"^a", r"a$", r"[^a]", r"\D", r"\W+", r"\S", r"\bx", r"(?i)a",
                r"a{e<=1}", r"\x00", r"[\x00-z]", r"\p{Cc}", r"\P{Han}", r"a{,3}", r"(a)\1"]


@pytest.mark.parametrize("source", JOINABLE)
def test_joinable(source):
    assert joinable(regex.compile(source))


@pytest.mark.parametrize("source", NOT_JOINABLE)
def test_not_joinable(source):
    assert not joinable(regex.compile(source))


def test_the_personal_rules_are_searched_at_once():
    assert all(joinable(rule.pattern) for rule in Settings().dictionary.personal_rules)


def _each(pattern, texts):
    return [(i, m.group(), m.span()) for i, text in enumerate(texts)
            for m in pattern.finditer(text)]


def _joined(pattern, texts):
    return [(i, m.group(), (m.start() - base, m.end() - base))
            for i, base, m in Joined(texts).finditer(pattern)]


@pytest.mark.parametrize("source", JOINABLE + NOT_JOINABLE[:6])
def test_the_same_matches_as_text_by_text(source):
    pattern = regex.compile(source)
    rng = random.Random(source)
    alphabet = "0123456789 -ab \t組长带队：王小明、李华，张三z\x00"
    for _ in range(300):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
                 for _ in range(rng.randint(0, 5))]
        assert _joined(pattern, texts) == _each(pattern, texts), texts


def test_a_text_holding_the_separator_is_searched_alone():
    texts = ["12\x0034", "56"]
    assert Joined(texts).starts is None
    assert _joined(regex.compile(r"\d+"), texts) == [(0, "12", (0, 2)), (0, "34", (3, 5)),
                                                     (1, "56", (0, 2))]
