"""What each rule id means, declared once: the status it can cause, its title (English for
the reports, Chinese for editors on the page of ``baomi serve``) and report description, its weight on GitHub's 0-10 security-severity scale, and whether a file it
decides gets a proposed marking (and at which level).

Rules named after a dictionary entry (``content.<sector category>``, ``personal.<rule>``)
are declared by their family here and take their title (and the sector's
``suggested_level``) from the dictionary that defines them.
"""
from __future__ import annotations

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False

from scanner.model import Status
from scanner.plain import FrozenRecord, replace

if TYPE_CHECKING:  # the report writers import this module; a warm rescan loads no dictionary
    from scanner.dictionary import Dictionary


class Rule(FrozenRecord):
    """A rule id's meaning: the status it causes (None: it is reported, decides nothing),
    its titles and description, its severity (0-10), whether a file it decides gets a
    proposed marking and at which ``level`` (None: the sector's own), and the title an
    editor who reads no English sees (``title_zh``, ``baomi serve``'s page)."""

    FIELDS = ("id", "status", "title", "description", "severity", "proposes_marking",
              "level", "title_zh")

    def __init__(self, id: str, status: Status | None, title: str, description: str,
                 severity: float, proposes_marking: bool = False, level: str | None = None,
                 title_zh: str = ""):
        self.__dict__.update(id=id, status=status, title=title, description=description,
                             severity=severity, proposes_marking=proposes_marking,
                             level=level, title_zh=title_zh)


UNREADABLE = "file.unreadable"
NOT_PUBLIC = "content.not-public"
UNDECIDED = "content.undecided"
EXPOSURE = "content.exposure"
FAILED_REDACTION = "content.failed-redaction"
DECLASSIFIED = "marking.declassified"

RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("marking.national-secret", Status.CLASSIFIED, "National-secret marking",
         "National-secret marking (绝密/机密/秘密★保密期限)", 9.5,
         title_zh="国家秘密密级标志"),
    Rule("marking.restricted", Status.RESTRICTED, "Work-secret marking",
         "Work-secret marking (工作秘密, 内部 …)", 8.0,
         title_zh="工作秘密（内部）标志"),
    Rule("marking.irregular", None, "Irregular marking",
         "Irregular marking: term or form not as the rules require", 3.0,
         title_zh="密级标志不规范（保密期限或格式不合规定）"),
    Rule(DECLASSIFIED, None, "Declassification stamp",
         "Declassification stamp (解密): confirm before publishing", 5.0,
         title_zh="解密标志（发布前须人工确认已解密）"),
    Rule(FAILED_REDACTION, Status.UNMARKED_SENSITIVE, "Failed redaction",
         "Text still present under an opaque box (failed redaction)", 8.5,
         title_zh="遮盖失败（黑框下的文字仍可读出）"),
    Rule(NOT_PUBLIC, Status.UNMARKED_SENSITIVE, "不公开声明（未识别行业）",
         "Unmarked sensitive content: the document says it is not public, about concrete "
         "specifics, in a sector no dictionary names", 7.5, proposes_marking=True,
         level="内部", title_zh="不公开声明（未识别行业）"),
    Rule(UNDECIDED, Status.UNMARKED_SENSITIVE, "Undecided matter in an internal form",
         "Unmarked sensitive content: an internal form whose specifics (allocations, "
         "targets and dates, floors, deployments) are not yet decided, carried out or "
         "published, in a sector no dictionary names", 7.0, proposes_marking=True,
         level="内部", title_zh="未定事项（内部稿，未识别行业）"),
    Rule(EXPOSURE, Status.UNMARKED_SENSITIVE, "Credentials or internal addresses",
         "Unmarked sensitive content: a system's account and password, or addresses on an "
         "internal network, written out (网络安全法 第二十一条; GB/T 22239-2019)", 8.0,
         proposes_marking=True, level="内部", title_zh="账号口令或内网地址"),
    Rule("file.type-mismatch", None, "File type mismatch",
         "The file name claims another type than the content", 2.0,
         title_zh="文件扩展名与实际类型不符"),
    Rule(UNREADABLE, None, "Not read fully",
         "File could not be read fully: a person must review it", 5.0,
         title_zh="未能完整读取（须人工审查）"),
)}
# Families of rules named by their dictionary entry: prefix → the family's rule.
FAMILIES: dict[str, Rule] = {
    "content.": Rule("content.", Status.UNMARKED_SENSITIVE, "Unmarked sensitive content",
                     "Unmarked sensitive content", 7.5, proposes_marking=True,
                     title_zh="未标密级的敏感内容"),
    "personal.": Rule("personal.", Status.PERSONAL_DATA, "Personal data",
                      "Personal data that must be masked before publishing", 7.0,
                      title_zh="须遮盖的个人信息"),
    "marking.": Rule("marking.", None, "Marking", "Marking", 5.0, title_zh="密级标志"),
}
GENERIC = Rule("", None, "Finding", "Finding", 5.0, title_zh="其他发现")


def rule_titles(dictionary: Dictionary) -> dict[str, str]:
    """Names of the rules the dictionaries define (``content.personnel`` → 干部人事 …)."""
    return {**{f"content.{c.name}": c.title for c in dictionary.categories.values()},
            **{f"personal.{r.id}": r.title for r in dictionary.personal_rules}}


def rule(rule_id: str, titles: dict[str, str] | None = None,
         dictionary: Dictionary | None = None) -> Rule:
    """The rule ``rule_id``: declared, or of its family (titled from ``titles`` or the
    dictionary; a sector rule proposes its category's ``suggested_level``)."""
    if rule_id in RULES:
        return RULES[rule_id]
    prefix = next((p for p in FAMILIES if rule_id.startswith(p)), "")
    family = FAMILIES.get(prefix, GENERIC)
    name = rule_id[len(prefix):]
    if titles is None and dictionary is not None:
        titles = rule_titles(dictionary)
    title = (titles or {}).get(rule_id)
    # A dictionary's titles are Chinese already; an entry no dictionary names is shown
    # as its family, with its id.
    title_zh = title or f"{family.title_zh}（{name}）"
    title = title or name
    level = family.level
    if dictionary is not None and prefix == "content." and name in dictionary.categories:
        level = dictionary.categories[name].suggested_level
    return replace(family, id=rule_id, title=title, title_zh=title_zh,
                   description=f"{family.description}: {title}", level=level)
