"""The few git plumbing calls baomi needs: where the repository is, what the index holds,
and the bytes of index blobs. Plain subprocess calls to the user's git."""
from __future__ import annotations

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
    import subprocess  # here: a scan that never asks git does not pay for it

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
    """A file staged in git's index: its path as the user names it, its path in the
    repository, and its blob id."""

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
    bytes when it is over ``max_bytes`` (read and dropped, not kept in memory).

    The requests go to git as a file, not a pipe: worker processes forked while git runs
    inherit the parent's pipe ends, and git would wait for the end of a request pipe they
    hold open. For the same reason a reader that stops early kills git rather than wait."""
    import subprocess
    import tempfile  # only for --staged

    with tempfile.TemporaryFile() as requests:
        requests.write(b"".join(blob.encode() + b"\n" for blob in blobs))
        requests.seek(0)
        proc = subprocess.Popen(["git", "cat-file", "--batch"], stdin=requests,
                                stdout=subprocess.PIPE)
    assert proc.stdout is not None
    try:
        while header := proc.stdout.readline():
            fields = header.split()
            if len(fields) != 3:
                raise GitError(f"git cat-file: object {fields[0].decode(errors='replace')} "
                               "is missing")
            size = int(fields[2])
            if size > max_bytes:
                left = size + 1  # the content and the newline after it
                while left:
                    left -= len(proc.stdout.read(min(_CHUNK, left))) or left
                yield size
                continue
            data = proc.stdout.read(size)
            proc.stdout.read(1)  # the newline after the content
            yield data
    finally:
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def hooks_dir() -> Path:
    """Where git looks for hooks here (core.hooksPath, worktrees and all)."""
    return Path(git("rev-parse", "--git-path", "hooks").strip()).resolve()
