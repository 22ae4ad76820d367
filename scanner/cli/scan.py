"""The ``baomi`` group and ``baomi scan``. Thin: parse options, call the library, choose
the exit code. The console script and ``python -m scanner.cli`` come in through ``main``.

Exit status (CONTRACT): 0 every file passes; 1 a file is block or review; 2 usage error.
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scanner import __version__
from scanner.run.batch import (
    DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, BatchError, Limits, Task, collect, scan_tasks,
    terminate_as_interrupt)
from scanner.cli.help import ALL, epilog
from scanner.cli.publish import approve, config_for, install_hook_command, settle, staged_results
from scanner.config import scan_root
from scanner.run.coverage import (
    Coverage, config_notice, images_not_read, nothing_to_scan, refused_by_config,
    with_unreadable)
from scanner.dictionary_files import DictionaryError
from scanner.publish.gitrepo import GitError, toplevel
from scanner.cli.stamping import mark_options, stamp_flagged
from scanner.model import FileResult, Verdict
from scanner.cli.progress import show_progress, track
from scanner.settings import TARGETS, Settings
from scanner.report.names import visible
from scanner.run.walk import WalkLog, walk

if TYPE_CHECKING:
    from scanner.publish.mark_flagged import MarkRequest

# Imports are kept to what a scan needs before the cache has answered (click, config,
# cache): a warm rescan of an unchanged folder never loads PyMuPDF, jieba, lxml, the
# dictionaries or the worker pool (tests/test_cache.py checks). Report writers load when
# the report is written, stamping when asked for, other commands when run.
EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
# Ctrl-C or SIGTERM: the report of the files that finished is written, then 128 + the
# signal: 130 for Ctrl-C, 143 for SIGTERM, as a shell reports a process that signal ended,
# so a caller can tell its own timeout or kill from a user's Ctrl-C.
FORMATS = ("text", "json", "sarif", "csv", "html")


class UsageFailure(click.UsageError):
    """A usage error detected after option parsing (bad dictionary, bad path …)."""


class LazyGroup(click.Group):
    """A group whose commands in ``LAZY`` are imported only when run or listed in help."""

    LAZY = {"mark": "scanner.cli.mark:mark", "ledger": "scanner.cli.mark:ledger",
            "explain": "scanner.cli.explain:explain", "dict": "scanner.cli.explain:dict_group",
            "serve": "scanner.serve.command:serve"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY and name not in self.commands:
            import importlib

            module, attr = self.LAZY[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=epilog({
                 0: "every file passes (scan, explain), or the command did what was asked",
                 1: "a file is block or review, or a command refused (each command's "
                    "--help says when)",
                 2: "usage error: unknown option, missing path, invalid config or "
                    "dictionary (one line on stderr)",
                 "130": "scan stopped by Ctrl-C, 143 by SIGTERM: the report covers the "
                        "files that finished"},
                 ALL, ["baomi scan site/", "baomi explain notice.docx",
                       "baomi mark notice.docx --level 秘密 --term 10年",
                       "baomi COMMAND --help"]))
@click.version_option(__version__, prog_name="baomi")
def cli() -> None:
    """baomi (保密): keep classified and work-secret documents off the internet."""


@cli.command(epilog=epilog({
    0: "every file passes",
    1: "a file is block or review",
    2: "usage error: unknown option, missing path, invalid config or dictionary, an -o "
       "file that exists (without --force) or is one of the files scanned",
    130: "stopped by Ctrl-C; 143: by SIGTERM (the report covers the files that finished)"},
    ("BAOMI_CACHE_DIR", "BAOMI_LEDGER", "BAOMI_OCR", "NO_COLOR"),
    ["baomi scan site/",
     "baomi scan --format json -o report.json -- docs/ 通知.docx",
     "baomi scan --target extranet --mark-level 内部 --yes -- drafts/",
     "baomi scan --staged -- .    (the git index versions, as the hook does)"]))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of stdout.")
@click.option("--target", type=click.Choice(TARGETS), default=None,
              help="Where the files are going (default: config, else internet, the stricter).")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(),
              help="Extra dictionary file or folder (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of CPUs).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the result cache.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary (text) and exit status.")
@click.option("-v", "--verbose", is_flag=True, help="Every finding, not only the top reasons.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: .baomi.toml found from the scanned folder "
              "upwards, no further than the repository root).")
@click.option("--staged", is_flag=True, help="Scan the git index versions of the given paths.")
@click.option("--redact/--no-redact", default=None,
              help="Mask matched text in the report (default: on for sarif and html).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT,
              show_default=True, help="Seconds one file may take; then it is review (0: none).")
@click.option("--max-memory", type=click.IntRange(min=0), default=DEFAULT_MAX_MEMORY_MB,
              show_default=True, help="MB a worker may grow by reading one file; a file "
              "over it is review (0: none).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on this Dask distributed cluster (pip install 'baomi[cluster]').")
@click.option("--record", is_flag=True,
              help="Record every scanned file in the ledger (台账).")
@click.option("--force", is_flag=True, help="Replace the -o report file if it exists.")
@mark_options
def scan(paths: tuple[str, ...], fmt: str, output: str | None, target: str | None,
         dictionaries: tuple[str, ...], jobs: int | None, no_cache: bool, quiet: bool,
         verbose: bool, config_path: str | None, staged: bool, redact: bool | None,
         timeout: float, max_memory: int, scheduler: str | None,
         record: bool, force: bool, stamping: MarkRequest | None, ledger_path: str | None,
         operator: str | None) -> int:
    """Scan files and folders; say pass, block or review for each file.

    Files are recognised by content, folders walked recursively; what cannot be read
    fully is review. Configuration: .baomi.toml, looked for from the folder the PATHS have
    in common up to the repository root (never above it); stderr names it whenever it
    excludes something, and the JSON, SARIF and HTML reports give its path. Approvals
    (.baomi-approvals.toml beside it, see `baomi approve`) turn accepted findings into
    pass; they never pass a file that carries a marking. `--` ends the options.
    """
    missing = [p for p in paths if not staged and not os.path.exists(p)]
    if missing:
        raise UsageFailure(f"no such file or folder: {visible(missing[0])}")
    if output is not None:
        check_output(output, [] if staged else list(paths), force)
    config = config_for(config_path, scan_root(list(paths)))
    settings = Settings.build(config, target, dictionaries)
    limits = Limits(timeout or None, max_memory or None)
    base = Path()  # what result paths are relative to
    walked = WalkLog()
    if staged:
        total, tasks, base = staged_results(list(paths), config)
    else:
        files = list(walk(list(paths), config.selects, walked))
        if output is not None:
            check_output(output, files, force)
        total, tasks = len(files), (Task(path) for path in files)
    batch = scan_tasks(tasks, settings, jobs, limits=limits, use_cache=not no_cache,
                       scheduler=scheduler, traces=False)  # no report shows the trace
    try:
        with terminate_as_interrupt():
            results, stopped_by = collect(track(batch, total, show_progress(quiet)))
    except BatchError as exc:
        raise UsageFailure(str(exc)) from exc
    except DictionaryError as exc:
        raise UsageFailure(f"invalid dictionary: {exc}") from exc
    except GitError as exc:
        raise UsageFailure(f"--staged: {exc}") from exc
    if not staged:
        results = with_unreadable(results, walked, not stopped_by)
    coverage = refused_by_config(paths, config)
    results, images = images_not_read(results)
    coverage.skipped += images + walked.skipped
    for line in (config_notice(config, coverage, verbose),
                 None if results or stopped_by else nothing_to_scan(coverage)):
        if line:
            click.echo(line, err=True)
    redact_default = fmt in ("sarif", "html")
    results = settle(results, config, base, redact_default if redact is None else redact)
    if stamping and not stopped_by:
        results = stamp_flagged(results, stamping)
    if record:
        from markers.ledger import LedgerError
        from scanner.publish.record import record_scans

        try:
            record_scans(results, ledger_path, operator)
        except LedgerError as exc:
            raise UsageFailure(f"scanned, but not recorded in the ledger: {exc}") from exc
    report = render(fmt, results, settings, base, config, coverage, walked, quiet=quiet,
                    verbose=verbose,
                    colour=output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    write_report(report, output, force, utf8=fmt != "text")
    if stopped_by:
        how = "interrupted" if stopped_by == signal.SIGINT else "stopped by SIGTERM"
        click.echo(f"baomi: {how}: the report covers the {len(results)} of {total} files "
                   "that finished", err=True)
        return 128 + stopped_by
    return EXIT_OK if all(r.verdict is Verdict.PASS for r in results) else EXIT_FOUND


def render(fmt: str, results: list[FileResult], settings: Settings, base: Path, config,
           coverage: Coverage, walked: WalkLog, *, quiet: bool, verbose: bool,
           colour: bool) -> str:
    """The report in ``fmt``; each writer is imported only when chosen. Every format that
    has a place for them names the config used and lists what was skipped."""
    config_used = str(config.path) if config.path else None
    skipped = coverage.skipped + walked.not_documents
    if fmt == "json":
        from scanner.report.json import render_json

        return render_json(results, settings.target, config_used, skipped)
    if fmt == "sarif":
        from scanner.report.sarif import render_sarif, rule_titles

        return render_sarif(results, toplevel() or Path.cwd(), base,
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
    if any(os.path.exists(p) and os.path.samefile(output, p) for p in inputs
           if os.path.exists(output)):
        raise UsageFailure(f"-o {visible(output)} is one of the files scanned; choose another "
                           "name")
    if os.path.exists(output) and not force:
        raise UsageFailure(f"-o {visible(output)} exists; use --force to replace it")


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
        write_atomic(Path(output), report.encode("utf-8"), replace=force)
    except FileExistsError:
        raise UsageFailure(f"-o {output} appeared during the scan; use --force to replace "
                           "it") from None


cli.add_command(approve)
cli.add_command(install_hook_command)


def main(argv: list[str] | None = None) -> int:
    try:
        result = cli.main(args=argv, prog_name="baomi", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        return EXIT_USAGE
    except click.UsageError as exc:
        click.echo(f"baomi: error: {exc.format_message()}", err=True)
        return EXIT_USAGE
    except click.Abort:
        click.echo("baomi: aborted", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"baomi: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except OSError as exc:
        click.echo(f"baomi: error: {exc}", err=True)
        return EXIT_USAGE
    return result if isinstance(result, int) else EXIT_OK
