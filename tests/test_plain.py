"""scanner.plain records behave as the dataclasses they replaced: every class's fields are
its __init__'s parameters, equality, hashing, repr, replace and as_dict follow them, and a
frozen record cannot be changed."""
from __future__ import annotations

import inspect
import pickle

import pytest

from scanner import model
from scanner.judge.rules import RULES, Rule
from scanner.model import (
    FileResult, Finding, FoundMarking, Location, MarkedCopy, Segment, Skipped, Status,
    SuggestedMarking, Verdict)
from scanner.plain import FrozenRecord, Record, as_dict, replace
from scanner.settings import Settings

RECORDS = [cls for cls in vars(model).values() if isinstance(cls, type)
           and issubclass(cls, Record) and cls.__module__ == model.__name__]


def _result() -> FileResult:
    where = Location("body", 1, 3)
    finding = Finding("content.x", "sector", "high", "秘密", where, "上下文", 0.5,
                      {"statements": ["a"]})
    return FileResult("a/b.docx", "docx", "00" * 32, Verdict.BLOCK, Status.UNMARKED_SENSITIVE,
                      FoundMarking("秘密", None, "秘密", where, warnings=["w"]), 0.9,
                      [finding], ["an error"], None,
                      SuggestedMarking("秘密", ["sector"], "why"), MarkedCopy("out.docx", "秘密"),
                      {"passages": []})


def test_every_record_names_its_init_parameters_as_fields():
    assert {FileResult, Finding, Location, Segment, Skipped, MarkedCopy} <= set(RECORDS)
    for cls in [*RECORDS, Settings, Rule]:
        parameters = list(inspect.signature(cls.__init__).parameters)[1:]
        assert parameters == list(cls.FIELDS), cls
        assert set(vars(cls(*[None] * len(cls.FIELDS)))) == set(cls.FIELDS), cls


def test_equality_repr_and_replace_follow_the_fields():
    result = _result()
    assert result == _result() and result != replace(result, score=0.8)
    assert result.__eq__(object()) is NotImplemented
    moved = replace(result, path="c.docx")
    assert moved.path == "c.docx" and moved.findings is result.findings
    assert replace(moved, path="a/b.docx") == result
    assert repr(Location("body", 1)) == "Location(part='body', page=1, paragraph=None)"
    assert repr(Skipped("p", "why")) == "Skipped(path='p', reason='why')"
    with pytest.raises(TypeError):
        replace(result, colour="red")
    # Defaults are fresh for each record, as a dataclass's default_factory.
    assert FileResult("p", "t", "", Verdict.PASS, Status.CLEAN).findings == []
    assert Finding("r", "c", "s", "t", Location("body")).detail is not \
        Finding("r", "c", "s", "t", Location("body")).detail


def test_frozen_records_hash_by_their_fields_and_refuse_changes():
    assert hash(Location("body", 1, 2)) == hash(Location("body", 1, 2))
    assert len({Location("body", 1, 2), Location("body", 1, 2), Location("table")}) == 2
    with pytest.raises(AttributeError):
        Location("body").page = 2
    with pytest.raises(AttributeError):
        del MarkedCopy("out").level
    assert isinstance(RULES["marking.national-secret"], FrozenRecord)
    with pytest.raises(TypeError):
        hash(_result())  # a record that may change is not hashable


def test_as_dict_is_the_nested_fields_and_round_trips():
    result = _result()
    data = as_dict(result)
    assert list(data) == list(FileResult.FIELDS)
    assert data["findings"][0]["location"] == {"part": "body", "page": 1, "paragraph": 3}
    assert data["marked"] == {"output": "out.docx", "level": "秘密", "term": None, "error": None}
    assert FileResult.from_dict(data) == replace(result, marked=None)
    assert pickle.loads(pickle.dumps(result)) == result
    settings = Settings(target="extranet", allowlist=["x"])
    assert pickle.loads(pickle.dumps(settings)) == settings
