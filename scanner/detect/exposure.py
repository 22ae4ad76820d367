"""Security exposure: credentials and internal network addresses written out in a document.

A 漏洞排查 report or a handover list that gives a system's administrator account with its
password, or the addresses of servers on a private network, opens those systems to whoever
reads it on a website — whatever else the document says and with no word of secrecy in it.
《网络安全法》第二十一条 and GB/T 22239-2019 (网络安全等级保护基本要求) treat identification
and authentication data and the network's structure as what an operator must protect; a
保密审查员 strikes them from anything that goes out.

Heuristics:
- ``credential``: a label (dictionaries/signals.toml [account_label], [secret_label]) with
  a written value right after it (账号：admin, 口令为Bdc@2023): Latin letters, digits and
  signs, no Chinese — a rule that says 密码应定期更换 has no value after its label.
- ``column``: in a table, a short first-row cell naming a label heads its column; a cell
  below it that is a written value is that label's value.
- ``pair``: an account and a secret value in one paragraph or one table row are a login
  anyone can use: the full strength. A secret value alone (初始密码为123456 in an
  exam-registration notice) is weak: such notices are public.
- ``private-address``: an IPv4 address in the private ranges of RFC 1918 (10/8,
  172.16/12, 192.168/16) is a host on an internal network; a public web address is not.
  A number at the start of a paragraph is a heading's numbering (10.1.2.3), not a host.
The values are masked in what the evidence quotes: a report must not spread them.
"""
from __future__ import annotations

import regex

from scanner.detect.evidence import Evidence
from scanner.detect.view import View

# Strengths: a login (account and secret together), a secret value alone, one private
# address, two or more distinct private addresses (a network's layout).
PAIR = 1.0
SECRET_ALONE = 0.3
ADDRESS = 0.6
ADDRESSES = 0.8
# How far after its label a value may start: 口令 (默认) ： value.
VALUE_GAP = 6
# A table's column heading is a short first-row cell (管理员账号, 登录密码); rows count from 1
# (scanner.model.Segment.cell).
HEAD_MAX = 8
FIRST_ROW = 1

# Shortest written values: an account may be short (sa, root); a secret of fewer
# characters is a placeholder or a count.
MIN_VALUE = {"account_label": 2, "secret_label": 4}

# A written value: Latin letters, digits and the signs passwords use, up to 40 of them, with
# at least one letter or digit; it ends at a space, a Chinese character or punctuation.
_VALUE = regex.compile(
    r"[\s:：=＝为是（(]{0,%d}?([A-Za-z0-9!@#$%%^&*_.+\-/~]{2,40})(?![A-Za-z0-9!@#$%%^&*_+\-/~])"
    % VALUE_GAP)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)"
_PRIVATE = regex.compile(
    rf"(?<![\d.])(?:10\.{_OCTET}|172\.(?:1[6-9]|2\d|3[01])|192\.168)\.{_OCTET}\.{_OCTET}"
    rf"(?::\d{{2,5}})?(?![\d.]*\d)")
# A cheap look for a private range's first octets before the full pattern runs.
_PRIVATE_START = regex.compile(r"(?:10|172|192)\.\d")
LABELS = ("account_label", "secret_label")


def _mask(value: str) -> str:
    """``Bdc@2023`` → ``B******3``: what a report may quote of a credential."""
    return value[0] + "*" * (len(value) - 2) + value[-1]


def _written(value: str, kind: str) -> bool:
    """A value long enough for a ``kind`` label's, with a letter or digit in it."""
    return len(value) >= MIN_VALUE[kind] and any(c.isalnum() for c in value)


def _values(view: View, seg: int, kind: str) -> list[tuple[str, int, int]]:
    """(label, start, end) of each ``kind`` label in ``seg`` with a written value after it;
    the span runs from the label to the end of the value."""
    text = view.norms[seg]
    out = []
    for hit in view.hits_of(seg, kind):
        m = _VALUE.match(text, hit.end)
        if m and _written(m.group(1), kind):
            out.append((f"{hit.text} {_mask(m.group(1))}", hit.start, m.end()))
    return out


def _column_values(view: View, seg: int, heads: dict[tuple, str], kind: str
                   ) -> list[tuple[str, int, int]]:
    """A cell under a column headed by a ``kind`` label (| 管理账号 | 密码 |) whose whole
    text is a written value."""
    s = view.segments[seg]
    if (not s.cell or s.cell[1] == FIRST_ROW
            or heads.get((s.part, s.page, s.cell[0], s.cell[2])) != kind):
        return []
    text = view.norms[seg].strip()
    m = _VALUE.fullmatch(text)
    if not m or not _written(m.group(1), kind):
        return []
    start = view.norms[seg].find(text)
    return [(f"{kind.split('_')[0]} {_mask(m.group(1))}", start, start + len(text))]


def _written_values(view: View, segs: list[int], heads: dict[tuple, str], kind: str
                    ) -> list[tuple[int, tuple[str, int, int]]]:
    """(segment, value) of each ``kind`` value written out in the record ``segs``: after
    its label, or in a column the label heads."""
    return [(seg, v) for seg in segs
            for v in _values(view, seg, kind) + _column_values(view, seg, heads, kind)]


def _record_key(view: View, seg: int) -> tuple:
    """The record segment ``seg`` belongs to: itself, or its table row."""
    s = view.segments[seg]
    return (s.part, s.page, s.cell[0], s.cell[1]) if s.cell else (seg,)


def _records(view: View, holding: list[int] | None) -> dict[tuple, list[int]]:
    """Segments that are one record (a paragraph alone, a table row's cells together), in
    order: every record, or (``holding``) only those that hold one of those segments."""
    if holding is not None and not any(view.segments[seg].cell for seg in holding):
        return {(seg,): [seg] for seg in holding}  # paragraphs alone: no segment to read
    wanted = None if holding is None else {_record_key(view, seg) for seg in holding}
    groups: dict[tuple, list[int]] = {}
    for seg in range(len(view.segments)):
        key = _record_key(view, seg)
        if wanted is None or key in wanted:
            groups.setdefault(key, []).append(seg)
    return groups


def _heads(view: View) -> dict[tuple, str]:
    """The label kind heading each table column (a short first-row cell naming a label)."""
    heads: dict[tuple, str] = {}
    for seg, s in enumerate(view.segments):
        if s.cell and s.cell[1] == FIRST_ROW and len(view.norms[seg].strip()) <= HEAD_MAX:
            kind = next((k for k in LABELS if view.hits_of(seg, k)), None)
            if kind:
                heads[(s.part, s.page, s.cell[0], s.cell[2])] = kind
    return heads


def exposure(view: View) -> list[Evidence]:
    """Evidence of credentials (per record) and private addresses (the file's first)."""
    out = []
    # A file with no secret label (密码, 口令) anywhere holds no credential: nothing to group.
    secret = [seg for seg in range(len(view.segments)) if "secret_label" in view.kinds_in(seg)]
    heads = _heads(view) if secret else {}
    # Where no column is headed by a secret label, only a record that holds one has a
    # secret written out: the others are not grouped (a regulation says 密码 in a few).
    columns = "secret_label" in heads.values()
    for segs in (_records(view, None if columns else secret) if secret else {}).values():
        secrets = _written_values(view, segs, heads, "secret_label")
        if not secrets:
            continue  # no secret written out: the record's accounts are not read
        accounts = _written_values(view, segs, heads, "account_label")
        seg, (text, start, end) = secrets[0]
        pair = bool(accounts)
        shown = [v[0] for _s, v in accounts[:1]] + [text]
        out.append(Evidence(
            "exposure", seg, (start, end), view.location(seg), PAIR if pair else SECRET_ALONE,
            ("credential: account and password " if pair else "credential: a password ")
            + "written out", {"text": "，".join(shown), "kind": "credential", "pair": pair}))
    addresses: dict[str, tuple[int, int, int]] = {}
    for seg, text in enumerate(view.norms):
        if "." not in text or not _PRIVATE_START.search(text):
            continue
        for m in _PRIVATE.finditer(text):
            if m.start() > 0 or view.segments[seg].cell:  # a heading's number starts its line
                addresses.setdefault(m.group(), (seg, m.start(), m.end()))
    if addresses:
        seg, start, end = next(iter(addresses.values()))
        many = len(addresses) > 1
        out.append(Evidence(
            "exposure", seg, (start, end), view.location(seg), ADDRESSES if many else ADDRESS,
            f"private network address{'es' if many else ''}: {len(addresses)} distinct",
            {"text": "、".join(list(addresses)[:3]), "kind": "private-address",
             "count": len(addresses)}))
    return out


class Exposure:
    name = "exposure"

    def detect(self, view: View) -> list[Evidence]:
        return exposure(view)
