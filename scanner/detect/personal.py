"""Personal data that must never be published in full: identity numbers, bank cards,
lists of mobile numbers. The patterns and thresholds are data (dictionaries/personal.toml);
this module holds only the checksums and the counting.

Heuristics:
- ``checksum``: an 18-digit number is an identity number only with a valid GB 11643 check
  digit; a card number only if it passes Luhn. Random digits rarely do both.
- ``list``: one contact number in a notice is normal; several distinct ones are a list of
  people. A rule's ``min_count`` says how many; a ``context`` word (卡号) right before a
  number makes one enough.
- ``masked``: only full numbers match, so 35*************123 and 138****1234 pass.
"""
from __future__ import annotations

from collections.abc import Callable

from scanner.dictionary import PersonalRule
from scanner.model import Finding, Segment, Severity

CONTEXT_WINDOW = 20
_GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_GB11643_CHECK = "10X98765432"


def gb11643_valid(number: str) -> bool:
    """The check digit of an 18-digit resident identity number (GB 11643-1999)."""
    digits = number.upper()
    # ASCII digits only: str.isdigit also accepts ¹ and other digits int() refuses.
    if len(digits) != 18 or not (digits[:17].isascii() and digits[:17].isdigit()):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _GB11643_WEIGHTS))
    return _GB11643_CHECK[total % 11] == digits[17]


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number if d in "0123456789"]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return len(digits) >= 12 and total % 10 == 0


CHECKS: dict[str, Callable[[str], bool]] = {
    "gb11643": gb11643_valid, "luhn": luhn_valid, "none": lambda _number: True,
}


def mask(number: str) -> str:
    """Keep the first three and last two characters: enough to find it, not to use it."""
    plain = "".join(c for c in number if c.isalnum())
    return plain[:3] + "*" * max(0, len(plain) - 5) + plain[-2:]


def find_personal_data(segments: list[Segment], rules: list[PersonalRule]) -> list[Finding]:
    findings = []
    for rule in rules:
        check = CHECKS[rule.check]
        seen: dict[str, tuple[Segment, int, int]] = {}
        in_context = False
        for seg in segments:
            for m in rule.pattern.finditer(seg.text):
                value = "".join(c for c in m.group() if c.isalnum()).upper()
                if value in seen or not check(value):
                    continue
                seen[value] = (seg, m.start(), m.end())
                before = seg.text[max(0, m.start() - CONTEXT_WINDOW):m.start()]
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
