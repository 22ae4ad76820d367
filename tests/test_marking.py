"""markers.marking: the forms real files carry, and what a person may stamp."""
import datetime as dt
import sys
import unicodedata

import pytest

from markers.marking import (
    MarkingError, format_marking, more_ideographs, normalize_term, parse_copy_number,
    parse_marking_line, parse_term_label, squeeze, validate,
)


@pytest.mark.parametrize("line, level, term", [
    ("秘密★10年", "秘密", "10年"),
    ("机密★6个月", "机密", "6个月"),
    ("秘密★2027年12月31日", "秘密", "2027年12月31日"),
    ("绝密★启用前", "绝密", "启用前"),
    ("绝密★会议开始前", "绝密", "会议开始前"),
    ("机密", "机密", None),
    ("秘 密 ★ 1 年", "秘密", "1年"),
    ("秘密*5年", "秘密", "5年"),
    ("秘密＊5年", "秘密", "5年"),
    ("机密☆3年", "机密", "3年"),
    ("秘密★十年", "秘密", "10年"),
    ("机密★二十年", "机密", "20年"),
    ("秘密★二〇二七年十二月三十一日", "秘密", "2027年12月31日"),
    ("秘密★1年  特急", "秘密", "1年"),
    ("密级：秘密", "秘密", None),
    ("【秘密★1年】", "秘密", "1年"),
])
def test_national_forms(line, level, term):
    mark = parse_marking_line(line)
    assert mark is not None and (mark.level, mark.term) == (level, term)


@pytest.mark.parametrize("line, level", [
    ("内部", "内部"), ("内部资料 注意保存", "内部"), ("内部事项 注意保管", "内部"),
    ("内部文件", "内部"), ("内部使用 不得外传", "内部"), ("工作秘密", "工作秘密"),
    ("【内部】", "内部"),
])
def test_restricted_forms(line, level):
    mark = parse_marking_line(line)
    assert mark is not None and mark.level == level and mark.term is None


def test_star_on_work_secret_is_flagged_but_still_restricted():
    mark = parse_marking_line("工作秘密★1年")
    assert mark.level == "工作秘密" and mark.warnings


@pytest.mark.parametrize("line", [
    "秘密级以上文件应当由专人管理", "内部控制制度", "机密级", "关于加强机密文件管理的通知",
    "秘密会议", "内部审计", "绝密、机密、秘密三级", "",
])
def test_sentences_are_not_markings(line):
    assert parse_marking_line(line) is None


def test_term_over_legal_maximum_is_a_warning_when_scanning():
    mark = parse_marking_line("秘密★30年")
    assert mark.term == "30年" and any("最长10年" in w for w in mark.warnings)


def test_copy_number_and_term_label():
    assert parse_copy_number("000123") == "000123"
    assert parse_copy_number("份号：000007") == "000007"
    assert parse_copy_number("123") is None
    assert parse_term_label("保密期限：5年") == "5年"


def test_validate_accepts_lawful_marks():
    assert validate("秘密", "10年").text() == "秘密★10年"
    assert validate("绝密", "30年").text() == "绝密★30年"
    assert validate("机密", "6个月").text() == "机密★6个月"
    assert validate("机密").text() == "机密"
    assert validate("内部").text() == "内部"
    future = dt.date.today().replace(year=dt.date.today().year + 2)
    term = f"{future.year}年{future.month}月{future.day}日"
    assert validate("秘密", term).term == term
    assert validate("绝密", "启用前").term == "启用前"


@pytest.mark.parametrize("level, term", [
    ("秘密", "11年"), ("机密", "21年"), ("绝密", "31年"), ("秘密", "0年"),
    ("秘密", "12个月"), ("秘密", "2001年1月1日"), ("秘密", "十年"), ("秘密", "长期"),
    ("顶级", None), ("内部", "1年"), ("秘密", "永远"), ("秘密", "2027年2月30日"),
])
def test_validate_rejects(level, term):
    with pytest.raises(MarkingError):
        validate(level, term)


def test_format_has_no_star_for_work_secrets():
    assert format_marking("内部", None) == "内部"
    assert format_marking("秘密", "1年") == "秘密★1年"
    assert normalize_term("6 个月") == "6个月"


def test_no_character_but_mi_squeezes_to_mi():
    """scanner/detect/markings.py reads no form field in a line or cell without 密: every
    label (密级, 保密期限, 密期) holds it, and no other character squeezes to it. One
    character changes under NFKC only by its decomposition (a radical by the fold table);
    composition never makes 密, which has none."""
    changed = (chr(cp) for cp in range(sys.maxunicode + 1)
               if unicodedata.decomposition(chr(cp)) or 0x2E80 <= cp <= 0x2FDF)
    assert not [c for c in changed if "密" in squeeze(c)]


def test_ideographs_squeeze_each_to_itself():
    """markers.marking.more_ideographs counts CJK unified ideographs instead of squeezing a
    long line: none has a decomposition, none is part of a character's canonical
    decomposition (so none composes with a neighbour), none is a space."""
    ideographs = [chr(cp) for cp in range(0x4E00, 0xA000)]
    assert not [c for c in ideographs if unicodedata.decomposition(c) or c.isspace()]
    parts = (unicodedata.decomposition(chr(cp)).split() for cp in range(sys.maxunicode + 1))
    assert not [p for p in parts if len(p) > 1 and not p[0].startswith("<")
                and any(0x4E00 <= int(x, 16) < 0xA000 for x in p)]
    assert more_ideographs("秘" * 49, 48) and not more_ideographs("秘密★10年" + " " * 99, 48)
