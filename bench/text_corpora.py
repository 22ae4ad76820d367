"""The two corpora of the speed bench (issue 13), rendered at bench time, never committed.

- ``secrecy``: regulations dense in secrecy words, the text a 保密办 handles every day: the
  seed regulations (``txt/seed__保密规章制度热门10篇.txt``) and every lawrefbook text with at
  least DENSE_PER_1000 hits of 保密/秘密/涉密 per thousand characters (the state-secrets law
  and its implementing regulation, trade-secret rules, weapons research licensing).
- ``ordinary``: the State Council's government work reports (chinese-political-corpora):
  clean public prose with hardly a hit.

Both from ``../shared/corpus`` beside the repository; where it is missing (a user's
clone), generated text of the same kinds instead, and :func:`build` says so.

Each corpus is half 8-page PDFs (GB/T 9704 type area, 28 characters x 22 lines a page),
half DOCX of 120 paragraphs, every file a run of consecutive paragraphs from the pooled
sources starting at a random place.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus import PAGE_LINES, paragraphs, pdf_lines, write_docx, write_pdf

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SECRECY_WORDS = re.compile("保密|秘密|涉密")  # 国家秘密 and 商业秘密 contain 秘密
# A regulation counts as secrecy-dense from 10 hits per 1000 characters: the five densest
# lawrefbook texts (10.6-42 per 1000) and not the next, which are about 密码 or statistics
# and have 4.5 or fewer.
DENSE_PER_1000 = 10.0
PDF_PAGES = 8
DOCX_PARAGRAPHS = 120
KINDS = ("secrecy", "ordinary")


@dataclass(frozen=True)
class Corpus:
    kind: str
    files: list[Path]
    source: str  # where the text came from, one line
    hit_share: float  # share of paragraphs with a secrecy word


def _paragraphs(path: Path) -> list[str]:
    """The paragraphs of a Markdown or plain-text file, headings' # and HTML comments
    dropped; paragraphs under 6 characters (page furniture, stray numbers) skipped. In
    Markdown a paragraph is a run of lines up to a blank line (the 1992 report breaks a
    line inside 《不扩散核武器条约》); in plain text it is a line."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    blocks: list[list[str]] = [[]]
    for line in lines:
        heading = line.startswith("#")
        if not line or heading or path.suffix != ".md":
            blocks.append([])
        if line:
            blocks[-1].append(line.lstrip("#").strip())
        if heading:
            blocks.append([])
    out = []
    for block in blocks:
        text = "".join(block)
        if len(text) >= 6 and not text.startswith("<!--"):
            out.append(text)
    return out


def _density(text: str) -> float:
    return len(SECRECY_WORDS.findall(text)) * 1000 / max(1, len(text))


def _shared_sources(kind: str) -> list[Path]:
    if kind == "secrecy":
        laws = [p for p in sorted((SHARED / "lawrefbook").glob("*.md"))
                if _density(p.read_text(encoding="utf-8")) >= DENSE_PER_1000]
        return [SHARED / "txt" / "seed__保密规章制度热门10篇.txt", *laws]
    return sorted((SHARED / "chinese-political-corpora").glob("*国务院政府工作报告*.md"))


# Fallback secrecy text: regulation articles in the style of the state-secrets law.
_ARTICLES = [
    "第{n}条 机关、单位应当加强对涉密人员的保密教育和管理，定期开展保密检查，及时消除泄密隐患。",
    "第{n}条 国家秘密载体的制作、收发、传递、使用、复制、保存和销毁，应当符合国家保密规定。",
    "第{n}条 涉密信息系统应当按照国家保密标准配备保密设施、设备，并经检测评估合格后投入使用。",
    "第{n}条 机关、单位对所产生的国家秘密事项，应当按照保密事项范围的规定确定密级，同时确定保密期限和知悉范围。",
    "第{n}条 涉密人员离岗离职实行脱密期管理，脱密期内应当按照规定履行保密义务，不得违反规定就业。",
    "第{n}条 {office}负责本行政区域的保密工作，对违反保密规定的行为依法查处。",
    "第{n}条 举办会议或者其他活动涉及国家秘密的，主办单位应当采取保密措施，对参加人员进行保密教育。",
    "第{n}条 任何单位和个人不得在互联网及其他公共信息网络或者未采取保密措施的有线和无线通信中传递国家秘密。",
]
_OFFICES = ["县级以上地方各级保密行政管理部门", "市保密局", "本单位保密委员会"]


def _generated(kind: str, count: int, rng: random.Random) -> list[str]:
    if kind == "ordinary":
        return paragraphs(rng, count, sensitive=False)
    return [rng.choice(_ARTICLES).format(n=n + 1, office=rng.choice(_OFFICES))
            for n in range(count)]


def _run(pool: list[str], start: int) -> Iterator[str]:
    """Consecutive paragraphs of ``pool`` from ``start``, wrapping round."""
    n = start
    while True:
        yield pool[n % len(pool)]
        n += 1


def build(kind: str, folder: Path, count: int, seed: int = 13) -> Corpus:
    """``count`` files of ``kind`` (one of KINDS) in ``folder``: even numbers PDF, odd DOCX."""
    rng = random.Random(seed)
    sources = _shared_sources(kind) if SHARED.is_dir() else []
    if sources:
        pool = [para for path in sources for para in _paragraphs(path)]
        source = f"{len(sources)} texts of ../shared/corpus ({len(pool)} paragraphs)"
    else:
        pool = _generated(kind, 2000, rng)
        source = "generated text (../shared/corpus is missing)"
    folder.mkdir(parents=True, exist_ok=True)
    files, used = [], []
    for i in range(count):
        run = _run(pool, rng.randrange(len(pool)))
        if i % 2:
            paras = [next(run) for _ in range(DOCX_PARAGRAPHS)]
            files.append(write_docx(folder / f"{kind}{i:04d}.docx", paras))
        else:
            paras, lines = [], []
            while len(lines) < PDF_PAGES * PAGE_LINES:
                paras.append(next(run))
                lines += pdf_lines(paras[-1:])
            files.append(write_pdf(folder / f"{kind}{i:04d}.pdf", lines[:PDF_PAGES * PAGE_LINES]))
        used += paras
    hit_share = sum(bool(SECRECY_WORDS.search(p)) for p in used) / len(used)
    return Corpus(kind, files, source, hit_share)
