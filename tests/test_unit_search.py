"""utf16-search (scanner/dictionary.py, Dictionary.unit_matches): the automaton over UTF-16
code units finds what the automaton over characters finds, and the texts it cannot search
(a character beyond U+FFFF, a lone surrogate, a match that starts inside a character) go to
the character automaton."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.detect.view import Hit, View
from scanner.dictionary import Dictionary, Term, load_dictionary
from scanner.model import Segment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
EVAL = ROOT / "tests" / "eval" / "docs"


def _by_characters(view: View) -> list[list[Hit]]:
    """The hits as the character automaton finds them."""
    joined = "\x00".join(view.norms)
    found = view.dictionary.automaton.find_matches_as_indexes(joined)
    return view._hits_of(found, 0)  # type: ignore[return-value]


def _texts() -> list[str]:
    paths = sorted(EVAL.glob("*.txt"))
    paths += sorted((CORPUS / "txt").glob("*.txt")) + sorted((CORPUS / "md").glob("*.md"))
    return [p.read_text(encoding="utf-8") for p in paths]


def test_units_find_what_characters_find():
    dictionary = load_dictionary()
    checked = 0
    for text in _texts():
        view = View([Segment(line) for line in text.splitlines()], dictionary)
        assert dictionary.unit_matches("\x00".join(view.norms)) is not None
        assert view.hits == _by_characters(view)
        checked += sum(map(len, view.hits))
    assert checked > 1000


def _one_term(text: str) -> Dictionary:
    return Dictionary(terms=[Term(text, "topic", "test", 1.0)])


def test_a_match_inside_a_character_goes_to_the_characters():
    # 가 is U+AC00 (bytes 00 AC), N is U+004E (4E 00): 京, U+4EAC (AC 4E), is in their
    # bytes, starting inside 가.
    dictionary = _one_term("京")
    assert any(start & 1 for _, start, _ in dictionary.unit_matches("가N京"))
    view = View([Segment("가N京")], dictionary)
    assert [(h.text, h.start, h.end) for h in view.hits[0]] == [("京", 2, 3)]


@pytest.mark.parametrize("text", ["\U00020000机密文件", "机密\U0001f600机密"])
def test_a_character_beyond_the_bmp_goes_to_the_characters(text):
    dictionary = _one_term("机密")
    assert dictionary.unit_matches(text) is None
    view = View([Segment("前言"), Segment(text)], dictionary)
    assert [(h.start, h.end) for h in view.hits[1]] == [
        (m.start(), m.end()) for m in re.finditer("机密", text)]
    assert view.hits[0] == []


def test_a_lone_surrogate_has_no_units():
    assert _one_term("机密").unit_matches("机密\ud800") is None
