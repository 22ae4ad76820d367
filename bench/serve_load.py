"""Load on ``baomi serve`` (issue 15), against ``baomi scan`` of the same files, in one run.

    python bench/serve_load.py [--requests 500] [--concurrency 16] [-j N]

The sample documents (sample_docs/*.docx, *.pdf) are posted ``--requests`` times in turn by
``--concurrency`` clients at once to a server on loopback, first with ``--no-cache`` (every
upload read by a worker), then with the result cache (a CMS re-checking the same
attachments). For each: throughput, p50 and p95 latency, and errors (any answer but 200, or
a verdict other than ``baomi scan``'s for that file; must be 0). Beside them, ``baomi scan
--no-cache -j N`` over a folder holding the same ``--requests`` files, as one new process.
The machine is shared and noisy: ratios are the figures, seconds are context.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "sample_docs").iterdir() if p.suffix in (".docx", ".pdf"))


def environment(folder: Path) -> dict[str, str]:
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    return {**os.environ, "BAOMI_CACHE_DIR": str(folder / "cache"), "BAOMI_OCR": "off",
            "BAOMI_LEDGER": str(folder / "ledger.sqlite3"), "TMPDIR": str(folder / "tmp"),
            "PYTHONDONTWRITEBYTECODE": "1"}


def cli_scan(folder: Path, env: dict[str, str], jobs: int, count: int) -> tuple[float, dict]:
    """``baomi scan --no-cache`` of ``count`` copies of the samples: seconds, verdict by sample."""
    files = folder / "files"
    files.mkdir()
    for i in range(count):
        sample = SAMPLES[i % len(SAMPLES)]
        shutil.copyfile(sample, files / f"{i:04d}-{sample.name}")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scanner.cli", "scan", "--no-cache", "-j",
                           str(jobs), "--format", "json", str(files)], capture_output=True,
                          env=env)
    seconds = time.perf_counter() - started
    verdicts = {Path(f["path"]).name.split("-", 1)[1]: f["verdict"]
                for f in json.loads(done.stdout)["files"]}
    return seconds, verdicts


async def load(url: str, requests: int, concurrency: int,
               expected: dict[str, str]) -> tuple[float, list[float], int]:
    """Seconds for all, each request's latency, and the number of errors."""
    payloads = [(p.name, p.read_bytes()) for p in SAMPLES]
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        for i in counter:
            name, data = payloads[i % len(payloads)]
            started = time.perf_counter()
            answer = await http.post(url + "/api/v1/scan", files={"file": (name, data)})
            latencies.append(time.perf_counter() - started)
            if answer.status_code != 200 or (
                    answer.json()["files"][0]["verdict"] != expected[name]):
                errors += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(timeout=300, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


def served(folder: Path, env: dict[str, str], jobs: int, *options: str):
    log = folder / "serve.stderr"
    err = open(log, "wb")
    process = subprocess.Popen([sys.executable, "-m", "scanner.cli", "serve", "--port", "0",
                                "-j", str(jobs), "--queue", "256", *options],
                               stdout=err, stderr=err, env=env)
    for _ in range(600):
        found = re.search(r"listening on (http://\S+)/", log.read_text(errors="replace"))
        if found or process.poll() is not None:
            break
        time.sleep(0.1)
    if not found:
        raise SystemExit(f"server did not start: {log.read_text(errors='replace')}")
    return process, found.group(1)


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="baomi-serve-load-") as tmp:
        folder = Path(tmp)
        env = environment(folder)
        cli_seconds, expected = cli_scan(folder, env, args.jobs, args.requests)
        print(f"{args.requests} requests, {args.concurrency} clients, -j {args.jobs}, "
              f"{len(SAMPLES)} sample documents in turn")
        print(f"baomi scan --no-cache -j {args.jobs}: {cli_seconds:.1f} s, "
              f"{args.requests / cli_seconds:.1f} files/s (one new process, start-up included)")
        for label, options in (("serve --no-cache", ("--no-cache",)), ("serve, cached", ())):
            process, url = served(folder, env, args.jobs, *options)
            try:
                seconds, latencies, errors = asyncio.run(
                    load(url, args.requests, args.concurrency, expected))
            finally:
                process.terminate()
                process.wait(60)
            print(f"{label}: {seconds:.1f} s, {args.requests / seconds:.1f} requests/s "
                  f"({seconds / cli_seconds:.2f}x the CLI's time), p50 "
                  f"{percentile(latencies, 0.5) * 1000:.0f} ms, p95 "
                  f"{percentile(latencies, 0.95) * 1000:.0f} ms, errors {errors}")


if __name__ == "__main__":
    main()
