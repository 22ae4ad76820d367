"""The marking itself: parse, validate and format 密级★保密期限 (GB/T 9704-2012).

One module serves both sides: the scanner parses what a file carries
(tolerantly: real files contain stray spaces, ＊ for ★, Chinese numerals, terms over
the legal maximum) and ``baomi mark`` validates what a person asks to stamp (strictly).
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markers.fold import fold_radicals

# typing's flag without importing typing (type checkers read any TYPE_CHECKING as true)
TYPE_CHECKING = False

if TYPE_CHECKING:
    import regex

# The Law on Guarding State Secrets: the longest term each level may carry, in years.
MAX_YEARS: dict[str, int] = {"绝密": 30, "机密": 20, "秘密": 10}
NATIONAL_LEVELS: tuple[str, ...] = tuple(MAX_YEARS)
WORK_SECRET = "工作秘密"
INTERNAL = "内部"
LEVELS: tuple[str, ...] = NATIONAL_LEVELS + (WORK_SECRET, INTERNAL)
# Which of two markings is the stronger one.
LEVEL_RANK: dict[str, int] = {level: len(LEVELS) - i for i, level in enumerate(LEVELS)}
STAR = "★"
LEGACY_TERM = "长期"

# Characters typed in place of ★ (NFKC has already turned ＊ into *).
_STARS = "★☆*✩✪✫✬✭✮✯✰⭐"
_SPACES = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\u00ad\u3000]+")
_OPEN = "【（(〔<《\\["
_CLOSE = "】）)〕>》\\]"
_URGENCY = "特急|加急|特提|平急"

_NATIONAL_LINE = re.compile(
    rf"^[{_OPEN}]?(?:密级[:：]?)?(?P<level>绝密|机密|秘密)"
    rf"(?:(?P<star>[{_STARS}])(?P<term>[^{_STARS}]{{0,30}}?))?"
    rf"[{_CLOSE}]?(?P<urgency>{_URGENCY})?$"
)
_RESTRICTED_LINE = re.compile(
    rf"^[{_OPEN}]?(?:密级[:：]?)?(?P<label>工作秘密|内部(?:资料|文件|事项|使用|材料|刊物|参考|明电)?)"
    rf"(?:(?P<star>[{_STARS}])(?P<term>[^{_STARS}]{{0,30}}?))?[{_CLOSE}]?"
    r"(?P<note>[,，、]?(?:注意保存|注意保管|妥善保管|不得外传|请勿外传|严禁外传|不得公开))?$"
)
# A declassification stamp beside an old mark: 已解密, 解密, 已解除密级, 2020年5月1日解密.
_DECLASSIFIED_LINE = re.compile(r"^[【（(〔\[]?(?:\d{4}年\d{1,2}月\d{1,2}日)?(?:已解密|解密|已解除密级|"
                                r"解除密级|已公开)(?:文件)?[】）)〕\]]?$")
_COPY_LINE = re.compile(r"^(?:份号[:：]?)?(?P<copy>\d{6})$")
_TERM_LABEL = re.compile(r"^(?:保密期限|密期)[:：]?(?P<term>.{1,30})$")

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[〇零○一二两三四五六七八九十]+")


# The longest squeezed line that may be a marking; a declassification stamp is shorter still
# (20 characters, at most 30 before its Chinese numerals become digits).
MARK_MAX = 48
# CJK unified ideographs squeeze each to itself: none has a decomposition, none composes
# with a neighbour, none is a space (tests/test_marking.py checks). A text holding more of
# them than a form has characters squeezes to more, and is not that form: told without
# squeezing it (NFKC of a long paragraph is the costly step).
_IDEOGRAPHS = "\u4e00-\u9fff"


@lru_cache(maxsize=None)
def _more_than(most: int) -> regex.Pattern[str]:
    # ``regex``, not ``re``: ``re`` compiles a class of the 20,992 ideographs code point by
    # code point, twice here (19 M instructions, every scan's start-up); ``regex`` keeps the
    # range (0.5 M), and matches it the same.
    import regex

    return regex.compile(f"(?:[^{_IDEOGRAPHS}]*[{_IDEOGRAPHS}]){{{most + 1}}}")


def more_ideographs(text: str, most: int) -> bool:
    """Whether ``text`` holds more than ``most`` CJK unified ideographs (then it squeezes to
    more than ``most`` characters)."""
    return _more_than(most).match(text) is not None


class MarkingError(ValueError):
    """A level or term that may not be stamped."""


@dataclass(frozen=True)
class Marking:
    level: str
    term: str | None = None
    # Problems with the mark as found in a file (never set by ``validate``).
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_national_secret(self) -> bool:
        return self.level in MAX_YEARS

    def text(self) -> str:
        return format_marking(self.level, self.term)


def format_marking(level: str, term: str | None) -> str:
    """``秘密★10年``; a work secret is its label alone (the star is for national secrets)."""
    if level not in MAX_YEARS or not term:
        return level
    return f"{level}{STAR}{term}"


# A line is squeezed by each rule that reads it (the declassification stamp, the marking,
# its form fields): the last lines' squeezed forms are kept (NFKC of a long paragraph is
# the costly step).
@lru_cache(maxsize=256)
def squeeze(text: str) -> str:
    """NFKC, radicals folded, no whitespace: the form every marking rule is written against."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", fold_radicals(text)))


def _cn_to_int(token: str) -> int | None:
    """The value of a Chinese numeral as written in terms and dates, or None when the token is
    not one number (十四五 is 14 then 5: a plan's name, not a count).

    Forms read: digit by digit (六, 一二, 二〇二七) and tens (十, 十二, 二十, 三十五).
    """
    if "十" not in token:
        return int("".join(str(_CN_DIGITS[c]) for c in token))
    tens, _, units = token.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units or tens in ("〇", "零", "○"):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _arabic_numerals(text: str) -> str:
    """Chinese numerals replaced by digits; a token that is not one number stays as written."""
    def arabic(m: re.Match[str]) -> str:
        value = _cn_to_int(m.group())
        return m.group() if value is None else str(value)
    return _CN_NUMBER.sub(arabic, text)


_YEARS = re.compile(r"^(\d{1,3})年$")
_MONTHS = re.compile(r"^(\d{1,2})个?月$")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


@lru_cache(maxsize=1)
def _condition() -> re.Pattern[str]:
    """解密条件: an event the secret lasts until ("启用前", "会议开始前", "公布之日前").
    Compiled when a term first needs it: ``re`` compiles a class of the 20,992 CJK
    ideographs code point by code point (10 M instructions, every scan's start-up else)."""
    return re.compile(r"^[\u4e00-\u9fff\w]{1,28}(?:前|后|止|时)$")


def normalize_term(raw: str) -> str:
    """Canonical term text (``10年``, ``6个月``, ``2027年12月31日``, ``长期`` or a condition).

    Raises MarkingError when ``raw`` is none of these forms.
    """
    term = _arabic_numerals(squeeze(raw))
    if m := _YEARS.match(term):
        return f"{int(m.group(1))}年"
    if m := _MONTHS.match(term):
        return f"{int(m.group(1))}个月"
    if m := _DATE.match(term):
        year, month, day = (int(g) for g in m.groups())
        try:
            _dt.date(year, month, day)
        except ValueError as exc:
            raise MarkingError(f"不是有效日期: {raw}") from exc
        return f"{year}年{month}月{day}日"
    if term == LEGACY_TERM or _condition().match(term):
        return term
    raise MarkingError(f"无法识别的保密期限: {raw!r} (应为 N年、N个月、YYYY年M月D日 或 解密条件)")


def term_problems(level: str, term: str | None, today: _dt.date | None = None) -> list[str]:
    """What is wrong with a well-formed term for this level (empty when it is lawful)."""
    if term is None or level not in MAX_YEARS:
        return []
    problems = []
    if m := _YEARS.match(term):
        years = int(m.group(1))
        if years == 0:
            problems.append("保密期限为0年")
        elif years > MAX_YEARS[level]:
            problems.append(f"{level}的保密期限最长{MAX_YEARS[level]}年，标注为{term}")
    elif m := _MONTHS.match(term):
        months = int(m.group(1))
        if not 0 < months < 12:
            problems.append(f"{term}: 一年以上应以年计，不足一年以月计")
    elif m := _DATE.match(term):
        date = _dt.date(*(int(g) for g in m.groups()))
        today = today or _dt.date.today()
        if date <= today:
            problems.append(f"解密时间{term}已过")
        elif date.year - today.year > MAX_YEARS[level]:
            problems.append(f"解密时间{term}超过{level}最长保密期限{MAX_YEARS[level]}年")
    elif term == LEGACY_TERM:
        problems.append("“长期”为旧版标志，现行标准应标注具体期限或解密条件")
    return problems


def validate(level: str, term: str | None = None, today: _dt.date | None = None) -> Marking:
    """The marking a person asks to stamp, checked against the law. Raises MarkingError."""
    level = squeeze(level)
    if level not in NATIONAL_LEVELS and level not in (INTERNAL, WORK_SECRET):
        raise MarkingError(f"密级应为 绝密、机密、秘密 或 内部，而不是 {level!r}")
    if level not in MAX_YEARS:
        if term:
            raise MarkingError("工作秘密只标“内部”，不标星号和保密期限")
        return Marking(INTERNAL if level == INTERNAL else level)
    if term is None or not squeeze(term):
        return Marking(level)
    if re.search(r"[〇零○一二两三四五六七八九十]", squeeze(term)):
        raise MarkingError(f"保密期限应使用阿拉伯数字: {term!r}")
    normal = normalize_term(term)
    if normal == LEGACY_TERM:
        raise MarkingError("“长期”不再是有效的保密期限")
    problems = term_problems(level, normal, today)
    if problems:
        raise MarkingError("; ".join(problems))
    return Marking(level, normal)


def parse_marking_line(line: str) -> Marking | None:
    """The marking a line of a file carries, if the whole line is a marking.

    Tolerant of what real files contain; problems go into ``warnings``. A sentence that
    merely mentions a level (``秘密级以上文件``) is not a marking and returns None.
    """
    if more_ideographs(line, MARK_MAX):
        return None  # a paragraph, not squeezed
    text = squeeze(line)
    if not text or len(text) > MARK_MAX:
        return None
    if m := _NATIONAL_LINE.match(text):
        return _national(m.group("level"), m.group("star"), m.group("term"))
    if m := _RESTRICTED_LINE.match(text):
        label = m.group("label")
        level = WORK_SECRET if label == WORK_SECRET else INTERNAL
        warnings = ("★ 只用于国家秘密，工作秘密标注星号属误用",) if m.group("star") else ()
        return Marking(level, None, warnings)
    return None


def _national(level: str, star: str | None, raw_term: str | None) -> Marking | None:
    if not star or not raw_term:
        # "秘密★" with nothing after it still declares the level.
        return Marking(level)
    try:
        term = normalize_term(raw_term)
    except MarkingError:
        return None
    warnings = term_problems(level, term)
    if star != STAR:
        warnings.append(f"星号应为★，文件中为{star}")
    return Marking(level, term, tuple(warnings))


def is_declassification_stamp(line: str) -> bool:
    if more_ideographs(line, MARK_MAX):
        return False  # a paragraph, not squeezed
    text = squeeze(line)
    # Every stamp holds 解 or 已公开, which no numeral becomes: a line with neither (most
    # opening paragraphs) needs its numerals not read.
    return ("解" in text or "已公开" in text) and bool(
        _DECLASSIFIED_LINE.match(_arabic_numerals(text)))


def parse_copy_number(line: str) -> str | None:
    """份号: six digits alone on the line above the marking (``000123`` or ``份号：000123``)."""
    m = _COPY_LINE.match(squeeze(line))
    return m.group("copy") if m else None


def parse_level_cell(text: str) -> str | None:
    """The level written in the value cell of a ``密级`` form field."""
    marking = parse_marking_line(text)
    return marking.level if marking else None


def parse_term_label(line: str) -> str | None:
    """``保密期限：5年`` written as its own line or cell."""
    m = _TERM_LABEL.match(squeeze(line))
    if not m:
        return None
    try:
        return normalize_term(m.group("term"))
    except MarkingError:
        return None


def parse_term_cell(text: str) -> str | None:
    try:
        return normalize_term(text)
    except MarkingError:
        return None
