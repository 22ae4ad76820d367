"""Which fonts a page uses: asked only when its text looks wrong for them (plausible.py).

A font is CJK when its CIDSystemInfo ordering is one of Adobe's CJK character collections
(GB1, CNS1, Japan1, Korea1, KR) or its CMap or name is one of theirs (UniGB-UCS2-H,
GBK-EUC-H, SimSun, STSong …). Identity-ordered fonts say nothing either way.
"""
from __future__ import annotations

import re

CJK_ORDERINGS = ("GB1", "CNS1", "Japan1", "Korea1", "KR")
_CJK_NAME = re.compile(
    r"GB|GBK|CNS|B5|UniJIS|UniKS|EUC|Sim(Sun|Hei|Kai|Fang)|ST(Song|Kai|Hei|Fangsong|Zhongsong)|"
    r"FangSong|KaiTi|Hei|Song|Ming|Mincho|Gothic|FZ|HY|Batang|Gulim|Droid ?Sans ?Fallback|"
    r"Noto ?Sans ?CJK|Source ?Han|china-", re.IGNORECASE)


def is_cjk_font(doc, page, name: str) -> bool:
    """Whether the page's font called ``name`` (as a text span names it: the base font
    without its subset prefix) is a CJK font."""
    fonts = [f for f in page.get_fonts(full=False) if _base(f[3]) == _base(name)]
    return bool(fonts) and all(_is_cjk(doc, font) for font in fonts)


def _base(name: str) -> str:
    """'ABCDEF+SimSun' → 'SimSun'"""
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def _is_cjk(doc, font: tuple) -> bool:
    xref, _ext, _kind, basefont, _name, encoding = font[:6]
    if _CJK_NAME.search(encoding or "") or _CJK_NAME.search(basefont or ""):
        return True
    try:
        kind, value = doc.xref_get_key(xref, "DescendantFonts")
        if kind == "array":
            descendant = int(value.strip("[] ").split()[0])
            ordering = doc.xref_get_key(descendant, "CIDSystemInfo/Ordering")[1]
            return any(o in ordering for o in CJK_ORDERINGS)
    except (ValueError, IndexError, RuntimeError):
        pass
    return False
