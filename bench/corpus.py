"""A generated corpus of office documents for benchmarks: mostly clean, some sensitive."""
from __future__ import annotations

import random
from pathlib import Path

import docx

from markers._pymupdf import load_pymupdf

_OPENINGS = ["各区人民政府，市政府各委、办、局：", "各县（市、区）教育局，局属各单位：", "机关各处室，各直属单位："]
_SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，进一步做好{topic}工作，现将有关事项通知如下。",
    "各单位要高度重视，明确责任分工，细化工作措施，确保{topic}各项任务按期完成。",
    "{year}年，全市{topic}工作取得积极成效，共完成项目{n}个，投入资金{m}万元。",
    "请于{year}年{month}月{day}日前将工作开展情况报送市{office}，联系人：{name}，电话：{phone}。",
    "对工作推进不力、造成不良影响的，将按照有关规定严肃追责问责。",
    "本通知自印发之日起施行，由市{office}负责解释。",
]
_TOPICS = ["安全生产", "防汛抗旱", "营商环境优化", "政务公开", "乡村振兴", "老旧小区改造", "有机密封件采购"]
_OFFICES = ["发展改革委", "财政局", "应急管理局", "住房城乡建设局", "政务服务数据管理局"]
_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆"]
# GB/T 9704 type area: 28 characters a line, 22 lines a page.
LINE_CHARS, PAGE_LINES = 28, 22
_SENSITIVE = "经研究，拟提拔{name}同志任市{office}副局长，目前尚未公示，请严格控制知悉范围。"


def paragraphs(rng: random.Random, n: int, sensitive: bool) -> list[str]:
    topic = rng.choice(_TOPICS)
    out = [f"关于做好{topic}工作的通知", rng.choice(_OPENINGS)]
    for _ in range(n):
        out.append(rng.choice(_SENTENCES).format(
            topic=topic, year=rng.randint(2020, 2026), n=rng.randint(3, 90),
            m=rng.randint(100, 9999), month=rng.randint(1, 12), day=rng.randint(1, 28),
            office=rng.choice(_OFFICES), name=rng.choice(_NAMES),
            phone=f"0571-{rng.randint(80000000, 89999999)}"))
    if sensitive:
        out.insert(3, _SENSITIVE.format(name=rng.choice(_NAMES), office=rng.choice(_OFFICES)))
    return out


def write_docx(path: Path, paras: list[str]) -> Path:
    """One DOCX paragraph per string."""
    document = docx.Document()
    for text in paras:
        document.add_paragraph(text)
    document.save(path)
    return path


def pdf_lines(paras: list[str]) -> list[str]:
    """The lines of ``paras`` set at LINE_CHARS characters a line."""
    return [p[k:k + LINE_CHARS] for p in paras for k in range(0, len(p), LINE_CHARS)]


def write_pdf(path: Path, lines: list[str]) -> Path:
    """``lines`` as text on A4 pages of PAGE_LINES lines, in the China-S base font."""
    pymupdf = load_pymupdf()
    doc = pymupdf.open()
    for first in range(0, len(lines), PAGE_LINES):
        page = doc.new_page()
        for n, line in enumerate(lines[first:first + PAGE_LINES]):
            page.insert_text((79, 130 + 28.9 * n), line, fontname="china-s", fontsize=15)
    doc.save(path)
    return path


def make_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` files, half DOCX and half PDF, one in ten sensitive, a few pages each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        paras = paragraphs(rng, rng.randint(20, 80), sensitive=i % 10 == 0)
        if i % 2:
            files.append(write_docx(folder / f"doc{i:04d}.docx", paras))
        else:
            files.append(write_pdf(folder / f"doc{i:04d}.pdf", pdf_lines(paras)))
    return files
