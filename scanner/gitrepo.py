"""The few git plumbing calls baomi needs: where the repository is, what the index holds,
and the bytes of index blobs. Plain subprocess calls to the user's git."""
from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Index entries that are not files with content: symlinks hold a target path, gitlinks a
# submodule commit.
_SKIPPED_MODES = ("120000", "160000")
_CHUNK = 1 << 20


class GitError(RuntimeError):
    """git is missing, or the command failed; the message is git's own."""


def git(*args: str, cwd: str | Path | None = None) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"git {args[0]} failed")
    return proc.stdout.decode("utf-8", "surrogateescape")


def toplevel(cwd: str | Path | None = None) -> Path | None:
    """The working tree root of the repository around ``cwd``, or None outside one."""
    try:
        return Path(git("rev-parse", "--show-toplevel", cwd=cwd).strip())
    except GitError:
        return None


@dataclass(frozen=True)
class IndexEntry:
    path: str  # relative to the working directory, as the user names it
    repo_path: str  # relative to the repository root
    blob: str


def index_entries(paths: list[str]) -> list[IndexEntry]:
    """Stage-0 index entries under ``paths`` (files or folders, literal, relative to cwd).
    Raises GitError when a path matches nothing in the index."""
    prefix = git("rev-parse", "--show-prefix").strip()
    out = git("--literal-pathspecs", "ls-files", "-s", "-z", "--error-unmatch", "--", *paths)
    entries = []
    for record in filter(None, out.split("\0")):
        info, path = record.split("\t", 1)
        mode, blob, stage = info.split()
        if stage == "0" and mode not in _SKIPPED_MODES:
            entries.append(IndexEntry(path, prefix + path, blob))
    return entries


def read_blobs(blobs: Iterable[str], max_bytes: int) -> Iterator[bytes | int]:
    """The content of each blob in turn (one ``git cat-file --batch``), or its size in
    bytes when it is over ``max_bytes`` (read and dropped, not kept in memory)."""
    proc = subprocess.Popen(["git", "cat-file", "--batch"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for blob in blobs:
            proc.stdin.write(blob.encode() + b"\n")
            proc.stdin.flush()  # one request, one answer: the pipes never fill up
            header = proc.stdout.readline().split()
            if len(header) != 3:
                raise GitError(f"git cat-file: object {blob} is missing")
            size = int(header[2])
            if size > max_bytes:
                for _ in range(0, size + 1, _CHUNK):
                    proc.stdout.read(min(_CHUNK, size + 1))
                yield size
                continue
            data = proc.stdout.read(size)
            proc.stdout.read(1)  # the newline after the content
            yield data
    finally:
        proc.stdin.close()
        proc.stdout.close()
        proc.wait()


def hooks_dir() -> Path:
    """Where git looks for hooks here (core.hooksPath, worktrees and all)."""
    return Path(git("rev-parse", "--git-path", "hooks").strip()).resolve()
