"""The parsed dictionaries are kept in the cache folder and read back by later processes:
the same dictionary as a fresh parse, never a stale one for changed files, and a broken
copy is ignored."""
from __future__ import annotations

import json
import os
from pathlib import Path

from scanner.dictionary import Dictionary, _parse, load_dictionary
from scanner.dictionary_files import dictionary_files

EXTRA = """category = "test-secrets"
title = "test"
base = 0.5
suggested_level = "秘密"
until = ["公示", "开考"]
[terms]
"绿萝计划" = 3
"""


def copies() -> list[Path]:
    return sorted((Path(os.environ["BAOMI_CACHE_DIR"]) / "dictionaries").glob("*.json"))


def fresh(extra: list[str] = ()) -> Dictionary:
    """The dictionaries parsed from their files, not through the copy."""
    files = dictionary_files(extra)
    return _parse([(f, f.read_bytes()) for f in files], load_dictionary(extra).fingerprint)


def same(a: Dictionary, b: Dictionary) -> bool:
    def rules(d):
        return [(r.id, r.title, r.pattern.pattern, r.check, r.min_count, r.context)
                for r in d.personal_rules]

    return (a.terms == b.terms and a.categories == b.categories
            and list(a.categories) == list(b.categories) and a.surnames == b.surnames
            and a.document_kinds == b.document_kinds and a.fingerprint == b.fingerprint
            and rules(a) == rules(b))


def test_the_copy_read_back_is_the_parsed_dictionary(tmp_path):
    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA, encoding="utf-8")
    first = load_dictionary([str(extra)])
    assert len(copies()) == 1
    again = load_dictionary([str(extra)])
    assert same(again, first) and same(again, fresh([str(extra)]))
    assert again.categories["test-secrets"].until == ("公示", "开考")
    assert [t for t in again.terms if t.text == "绿萝计划"]


def test_later_loads_read_the_copy(tmp_path):
    load_dictionary()
    [copy] = copies()
    data = json.loads(copy.read_bytes())
    data["terms"][0][3] = 9.5  # a mark only the copy carries
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert load_dictionary().terms[0].weight == 9.5


def test_changed_dictionary_files_are_parsed_afresh(tmp_path):
    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA, encoding="utf-8")
    load_dictionary([str(extra)])
    old = copies()
    extra.write_text(EXTRA.replace("绿萝计划", "青藤计划"), encoding="utf-8")
    changed = load_dictionary([str(extra)])
    assert [t.text for t in changed.terms if t.category == "test-secrets"] == ["青藤计划"]
    assert same(changed, fresh([str(extra)]))
    assert copies() != old and len(copies()) == 1  # the newest copy only


def test_a_broken_copy_is_ignored_and_replaced(tmp_path):
    load_dictionary()
    [copy] = copies()
    for broken in (b"\x00not json", b'{"fingerprint": 1}', json.dumps(
            {**json.loads(copy.read_bytes()), "terms": [["x"]]}).encode()):
        copy.write_bytes(broken)
        assert same(load_dictionary(), fresh())
        assert json.loads(copy.read_bytes())["terms"][0] != ["x"]  # rewritten whole
