"""Batch audit figures (issue 7), each a ratio of two timings taken in this one run.

    python bench/batch_bench.py [--files 300] [--runs 5] [--match-mb 20]

On a generated corpus (half PDF, half DOCX, one in ten sensitive):

a. full scan vs bare text extraction of the same files, in one process (target <= 1.2x);
b. ``baomi scan -j 2`` vs ``-j 1`` as new processes with ``--no-cache`` (target >= 1.5x on
   two cores), beside bare extraction's own speed-up in two processes (multiprocessing);
c. a warm-cache rescan vs a cold scan, new processes with a fresh ``BAOMI_CACHE_DIR``
   (target <= 0.05x); the two reports must be identical;
d. dictionary matching: the scanner's Aho-Corasick automaton over the corpus's extracted,
   normalised text vs ``grep -F -o -f terms.txt`` over the same text, in MB/s of UTF-8.
   The text is repeated up to ``--match-mb`` so that grep's start-up does not dominate.

Every timing is the best of ``--runs``, the cases compared taking turns; the machine is shared and noisy, so the ratios are
the figures and absolute seconds are context. Subprocesses run with bytecode cached outside
the source tree, as an installed package has it.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus  # noqa: E402
from measure import (  # noqa: E402
    bare_extract, best_interleaved, best_of, extract_one, full_scan, run_baomi, subprocess_env,
)

from scanner.run.batch import default_jobs  # noqa: E402
from scanner.dictionary import load_dictionary  # noqa: E402
from scanner.extract import extract  # noqa: E402
from scanner.pipeline import Settings  # noqa: E402
from scanner.text_utils import normalize  # noqa: E402


def in_process(files: list[Path], runs: int) -> tuple[float, float]:
    """(bare extraction s, full scan s), after a warm-up pass that loads everything."""
    settings = Settings()
    full_scan(files[:1], settings)  # dictionaries, automaton and jieba, once
    bare_extract(files)
    best = best_interleaved(runs, {"extract": (bare_extract, files),
                                   "scan": (full_scan, files, settings)})
    return best["extract"], best["scan"]


def _extract_in_pool(files: list[Path], jobs: int) -> None:
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                      else "spawn")
    with ctx.Pool(jobs) as pool:
        for _ in pool.imap_unordered(extract_one, files, chunksize=4):
            pass


def parallel(folder: Path, files: list[Path], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Seconds for ``baomi scan -j 1`` and ``-j 2`` (no cache), and for bare extraction in
    one process and in a pool of two."""
    scan = ["scan", str(folder), "--no-cache", "-q"]
    run_baomi(scan + ["-j", "1"], env)  # warm the page cache and the bytecode cache
    return best_interleaved(runs, {
        "scan -j 1": (run_baomi, scan + ["-j", "1"], env),
        "scan -j 2": (run_baomi, scan + ["-j", "2"], env),
        "extract x1": (bare_extract, files),
        "extract x2": (_extract_in_pool, files, 2)})


def cache(folder: Path, tmp: Path, runs: int, env: dict[str, str]) -> tuple[float, float]:
    """(cold s, warm s): each cold run in a fresh cache folder, then rescans of it."""
    cold, warm = float("inf"), float("inf")
    for run in range(runs):
        cache_env = {**env, "BAOMI_CACHE_DIR": str(tmp / f"cache{run}")}
        reports = [tmp / f"cold{run}.json", tmp / f"warm{run}.json"]
        scan = ["scan", str(folder), "--format", "json", "-o"]
        cold = min(cold, run_baomi(scan + [str(reports[0])], cache_env))
        warm = min(warm, best_of(runs, run_baomi, scan + [str(reports[1])], cache_env))
        if reports[0].read_bytes() != reports[1].read_bytes():
            raise SystemExit("the warm rescan's report differs from the cold scan's")
    return cold, warm


def matching(files: list[Path], tmp: Path, runs: int, min_mb: float) -> dict[str, float]:
    """MB/s of the automaton and of ``grep -F`` over the same normalised text."""
    dictionary = load_dictionary()
    automaton = dictionary.automaton
    lines = [normalize(seg.text)[0].replace("\n", " ")
             for p in files for seg in extract(p.read_bytes()).segments]
    corpus_text = "\n".join(lines) + "\n"
    corpus_mb = len(corpus_text.encode()) / 1e6
    text = corpus_text * max(1, round(min_mb / corpus_mb))
    text_path, terms_path = tmp / "text.txt", tmp / "terms.txt"
    text_path.write_text(text, encoding="utf-8")
    terms_path.write_text("\n".join(t.text for t in dictionary.terms) + "\n", encoding="utf-8")
    mb = text_path.stat().st_size / 1e6
    grep = ["grep", "-F", "-o", "-f", str(terms_path), str(text_path)]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    grep_out = tmp / "grep.out"

    def run_grep() -> None:
        # Into a file, not /dev/null: GNU grep stops at the first match when its output
        # is /dev/null, as with -q.
        with open(grep_out, "wb") as out:
            subprocess.run(grep, stdout=out, env=env, check=False)

    automaton_s = best_of(runs, automaton.find_matches_as_indexes, text)
    grep_s = best_of(runs, run_grep)
    found = len(automaton.find_matches_as_indexes(text))
    grep_found = grep_out.read_bytes().count(b"\n")
    return {"corpus MB": corpus_mb, "MB": mb, "terms": len(dictionary.terms),
            "automaton MB/s": mb / automaton_s, "grep MB/s": mb / grep_s,
            "automaton s": automaton_s, "grep s": grep_s,
            "matches": found, "grep matches": grep_found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--match-mb", type=float, default=20.0,
                        help="repeat the corpus text to at least this many MB for (d)")
    args = parser.parse_args(argv)
    if shutil.which("grep") is None:
        raise SystemExit("grep is needed for the matching comparison")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "corpus"
        files = make_corpus(folder, args.files)
        size = sum(p.stat().st_size for p in files) / 1e6
        env = subprocess_env(tmp / "pycache")
        extract_s, scan_s = in_process(files, args.runs)
        par = parallel(folder, files, args.runs, env)
        cold, warm = cache(folder, tmp, args.runs, env)
        match = matching(files, tmp, args.runs, args.match_mb)

    print(f"corpus: {len(files)} files (half PDF, half DOCX), {size:.1f} MB; "
          f"{default_jobs()} CPUs; best of {args.runs}")
    print("\na. one process")
    print(f"   bare extraction {extract_s:6.2f} s ({len(files) / extract_s:.0f} files/s)")
    print(f"   full scan       {scan_s:6.2f} s ({len(files) / scan_s:.0f} files/s)")
    print(f"   scan / extraction:            {scan_s / extract_s:.2f}x   (target <= 1.2x)")
    print("\nb. two processes (baomi as a new process each time, --no-cache)")
    print(f"   baomi scan -j 1 {par['scan -j 1']:6.2f} s")
    print(f"   baomi scan -j 2 {par['scan -j 2']:6.2f} s")
    print(f"   bare extraction, 1 process {par['extract x1']:6.2f} s, "
          f"2 processes {par['extract x2']:6.2f} s")
    print(f"   scan -j 1 / -j 2:             {par['scan -j 1'] / par['scan -j 2']:.2f}x   "
          "(target >= 1.5x on 2 cores)")
    print(f"   bare extraction 1 / 2 procs:  {par['extract x1'] / par['extract x2']:.2f}x   "
          "(reference)")
    print("\nc. result cache (baomi scan, default -j, fresh BAOMI_CACHE_DIR)")
    print(f"   cold scan       {cold:6.2f} s")
    print(f"   warm rescan     {warm:6.2f} s (report identical)")
    print(f"   warm / cold:                  {warm / cold:.3f}x  (target <= 0.05x)")
    print(f"\nd. dictionary matching: {match['terms']} terms over {match['MB']:.1f} MB of "
          f"normalised text (the corpus's {match['corpus MB']:.1f} MB, repeated)")
    print(f"   Aho-Corasick automaton {match['automaton MB/s']:6.1f} MB/s "
          f"({match['automaton s']:.2f} s, {match['matches']} matches)")
    print(f"   grep -F -o -f terms    {match['grep MB/s']:6.1f} MB/s "
          f"({match['grep s']:.2f} s, {match['grep matches']} matches)")
    print(f"   automaton / grep:             {match['automaton MB/s'] / match['grep MB/s']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
