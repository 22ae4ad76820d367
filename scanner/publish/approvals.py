"""Approvals (审签, 先审后发): a reviewer's sign-off that lets one exact file be published.

``.baomi-approvals.toml`` is committed with the site, beside ``.baomi.toml`` (else at the
repository root). Each entry holds the file's path relative to that folder, its sha256,
who approved, when (UTC) and why; never the text that was found. An approval covers the
bytes it was given: any change to the file and it no longer applies.

An approved file keeps its status (what baomi found stays on record) but its verdict is
``pass``, and the result carries the approval. An approval accepts what baomi *found* (a
content finding the reviewer judges a false alarm); it never lifts a marking: a file that
carries a national-secret or work-secret mark stays ``block`` (保守国家秘密法 第十九条:
declassification, 解密, is the originator's decision, and a 解密 stamp makes it ``review``).
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from scanner.config import APPROVALS_NAME
from scanner.model import FileResult, Status, Verdict
from scanner.plain import replace

_KEYS = ("path", "sha256", "by", "at", "reason")
_HEADER = """\
# baomi approvals (审签). Written by `baomi approve`; commit it with the site.
# Each entry lets one exact file (by sha256) pass; any change to the file voids it.
"""


# Statuses no approval can lift: the file carries a marking.
MARKED = (Status.CLASSIFIED, Status.RESTRICTED)


class ApprovalError(ValueError):
    """An approvals file that cannot be read, or a file that cannot be approved."""


@dataclass(frozen=True)
class Approval:
    """One reviewer's sign-off: this exact content (sha256) at this path may pass."""

    path: str  # relative to the approvals file's folder, with / separators
    sha256: str
    by: str
    at: str  # ISO 8601, UTC
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"by": self.by, "at": self.at, "reason": self.reason}


@dataclass
class Approvals:
    """An approvals file and its entries, keyed by path relative to its folder."""

    file: Path
    entries: dict[str, Approval]

    @property
    def root(self) -> Path:
        return self.file.parent

    def key(self, path: str | Path) -> str:
        """The entry key of a file given relative to cwd or absolute."""
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()

    def state(self, approval: Approval) -> str:
        """``valid``, ``changed`` (the bytes differ: the approval no longer applies) or
        ``missing`` (the file is gone: an orphaned approval)."""
        try:
            digest = sha256_of(self.root / approval.path)
        except FileNotFoundError:
            return "missing"
        return "valid" if digest == approval.sha256 else "changed"


def approvals_file(config_path: Path | None, repo_root: Path | None) -> Path:
    """Beside the config when there is one, else at the repository root, else here."""
    folder = config_path.parent if config_path else (repo_root or Path.cwd())
    return folder / APPROVALS_NAME


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_approvals(file: Path) -> Approvals:
    if not file.exists():
        return Approvals(file.resolve(), {})
    if sys.version_info >= (3, 11):  # here: most scans have no approvals file to parse
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ApprovalError(f"{file}: {exc}") from exc
    entries = {}
    for raw in data.get("approval", []):
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in _KEYS):
            raise ApprovalError(f"{file}: every [[approval]] needs {', '.join(_KEYS)} as strings")
        entries[raw["path"]] = Approval(**{k: raw[k] for k in _KEYS})
    return Approvals(file.resolve(), entries)


def approve(approvals: Approvals, path: Path, by: str, reason: str) -> Approval:
    """Record (or renew) the approval of ``path`` as its bytes are now, and save."""
    key = approvals.key(path)
    if key.startswith("../"):
        raise ApprovalError(f"{path}: outside {approvals.root}, where the approvals are kept")
    from datetime import datetime, timezone  # only to record one: a scan applies them

    at = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    approval = Approval(key, sha256_of(path), by, at, reason)
    approvals.entries[key] = approval
    save_approvals(approvals)
    return approval


def save_approvals(approvals: Approvals) -> None:
    """Written atomically (temp file + rename) by tomli-w, sorted by path so diffs stay
    small."""
    import tomli_w  # writing: only for ``baomi approve``

    from markers.atomic import write_atomic

    table = {"approval": [{k: getattr(approvals.entries[key], k) for k in _KEYS}
                          for key in sorted(approvals.entries)]}
    text = _HEADER + "\n" + tomli_w.dumps(table)
    write_atomic(approvals.file, text.encode("utf-8"), replace=True)


def apply_approvals(results: list[FileResult], approvals: Approvals,
                    base: Path = Path()) -> list[FileResult]:
    """Results with a valid approval (same path, same sha256) get verdict ``pass`` and
    carry the approval. Result paths are relative to ``base`` (cwd by default; the
    repository root for a staged scan)."""
    if not approvals.entries:
        return results
    out = []
    for result in results:
        approval = approvals.entries.get(approvals.key(base / result.path))
        if (approval and result.verdict is not Verdict.PASS and approval.sha256 == result.sha256
                and result.status not in MARKED):
            result = replace(result, verdict=Verdict.PASS, approval=approval.to_dict())
        out.append(result)
    return out
