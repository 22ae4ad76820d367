"""Issue 12: Office files, markings and normalisation — each fixture holds the sensitive
sentence or the mark only in the place under test, and asserts verdict, status, marking and
the part it was found in."""
from __future__ import annotations

from conftest import write_docx, write_pdf
from scanner.model import Status, Verdict
from scanner.text_utils import normalize

# Holds ⻓ (U+2ED3) for 长 and ⺬ (U+2EAC) for 示, as Mac- and Chrome-made PDFs emit them: with
# the ideographs it is a personnel move before 公示.
RADICAL_SENTENCE = "经研究，拟提拔赵海燕同志任财政局副局⻓，尚未公⺬。"


def test_radicals_fold_to_ideographs_one_for_one():
    folded, offsets = normalize("副局⻓，公⺬，⼀")
    assert folded == "副局长,公示,一"  # NFKC also makes the commas ASCII
    assert offsets is None or len(offsets) == len(folded)


def test_radical_in_a_term_is_a_marking(tmp_path, scan):
    result = scan(write_pdf(tmp_path / "r.pdf", ["秘密★⻓期", "关于调整工作安排的通知"]))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.CLASSIFIED)
    assert (result.marking.level, result.marking.term) == ("秘密", "长期")
    assert result.marking.location.part == "body"


def test_radicals_in_a_sentence_are_read_as_ideographs(tmp_path, scan):
    result = scan(write_docx(tmp_path / "r.docx", ["关于干部任免的请示", RADICAL_SENTENCE]))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert result.marking is None
    assert {f.location.part for f in result.findings if f.rule.startswith("content.")} == {"body"}
