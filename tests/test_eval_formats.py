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
# Cases whose verdict still differs between forms (measured when the weights were last
# fitted: 65 of 702, most of them PDF, where table cells wrapped in narrow columns and
# short lines are not rebuilt into one passage); strict, so a fix must remove its entry.
KNOWN_DIFFERENCES: dict[str, str] = {
    "audit_05": "pdf passes, the other forms do not",
    "audit_12": "pdf blocks, the other forms do not",
    "bidding_06": "pdf passes, the other forms do not",
    "budget_09": "pdf passes, the other forms do not",
    "budget_11": "pdf passes, the other forms do not",
    "communications_09": "pdf blocks, the other forms do not",
    "cyber_06": "pdf passes, the other forms do not",
    "emergency_12": "pdf blocks, the other forms do not",
    "environment_08": "pdf blocks, the other forms do not",
    "exams_02": "pdf passes, the other forms do not",
    "exams_08": "pdf passes, the other forms do not",
    "health_04": "pdf passes, the other forms do not",
    "housing_06": "pdf passes, the other forms do not",
    "inspection_07": "pdf blocks, the other forms do not",
    "itinerary_02": "pdf passes, the other forms do not",
    "itinerary_08": "pdf blocks, the other forms do not",
    "judiciary_05": "pdf passes, the other forms do not",
    "judiciary_10": "pdf passes, the other forms do not",
    "land_09": "pdf blocks, the other forms do not",
    "military-service_05": "pdf passes, the other forms do not",
    "military-service_07": "pdf blocks, the other forms do not",
    "minutes_02": "pdf passes, the other forms do not",
    "minutes_03": "pdf passes, the other forms do not",
    "minutes_04": "pdf passes, the other forms do not",
    "planning_05": "pdf passes, the other forms do not",
    "police_03": "pdf passes, the other forms do not",
    "r2-implicit-05-reserves": "pdf blocks, the other forms do not",
    "r2-implicit-08-discipline": "pdf passes, the other forms do not",
    "r2-implicit-17-finance": "pdf passes, the other forms do not",
    "r2-implicit-18-tax": "pdf passes, the other forms do not",
    "r2-news-06-budget": "pdf blocks, the other forms do not",
    "r2-news-20-minutes": "pdf blocks, the other forms do not",
    "r2-rules-02-emergency": "pdf blocks, the other forms do not",
    "r2-rules-04-prices": "pdf blocks, the other forms do not",
    "r2-rules-05-judiciary": "pdf blocks, the other forms do not",
    "r2-rules-09-inspection": "pdf blocks, the other forms do not",
    "r2-statement-19-petition": "pdf blocks, the other forms do not",
    "r2-statement-23-cyber": "pdf passes, the other forms do not",
    "r2-trap-08-science": "md passes, the other forms do not",
    "r2-trap-12-soe": "pdf blocks, the other forms do not",
    "r2-trap-14-security-admin": "pdf blocks, the other forms do not",
    "r3-rules-09-minutes": "pdf blocks, the other forms do not",
    "r3-sector-stage-01-bidding": "pdf passes, the other forms do not",
    "r3-sector-stage-03-environment": "pdf passes, the other forms do not",
    "r3-sector-stage-07-reserves": "pdf passes, the other forms do not",
    "r3-sector-stage-09-exams": "docx/html passes, the other forms do not",
    "r3-sector-stage-14-itinerary": "pdf passes, the other forms do not",
    "r3-sector-stage-15-health": "pdf passes, the other forms do not",
    "r3-sector-stage-17-planning": "pdf passes, the other forms do not",
    "r3-stage-16-recruitment": "pdf passes, the other forms do not",
    "r3-stage-17-cyber": "pdf passes, the other forms do not",
    "r3-stage-18-market": "pdf passes, the other forms do not",
    "r3-statement-11-market": "pdf passes, the other forms do not",
    "r3-statement-12-finance": "pdf passes, the other forms do not",
    "r3-statement-25-cyber": "pdf passes, the other forms do not",
    "r3-trap-08-communications": "pdf passes, the other forms do not",
    "recruitment_03": "docx/md passes, the other forms do not",
    "reserves_03": "pdf passes, the other forms do not",
    "reserves_04": "pdf passes, the other forms do not",
    "science_11": "pdf blocks, the other forms do not",
    "security-admin_03": "md blocks, the other forms do not",
    "security-admin_09": "pdf blocks, the other forms do not",
    "soe_01": "pdf passes, the other forms do not",
    "statistics_05": "pdf passes, the other forms do not",
    "statistics_12": "pdf blocks, the other forms do not",
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
