"""The result cache: a file whose bytes were scanned before, with the same dictionaries,
code and settings, is not scanned again.

Three tables in one SQLite file:

- ``results``: (content sha256, settings key) → the FileResult's scanned fields,
  losslessly as a JSON list (``_KEPT``), and its entry in the JSON report rendered
  (``report.json``: json's indenting encoder is pure Python, and a rescan's report splices
  the entries instead);
- ``traces``: the same key → the judge's trace, apart: it is most of a result's bytes
  (≈ 97 % on regulation text) and only ``baomi explain`` and ``baomi serve`` show it, so a
  scan's report is read from the cache without reading or decoding it;
- ``stats``: (absolute path, size, mtime_ns, ctime_ns, inode) → sha256, so an unchanged
  file is not even read again: a rescan costs one ``stat`` per file, and the lookups of a
  whole run share one read transaction.

Only regular files within the size limit are hashed (``task.open_regular``): a FIFO or a
device named on the command line goes to the scan, which reports what it is.

``look_up`` answers a run's tasks from it ahead of the workers (``batch.scan_tasks``);
``cached_results`` answers a whole run from it or not at all, without loading the worker
pool (the command line's cached answer).

WAL and a busy timeout let two scans share the cache; a cache that cannot be opened or
written never fails a scan, it is simply not used.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator

# _sqlite3, the module sqlite3 wraps: the package adds only the datetime adapters, which
# this cache never uses, and importing datetime for them cost a warm rescan 6.8 M
# instructions (sqlite3 10.3 M against _sqlite3's 3.5 M).
try:
    import _sqlite3 as sqlite3
except ImportError:  # a Python whose sqlite3 is laid out otherwise
    import sqlite3

from scanner.cache_folder import cache_dir, code_fingerprint, small_sha256, stat_line
from scanner.dictionary_files import dictionary_names
from scanner.model import FileResult
from scanner.plain import as_dict
from scanner.report.json import entry_tail, with_path
from scanner.settings import Settings
from scanner.run.task import Task, check_regular, open_regular

FILE_NAME = "results.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL, settings TEXT NOT NULL, result TEXT NOT NULL, entry TEXT,
    PRIMARY KEY (sha256, settings)) WITHOUT ROWID;  -- settings: settings key and extension
CREATE TABLE IF NOT EXISTS traces (
    sha256 TEXT NOT NULL, settings TEXT NOT NULL, trace TEXT NOT NULL,
    PRIMARY KEY (sha256, settings));  -- large rows: a rowid table, as SQLite advises
CREATE TABLE IF NOT EXISTS stats (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, sha256 TEXT NOT NULL) WITHOUT ROWID;
"""
# 1: results.entry added (a cache written before gets the column, empty).
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000
# A file changed again within the filesystem's timestamp granularity of being hashed
# would keep its old stat ("racy git"): such fresh files are re-hashed next time.
RACY_SECONDS = 2.0
HASH_CHUNK = 1 << 20


def settings_key(settings: Settings) -> str:
    """Everything besides the bytes that a result depends on: the code, the dictionaries
    and every setting (target, thresholds, allowlist …). The threshold in force follows
    from these (a config override, else the fitted one in weights.toml, which is among the
    dictionaries' files), so computing it — and loading the judge — is not needed to key a
    result."""
    state = {name: getattr(settings, name) for name in settings.FIELDS
             if not name.startswith("_")}
    state |= {"dictionary": dictionaries_stamp(settings.extra_dictionaries),
              "code": code_fingerprint()}
    return small_sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


def dictionaries_stamp(extra: list[str]) -> str:
    """The dictionary files a run uses and the weights, each by name and stat as the code
    is (``stat_line``), not by their bytes' hash (hashing 240 kB costs a warm rescan more
    than its lookups); raises DictionaryError for a missing one."""
    return "".join(stat_line(path, os.stat(path)) for path in dictionary_names(extra))


def _text(path: str) -> str:
    """A path as SQLite can hold it: names that are not UTF-8 (GBK from a Windows share)
    carry surrogate escapes, which SQLite refuses; their bytes are written as \\xNN."""
    if path.isascii():
        return path  # the same text (every file system encoding keeps ASCII as it is)
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _result_key(settings: str, extension: str) -> str:
    """The results' key of files named with ``extension`` (``os.path.splitext``'s). The
    file's extension is part of the key: a result may say that a name lies about its
    content, so the same bytes under another extension are judged afresh."""
    return f"{settings}:{_text(extension.lower())}"


def file_sha256(path: str) -> tuple[str, os.stat_result]:
    """(sha256, stat) of the regular file at ``path``, the stat taken of the file opened;
    raises NotReadable (not a regular file, over the size limit) or OSError."""
    import hashlib  # here: OpenSSL's speed for whole files; a rescan of unchanged ones needs none

    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as fh:
        st = os.fstat(fh.fileno())
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest(), st


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _json(value: object) -> str:
    # ASCII: a path's surrogate escapes travel as \udcxx and come back as they were.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


# The fields of a result the results table keeps, as a JSON list in this order, that of
# ``FileResult.from_plain``'s parameters after the path (records in them as dicts): a
# list decodes in a quarter of the time of a dict with their names, which cost a warm
# rescan of 240 files 4 M instructions. Not kept: ``path`` (a result is
# given under the name its bytes have now), the trace (a table of its own), ``approval``
# and ``marked`` (a reviewer's and ``--mark``'s, added to a scan's result after it).
_KEPT = ("type", "sha256", "verdict", "status", "marking", "score", "findings", "errors",
         "suggested_marking")
# The decoder json.loads uses, called without loads' checks of what it is given (a str of
# this cache's own JSON, nothing after it): 1.4 M instructions less a rescan of 240 files.
_DECODER = json.JSONDecoder()


def encode(result: FileResult) -> tuple[str, str | None]:
    """(the result's kept fields, its trace or None) as JSON, for the two tables."""
    kept = [as_dict(getattr(result, name)) for name in _KEPT]
    return _json(kept), None if result.trace is None else _json(result.trace)


def decode(encoded: tuple[str, str | None], path: str) -> FileResult:
    """The cached result (``encode``'s pair; a trace of None: none, or not read), as seen
    from where the same bytes are now."""
    text, trace = encoded
    return FileResult.from_plain(path, *_DECODER.raw_decode(text)[0],
                                 trace=None if trace is None else _DECODER.raw_decode(trace)[0])


class ResultCache:
    """Look up before a scan, store after; commits in batches, at least every second (so
    an interrupted scan keeps most of its work), and on close. ``traces``: whether the
    results looked up carry the judge's trace (False: ``trace`` is None, the trace is
    neither read nor decoded). ``entries``: whether lookups keep each result's JSON
    report entry in ``entries`` (by ``id`` of the result, with the result: see
    ``report.json.render_json``)."""

    COMMIT_EVERY = 200
    COMMIT_SECONDS = 1.0

    def __init__(self, folder: str | os.PathLike[str], settings: str, traces: bool = True,
                 entries: bool = False):
        os.makedirs(folder, exist_ok=True)
        self.settings = settings
        self.traces = traces
        self.entries: dict[int, tuple[FileResult, str]] | None = {} if entries else None
        self.db = sqlite3.connect(os.path.join(folder, FILE_NAME),
                                  timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)
        if self.db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            self._upgrade()
        self._pending: list[tuple[str, tuple]] = []
        self._keys: dict[str, str] = {}  # ``_key``'s, by extension as named
        self._committed = time.monotonic()
        # The columns a lookup reads of results and traces (r and t).
        wanted = (("t.trace" if traces else "NULL") + ", "
                  + ("r.entry" if entries else "NULL"))
        # A file's stat row with its result (and trace) under this run's key, if any.
        self._by_path = (
            f"SELECT s.size, s.mtime_ns, s.ctime_ns, s.inode, s.sha256, r.result, {wanted} "
            "FROM stats AS s LEFT JOIN results AS r ON r.sha256 = s.sha256 AND r.settings = ? "
            + ("LEFT JOIN traces AS t ON t.sha256 = s.sha256 AND t.settings = ? " if traces
               else "")
            + "WHERE s.path = ?")
        self._by_sha256 = (
            f"SELECT r.result, {wanted} FROM results AS r "
            + ("LEFT JOIN traces AS t USING (sha256, settings) " if traces else "")
            + "WHERE r.sha256 = ? AND r.settings = ?")

    def _upgrade(self) -> None:
        """A cache file of an earlier schema brought to this one (once, by whichever scan
        opens it first)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            columns = {row[1] for row in self.db.execute("PRAGMA table_info(results)")}
            if "entry" not in columns:
                self.db.execute("ALTER TABLE results ADD COLUMN entry TEXT")
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    @classmethod
    def open(cls, settings: str, folder: str | os.PathLike[str] | None = None, traces: bool = True,
             entries: bool = False) -> ResultCache | None:
        """The cache, or None when it cannot be used (read-only home, corrupt file …)."""
        try:
            return cls(folder or cache_dir(), settings, traces, entries)
        except (OSError, sqlite3.Error):
            return None

    def lookup(self, path: str, st: os.stat_result | None = None) -> tuple[
            str | None, FileResult | None]:
        """(sha256 if known, cached result if any) for the file at ``path`` now; ``st``:
        its stat when the caller took it already.

        An unchanged file costs a stat and one indexed read (its stat row joined to its
        result); a changed or new one is hashed. Files that are not regular or cannot be
        read return (None, None): the scan reports why.
        """
        try:
            st = st or os.stat(path)
            key = self._key(path)
            row = self._read(self._by_path, (key, key, _text(os.path.abspath(path)))
                             if self.traces else (key, _text(os.path.abspath(path))))
            if row is not None and tuple(row[:4]) == _stat_key(st):
                return row[4], None if row[5] is None else self._decode(row[5:], path)
            sha, st = file_sha256(path)
            self._remember_stat(path, st, sha)
            return sha, self.lookup_sha256(sha, path)
        except (OSError, sqlite3.Error):
            return None, None

    def lookup_sha256(self, sha: str, path: str) -> FileResult | None:
        """The cached result for content ``sha`` under the name ``path``, if any."""
        try:
            found = self._read(self._by_sha256, (sha, self._key(path)))
        except sqlite3.Error:
            return None
        return self._decode(found, path) if found else None

    def _key(self, path: str) -> str:
        """``_result_key`` of ``path`` under this run's settings, made once per extension."""
        extension = os.path.splitext(path)[1]
        key = self._keys.get(extension)
        if key is None:
            key = self._keys[extension] = _result_key(self.settings, extension)
        return key

    def _decode(self, row: tuple, path: str) -> FileResult:
        """The result of a row (result, trace, entry) under the name ``path``; its entry
        kept when asked for and stored."""
        result = decode(row[:2], path)
        if self.entries is not None and row[2] is not None:
            self.entries[id(result)] = (result, with_path(row[2], path))
        return result

    def _read(self, sql: str, args: tuple) -> tuple | None:
        """One row; the reads share one transaction until the next commit of writes."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        return self.db.execute(sql, args).fetchone()

    def store(self, result: FileResult) -> None:
        """Keep a scanned result. Files that could not be opened have no sha256 and are
        not kept: the next scan should try again (a lock, a share that was down …)."""
        if not result.sha256:
            return
        key = (result.sha256, self._key(result.path))
        text, trace = encode(result)
        # The entry of the result as lookups give it back (no approval, no stamped copy).
        entry = entry_tail(decode((text, None), result.path))
        self._pending.append(("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                              (*key, text, entry)))
        self._pending.append(("INSERT OR REPLACE INTO traces VALUES (?, ?, ?)", (*key, trace))
                             if trace is not None else
                             ("DELETE FROM traces WHERE sha256 = ? AND settings = ?", key))
        if (len(self._pending) >= self.COMMIT_EVERY
                or time.monotonic() - self._committed > self.COMMIT_SECONDS):
            self.commit()

    def _remember_stat(self, path: str, st: os.stat_result, sha: str) -> None:
        if time.time() - st.st_mtime_ns / 1e9 < RACY_SECONDS:
            return
        self._pending.append(("INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?, ?)",
                              (_text(os.path.abspath(path)), *_stat_key(st), sha)))

    def commit(self) -> None:
        self._committed = time.monotonic()
        if not self._pending:
            return
        try:
            if self.db.in_transaction:
                self.db.execute("COMMIT")  # the lookups' read transaction
            self.db.execute("BEGIN IMMEDIATE")
            for sql, args in self._pending:
                self.db.execute(sql, args)
            self.db.execute("COMMIT")
        except sqlite3.Error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
        self._pending.clear()

    def close(self) -> None:
        self.commit()
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.db.close()


def look_up(tasks: Iterable[Task | FileResult], cache: ResultCache | None,
            settings: Settings) -> Iterator[FileResult | Task]:
    """What the cache answers for, or the task (with its sha256 when hashed). A path that
    is not a regular file (a FIFO, /dev/zero, a folder) is answered here with the reason,
    never opened, hashed or sent to a worker."""
    for task in tasks:
        if isinstance(task, FileResult):
            yield task
        elif task.data is not None:
            import hashlib  # as in file_sha256

            sha = hashlib.sha256(task.data).hexdigest()
            found = cache.lookup_sha256(sha, task.path) if cache is not None else None
            yield found or task._replace(sha256=sha)
        else:
            try:
                st = os.stat(task.path)
                check_regular(st)
            except OSError:  # NotReadable too: the reason, without a worker
                from scanner.run.worker import run_task

                yield run_task(task, settings)
                continue
            if cache is None:
                yield task
                continue
            sha, found = cache.lookup(task.path, st)
            yield found or task._replace(sha256=sha or task.sha256)


def cached_results(tasks: Iterable[Task | FileResult], settings: Settings) -> tuple[
        list[FileResult], dict[int, tuple[FileResult, str]]] | None:
    """Every task's result without a worker, as ``scan_tasks`` would give it (from the
    cache, without the trace), with their JSON report entries (``ResultCache.entries``);
    or None at the first task that would need scanning, or when there is no cache.
    Nothing is scanned; a changed file met on the way is hashed and its stat kept, as a
    full scan would."""
    cache = ResultCache.open(settings_key(settings), traces=False, entries=True)
    if cache is None:
        return None
    try:
        results = []
        for answer in look_up(tasks, cache, settings):
            if isinstance(answer, Task):
                return None
            results.append(answer)
        return results, cache.entries
    finally:
        cache.close()
