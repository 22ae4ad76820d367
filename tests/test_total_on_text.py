"""Property: no public function in markers.marking or scanner.detect raises on any text.

Each function is called with arguments built from its type hints around one drawn text, so
a function added later is covered too (or this test names the hint it cannot build).
Issue 12 item 11: 十四五 in a title raised KeyError in the marking parser and made five
government work reports ``review``.
"""
from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable

import pytest
import regex

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import scanner.detect  # noqa: E402
from markers.marking import MarkingError  # noqa: E402
from scanner.dictionary import Dictionary, PersonalRule, load_dictionary  # noqa: E402
from scanner.detect.view import View  # noqa: E402
from scanner.model import Finding, FoundMarking, Segment  # noqa: E402

MODULES = ["markers.marking"] + [f"scanner.detect.{m.name}"
                                 for m in pkgutil.iter_modules(scanner.detect.__path__)]
# Errors a function documents as its answer to bad input (not a crash).
DOCUMENTED_ERRORS: dict[str, tuple[type[BaseException], ...]] = {
    "markers.marking.normalize_term": (MarkingError,),
    "markers.marking.validate": (MarkingError,),
}
DICTIONARY = load_dictionary([])


def _segments(text: str) -> list[Segment]:
    """The text as the places a marking or a finding may come from: body lines, a first-page
    header, and a two-column form table."""
    lines = text.splitlines() or [text]
    out = [Segment(line, "body", 1, i + 1, order=i + 1) for i, line in enumerate(lines)]
    out.append(Segment(text, "header", 1, 1, order=len(out) + 1))
    for col, line in enumerate(lines[:2]):
        out.append(Segment(line, "table", 1, col + 1, cell=(0, 0, col), order=len(out) + 1))
    return out


_BUILDERS: dict[object, Callable[[str], object]] = {
    str: lambda text: text,
    str | None: lambda text: text,
    bool: lambda text: False,
    float: lambda text: 0.5,
    dt.date | None: lambda text: None,
    list[str]: lambda text: [text],
    list[Segment]: _segments,
    Dictionary: lambda text: DICTIONARY,
    list[PersonalRule]: lambda text: DICTIONARY.personal_rules,
    FoundMarking | None: lambda text: None,
    list[Finding]: lambda text: [],
    list[tuple[int, int]]: lambda text: [(0, len(text))],
    Callable[[str], bool]: lambda text: lambda name: False,
    dict[str, list[str]]: lambda text: {},  # specificity: what specifics found (keys are its own)
    View: lambda text: View(_segments(text), DICTIONARY),
    regex.Pattern[str]: lambda text: regex.compile(regex.escape(text)),  # the text, literally
}


def _public_functions() -> list[tuple[str, Callable[..., object]]]:
    out = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if not attr.startswith("_") and inspect.isfunction(value) and value.__module__ == name:
                out.append((f"{name}.{attr}", value))
    return out


FUNCTIONS = _public_functions()


def _arguments(qualname: str, function: Callable[..., object], text: str) -> list[object]:
    hints = typing.get_type_hints(function)
    args = []
    for param in inspect.signature(function).parameters.values():
        hint = hints[param.name]
        if hint is int:  # offsets into the text (is_word's start and end)
            args.append(0 if not args or args[-1] != 0 else len(text))
        elif hint in _BUILDERS:
            args.append(_BUILDERS[hint](text))
        else:
            pytest.fail(f"{qualname}: no argument builder for {param.name}: {hint}")
    return args


NUMERAL_TEXT = st.text(alphabet="十一二三四五六七八九〇零○两百千万年个月日前秘密机绝内部★*☆份号："
                                "【】()0123456789 \t\n", max_size=40)


@pytest.mark.parametrize("qualname,function", FUNCTIONS, ids=[q for q, _ in FUNCTIONS])
def test_never_raises_on_any_text(qualname, function):
    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(NUMERAL_TEXT, st.text(max_size=80)))
    @example("“十四五”规划纲要")
    @example("十一五 十二五 十五五")
    @example("秘密★十四五年")
    @example("一千零四")
    @example("\ufeff【秘密★5年】")
    def check(text):
        try:
            function(*_arguments(qualname, function, text))
        except DOCUMENTED_ERRORS.get(qualname, ()):
            pass

    check()


def test_five_year_plan_titles_are_not_terms():
    from markers.marking import normalize_term, parse_marking_line

    assert parse_marking_line("“十四五”规划") is None
    assert parse_marking_line("秘密★十年").term == "10年"
    assert parse_marking_line("秘密★二〇三〇年十二月三十一日").term == "2030年12月31日"
    with pytest.raises(MarkingError):
        normalize_term("十四五年")
