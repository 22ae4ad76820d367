"""Build the sample documents in sample_docs/: ``python sample_docs/make_samples.py [OUT_DIR]``.

Each sample is written the way a Chinese government office writes that kind of paper
(GB/T 9704-2012 layout for 公文: 份号, 密级★保密期限, 版头, 发文字号, 标题, 主送机关, 正文,
附件说明, 落款, 成文日期). Units, people, places and numbers are fictional (云梧市 does not exist).

What each sample is for, and the verdict baomi should give it:

============================================  =======  ==================  =============
file                                          verdict  status              marking
============================================  =======  ==================  =============
notice_secret_10y.docx                        block    classified          秘密★10年
plan_confidential_6m.pdf                      block    classified          机密★6个月
approval_form_secret_5y.docx                  block    classified          秘密★5年 (form table)
work_bulletin_internal.docx                   block    restricted          内部 (内部资料 注意保存)
draft_appointment_unmarked.docx               block    unmarked-sensitive  —
pre_appointment_public_notice.pdf             pass     clean               — (任前公示 announces 拟提拔)
secrecy_awareness_notice.docx                 pass     clean               — (quotes the law: 绝密/机密/秘密)
tender_organic_seals.docx                     pass     clean               — (有机密封件, 内部控制制度)
economic_analysis_encrypted.pdf               review   unreadable          — (needs a password)
scanned_notice.pdf                            review   unreadable          — (PNG bytes named .pdf)
============================================  =======  ==================  =============

The output is deterministic: fixed metadata, fixed zip timestamps, no random PDF /ID. The
encrypted PDF is the one exception at the byte level (PDF encryption salts are random); its
verdict and its text are the same on every run.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

try:
    from markers._pymupdf import load_pymupdf
except ImportError:  # run from a checkout that is not installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from markers._pymupdf import load_pymupdf

pymupdf = load_pymupdf()

HERE = Path(__file__).resolve().parent

# GB/T 9704-2012: A4, type area 156 x 225 mm, top margin 37 mm, left margin 28 mm,
# 3号 (16 pt) 仿宋 body, 22 lines a page, 28 characters a line.
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT = 28 * MM
TOP = 37 * MM
WIDTH = 156 * MM
LINE = 225 * MM / 22
BODY_PT = 16
TITLE_PT = 22
FIXED_TIME = dt.datetime(2026, 4, 1, 9, 0, 0)
ZIP_TIME = (2026, 4, 1, 9, 0, 0)

IDEOGRAPHIC_SPACE = "\u3000"
INDENT = IDEOGRAPHIC_SPACE * 2


# ---------------------------------------------------------------------------- DOCX


def _font(run, east_asian: str, size: float, *, bold: bool = False,
          color: tuple[int, int, int] | None = None) -> None:
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    if color:
        run.font.color.rgb = RGBColor(*color)


class Gongwen:
    """A DOCX laid out as a 公文: page set-up per GB/T 9704, paragraphs styled by role."""

    def __init__(self, author: str):
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(BODY_PT)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = Pt(28.9)
        props = self.doc.core_properties
        props.author = author
        props.last_modified_by = author
        props.created = FIXED_TIME
        props.modified = FIXED_TIME
        props.revision = 1
        props.title = ""

    def line(self, text: str, *, font: str = "仿宋_GB2312", size: float = BODY_PT,
             align: str = "left", bold: bool = False,
             color: tuple[int, int, int] | None = None):
        p = self.doc.add_paragraph()
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT,
                       "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if text:
            _font(p.add_run(text), font, size, bold=bold, color=color)
        return p

    def marking(self, text: str):
        """份号 and 密级: 3号黑体, flush with the left edge of the type area."""
        return self.line(text, font="黑体")

    def masthead(self, text: str):
        """版头 (发文机关标志): red 小标宋, centred."""
        return self.line(text, font="方正小标宋简体", size=26, align="center", color=(0xE0, 0, 0))

    def title(self, text: str):
        return self.line(text, font="方正小标宋简体", size=TITLE_PT, align="center")

    def heading(self, text: str):
        """一级标题 in 黑体, indented two characters."""
        return self.line(INDENT + text, font="黑体")

    def para(self, text: str):
        """正文: first line indented two characters; runs split the way Word saves edits."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        text = INDENT + text
        # Word splits a paragraph into several runs (spell-check, edits); baomi joins them.
        cut = len(text) // 2
        for piece in (text[:cut], text[cut:]):
            if piece:
                _font(p.add_run(piece), "仿宋_GB2312", BODY_PT)
        return p

    def blank(self):
        return self.line("")

    def signature(self, unit: str, date: str):
        """落款 and 成文日期, right of centre (right-aligned with 4 characters' indent)."""
        self.blank()
        self.line(unit + IDEOGRAPHIC_SPACE * 4, align="right")
        self.line(date + IDEOGRAPHIC_SPACE * 4, align="right")

    def save(self, path: Path) -> Path:
        buf = io.BytesIO()
        self.doc.save(buf)
        path.write_bytes(_stable_zip(buf.getvalue()))
        return path


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps, so a rebuild gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info))
    return out.getvalue()


def _set_cell(cell, text: str, *, font: str = "仿宋_GB2312", size: float = 14,
              align: str = "left") -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.line_spacing = Pt(22)
    for i, line in enumerate(text.split("\n")):
        if i:
            p = cell.add_paragraph()
            p.paragraph_format.line_spacing = Pt(22)
        _font(p.add_run(line), font, size)


# ---------------------------------------------------------------------------- PDF


LATIN = "tiro"  # Times-Roman: digits and Latin letters, as 公文 sets them


def _runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_latin) runs: ASCII goes in Times, the rest in the CJK font."""
    runs: list[tuple[str, bool]] = []
    for ch in text:
        latin = ch.isascii()
        if runs and runs[-1][1] == latin:
            runs[-1] = (runs[-1][0] + ch, latin)
        else:
            runs.append((ch, latin))
    return runs


def _text_width(text: str, cjk_font: str, size: float) -> float:
    return sum(pymupdf.get_text_length(piece, LATIN, size) if latin
               else _font_obj(cjk_font).text_length(piece, size)
               for piece, latin in _runs(text))


_FONTS: dict[str, object] = {}


def _font_obj(name: str):
    if name not in _FONTS:
        _FONTS[name] = pymupdf.Font(name)
    return _FONTS[name]


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if current and _text_width(current + ch, font, size) > width:
            # Keep closing punctuation on the line it closes (避头点).
            if ch in "，。、；：？！）》」”":
                current += ch
                ch = ""
            lines.append(current)
            current = ""
        current += ch
    if current:
        lines.append(current)
    return lines


class PdfGongwen:
    """A PDF page laid out as a 公文, with PyMuPDF's built-in CJK fonts."""

    SONG = "china-ss"  # serif: stands in for 仿宋/宋体
    HEI = "china-s"    # sans: stands in for 黑体

    def __init__(self, title: str, author: str):
        self.doc = pymupdf.open()
        self.meta = {"title": title, "author": author}
        self.page = None
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=A4[0], height=A4[1])
        self.y = TOP

    def _put(self, text: str, x: float, font: str, size: float,
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        if self.y + size > A4[1] - 35 * MM:
            self.new_page()
            if self.page.number:
                folio = f"— {self.page.number + 1} —"
                self.page.insert_text(
                    ((A4[0] - _text_width(folio, self.SONG, 14)) / 2, A4[1] - 20 * MM),
                    folio, fontname=self.SONG, fontsize=14)
        # insert_text places the baseline; the line box starts one line above it.
        for piece, latin in _runs(text):
            name = LATIN if latin else font
            self.page.insert_text((x, self.y + size), piece, fontname=name, fontsize=size,
                                  color=color)
            x += _text_width(piece, font, size)
        self.y += max(LINE, size * 1.5)

    def line(self, text: str, *, font: str = SONG, size: float = BODY_PT, align: str = "left",
             color: tuple[float, float, float] = (0, 0, 0)) -> None:
        if not text:
            self.y += LINE
            return
        while _text_width(text, font, size) > WIDTH and size > 10:
            size -= 1  # a long 发文机关标志 is set smaller to fit the type area
        w = _text_width(text, font, size)
        x = {"left": LEFT, "center": LEFT + (WIDTH - w) / 2,
             "right": LEFT + WIDTH - w}[align]
        self._put(text, x, font, size, color)

    def marking(self, text: str) -> None:
        self.line(text, font=self.HEI)

    def masthead(self, text: str) -> None:
        self.line(text, font=self.SONG, size=24, align="center", color=(0.88, 0, 0))

    def title(self, text: str) -> None:
        pieces = _wrap(text, WIDTH, self.SONG, TITLE_PT)
        if len(pieces) == 2 and len(pieces[1]) < len(pieces[0]) // 2:
            # A title's lines are balanced, never one character left alone (梯形或菱形).
            half = (len(text) + 1) // 2
            pieces = [text[:half], text[half:]]
        for piece in pieces:
            self.line(piece, size=TITLE_PT, align="center")

    def heading(self, text: str) -> None:
        self.line(INDENT + text, font=self.HEI)

    def para(self, text: str) -> None:
        for piece in _wrap(INDENT + text, WIDTH, self.SONG, BODY_PT):
            self._put(piece, LEFT, self.SONG, BODY_PT)

    def blank(self) -> None:
        self.y += LINE

    def signature(self, unit: str, date: str) -> None:
        self.blank()
        self.line(unit + IDEOGRAPHIC_SPACE * 4, align="right")
        self.line(date + IDEOGRAPHIC_SPACE * 4, align="right")

    def pdf_bytes(self, **encryption) -> bytes:
        stamp = "D:20260401090000+08'00'"
        self.doc.set_metadata({
            "title": self.meta["title"], "author": self.meta["author"], "subject": "",
            "keywords": "", "creator": "WPS 文字", "producer": "baomi sample_docs",
            "creationDate": stamp, "modDate": stamp,
        })
        return self.doc.tobytes(garbage=4, deflate=True, no_new_id=True, **encryption)

    def save(self, path: Path, **encryption) -> Path:
        data = self.pdf_bytes(**encryption)
        if encryption and path.exists() and _same_pdf_text(path.read_bytes(), data,
                                                             encryption.get("user_pw", "")):
            # Encryption salts the file at random: keep the existing file when it decrypts to
            # the same text, so rebuilding the samples does not churn the repository.
            return path
        path.write_bytes(data)
        return path


def _pdf_text(data: bytes, password: str) -> list[str] | None:
    try:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            if doc.needs_pass and not doc.authenticate(password):
                return None
            return [doc.metadata.get("title", "")] + [page.get_text() for page in doc]
    except Exception:
        return None


def _same_pdf_text(old: bytes, new: bytes, password: str) -> bool:
    old_text = _pdf_text(old, password)
    return old_text is not None and old_text == _pdf_text(new, password)


# ---------------------------------------------------------------------------- samples


def notice_secret_10y(out: Path) -> Path:
    """A 秘密★10年 notice: 份号 on line 1, the marking on line 2, flush left."""
    g = Gongwen(author="市政府办公室秘书一科")
    g.marking("000023")
    g.marking("秘密★10年")
    g.blank()
    g.masthead("云梧市人民政府办公室文件")
    g.blank()
    g.line("云府办〔2026〕9号", align="center")
    g.blank()
    g.title("云梧市人民政府办公室")
    g.title("关于做好2026年度重要经济目标防护工作的通知")
    g.blank()
    g.line("各区县人民政府，市政府有关部门，有关单位：")
    g.para("为贯彻落实省人民防空办公室关于重要经济目标防护工作的部署要求，进一步加强我市"
           "重要经济目标防护，经市人民政府同意，现就有关事项通知如下。")
    g.heading("一、明确防护目标")
    g.para("经市人民防空办公室会同市发展和改革委员会、市工业和信息化局核定，全市列入防护名录"
           "的重要经济目标共27处，其中一类目标6处，二类目标21处（名录见附件）。云梧电厂、"
           "江湾水厂、城东220千伏变电站、云梧成品油库等一类目标由市级统筹防护，"
           "其余目标由所在区县负责。")
    g.heading("二、落实防护措施")
    g.para("各目标单位要于2026年4月30日前完成防护方案修订，明确伪装、疏散、抢修抢险和"
           "消除空袭后果的具体措施，报市人民防空办公室备案。一类目标单位要在汛期前组建"
           "不少于30人的专业抢修队伍，并完成一次实战化演练。")
    g.heading("三、严格保密管理")
    g.para("本通知及附件按秘密级国家秘密管理，知悉范围限于各区县人民政府分管负责同志和"
           "目标单位主要负责同志。各单位要指定专人管理，不得复制、摘抄，不得通过互联网"
           "或者其他公共信息网络传递。")
    g.blank()
    g.para("附件：云梧市重要经济目标防护名录（一类）")
    g.signature("云梧市人民政府办公室", "2026年3月12日")
    g.blank()
    g.line("（此件发至区县人民政府和目标单位）", align="left")
    return g.save(out / "notice_secret_10y.docx")


def plan_confidential_6m(out: Path) -> Path:
    """A 机密★6个月 notice in PDF: 份号 and the marking top left of page 1."""
    g = PdfGongwen(title="关于印发第三届云梧国际茶产业博览会安全保卫工作方案的通知",
                   author="茶博会筹备办")
    g.marking("000008")
    g.marking("机密★6个月")
    g.blank()
    g.masthead("第三届云梧国际茶产业博览会筹备工作领导小组办公室")
    g.line("云茶博办〔2026〕3号", align="center")
    g.blank()
    g.title("关于印发《第三届云梧国际茶产业博览会安全保卫工作方案》的通知")
    g.blank()
    g.line("领导小组各成员单位：")
    g.para("《第三届云梧国际茶产业博览会安全保卫工作方案》已经领导小组第二次会议审议通过，"
           "现印发给你们，请认真贯彻执行。")
    g.para("方案涉及外方嘉宾驻地、警卫路线和安保力量部署，各单位要严格控制知悉范围，"
           "方案文本由专人保管，博览会结束后由筹备办统一收回。")
    g.blank()
    g.para("附件：第三届云梧国际茶产业博览会安全保卫工作方案")
    g.signature("第三届云梧国际茶产业博览会筹备工作领导小组办公室", "2026年4月2日")
    g.new_page()
    g.line("附件", font=g.HEI)
    g.blank()
    g.title("第三届云梧国际茶产业博览会安全保卫工作方案")
    g.blank()
    g.heading("一、总体安排")
    g.para("博览会于2026年9月18日至20日在云梧国际会展中心举办，预计境外嘉宾120人、"
           "参展企业860家。开幕式定于9月18日上午9时30分在会展中心一号馆举行。")
    g.heading("二、警卫路线")
    g.para("境外贵宾抵达后，自云梧机场经机场快速路、滨江大道至云梧宾馆驻地，"
           "开幕式当日自驻地经迎宾路至会展中心北门。沿线设交通管制点14处，"
           "管制时间为车队通过前15分钟至通过后5分钟。")
    g.heading("三、力量部署")
    g.para("市公安局抽调警力1200人，武警云梧支队担负会展中心外围武装巡逻，"
           "市消防救援支队在会展中心前置消防车6辆。")
    return g.save(out / "plan_confidential_6m.pdf")


def approval_form_secret_5y(out: Path) -> Path:
    """A 呈批件 whose marking is in the form: 密级 | 秘密, 保密期限 | 5年."""
    g = Gongwen(author="应急指挥中心")
    g.title("云梧市应急管理局呈批件")
    g.blank()
    rows = [
        ("承办处室", "应急指挥中心", "呈批日期", "2026年3月5日"),
        ("密级", "秘密", "保密期限", "5年"),
        ("标题", "关于市应急指挥中心异地备份指挥场所选址的请示", None, None),
        ("主要内容",
         "为保障重大突发事件情况下市级应急指挥不中断，拟在北城区龙潭路原市气象局"
         "备用机房建设异地备份指挥场所，配置卫星通信、短波电台和视频会商系统，"
         "概算投资680万元，列入2026年市级应急体系建设项目。", None, None),
        ("处室意见", "拟同意，请局领导审定。\n张明远　3月5日", None, None),
        ("局领导批示", "", None, None),
    ]
    table = g.doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        if row[2] is None:
            merged = cells[1].merge(cells[3])
            _set_cell(cells[0], row[0], font="黑体", align="center")
            _set_cell(merged, row[1])
        else:
            for c, text in enumerate(row):
                _set_cell(cells[c], text, font="黑体" if c % 2 == 0 else "仿宋_GB2312",
                          align="center")
    g.blank()
    g.line("云梧市应急管理局办公室制", size=12, align="right")
    return g.save(out / "approval_form_secret_5y.docx")


def work_bulletin_internal(out: Path) -> Path:
    """A 工作简报 carrying the work-secret mark 内部资料 注意保存."""
    g = Gongwen(author="市发展改革委办公室")
    g.marking("内部资料　注意保存")
    g.blank()
    g.line("工　作　简　报", font="方正小标宋简体", size=36, align="center", color=(0xE0, 0, 0))
    g.line("第8期", align="center")
    g.blank()
    g.line("云梧市发展和改革委员会办公室　　　　　　　2026年4月3日")
    g.blank()
    g.title("全市一季度重点项目建设推进情况")
    g.blank()
    g.para("一季度，全市纳入市级重点项目管理的142个项目完成投资86.3亿元，"
           "占年度计划的21.7%。其中，产业项目完成投资41.2亿元，基础设施项目完成投资"
           "32.6亿元，社会民生项目完成投资12.5亿元。")
    g.para("从进度看，滨江物流园二期、云梧高新区集成电路封装测试基地等18个项目"
           "投资进度滞后，主要原因是用地报批和环评审批尚未完成。北城区城市更新片区"
           "因征收补偿方案调整，开工时间推迟至6月。")
    g.para("下一步，委里将会同自然资源、生态环境等部门，对滞后项目逐一建立问题清单，"
           "实行周调度，力争二季度末投资完成率达到50%以上。")
    g.blank()
    g.line("报：市委、市人民政府领导同志")
    g.line("送：各区县发展和改革局，市直有关部门")
    g.line("发：委领导，委机关各处室")
    return g.save(out / "work_bulletin_internal.docx")


def draft_appointment_unmarked(out: Path) -> Path:
    """An unmarked draft about appointments not yet announced: 拟提拔 … 尚未公示，请严格保密."""
    g = Gongwen(author="干部一科")
    g.title("关于拟提拔任用干部人选有关情况的报告")
    g.line("（讨论稿）", align="center")
    g.blank()
    g.line("部务会：")
    g.para("根据市委关于充实市直部门领导班子的安排，按照干部选拔任用工作程序，"
           "干部一科对市交通运输局、市水务局两个单位的副职空缺进行了动议酝酿。"
           "经民主推荐、考察谈话和综合研判，现将有关情况报告如下。")
    g.heading("一、拟提拔人选")
    g.para("王海峰，男，1981年6月生，现任市交通运输局综合规划科科长，"
           "拟提拔为市交通运输局副局长。考察中谈话对象普遍反映该同志业务精通、"
           "敢于担当，谈话推荐得票居第一位。")
    g.para("陈晓雯，女，1984年2月生，现任市水务局水资源管理科科长，"
           "拟提拔为市水务局副局长。")
    g.heading("二、需要说明的事项")
    g.para("王海峰同志的个人有关事项报告经查核无异常；陈晓雯同志的党风廉政意见回复"
           "尚待市纪委监委反馈。")
    g.para("以上人选尚未经市委常委会研究，尚未公示，请严格保密。")
    g.signature("干部一科", "2026年3月28日")
    return g.save(out / "draft_appointment_unmarked.docx")


def pre_appointment_public_notice(out: Path) -> Path:
    """A 任前公示: it announces 拟提拔 on purpose, so it must pass."""
    g = PdfGongwen(title="市管干部任前公示", author="市委组织部")
    g.title("中共云梧市委组织部")
    g.title("市管干部任前公示")
    g.blank()
    g.para("为进一步扩大干部工作民主，加强对干部选拔任用工作的监督，根据《党政领导干部"
           "选拔任用工作条例》有关规定，现将拟提拔任职的市管干部人选予以公示。")
    g.para("王海峰，男，汉族，1981年6月生，大学学历，工学硕士，中共党员，"
           "现任市交通运输局综合规划科科长，拟提拔为市交通运输局副局长。")
    g.para("陈晓雯，女，汉族，1984年2月生，研究生学历，管理学硕士，中共党员，"
           "现任市水务局水资源管理科科长，拟提拔为市水务局副局长。")
    g.para("公示时间：2026年4月15日至4月21日（5个工作日）。")
    g.para("公示期间，如对公示对象有不同意见，可通过来电来信来访等方式向市委组织部"
           "反映。反映问题要实事求是、客观公正，以个人名义反映的提倡署实名并提供联系方式，"
           "以单位名义反映的应加盖公章。")
    g.para("受理电话：12380（市委组织部干部监督举报电话）")
    g.para("来信地址：云梧市人民路88号市委组织部干部监督科")
    g.signature("中共云梧市委组织部", "2026年4月14日")
    return g.save(out / "pre_appointment_public_notice.pdf")


def secrecy_awareness_notice(out: Path) -> Path:
    """A 保密宣传 notice that quotes the law: 绝密, 机密, 秘密 everywhere, nothing secret."""
    g = Gongwen(author="局办公室")
    g.title("云梧市自然资源和规划局")
    g.title("关于开展2026年度保密宣传教育月活动的通知")
    g.blank()
    g.line("局机关各科室，各直属单位：")
    g.para("为深入学习贯彻新修订的《中华人民共和国保守国家秘密法》及其实施条例，"
           "增强干部职工保密意识，经局党组研究，决定于5月开展保密宣传教育月活动。"
           "现将有关事项通知如下。")
    g.heading("一、学习重点")
    g.para("（一）国家秘密的密级。保守国家秘密法第十四条规定，国家秘密的密级分为绝密、"
           "机密、秘密三级。绝密级国家秘密是最重要的国家秘密，泄露会使国家安全和利益"
           "遭受特别严重的损害；机密级国家秘密是重要的国家秘密，泄露会使国家安全和利益"
           "遭受严重的损害；秘密级国家秘密是一般的国家秘密，泄露会使国家安全和利益"
           "遭受损害。")
    g.para("（二）保密期限。国家秘密的保密期限，除另有规定外，绝密级不超过三十年，"
           "机密级不超过二十年，秘密级不超过十年。密级和保密期限标注在公文首页左上角，"
           "如“秘密★5年”。")
    g.para("（三）涉密载体和网络管理。严禁在互联网及其他公共信息网络上存储、处理、"
           "传输国家秘密；严禁将涉密计算机、涉密存储设备接入互联网；严禁通过普通邮政、"
           "快递等无保密措施的渠道传递秘密级以上文件；涉密文件不得带回家中或者"
           "带入公共场所。")
    g.heading("二、活动安排")
    g.para("（一）4月30日前，各科室、直属单位组织集中学习保守国家秘密法及其实施条例，"
           "观看保密警示教育片。")
    g.para("（二）5月中旬，局机关组织全体干部职工参加保密知识测试。")
    g.para("（三）5月下旬，各科室、直属单位对涉密载体、涉密计算机和办公自动化设备开展"
           "自查自评，形成自查报告报局保密委员会办公室。")
    g.heading("三、工作要求")
    g.para("各科室、直属单位要高度重视，主要负责同志亲自部署，确保活动取得实效。"
           "活动开展情况请于6月5日前报局办公室。")
    g.para("联系人：刘建国，电话：83326512")
    g.signature("云梧市自然资源和规划局办公室", "2026年4月20日")
    return g.save(out / "secrecy_awareness_notice.docx")


def tender_organic_seals(out: Path) -> Path:
    """A 招标公告 for 有机密封件: 有机密封 contains 机密, 内部控制 contains 内部; it must pass."""
    g = Gongwen(author="云梧中诚招标咨询有限公司")
    g.title("云梧市供水有限公司2026年度有机密封件采购项目")
    g.title("招标公告")
    g.line("项目编号：YWGS-ZB-2026-017", align="center")
    g.blank()
    g.para("云梧市供水有限公司2026年度有机密封件采购项目已具备招标条件，招标人为"
           "云梧市供水有限公司，资金来自企业自筹。现对该项目进行公开招标，"
           "欢迎符合条件的投标人参加投标。")
    g.heading("一、项目概况与招标范围")
    g.para("1.采购内容：管网维修及水厂设备用有机密封件，包括氟橡胶O形圈、"
           "三元乙丙橡胶密封圈、聚四氟乙烯垫片等，共分3个标段。")
    g.para("2.交货期：合同签订后30日内分批交货，交货地点为采购人指定仓库。")
    g.para("3.最高投标限价：人民币186万元。")
    g.heading("二、投标人资格要求")
    g.para("1.具有独立法人资格，具有健全的财务会计制度和内部控制制度；")
    g.para("2.所投有机密封件产品须提供具有检验检测机构资质认定（CMA）的机构出具的"
           "涉及饮用水卫生安全产品卫生安全评价报告；")
    g.para("3.本项目不接受联合体投标。")
    g.heading("三、招标文件的获取")
    g.para("凡有意参加投标者，请于2026年5月6日至5月12日，登录云梧市公共资源交易平台"
           "下载电子招标文件。")
    g.heading("四、投标文件的递交")
    g.para("投标文件递交截止时间为2026年5月27日9时30分，地点为云梧市公共资源交易中心"
           "第三开标室。纸质投标文件应当密封，并在封口处加盖投标人公章，"
           "未按要求密封的不予受理。")
    g.heading("五、发布公告的媒介")
    g.para("本公告同时在中国招标投标公共服务平台、云梧市公共资源交易平台发布。")
    g.heading("六、联系方式")
    g.para("招标人：云梧市供水有限公司　地址：云梧市滨江路16号　联系人：赵工　"
           "电话：0871-63021167")
    g.para("招标代理机构：云梧中诚招标咨询有限公司　地址：云梧市北京路208号　"
           "联系人：孙女士　电话：0871-63155820")
    g.signature("云梧市供水有限公司", "2026年5月5日")
    return g.save(out / "tender_organic_seals.docx")


def economic_analysis_encrypted(out: Path) -> Path:
    """A PDF that needs a password to open: baomi cannot read it, so it is review."""
    g = PdfGongwen(title="2026年一季度全市经济运行情况分析", author="市统计局综合科")
    g.title("2026年一季度全市经济运行情况分析")
    g.blank()
    g.para("一季度，全市地区生产总值初步核算为612.4亿元，按不变价格计算，同比增长5.6%。"
           "规模以上工业增加值同比增长7.1%，社会消费品零售总额同比增长4.8%。")
    g.para("从先行指标看，3月份全社会用电量同比增长6.3%，货运量同比增长3.9%，"
           "经济运行总体平稳。")
    g.signature("云梧市统计局综合科", "2026年4月9日")
    return g.save(out / "economic_analysis_encrypted.pdf",
                  encryption=pymupdf.PDF_ENCRYPT_AES_256,
                  user_pw="yw0409", owner_pw="ywtj-owner-2026",
                  permissions=int(pymupdf.PDF_PERM_PRINT))


def scanned_notice(out: Path) -> Path:
    """A scanned page saved as PNG, named .pdf: no text baomi can read, so it is review."""
    g = PdfGongwen(title="", author="")
    g.title("云梧市城市管理局")
    g.title("关于滨江路夜间施工的通告")
    g.blank()
    g.para("因滨江路雨污分流改造工程施工需要，2026年5月10日至6月30日每日22时至次日6时，"
           "滨江路（人民路口至码头路口）实行半幅通行，请过往车辆和行人注意安全。")
    g.para("特此通告。")
    g.signature("云梧市城市管理局", "2026年5月6日")
    pix = g.doc[0].get_pixmap(dpi=72, alpha=False)
    path = out / "scanned_notice.pdf"
    path.write_bytes(pix.tobytes("png"))
    return path


SAMPLES = (
    notice_secret_10y, plan_confidential_6m, approval_form_secret_5y, work_bulletin_internal,
    draft_appointment_unmarked, pre_appointment_public_notice, secrecy_awareness_notice,
    tender_organic_seals, economic_analysis_encrypted, scanned_notice,
)


def build(out: Path = HERE) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [make(out) for make in SAMPLES]


def main(argv: Sequence[str] = ()) -> int:
    out = Path(argv[0]) if argv else HERE
    for path in build(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
