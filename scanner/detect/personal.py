"""Personal data that must never be published in full: identity numbers, bank cards,
lists of mobile numbers. The patterns and thresholds are data (dictionaries/personal.toml);
this module holds only the checksums and the counting.

Heuristics:
- ``checksum``: an 18-digit number is an identity number only with a valid GB 11643 check
  digit, an existing birth date and a known county code; a card number only if it passes
  Luhn (both checked with python-stdnum). Random digits rarely pass.
- ``list``: one contact number in a notice is normal; several distinct ones are a list of
  people. A rule's ``min_count`` says how many; a ``context`` word (卡号) right before a
  number makes one enough.
- ``masked``: only full numbers match, so 35*************123 and 138****1234 pass.
"""
from __future__ import annotations

from collections.abc import Callable

from scanner.detect.joined import Joined
from scanner.dictionary import PersonalRule
from scanner.model import Finding, Segment, Severity

CONTEXT_WINDOW = 20


def gb11643_valid(number: str) -> bool:
    """A resident identity number (GB 11643-1999): 18 characters with a valid check digit,
    a birth date that exists and a county code (GB/T 2260) that exists or existed, checked
    with python-stdnum (``cn.ric``, its GB/T 2260 table). The date and region cut the
    false alarms of order numbers that only happen to carry a valid check digit.

    Not ``ric.is_valid``: it also wants the county to have had its code in the birth year,
    but a number keeps the code of the place that issued it, which is often newer than
    the holder (邵武 is 350781 since 1994 and its people born in 1956 carry it); that
    check would let real lists through."""
    # Here, not at the top: python-stdnum's helpers import ssl, pydoc and pkgutil, as much
    # start-up CPU as click; loaded only for a text that holds a candidate number.
    from stdnum import numdb
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    number = ric.compact(number)
    # ASCII digits only: str.isdigit also accepts ¹ and other digits int() refuses.
    if (len(number) != 18 or not (number[:17].isascii() and number[:17].isdigit())
            or ric.calc_check_digit(number) != number[17]):
        return False
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return False
    return any("county" in info for _part, info in numdb.get("cn/loc").info(number[:6]))


def luhn_valid(number: str) -> bool:
    """A bank card number (ISO/IEC 7812): 12 or more digits passing the Luhn check."""
    from stdnum import luhn  # as above: only for a candidate number

    digits = "".join(d for d in number if d in "0123456789")
    return len(digits) >= 12 and luhn.is_valid(digits)


CHECKS: dict[str, Callable[[str], bool]] = {
    "gb11643": gb11643_valid, "luhn": luhn_valid, "none": lambda _number: True,
}


def mask(number: str) -> str:
    """Keep the first three and last two characters: enough to find it, not to use it."""
    plain = "".join(c for c in number if c.isalnum())
    return plain[:3] + "*" * max(0, len(plain) - 5) + plain[-2:]


def find_personal_data(segments: list[Segment], rules: list[PersonalRule]) -> list[Finding]:
    findings = []
    texts = Joined([seg.text for seg in segments])  # one search a rule, not one a paragraph
    for rule in rules:
        check = CHECKS[rule.check]
        seen: dict[str, tuple[Segment, int, int]] = {}
        in_context = False
        for index, base, m in texts.finditer(rule.pattern):
            value = "".join(c for c in m.group() if c.isalnum()).upper()
            if value in seen or not check(value):
                continue
            seg, start = segments[index], m.start() - base
            seen[value] = (seg, start, m.end() - base)
            before = seg.text[max(0, start - CONTEXT_WINDOW):start]
            in_context = in_context or any(word in before for word in rule.context)
        if not seen or (len(seen) < rule.min_count and not in_context):
            continue
        first, (seg, start, end) = next(iter(seen.items()))
        findings.append(Finding(
            rule=f"personal.{rule.id}", category="personal-data", severity=Severity.HIGH.value,
            text=mask(first), location=seg.location,
            context=f"{len(seen)} 个{rule.title}（首个 {mask(first)}）",
            detail={"count": len(seen), "title": rule.title}))
    return findings
