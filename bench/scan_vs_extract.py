"""Scan time against bare text extraction of the same files, in one process.

    python bench/scan_vs_extract.py [--files 200]

Bare extraction (read bytes, sniff, extract Segments) is the floor; the ratio says what
detection adds on top. Both are measured in the same run, after one warm-up pass, since
these machines are shared and noisy; absolute seconds are printed for context only.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402
from measure import bare_extract, best_of, full_scan  # noqa: E402

from scanner.pipeline import Settings  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), args.files)
        size = sum(p.stat().st_size for p in files) / 1e6
        settings = Settings()
        cold_start = time.perf_counter()
        blocked = full_scan(files[:1], settings)  # loads dictionaries and jieba once
        cold = time.perf_counter() - cold_start
        bare_extract(files)
        extract_s = best_of(args.runs, bare_extract, files)
        scan_s = best_of(args.runs, full_scan, files, settings)
        blocked = full_scan(files, settings)
    print(f"corpus: {len(files)} files (half PDF, half DOCX), {size:.1f} MB, {blocked} blocked")
    print(f"first file incl. dictionary + jieba load: {cold:.2f} s")
    print(f"bare extraction: {extract_s:.2f} s ({len(files) / extract_s:.0f} files/s)")
    print(f"full scan:       {scan_s:.2f} s ({len(files) / scan_s:.0f} files/s)")
    print(f"scan / extraction ratio: {scan_s / extract_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
