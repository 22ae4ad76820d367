"""The one way baomi writes a file: whole or not at all, and never over what it must not.

    write_atomic(path, data, *, replace=False, mode_from=None)

The bytes go to a temp file in the same folder, are flushed to disk, then take the final
name: a crash mid-write leaves the old file (or none), never half a file. Without
``replace`` the final step is a hard link, which the OS refuses when the name exists, so of
several processes racing for one name exactly one wins and the others get
``FileExistsError`` (the create is exclusive even between the check and the write).

Permissions: ``mode`` sets them, ``mode_from`` copies another file's (a stamped copy keeps
the input's); otherwise the file gets what ``open()`` would give it under the user's umask — a temp file
alone would leave it 0600.
"""
from __future__ import annotations

import errno
import os

# Names tried for a temp file before giving up; each has 48 random bits (as unlikely to
# collide as tempfile's), so a second try is already rare.
_TEMP_TRIES = 100


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], data: bytes, *, replace: bool = False,
                 mode_from: str | os.PathLike[str] | None = None,
                 mode: int | None = None) -> None:
    """Write ``data`` to ``path``; raises FileExistsError when it exists and not ``replace``,
    OSError when the folder cannot be written. ``mode`` sets the permissions outright (an
    executable hook is executable from the moment it has its name)."""
    # os.fspath, not Path: a warm rescan that writes its report loads no pathlib.
    path = os.fspath(path)
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:
            mode = os.stat(mode_from).st_mode & 0o7777 if mode_from is not None else _umask_mode()
        os.chmod(tmp, mode)
        if replace:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)
        except OSError as exc:
            if exc.errno == errno.EEXIST or not _links_unsupported(exc):
                raise
            # A file system without hard links (some network shares): O_EXCL still makes
            # the create exclusive; the content is complete before the name is visible
            # to readers that wait for the writer to finish.
            with open(path, "xb") as handle:
                handle.write(data)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def _temp_beside(path: str) -> tuple[int, str]:
    """(descriptor, name) of a new file ``.NAME.RANDOM.tmp`` in ``path``'s folder, created
    exclusively and 0600, as ``tempfile.mkstemp`` does; os.open instead because importing
    tempfile (shutil, random) costs a warm rescan that writes its report 6 ms."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(
        os, "O_BINARY", 0)
    for _ in range(_TEMP_TRIES):
        folder, name = os.path.split(path)
        tmp = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _links_unsupported(exc: OSError) -> bool:
    return exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK)
