"""What a scan loads before its files need it: the segmenter (jieba-rs, ~0.2 s of CPU and
~50 MB) loads only when a text asks for segmenting, except in a parent about to fork
several workers, which loads it once for all of them. Each case runs in a fresh Python
process, whose ``sys.modules`` it reports."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import write_docx
from test_batch import CLEAN, DRAFT

from scanner.pipeline import Settings, scan_file

WORKER = """
import json, sys
from scanner.detect import segmenter
from scanner.run.batch import Task, run_task, warm_up
from scanner.settings import Settings
settings = Settings()
seen = [warm_up(settings, segmenter=False)]
for path in sys.argv[1:]:
    result = run_task(Task(path), settings)
    seen.append([result.verdict.value, segmenter.loaded()])
print(json.dumps(seen))
"""

COMMAND = """
import json, sys
from scanner.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "rjieba": "rjieba" in sys.modules}), file=sys.stderr)
"""


def _python(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, timeout=300)


def test_a_worker_loads_the_segmenter_when_a_text_first_needs_it(tmp_path):
    clean = str(write_docx(tmp_path / "clean.docx", CLEAN))
    draft = str(write_docx(tmp_path / "draft.docx", DRAFT))
    done = _python(WORKER, clean, draft, clean)
    assert done.returncode == 0, done.stderr
    settings = Settings()
    expected = [scan_file(p, settings).verdict.value for p in (clean, draft)]
    assert json.loads(done.stdout) == [False, [expected[0], False], [expected[1], True],
                                       [expected[0], True]]


def test_a_one_file_scan_loads_the_segmenter_only_in_the_worker_that_needs_it(tmp_path):
    clean = str(write_docx(tmp_path / "clean.docx", CLEAN))
    draft = str(write_docx(tmp_path / "draft.docx", DRAFT))
    runs = {}
    for name, args in {"one clean": ["-j", "1", clean], "one draft": ["-j", "1", draft],
                       "two files, two workers": ["-j", "2", clean, draft]}.items():
        done = _python(COMMAND, "scan", "--no-cache", "-q", *args)
        runs[name] = json.loads(done.stderr.strip().splitlines()[-1])
    # The draft is block either way: a worker loaded the segmenter to read it.
    assert runs == {"one clean": {"code": 0, "rjieba": False},
                    "one draft": {"code": 1, "rjieba": False},
                    "two files, two workers": {"code": 1, "rjieba": True}}


def test_the_warm_up_texts_ask_for_what_they_should():
    done = _python("""
import json, sys
from scanner.detect import segmenter
from scanner.pipeline import Settings, scan_bytes
from scanner.run.batch import WARM_UP_PLAIN, WARM_UP_TEXT
settings = Settings()
plain = scan_bytes(WARM_UP_PLAIN, "w.txt", settings).verdict.value
first = [segmenter.loaded(), "opencc" in sys.modules]
full = scan_bytes(WARM_UP_TEXT, "w.txt", settings).verdict.value
print(json.dumps([plain, first, full, [segmenter.loaded(), "opencc" in sys.modules]]))
""")
    assert done.returncode == 0, done.stderr
    # The plain text goes through the detectors without a word to segment or a traditional
    # character to convert; the full one has a finding, a window to segment and 請.
    assert json.loads(done.stdout) == ["pass", [False, False], "block", [True, True]]
