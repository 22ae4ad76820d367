"""dictionaries/normalisation/t2s_changes.toml: the characters OpenCC's traditional →
simplified conversion may change, derived from the dictionaries it converts with (a text
holding none of them is not converted; scanner/text_utils.py, t2s-skip).

``python tests/test_t2s_changes.py`` writes the file anew from the installed OpenCC (after
an OpenCC upgrade: until then every Han text is converted, as the digests no longer match).
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from scanner import text_utils

LIST = Path(__file__).parents[1] / "dictionaries" / "normalisation" / "t2s_changes.toml"
# Characters a line of the written list holds.
LINE = 64


def _dictionary_files(node: object) -> list[str]:
    """The "file" of every dictionary an OpenCC configuration names, in order."""
    if isinstance(node, dict):
        own = [node["file"]] if isinstance(node.get("file"), str) else []
        return own + [f for value in node.values() for f in _dictionary_files(value)]
    if isinstance(node, list):
        return [f for value in node for f in _dictionary_files(value)]
    return []


def _entries(tool: Path, dictionary: Path) -> list[tuple[str, str]]:
    """(key, the value a conversion writes: the first) of each entry of an .ocd2 file."""
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "dictionary.txt"
        subprocess.run([str(tool), "-i", str(dictionary), "-o", str(text), "-f", "ocd2",
                        "-t", "text"], check=True, capture_output=True, timeout=60)
        rows = [line.split("\t") for line in text.read_text("utf-8").splitlines()]
    return [(key, values.split(" ")[0]) for key, values in rows]


def derive(share: Path, tool: Path) -> tuple[str, dict[str, str]]:
    """(the characters t2s may change, SHA-256 of t2s.json and of each dictionary it names).

    A conversion writes an entry's value where its key matched, so a text is changed only
    where it holds the key of an entry whose value differs from it: the key of each such
    one-character entry is listed, and of each such phrase that holds none of those, the
    first character it changes (a text holding the phrase holds that character).
    """
    names = ["t2s.json"] + _dictionary_files(json.loads((share / "t2s.json").read_text("utf-8")))
    entries = [e for name in names[1:] for e in _entries(tool, share / name)]
    changing = {key for key, value in entries if len(key) == 1 and value != key}
    for key, value in entries:
        if len(key) > 1 and value != key and not changing & set(key):
            changing.add(next((a for a, b in zip(key, value) if a != b), key[0]))
    digests = {name: hashlib.sha256((share / name).read_bytes()).hexdigest() for name in names}
    return "".join(sorted(changing)), digests


def _opencc_folders() -> tuple[Path, Path]:
    """(OpenCC's share/opencc folder, its opencc_dict tool); skips where either is missing."""
    share = text_utils._opencc_share()
    tool = share.parents[1] / "bin" / "opencc_dict" if share else None
    if share is None or tool is None or not tool.is_file():
        pytest.skip("no OpenCC dictionary folder and opencc_dict tool to derive the list from")
    return share, tool


def _written(changes: str, digests: dict[str, str]) -> str:
    lines = [changes[i:i + LINE] for i in range(0, len(changes), LINE)]
    return "\n".join([
        "# The characters OpenCC's traditional → simplified conversion (t2s) may change: a text",
        "# holding none of them comes out of it unchanged, so scanner/text_utils.py does not",
        "# convert it. Derived by `python tests/test_t2s_changes.py` from the dictionaries below",
        "# (SHA-256 of each file of OpenCC's share/opencc folder); where the installed files",
        "# differ, every Han text is converted.",
        'changes = """',
        *lines,
        '"""',
        "",
        "[files]",
        *[f'"{name}" = "{digest}"' for name, digest in digests.items()],
        "",
    ])


def test_the_list_is_the_installed_opencc_s():
    share, tool = _opencc_folders()
    changes, digests = derive(share, tool)
    assert LIST.read_text("utf-8") == _written(changes, digests), \
        "run python tests/test_t2s_changes.py"
    assert text_utils._t2s_class() is not None


def test_opencc_leaves_every_unlisted_character_as_it_is():
    """The list's one-character half, against OpenCC itself: every character below U+10000
    that it does not hold comes out of a conversion unchanged."""
    listed = text_utils._t2s_class()
    if listed is None:
        pytest.skip("the installed OpenCC's dictionaries are not the list's")
    pattern = re.compile(f"[{listed}]")
    every = [*range(0x2E80, 0xD800), *range(0xE000, 0x10000)]  # no surrogate: OpenCC refuses
    kept = "\x00".join(c for c in map(chr, every) if not pattern.search(c))
    assert text_utils._to_simplified()(kept) == kept


def test_a_compatibility_character_folds_to_a_listed_one_only_if_listed_itself():
    """What lets normalize_many tell from a paragraph's original text whether its folded
    text holds a listed character (scanner/text_utils.py, _fold_many)."""
    listed = text_utils._t2s_class()
    if listed is None:
        pytest.skip("the installed OpenCC's dictionaries are not the list's")
    pattern = re.compile(f"[{listed}]")
    _compat, table = text_utils._compat_table()
    assert [chr(c) for c, folded in table.items()
            if pattern.match(folded) and not pattern.match(chr(c))] == []


def test_texts_without_a_listed_character_are_not_converted(monkeypatch):
    if text_utils._t2s_class() is None:
        pytest.skip("the installed OpenCC's dictionaries are not the list's")
    asked: list[str] = []
    convert = text_utils._to_simplified()
    monkeypatch.setattr(text_utils, "_to_simplified", lambda: lambda t: asked.append(t) or
                        convert(t))
    texts = ["经研究，拟提拔张伟同志", "機密文件", "abc", "反覆", "回复"]
    assert text_utils.normalize_many(texts)[0] == ["经研究,拟提拔张伟同志", "机密文件", "abc",
                                                   "反复", "回复"]
    assert asked == ["機密文件\x00反覆"]


if __name__ == "__main__":
    share = text_utils._opencc_share()
    if share is None:
        sys.exit("OpenCC's share/opencc folder not found")
    LIST.write_text(_written(*derive(share, share.parents[1] / "bin" / "opencc_dict")), "utf-8")
    print(f"wrote {LIST}")
