"""Fictional personal numbers with valid check digits, for the personal-data documents.

Resident ID (GB 11643-1999): 17 digits + check character; bank cards: Luhn.
Deterministic (seeded) so the documents can be regenerated and checked.
    python tests/eval/tools/make_numbers.py
"""
from __future__ import annotations

import random

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_check(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def valid_id(number: str) -> bool:
    return len(number) == 18 and number[:17].isdigit() and id_check(number[:17]) == number[17].upper()


def luhn_check(body: str) -> str:
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def valid_luhn(number: str) -> bool:
    return luhn_check(number[:-1]) == number[-1]


def make_id(rng: random.Random, area: str) -> str:
    year = rng.randint(1955, 2003)
    body = f"{area}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + id_check(body)


def make_card(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    return body + luhn_check(body)


def make_mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "135", "137", "150", "152", "158", "159", "182", "187",
                       "133", "153", "177", "180", "189", "130", "131", "156", "186", "199"]) + \
        "".join(str(rng.randint(0, 9)) for _ in range(8))


if __name__ == "__main__":
    rng = random.Random(20250611)
    for area in ("350781", "350784", "350722"):
        for _ in range(6):
            print("ID", make_id(rng, area))
    for prefix, n in (("622848", 19), ("621700", 19), ("622202", 19), ("623668", 19)):
        for _ in range(3):
            print("CARD", make_card(rng, prefix, n))
    for _ in range(14):
        print("MOB", make_mobile(rng))
