"""What ``baomi scan`` does once its options are parsed, without click: the config, the
walk, the batch (the cache first, for the cached answer), approvals, the report and the
exit status.

Two parsers lead here: click's (``scanner.cli.scan``, every option, help and errors) and
the cached answer's (``scanner.cli.cached``, the common options only, so that a rescan the
cache answers in full never imports click). Both build a ``ScanOptions`` and call
``plan_scan`` and ``run_scan``, so a warm rescan reports exactly what a cold scan does.

Exit status (CONTRACT): 0 every file passes; 1 a file is block or review; 2 usage error;
128 + the signal for a scan stopped by Ctrl-C (130) or SIGTERM (143), after the report
of the files that finished is written: as a shell reports a process that signal ended, so
a caller can tell its own timeout or kill from a user's Ctrl-C.
"""
from __future__ import annotations

import os
import sys
from collections import namedtuple
from collections.abc import Iterator

# typing's flag without importing typing (a warm rescan never needs it; type checkers
# read any TYPE_CHECKING as true)
TYPE_CHECKING = False

from scanner.config import (
    APPROVALS_NAME, Config, ConfigError, folders_up, load_config, scan_root)
from scanner.dictionary_files import DictionaryError
from scanner.model import FileResult, Verdict
from scanner.report.names import visible
from scanner.run.cache import cached_results
from scanner.run.coverage import (
    Coverage, config_notice, images_not_read, nothing_to_scan, refused_by_config,
    with_unreadable)
from scanner.run.task import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, BatchError, Limits, Task
from scanner.run.walk import WalkLog, walk
from scanner.settings import Settings

if TYPE_CHECKING:
    from pathlib import Path

    from scanner.publish.approvals import Approvals

# pathlib is imported only where a path needs it (approvals, SARIF, --staged): a warm
# rescan of a user's install never loads it (with urllib.parse: 21 M instructions).

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "csv", "html")


class UsageError(Exception):
    """A usage error found after option parsing (bad config, dictionary, path …): one
    line on stderr, exit 2. Not click's, so that the cached answer can raise it too."""


# ``baomi scan``'s options after ``paths`` (tuple[str, ...]): name → default, and type.
_OPTION_DEFAULTS = {
    "fmt": "text",  # str, one of FORMATS
    "output": None,  # str | None
    "target": None,  # str | None
    "dictionaries": (),  # tuple[str, ...]
    "jobs": None,  # int | None
    "no_cache": False,
    "quiet": False,
    "verbose": False,
    "config_path": None,  # str | None
    "staged": False,
    "redact": None,  # bool | None
    "timeout": DEFAULT_TIMEOUT,  # float
    "max_memory": DEFAULT_MAX_MEMORY_MB,  # int
    "scheduler": None,  # str | None
    "record": False,
    "force": False,
    "stamping": None,  # MarkRequest | None
    "ledger_path": None,  # str | None
    "operator": None,  # str | None
}


class ScanOptions(namedtuple("ScanOptions", ("paths", *_OPTION_DEFAULTS),
                             defaults=tuple(_OPTION_DEFAULTS.values()))):
    """``baomi scan``'s options as parsed, with its defaults (``--help`` describes each).
    A named tuple, not a frozen dataclass: dataclasses compiles a class's methods when
    the class is made, which for 20 fields cost every run 10.8 M instructions (a warm
    rescan's 240 cache lookups cost 34 M); a named tuple costs 0.9 M."""

    __slots__ = ()


def config_for(config_path: str | None, start: str | Path | None = None) -> Config:
    """The config named, else the one found from ``start`` (the scanned root; default
    cwd) up to the repository root; an invalid one is a usage error."""
    try:
        return load_config(config_path, start)
    except ConfigError as exc:
        raise UsageError(f"invalid config: {exc}") from exc


def approvals_for(config: Config) -> Approvals:
    # git is asked for the repository root only when there is no config to sit beside.
    # Approvals and git are loaded only here and where else they are needed: a rescan
    # with neither (most) does not pay for them.
    from scanner.publish.approvals import ApprovalError, approvals_file, load_approvals
    from scanner.publish.gitrepo import toplevel

    try:
        return load_approvals(approvals_file(config.path, None if config.path else toplevel()))
    except ApprovalError as exc:
        raise UsageError(f"invalid approvals file: {exc}") from exc


def _approvals_may_apply() -> bool:
    """Without a config, approvals sit at the repository root git names around cwd (else
    in cwd): cwd or one of its parents, unless GIT_DIR or GIT_WORK_TREE point elsewhere.
    When none of those folders holds an approvals file there is none to apply, and git
    need not be asked (a process per scan)."""
    if "GIT_DIR" in os.environ or "GIT_WORK_TREE" in os.environ:
        return True
    return any(os.path.isfile(os.path.join(folder, APPROVALS_NAME))
               for folder in folders_up(os.getcwd()))


def staged_results(paths: list[str], config: Config) -> tuple[
        int, Iterator[Task | FileResult], Path]:
    """(how many index entries, their tasks, the folder result paths are relative to)
    for the index versions under ``paths``; run them as any scan (``batch.scan_tasks``)."""
    from scanner.publish.gitrepo import GitError, toplevel

    root = toplevel()
    if root is None:
        raise UsageError("--staged needs a git repository: none here")
    try:
        from scanner.run.staged import staged_tasks  # git's index: only for --staged

        count, tasks = staged_tasks(paths, root, config.selects)
    except GitError as exc:
        raise UsageError(f"--staged: {exc}") from exc
    return count, tasks, root


def settle(results: list[FileResult], config: Config, base: str | Path, redact: bool) -> list[
        FileResult]:
    """Approvals applied, then (for --redact) the matched text masked."""
    if config.path is not None or _approvals_may_apply():
        from pathlib import Path

        from scanner.publish.approvals import apply_approvals

        results = apply_approvals(results, approvals_for(config), Path(base))
    if not redact:
        return results
    from scanner.report.redact import redact_result  # normalisation (regex): only when asked

    return [redact_result(r) for r in results]


class ScanPlan:
    """What a scan settles before it reads a file (``plan_scan``): the config, the
    settings, the folder result paths are relative to (``base``: a walk's are relative to
    cwd, "."), the walk's log, and the files
    (``files``; None for --staged, whose ``staged`` tasks can be taken once)."""

    def __init__(self, config: Config, settings: Settings, base: str | Path, walked: WalkLog,
                 total: int, files: list[str] | None,
                 staged: Iterator[Task | FileResult] | None):
        self.config, self.settings, self.base, self.walked = config, settings, base, walked
        self.total, self.files, self.staged = total, files, staged

    def tasks(self) -> Iterator[Task | FileResult]:
        """The run's tasks; for a walk, afresh on each call."""
        if self.files is None:
            return self.staged
        return (Task(path) for path in self.files)


def plan_scan(options: ScanOptions) -> ScanPlan:
    """The config, the settings and the walk; raises UsageError for every refusal a scan
    can make before it reads a file (a path that is not there, a report that would replace
    a file, an invalid config …)."""
    paths = list(options.paths)
    missing = [p for p in paths if not options.staged and not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {visible(missing[0])}")
    if options.output is not None:
        check_output(options.output, [] if options.staged else paths, options.force)
    config = config_for(options.config_path, scan_root(paths))
    settings = Settings.build(config, options.target, options.dictionaries)
    walked = WalkLog()
    if options.staged:
        total, staged, base = staged_results(paths, config)
        return ScanPlan(config, settings, base, walked, total, None, staged)
    files = list(walk(paths, config.selects, walked))
    if options.output is not None:
        check_output(options.output, files, options.force)
    return ScanPlan(config, settings, os.curdir, walked, len(files), files, None)


def run_scan(options: ScanOptions, plan: ScanPlan | None = None, *,
             cache_first: bool = False) -> int:
    """Scan as ``plan`` says (default: ``plan_scan(options)``), write the report, return
    the exit status. ``cache_first``: a walk the cache answers in full is answered
    without loading the worker pool (the cached answer's way); any other is scanned as
    always.
    Raises UsageError."""
    plan = plan or plan_scan(options)
    config, settings, base, walked, total = (
        plan.config, plan.settings, plan.base, plan.walked, plan.total)
    paths = list(options.paths)
    try:
        # --staged tasks can be taken once: they go to the batch, which asks the cache too.
        found = (cached_results(plan.tasks(), settings)
                 if cache_first and plan.files is not None else None)
        if found is not None:
            (results, entries), stopped_by = found, 0
        else:
            results, stopped_by = _scan(options, settings, plan.tasks(), total)
            entries = {}
    except DictionaryError as exc:
        raise UsageError(f"invalid dictionary: {exc}") from exc
    if not options.staged:
        results = with_unreadable(results, walked, not stopped_by)
    coverage = refused_by_config(paths, config)
    results, images = images_not_read(results)
    coverage.skipped += images + walked.skipped
    for line in (config_notice(config, coverage, options.verbose),
                 None if results or stopped_by else nothing_to_scan(coverage)):
        if line:
            print(line, file=sys.stderr)
    redact_default = options.fmt in ("sarif", "html")
    results = settle(results, config, base,
                     redact_default if options.redact is None else options.redact)
    if options.stamping and not stopped_by:
        from scanner.cli.stamping import stamp_flagged  # click's prompt: only for --mark

        results = stamp_flagged(results, options.stamping)
    if options.record:
        _record(results, options)
    report = render(options.fmt, results, settings, base, config, coverage, walked, entries,
                    quiet=options.quiet, verbose=options.verbose,
                    colour=(options.output is None and sys.stdout.isatty()
                            and "NO_COLOR" not in os.environ))
    write_report(report, options.output, options.force, utf8=options.fmt != "text")
    if stopped_by:
        import signal  # here: its enums cost a scan that ran to the end 5 M instructions

        how = "interrupted" if stopped_by == signal.SIGINT else "stopped by SIGTERM"
        print(f"baomi: {how}: the report covers the {len(results)} of {total} files that "
              "finished", file=sys.stderr)
        return 128 + stopped_by
    return EXIT_OK if all(r.verdict is Verdict.PASS for r in results) else EXIT_FOUND


def _scan(options: ScanOptions, settings: Settings, tasks: Iterator[Task | FileResult],
          total: int) -> tuple[list[FileResult], int]:
    """The batch's results with the signal that stopped it (0: it finished)."""
    from scanner.cli.progress import show_progress, track
    from scanner.publish.gitrepo import GitError  # a staged index read on the way
    from scanner.run.batch import collect, scan_tasks, terminate_as_interrupt  # the workers

    limits = Limits(options.timeout or None, options.max_memory or None)
    batch = scan_tasks(tasks, settings, options.jobs, limits=limits,
                       use_cache=not options.no_cache, scheduler=options.scheduler,
                       traces=False)  # no report shows the trace
    try:
        with terminate_as_interrupt():
            return collect(track(batch, total, show_progress(options.quiet)))
    except BatchError as exc:
        raise UsageError(str(exc)) from exc
    except GitError as exc:
        raise UsageError(f"--staged: {exc}") from exc


def _record(results: list[FileResult], options: ScanOptions) -> None:
    from markers.ledger import LedgerError
    from scanner.publish.record import record_scans

    try:
        record_scans(results, options.ledger_path, options.operator)
    except LedgerError as exc:
        raise UsageError(f"scanned, but not recorded in the ledger: {exc}") from exc


def render(fmt: str, results: list[FileResult], settings: Settings, base: str | Path, config,
           coverage: Coverage, walked: WalkLog, entries: dict[int, tuple[FileResult, str]],
           *, quiet: bool, verbose: bool, colour: bool) -> str:
    """The report in ``fmt``; each writer is imported only when chosen. Every format that
    has a place for them names the config used and lists what was skipped. ``entries``:
    the cache's JSON entries of the results it gave (``report.json.render_json``)."""
    config_used = str(config.path) if config.path else None
    skipped = coverage.skipped + walked.not_documents
    if fmt == "json":
        from scanner.report.json import render_json

        return render_json(results, settings.target, config_used, skipped, entries)
    if fmt == "sarif":
        from pathlib import Path

        from scanner.publish.gitrepo import toplevel
        from scanner.report.sarif import render_sarif, rule_titles

        return render_sarif(results, toplevel() or Path.cwd(), Path(base),
                            rule_titles(settings.dictionary), config_used, skipped)
    if fmt == "csv":
        from scanner.report.csv import render_csv

        return render_csv(results)
    if fmt == "html":
        from scanner.report.html import render_html

        return render_html(results, settings.target, config_used, skipped)
    from scanner.report.text import render_text

    return render_text(results, colour=colour, quiet=quiet, verbose=verbose,
                       skipped=coverage.skipped, not_documents=walked.not_documents)


def check_output(output: str, inputs: list[str], force: bool) -> None:
    """A report never replaces a scanned file, nor, without --force, any existing file."""
    try:
        out = os.stat(output)
    except OSError:
        return  # nothing there to replace
    if any(_same_file(out, p) for p in inputs):
        raise UsageError(f"-o {visible(output)} is one of the files scanned; choose another "
                         "name")
    if not force:
        raise UsageError(f"-o {visible(output)} exists; use --force to replace it")


def _same_file(st: os.stat_result, path: str) -> bool:
    try:
        return os.path.samestat(st, os.stat(path))
    except OSError:
        return False


def write_report(report: str, output: str | None, force: bool = False,
                 utf8: bool = False) -> None:
    """To ``output`` (UTF-8), else stdout: in the terminal's encoding for text, in UTF-8
    for the formats that are UTF-8 by definition (``utf8``: JSON, SARIF, CSV, HTML)."""
    if output is None:
        binary = getattr(sys.stdout, "buffer", None)
        if utf8 and binary is not None:
            sys.stdout.flush()
            binary.write(report.encode("utf-8"))
            binary.flush()
        else:
            sys.stdout.write(report)
        return
    from markers.atomic import write_atomic

    try:
        write_atomic(output, report.encode("utf-8"), replace=force)
    except FileExistsError:
        raise UsageError(f"-o {output} appeared during the scan; use --force to replace "
                         "it") from None
