"""Character folding shared by the marking parser and the scanner's normaliser.

CJK radicals typed or emitted where the ideograph was meant (⻓ for 长, ⺬ for 示: fonts on
macOS and Chrome's PDF writer map the glyph to the radical's code point) become the ideograph,
one character for one, so offsets into the text stay valid. The table is data:
dictionaries/normalisation/radicals.toml, from Unicode's EquivalentUnifiedIdeograph.txt.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

# CJK Radicals Supplement and Kangxi Radicals, as a character class's range.
RADICAL_RANGE = "\u2e80-\u2fdf"
RADICALS = re.compile(f"[{RADICAL_RANGE}]")


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    if sys.version_info >= (3, 11):  # here: most text holds no radical, and needs no table
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    # From the package's folder (an ordinary package on disk): importlib.resources gives
    # the same file but would load tempfile, shutil and zipfile into every scan.
    import dictionaries

    folder = Path(dictionaries.__file__).parent
    text = (folder / "normalisation" / "radicals.toml").read_text("utf-8")
    table = tomllib.loads(text)["fold"]
    return {ord(radical): ideograph for radical, ideograph in table.items()}


def fold_radicals(text: str) -> str:
    """``text`` with each CJK radical (U+2E80–2FDF) that has an equivalent unified ideograph
    replaced by it; same length as ``text``."""
    if not RADICALS.search(text):
        return text
    return text.translate(_radical_table())
