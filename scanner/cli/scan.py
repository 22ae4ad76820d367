"""The ``baomi`` group and ``baomi scan``. Thin: parse options, call the library, choose
the exit code. The console script and ``python -m scanner.cli`` come in through ``main``.

Exit status (CONTRACT): 0 every file passes; 1 a file is block or review; 2 usage error.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scanner import __version__
from scanner.cli.help import ALL, epilog
from scanner.cli.publish import approve, install_hook_command
from scanner.cli.scanning import (
    EXIT_USAGE, FORMATS, ScanOptions, UsageError, run_scan)
from scanner.cli.stamping import mark_options
from scanner.run.task import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from scanner.settings import TARGETS

if TYPE_CHECKING:
    from scanner.publish.mark_flagged import MarkRequest

# Imports are kept to what a scan needs before the cache has answered (click, config,
# cache): a warm rescan of an unchanged folder never loads PyMuPDF, jieba, lxml, the
# dictionaries or the worker pool (tests/test_cache.py checks), and one with the common
# options only does not load click either (scanner.cli.cached). Report writers load when the
# report is written, stamping when asked for, other commands when run.


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
    return run_scan(ScanOptions(
        paths, fmt, output, target, dictionaries, jobs, no_cache, quiet, verbose,
        config_path, staged, redact, timeout, max_memory, scheduler, record, force,
        stamping, ledger_path, operator))


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
    except UsageError as exc:
        click.echo(f"baomi: error: {exc}", err=True)
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
