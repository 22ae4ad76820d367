"""A real ``baomi serve`` process on loopback, on a free port it reports itself."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_docs"
# Loading the dictionaries and jieba takes seconds; a slow CI machine gets a minute.
START_ATTEMPTS = 600
LISTENING = re.compile(r"listening on (http://\S+/)")


@dataclass
class Served:
    url: str
    stderr: Path  # everything the server printed
    tmp: Path  # its TMPDIR: where uploads may live while a request runs
    env: dict[str, str]


def server_env(folder: Path) -> dict[str, str]:
    """A cache, a ledger and a temp folder of the test's own; OCR off, as sample_docs
    expect (scanned_notice.pdf is review without it)."""
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "BAOMI_SERVE_TOKEN"}
    env.update(BAOMI_CACHE_DIR=str(folder / "cache"), BAOMI_LEDGER=str(folder / "ledger.sqlite3"),
               BAOMI_OCR="off", TMPDIR=str(folder / "tmp"), NO_COLOR="1")
    return env


@contextmanager
def serving(folder: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Start ``baomi serve --port 0 OPTIONS`` and stop it (SIGTERM) afterwards."""
    env = {**server_env(folder), **(env or {})}
    log = folder / "serve.stderr"
    with open(log, "wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "scanner.cli", "serve", "--port", "0",
                                    *options], stdout=err, stderr=err, env=env, cwd=folder)
    try:
        for _ in range(START_ATTEMPTS):
            found = LISTENING.search(log.read_text(encoding="utf-8", errors="replace"))
            if found or process.poll() is not None:
                break
            time.sleep(0.1)
        assert found, f"server did not start: {log.read_text(errors='replace')}"
        yield Served(found.group(1).rstrip("/"), log, folder / "tmp", env)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cli_json(env: dict[str, str], *args: str) -> dict:
    """``baomi scan --format json`` in a process of its own, with the server's environment."""
    import json

    done = subprocess.run([sys.executable, "-m", "scanner.cli", "scan", "--format", "json",
                           "--no-cache", *args], capture_output=True, env=env, cwd=REPO)
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    return json.loads(done.stdout)
