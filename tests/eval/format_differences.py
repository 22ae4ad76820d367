"""The cases whose verdict differs between forms, printed as ``KNOWN_DIFFERENCES`` entries.

Every labelled case is rendered as DOCX, PDF, HTML and Markdown (render.py) and scanned;
``tests/test_eval_formats.py`` expects one verdict per case and lists the cases that still
differ. Run after a change to extraction or to the weights, and paste the output into it:

    python tests/eval/format_differences.py

Each entry names the smallest group of forms that agree (ties: the group holding the form
listed first in ``FORMS``), e.g. ``"pdf passes, the other forms do not"``.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

EVAL = Path(__file__).resolve().parent
sys.path.insert(0, str(EVAL))
sys.path.insert(0, str(EVAL.parents[1]))

from cases import load_cases  # noqa: E402
from render import SUFFIX, parse, render  # noqa: E402

FORMS = ("docx", "pdf", "html", "md")
_VERB = {"pass": "passes", "block": "blocks", "review": "is reviewed"}


def verdicts(case_id: str) -> tuple[str, dict[str, str]]:
    """(case id, {form: verdict}) for one case rendered in every form."""
    from scanner.pipeline import Settings, scan_bytes

    settings = Settings()
    case = parse((EVAL / "cases" / f"{case_id}.txt").read_text(encoding="utf-8"))
    return case_id, {form: scan_bytes(render(case, form), case_id + SUFFIX[form],
                                      settings).verdict.value for form in FORMS}


def all_verdicts() -> dict[str, dict[str, str]]:
    """Every case in every form, on all cores (about 2,200 scans)."""
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(pool.map(verdicts, [row["id"] for row in load_cases()], chunksize=8))


def describe(got: dict[str, str]) -> str | None:
    """How the forms of one case disagree, or None when they agree."""
    groups: dict[str, list[str]] = {}
    for form in FORMS:
        groups.setdefault(got[form], []).append(form)
    if len(groups) == 1:
        return None
    verdict, forms = min(groups.items(), key=lambda kv: (len(kv[1]), FORMS.index(kv[1][0])))
    return f"{'/'.join(forms)} {_VERB.get(verdict, verdict)}, the other forms do not"


def main() -> None:
    found = {case_id: describe(got) for case_id, got in sorted(all_verdicts().items())}
    differing = {k: v for k, v in found.items() if v}
    for case_id, text in differing.items():
        print(f'    "{case_id}": "{text}",')
    print(f"# {len(differing)} of {len(found)} cases differ", file=sys.stderr)


if __name__ == "__main__":
    main()
