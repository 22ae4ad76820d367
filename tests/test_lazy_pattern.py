"""LazyPattern: a pattern compiled on first use, then the compiled pattern's own methods."""
from __future__ import annotations

import re

import regex

from scanner.detect.undecided import _ROLE
from scanner.lazy_pattern import LazyPattern


def test_compiles_once_on_first_use_and_answers_as_the_compiled_pattern():
    compiled = []

    def compile_counted(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return re.compile(pattern, flags)

    lazy = LazyPattern(compile_counted, r"[。！？]\s*$", re.MULTILINE)
    assert compiled == []
    eager = re.compile(r"[。！？]\s*$", re.MULTILINE)
    for text in ("结束。", "未完", "第一行！\n第二行"):
        assert bool(lazy.search(text)) == bool(eager.search(text))
        assert lazy.sub("", text) == eager.sub("", text)
    assert [m.span() for m in lazy.finditer("甲。\n乙？")] == [(1, 2), (4, 5)]
    assert compiled == [r"[。！？]\s*$"]


def test_a_module_pattern_keeps_regex_semantics():
    eager = regex.compile(_ROLE._pattern, _ROLE._flags)
    text = "检查组组长：副局长王建国，监考李明"
    assert [m.group("name") for m in _ROLE.finditer(text)] == \
        [m.group("name") for m in eager.finditer(text)] == ["王建国", "李明"]
