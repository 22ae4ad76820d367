"""Long fuzz run: mutate valid DOCX/PDF/HTML/zip/OFD/.doc files with hypothesis and scan each
with ``scan_bytes``; any exception that escapes, or an error list on a passing file, is a bug.

    python bench/fuzz_scan.py --examples 5000
    python bench/fuzz_scan.py --examples 3000 --kinds new   # the readers of issue 12
    python bench/fuzz_scan.py --examples 3000 --kinds pdf,ofd

Prints the number of cases, failures by exception type (with a reproducer saved to
bench/fuzz_failures/), cases per second and the slowest case.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

from fuzz_seeds import NEW_READERS, seeds  # noqa: E402
from scanner.model import Verdict  # noqa: E402
from scanner.pipeline import Settings, scan_bytes  # noqa: E402
from test_fuzz import mutated  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--kinds", default="all",
                        help="comma-separated seed kinds, 'new' (issue 12's readers: "
                        f"{', '.join(NEW_READERS)}) or 'all'")
    args = parser.parse_args()
    with TemporaryDirectory() as tmp:
        seed_files = seeds(Path(tmp))
    if args.kinds != "all":
        wanted = NEW_READERS if args.kinds == "new" else tuple(args.kinds.split(","))
        seed_files = {k: v for k, v in seed_files.items()
                      if k in wanted or k.split("-")[0] in wanted}
    scan_settings = Settings()
    failures: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    slowest = (0.0, "")
    out = ROOT / "bench" / "fuzz_failures"

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated(seed_files))
    def run(case):
        nonlocal slowest
        kind, data = case
        kinds[kind] += 1
        start = time.perf_counter()
        try:
            result = scan_bytes(data, f"fuzz.{kind}", scan_settings)
            if result.errors and result.verdict is Verdict.PASS:
                raise AssertionError("errors on a passing file")
        except Exception as exc:  # noqa: BLE001 - counting what escapes is the point
            name = f"{kind}: {type(exc).__name__}"
            failures[name] += 1
            out.mkdir(exist_ok=True)
            (out / f"{kind}-{failures[name]}.bin").write_bytes(data)
            if failures[name] == 1:
                traceback.print_exc()
        elapsed = time.perf_counter() - start
        if elapsed > slowest[0]:
            slowest = (elapsed, kind)

    started = time.perf_counter()
    run()
    total = sum(kinds.values())
    took = time.perf_counter() - started
    print(f"{total} cases ({dict(kinds)}) in {took:.0f} s, {total / took:.1f} cases/s; "
          f"slowest {slowest[0]:.2f} s ({slowest[1]}); failures: {dict(failures) or 'none'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
