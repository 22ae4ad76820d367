"""The same text gets the same verdict whatever the format: every blind-written case
rendered as DOCX, PDF (lines hard-wrapped, text in blocks, a header and footer on every
page, as PDF writers do), HTML and Markdown, scanned, one verdict."""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parent / "eval"
sys.path.insert(0, str(EVAL))

from cases import load_cases  # noqa: E402
from render import SUFFIX, parse, render  # noqa: E402
from scanner.pipeline import Settings, scan_bytes  # noqa: E402

FORMS = ("docx", "pdf", "html", "md")
CASES = load_cases()
# Cases whose verdict still differs between forms (measured when the test was written: 58
# of 432, most of them PDF, where table cells wrapped in narrow columns and short lines are
# not rebuilt into one passage); strict, so a fix must remove its entry.
KNOWN_DIFFERENCES: dict[str, str] = {
    "audit_05": "pdf passes, the other forms do not",
    "bidding_06": "pdf passes, the other forms do not",
    "budget_02": "pdf passes, the other forms do not",
    "budget_06": "pdf passes, the other forms do not",
    "budget_09": "pdf passes, the other forms do not",
    "communications_09": "pdf blocks, the other forms do not",
    "discipline_04": "pdf passes, the other forms do not",
    "discipline_08": "pdf passes, the other forms do not",
    "discipline_09": "pdf blocks, the other forms do not",
    "emergency_02": "pdf passes, the other forms do not",
    "emergency_04": "pdf passes, the other forms do not",
    "emergency_06": "md blocks, the other forms do not",
    "emergency_11": "pdf passes, the other forms do not",
    "emergency_12": "pdf blocks, the other forms do not",
    "environment_08": "pdf blocks, the other forms do not",
    "finance_04": "docx/html passes, the other forms do not",
    "finance_10": "pdf passes, the other forms do not",
    "flood_01": "pdf passes, the other forms do not",
    "flood_02": "pdf passes, the other forms do not",
    "flood_03": "pdf passes, the other forms do not",
    "housing_06": "pdf passes, the other forms do not",
    "inspection_04": "pdf blocks, the other forms do not",
    "inspection_06": "md blocks, the other forms do not",
    "inspection_07": "pdf blocks, the other forms do not",
    "itinerary_02": "pdf passes, the other forms do not",
    "itinerary_03": "pdf passes, the other forms do not",
    "itinerary_05": "md blocks, the other forms do not",
    "judiciary_10": "pdf passes, the other forms do not",
    "land_05": "pdf passes, the other forms do not",
    "market_02": "pdf passes, the other forms do not",
    "market_06": "pdf passes, the other forms do not",
    "military-service_01": "pdf passes, the other forms do not",
    "military-service_02": "docx/html passes, the other forms do not",
    "military-service_05": "pdf passes, the other forms do not",
    "organisation_05": "pdf passes, the other forms do not",
    "organisation_06": "pdf passes, the other forms do not",
    "personnel_01": "pdf passes, the other forms do not",
    "personnel_02": "pdf passes, the other forms do not",
    "personnel_04": "docx/html passes, the other forms do not",
    "personnel_10": "pdf passes, the other forms do not",
    "petition_12": "pdf passes, the other forms do not",
    "police_03": "pdf passes, the other forms do not",
    "police_09": "pdf passes, the other forms do not",
    "recruitment_03": "docx/md passes, the other forms do not",
    "recruitment_04": "pdf passes, the other forms do not",
    "reserves_01": "pdf passes, the other forms do not",
    "reserves_04": "pdf passes, the other forms do not",
    "reserves_06": "pdf passes, the other forms do not",
    "reserves_11": "pdf passes, the other forms do not",
    "science_01": "pdf passes, the other forms do not",
    "science_02": "pdf passes, the other forms do not",
    "science_12": "pdf passes, the other forms do not",
    "security-admin_02": "docx/html passes, the other forms do not",
    "security-admin_03": "md blocks, the other forms do not",
    "security-admin_09": "pdf blocks, the other forms do not",
    "soe_11": "pdf passes, the other forms do not",
    "statistics_01": "pdf passes, the other forms do not",
    "tax_01": "md blocks, the other forms do not",
}


def _verdicts(case_id: str) -> tuple[str, dict[str, str]]:
    settings = Settings()
    case = parse((EVAL / "cases" / f"{case_id}.txt").read_text(encoding="utf-8"))
    return case_id, {form: scan_bytes(render(case, form), case_id + SUFFIX[form],
                                      settings).verdict.value for form in FORMS}


@pytest.fixture(scope="module")
def verdicts():
    """Every case in every form, on all cores (1,700 scans)."""
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(pool.map(_verdicts, [row["id"] for row in CASES], chunksize=8))


@pytest.mark.parametrize("case_id", [
    pytest.param(row["id"], marks=pytest.mark.xfail(strict=True,
                                                    reason=KNOWN_DIFFERENCES[row["id"]]))
    if row["id"] in KNOWN_DIFFERENCES else row["id"] for row in CASES])
def test_one_verdict_in_every_form(verdicts, case_id):
    got = verdicts[case_id]
    assert len(set(got.values())) == 1, got
