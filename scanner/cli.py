"""The ``baomi`` command. Thin: parse options, call the library, choose the exit code.

Exit status (CONTRACT): 0 every file passes; 1 a file is block or review; 2 usage error.
"""
from __future__ import annotations

import os
import sys
import tempfile

import click

from scanner import __version__
from scanner.batch import scan_files
from scanner.dictionary import DictionaryError
from scanner.model import Verdict
from scanner.pipeline import Settings
from scanner.policy import TARGETS
from scanner.report.json import render_json
from scanner.report.text import render_text
from scanner.walk import walk

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json")


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
@click.option("--target", type=click.Choice(TARGETS), default="internet",
              help="Where the files are going (internet is stricter).")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(),
              help="Extra dictionary file or folder (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: number of CPUs).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the result cache.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary (text) and exit status.")
@click.option("-v", "--verbose", is_flag=True, help="Every finding, not only the top reasons.")
def scan(paths: tuple[str, ...], fmt: str, output: str | None, target: str,
         dictionaries: tuple[str, ...], jobs: int | None, no_cache: bool, quiet: bool,
         verbose: bool) -> int:
    """Scan files and folders; say pass, block or review for each file."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageFailure(f"no such file or folder: {missing[0]}")
    settings = Settings(target=target, extra_dictionaries=list(dictionaries))
    try:
        settings.dictionary
    except DictionaryError as exc:
        raise UsageFailure(f"invalid dictionary: {exc}") from exc
    results = list(scan_files(list(walk(list(paths))), settings, jobs))
    if fmt == "json":
        report = render_json(results, target)
    else:
        colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        report = render_text(results, colour=colour, quiet=quiet, verbose=verbose)
    write_report(report, output)
    return EXIT_OK if all(r.verdict is Verdict.PASS for r in results) else EXIT_FOUND


def write_report(report: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(report)
        return
    folder = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(prefix=".baomi-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(report)
        os.replace(tmp, output)
    except BaseException:
        os.unlink(tmp)
        raise


from scanner.cli_mark import ledger, mark; cli.add_command(mark); cli.add_command(ledger)  # noqa: E402,E702
from scanner.cli_explain import dict_group, explain  # noqa: E402
cli.add_command(explain); cli.add_command(dict_group)  # noqa: E402,E702


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
