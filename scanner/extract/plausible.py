"""Is the text a page yields text a person wrote? A check for garbled text layers.

A PDF or OFD whose font maps glyphs to the wrong characters (a CJK font whose ToUnicode table
points at Latin-1, a subset font with no table at all) shows the right text on screen while
its text layer is junk: reading that junk as the text lets the page pass unread.

Heuristics (the text one font yields on a page is judged, without whitespace, once it has
``MIN_CHARS`` characters; less says too little to judge):
- ``unmapped``: private-use characters, U+FFFD and C0/C1 control characters are glyphs
  without a meaning; at ``MAX_UNMAPPED`` of the text the layer is garbled.
- ``latin1-mojibake``: GBK or UTF-8 bytes read as Latin-1 come out as runs of accented and
  symbol characters (»µä½È); real French or German text has a few per cent of them, mojibake
  most of its text. No CJK at all and at least ``MAX_LATIN1`` of the text in U+00A0–U+00FF.
- ``cjk-font-no-cjk``: the font is a CJK font (by its CIDSystemInfo ordering or name), yet
  it yields no CJK and less than ``MIN_WORDLIKE`` letters and digits, e.g. ASCII
  punctuation soup from glyph ids read as character codes. English typeset in SimSun reads as
  words and passes.
"""
from __future__ import annotations

from collections.abc import Callable

import regex

# Half a line of 公文 text; a few stray glyphs (ornaments, page numbers in a subset font)
# are no sentence to judge.
MIN_CHARS = 16
MAX_UNMAPPED = 0.3
MAX_LATIN1 = 0.3
MIN_WORDLIKE = 0.6


_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
_UNMAPPED = regex.compile(r"[\p{Co}\p{Cc}\ufffd]")
_LATIN1 = regex.compile(r"[\u00a0-\u00ff]")
_WORDLIKE = regex.compile(r"[\p{L}\p{N}]")
_SPACE = regex.compile(r"\s+")


def garbled(text: str, cjk_font: Callable[[], bool] = lambda: False) -> str | None:
    """Why ``text`` (what one font yields on a page) is no text a person wrote, or None.
    ``cjk_font`` says whether that font is a CJK font; it is asked only for text without
    CJK (looking at fonts costs more than the text check)."""
    # Private-use and control characters are all unprintable (str.isprintable): text that
    # is printable and holds no U+FFFD has none, and needs no count. Printable text holds
    # none of the four control characters (U+001C-U+001F) str.split takes for white space
    # and \s does not: there, str.split drops what the regex drops, at a third of its cost.
    printable = text.isprintable()
    chars = "".join(text.split()) if printable else _SPACE.sub("", text)
    if len(chars) < MIN_CHARS:
        return None
    unmapped = len(_UNMAPPED.findall(chars)) \
        if "\ufffd" in chars or not (printable or chars.isprintable()) else 0
    if unmapped >= MAX_UNMAPPED * len(chars):
        return f"{unmapped} of {len(chars)} characters are unmapped glyphs (private use, " \
               "U+FFFD or control codes)"
    if _CJK.search(chars):
        return None
    latin1 = len(_LATIN1.findall(chars))
    if latin1 >= MAX_LATIN1 * len(chars):
        return f"Latin-1 mojibake ({latin1} of {len(chars)} characters in U+00A0-U+00FF, " \
               "no CJK)"
    wordlike = len(_WORDLIKE.findall(chars))
    if wordlike < MIN_WORDLIKE * len(chars) and cjk_font():
        return "a CJK font yields no CJK characters and no words"
    return None
