"""``baomi install-hook``: a plain ``.git/hooks/pre-commit`` for repositories that do not
use the pre-commit framework. It scans the index versions of the files a commit adds or
modifies, so what is checked is exactly what is committed."""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from markers.atomic import write_atomic
from scanner.publish.gitrepo import hooks_dir

MARKER = "# baomi-hook"
HOOK_TEMPLATE = """#!/bin/sh
{marker} (written by `baomi install-hook`; rerun it to update, do not edit)
# Refuses a commit that adds or modifies a document baomi blocks or cannot read.
# Bypass once, knowingly: git commit --no-verify
python={python}
[ -x "$python" ] || python=python3
git diff --cached --name-only --diff-filter=ACMR -z |
    xargs -0 -r "$python" -m scanner.cli scan --staged --
"""


class HookError(RuntimeError):
    """A pre-commit hook that is not baomi's is in the way."""


def hook_text(python: str = sys.executable) -> str:
    return HOOK_TEMPLATE.format(marker=MARKER, python=shlex.quote(python))


def install_hook(force: bool = False) -> tuple[Path, str]:
    """Write the hook; returns its path and what happened: ``installed``, ``updated``,
    ``unchanged``, or ``replaced`` (a foreign hook, kept as pre-commit.orig, with force)."""
    hook = hooks_dir() / "pre-commit"
    text = hook_text()
    outcome = "installed"
    if hook.exists():
        current = hook.read_text(encoding="utf-8", errors="replace")
        if current == text:
            return hook, "unchanged"
        if MARKER in current:
            outcome = "updated"
        elif not force:
            raise HookError(f"{hook} exists and is not baomi's; use the pre-commit framework "
                            "(see README) or --force to replace it (kept as pre-commit.orig)")
        else:
            os.replace(hook, hook.with_name("pre-commit.orig"))
            outcome = "replaced"
    hook.parent.mkdir(parents=True, exist_ok=True)
    # Executable from the moment it has its name: git skips a hook that is not.
    write_atomic(hook, text.encode("utf-8"), replace=True, mode=0o755)
    return hook, outcome
