"""Warm rescan against bare extraction (issue 13 item 3), a ratio of two timings taken in
this one run:

    python bench/warm_rescan.py [--files 300] [--runs 5]

a. bare text extraction of the corpus's files, in one process (read, sniff, extract);
b. ``baomi scan FOLDER`` as a new process over the same unchanged folder, its cache warm
   (target <= 0.05x of a), and which heavy modules that process imported (none should be:
   the cache answers for every file before anything heavier than the cache loads).

The corpus is bench/corpus.py's (half PDF, half DOCX). Every timing is the best of
``--runs``, the two taking turns; absolute seconds are context on a shared machine.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402
from measure import bare_extract, best_interleaved, run_baomi, subprocess_env  # noqa: E402

# What a warm rescan must not import: readers, segmenter, dictionaries, detectors.
HEAVY = ("pymupdf", "fitz", "jieba", "docx", "lxml", "pdfplumber", "opencc", "ahocorasick_rs",
         "scanner.dictionary", "scanner.pipeline", "scanner.detect", "scanner.extract.pdf",
         "scanner.extract.docx")


def heavy_imports(folder: Path, env: dict[str, str]) -> list[str]:
    """The HEAVY modules a warm ``baomi scan`` process imports (``-X importtime``)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "scanner.cli", "scan",
                           str(folder), "-q"], env=env, capture_output=True, text=True)
    names = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:")}
    return sorted(n for n in names if n.split(".")[0] in HEAVY or n in HEAVY
                  or any(n.startswith(h + ".") for h in HEAVY))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "corpus"
        files = make_corpus(folder, args.files)
        env = subprocess_env(tmp / "pycache", BAOMI_CACHE_DIR=str(tmp / "cache"))
        scan = ["scan", str(folder), "-q"]
        run_baomi(scan, env)  # cold: fills the cache and the bytecode cache
        bare_extract(files)  # loads the readers once
        best = best_interleaved(args.runs, {"extract": (bare_extract, files),
                                            "warm": (run_baomi, scan, env)})
        heavy = heavy_imports(folder, env)
    print(f"corpus: {len(files)} files (half PDF, half DOCX); {os.cpu_count()} CPUs; "
          f"best of {args.runs}")
    print(f"   bare extraction, in process {best['extract']:6.2f} s")
    print(f"   warm rescan, new process    {best['warm']:6.2f} s")
    print(f"   warm rescan / extraction:   {best['warm'] / best['extract']:.3f}x  "
          "(target <= 0.05x)")
    print(f"   heavy modules imported by the warm rescan: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
