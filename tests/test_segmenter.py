"""jieba-rs (rjieba, what a scan uses) against python jieba (the reference): the tokens and
tags the detectors read agree, and no verdict changes because of the engine.

What the detectors read, and how far the engines agree on it (measured on the labelled
set's sentences and the seed regulations, 1460 sentences):
- word boundaries at the short sector terms (机密 in 有机密封): 522 of 522 decisions agree;
- names and organisations (nr, nt: the specifics that weigh most): 97 % of sentences agree;
- whole token sequences: 79 % of sentences. Accepted difference: for runs of characters
  not in the dictionary, jieba.posseg runs its own part-of-speech HMM while jieba-rs runs
  the word HMM and then tags, so 我局, 现将, 日至 are one token in one engine and two in the
  other; neither is a term or a specific the detectors use.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from scanner.detect import segmenter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "txt" / "seed__保密规章制度热门10篇.txt"
EVAL = ROOT / "tests" / "eval" / "docs"
WEIGHTY = {"nr", "nrfg", "nrt", "nt"}


def _windows() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EVAL.glob("*.txt"))]
    if SEED.is_file():
        texts.append(SEED.read_text(encoding="utf-8"))
    out = []
    for text in texts:
        for sentence in regex.split(r"[。！？\n]", text):
            sentence = sentence.strip()
            if 6 <= len(sentence) <= 120:
                out.append(sentence)
    return out


@pytest.fixture(scope="module")
def reference():
    jieba = pytest.importorskip("jieba")
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def _bounds(words: list[str]) -> set[int]:
    out, pos = {0}, 0
    for word in words:
        pos += len(word)
        out.add(pos)
    return out


def test_tokens_and_tags_agree_with_the_reference(reference):
    from scanner.dictionary import load_dictionary

    short = [t.text for t in load_dictionary().terms if t.kind == "topic" and len(t.text) <= 2]
    windows = _windows()
    assert len(windows) > 500
    same_tokens = same_weighty = boundary = boundary_same = 0
    for text in windows:
        ours = segmenter.tag(text)
        theirs = reference.lcut(text)
        assert "".join(word for word, _tag in ours) == text
        if [word for word, _tag in ours] == [p.word for p in theirs]:
            same_tokens += 1
        weighty = {(word, tag) for word, tag in ours if tag in WEIGHTY}
        if weighty == {(p.word, p.flag) for p in theirs if p.flag in WEIGHTY}:
            same_weighty += 1
        a, b = _bounds([word for word, _tag in ours]), _bounds([p.word for p in theirs])
        for term in short:
            for m in regex.finditer(regex.escape(term), text):
                boundary += 1
                boundary_same += ({m.start(), m.end()} <= a) == ({m.start(), m.end()} <= b)
    assert boundary > 100 and boundary_same / boundary >= 0.99, (boundary_same, boundary)
    assert same_weighty / len(windows) >= 0.95, same_weighty / len(windows)
    assert same_tokens / len(windows) >= 0.75, same_tokens / len(windows)


def test_piecewise_word_boundaries_are_the_whole_windows():
    """view.py's piece-wise word-boundary check (only the piece between BREAK characters
    around each end of a term segmented) answers exactly as the tokens of the whole window
    do, and the window's tokens are those of segmenting it whole, on the labelled set's and
    the seed regulations' paragraphs."""
    from scanner.detect.view import BREAK, View
    from scanner.dictionary import load_dictionary
    from scanner.model import Segment

    texts = [p.read_text(encoding="utf-8") for p in sorted(EVAL.glob("*.txt"))]
    if SEED.is_file():
        texts.append(SEED.read_text(encoding="utf-8"))
    paragraphs = [line for text in texts for line in text.splitlines() if len(line) >= 20]
    view = View([Segment(p) for p in paragraphs], load_dictionary())
    checked = 0
    for seg, text in enumerate(view.norms):
        for at in range(0, len(text) - 2, 5):
            word = view.is_word(seg, at, at + 2)
            left, tokens = view.tokens(seg, at, at + 2)
            window = text[left:left + sum(len(w) for w, _tag in tokens)]
            whole = segmenter.tag(window)
            assert tokens == whole, window
            bounds = _bounds([w for w, _tag in whole])
            assert word == ({at - left, at + 2 - left} <= bounds), (window, at - left)
            checked += bool(BREAK.search(window))
    assert checked > 1000


def test_dictionary_tags_agree_with_the_reference(reference):
    for word in ("解密", "托运", "张建国", "处长", "拟提拔", "王海峰"):
        assert segmenter.dictionary_tag(word) == reference.dt.word_tag_tab.get(word)


def test_a_scan_leaves_the_shared_jieba_cache_alone(tmp_path):
    """issue 14 item 13: python jieba writes jieba.cache in the system temp folder; a scan
    must neither need nor touch it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    doc = tmp_path / "d.txt"
    doc.write_text("关于调整的请示\n以上名单暂不对外，拟任王建军同志为处长。\n", encoding="utf-8")
    env = dict(os.environ, TMPDIR=str(tmp), BAOMI_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-c",
                           "import sys; from scanner.pipeline import Settings, scan_file;"
                           f"r = scan_file({str(doc)!r}, Settings());"
                           "print(r.verdict.value); print('jieba' in sys.modules)"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["block", "False"], proc.stderr
    assert not list(tmp.iterdir())


def _verdicts_with(engine: str, files: list[Path]) -> dict[str, tuple[str, str]]:
    """Verdicts of a scan whose segmenter is ``engine`` (python jieba swapped in for the
    reference run, in a child process so that nothing leaks into this one)."""
    script = (
        "import json, sys\n"
        "from scanner.detect import segmenter\n"
        "if sys.argv[1] == 'jieba':\n"
        "    import jieba, jieba.posseg\n"
        "    jieba.setLogLevel(60)\n"
        "    segmenter.tag = lambda text: [(p.word, p.flag) for p in jieba.posseg.lcut(text)]\n"
        "    segmenter.dictionary_tag = jieba.posseg.dt.word_tag_tab.get\n"
        "from scanner.pipeline import Settings, scan_file\n"
        "s = Settings()\n"
        "print(json.dumps({f: [(r := scan_file(f, s)).verdict.value, r.status.value]"
        " for f in sys.argv[2:]}))\n")
    proc = subprocess.run([sys.executable, "-c", script, engine, *map(str, files)],
                          capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, BAOMI_OCR="off"))
    assert proc.returncode == 0, proc.stderr
    import json

    return json.loads(proc.stdout.splitlines()[-1])


def test_no_verdict_changes_between_engines():
    """On the labelled set, sample_docs and a corpus selection (the seed regulations,
    work reports and the laws with most secrecy words)."""
    pytest.importorskip("jieba")
    files = sorted(EVAL.iterdir()) + sorted(p for p in (ROOT / "sample_docs").iterdir()
                                            if p.suffix != ".py")
    if CORPUS.is_dir():
        files += [SEED, *sorted((CORPUS / "lawrefbook").glob("*保密*"))[:10],
                  *sorted((CORPUS / "chinese-political-corpora").glob("*.md"))[:10]]
    ours, theirs = _verdicts_with("rjieba", files), _verdicts_with("jieba", files)
    assert ours == theirs, {f: (ours[f], theirs[f]) for f in ours if ours[f] != theirs[f]}
