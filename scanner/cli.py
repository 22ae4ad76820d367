"""The ``baomi`` command. Thin: parse options, call the library, choose the exit code.

Exit status (CONTRACT): 0 every file passes; 1 a file is block or review; 2 usage error.
"""
from __future__ import annotations

import os
import sys

from pathlib import Path

import click

from scanner import __version__
from scanner.cli_publish import approve, config_for, install_hook_command, settle, staged_results
from scanner.batch import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, BatchError, Limits, collect, scan_files
from scanner.dictionary import DictionaryError
from scanner.gitrepo import toplevel
from markers.atomic import write_atomic
from markers.ledger import LedgerError
from scanner.mark_flagged import MarkRequest, mark_options, stamp_flagged
from scanner.record import record_scans
from scanner.model import Verdict
from scanner.pipeline import Settings
from scanner.policy import TARGETS
from scanner.progress import show_progress, track
from scanner.report.csv import render_csv
from scanner.report.html import render_html
from scanner.report.json import render_json
from scanner.report.sarif import render_sarif, rule_titles
from scanner.report.text import render_text
from scanner.walk import walk

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
# Ctrl-C: the report of the files that finished is written, then 128 + SIGINT.
EXIT_INTERRUPTED = 130
FORMATS = ("text", "json", "sarif", "csv", "html")


class UsageFailure(click.UsageError):
    """A usage error detected after option parsing (bad dictionary, bad path …)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="baomi")
def cli() -> None:
    """baomi (保密): keep classified and work-secret documents off the internet."""


@cli.command()
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
              help="Config file (default: .baomi.toml found upwards from cwd).")
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
    """Scan files and folders; say pass, block or review for each file."""
    missing = [p for p in paths if not staged and not os.path.exists(p)]
    if missing:
        raise UsageFailure(f"no such file or folder: {missing[0]}")
    if output is not None:
        check_output(output, [] if staged else list(paths), force)
    config = config_for(config_path)
    settings = Settings(target=target or config.target or "internet",
                        extra_dictionaries=config.dictionaries + list(dictionaries),
                        allowlist=config.allowlist, thresholds=config.thresholds)
    try:
        settings.dictionary
    except DictionaryError as exc:
        raise UsageFailure(f"invalid dictionary: {exc}") from exc
    base = Path()  # what result paths are relative to
    interrupted = False
    if staged:
        results, base = staged_results(list(paths), settings, config)
    else:
        files = list(walk(list(paths), config.selects))
        if output is not None:
            check_output(output, files, force)
        batch = scan_files(files, settings, jobs, limits=Limits(timeout or None, max_memory or None),
                           use_cache=not no_cache, scheduler=scheduler)
        try:
            results, interrupted = collect(track(batch, len(files), show_progress(quiet)))
        except BatchError as exc:
            raise UsageFailure(str(exc)) from exc
    redact_default = fmt in ("sarif", "html")
    results = settle(results, config, base, redact_default if redact is None else redact)
    if stamping and not interrupted:
        results = stamp_flagged(results, stamping)
    if record:
        try:
            record_scans(results, ledger_path, operator)
        except LedgerError as exc:
            raise UsageFailure(f"scanned, but not recorded in the ledger: {exc}") from exc
    if fmt == "json":
        report = render_json(results, settings.target)
    elif fmt == "sarif":
        report = render_sarif(results, toplevel() or Path.cwd(), base,
                              rule_titles(settings.dictionary))
    elif fmt == "csv":
        report = render_csv(results)
    elif fmt == "html":
        report = render_html(results, settings.target)
    else:
        colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        report = render_text(results, colour=colour, quiet=quiet, verbose=verbose)
    write_report(report, output, force)
    if interrupted:
        click.echo(f"baomi: interrupted: the report covers the {len(results)} of {len(files)} "
                   "files that finished", err=True)
        return EXIT_INTERRUPTED
    return EXIT_OK if all(r.verdict is Verdict.PASS for r in results) else EXIT_FOUND


def check_output(output: str, inputs: list[str], force: bool) -> None:
    """A report never replaces a scanned file, nor, without --force, any existing file."""
    if any(os.path.exists(p) and os.path.samefile(output, p) for p in inputs
           if os.path.exists(output)):
        raise UsageFailure(f"-o {output} is one of the files scanned; choose another name")
    if os.path.exists(output) and not force:
        raise UsageFailure(f"-o {output} exists; use --force to replace it")


def write_report(report: str, output: str | None, force: bool = False) -> None:
    if output is None:
        sys.stdout.write(report)
        return
    try:
        write_atomic(Path(output), report.encode("utf-8"), replace=force)
    except FileExistsError:
        raise UsageFailure(f"-o {output} appeared during the scan; use --force to replace "
                           "it") from None


from scanner.cli_mark import ledger, mark; cli.add_command(mark); cli.add_command(ledger)  # noqa: E402,E702
cli.add_command(approve); cli.add_command(install_hook_command)  # noqa: E702
from scanner.cli_explain import dict_group, explain  # noqa: E402
cli.add_command(explain); cli.add_command(dict_group)  # noqa: E402,E702
from scanner.serve.command import serve; cli.add_command(serve)  # noqa: E402,E702


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


if __name__ == "__main__":
    sys.exit(main())
