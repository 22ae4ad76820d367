"""``baomi explain`` and ``baomi dict check``: why a verdict, and whether dictionaries are sound."""
from __future__ import annotations

import click

from scanner.cli.help import epilog
from scanner.cli.scanning import config_for
from scanner.config import scan_root
from scanner.dictionary import DictionaryError, audit_dictionaries
from scanner.report.explain import render
from scanner.settings import TARGETS
from scanner.pipeline import Settings, scan_file


@click.command(epilog=epilog(
    {0: "the file passes", 1: "it is block or review",
     2: "usage error: no such file, invalid config or dictionary"},
    ("BAOMI_OCR",), ["baomi explain docs/notice.docx",
                     "baomi explain --target extranet --config site/.baomi.toml memo.pdf"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--target", type=click.Choice(TARGETS), default=None,
              help="Where the file is going (default: config, else internet).")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path())
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: .baomi.toml found as scan finds it).")
def explain(file: str, target: str | None, dictionaries: tuple[str, ...],
            config_path: str | None) -> int:
    """Why FILE gets its verdict: the judge's trace of the same scan as `baomi scan`."""
    config = config_for(config_path, scan_root([file]))
    settings = Settings.build(config, target, dictionaries)
    try:
        settings.dictionary
    except DictionaryError as exc:
        raise click.UsageError(f"invalid dictionary: {exc}") from exc
    result = scan_file(file, settings)
    click.echo(render(result), nl=False)
    return 0 if result.verdict.value == "pass" else 1


@click.group(name="dict", epilog=epilog(
    {0: "the dictionaries are sound", 2: "a problem (each on stderr), or usage error"}, (),
    ["baomi dict check our-words.toml"]))
def dict_group() -> None:
    """Dictionary tools."""


@dict_group.command(epilog=epilog(
    {0: "the dictionaries are sound", 2: "a problem (each on stderr)"}, (),
    ["baomi dict check", "baomi dict check our-words.toml sectors/"]))
@click.argument("paths", nargs=-1, type=click.Path())
def check(paths: tuple[str, ...]) -> int:
    """Validate dictionary files (the built-in ones and PATHS): weights, duplicates, conflicts."""
    summary, problems = audit_dictionaries(list(paths))
    for line in summary:
        click.echo(line)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    return 2 if problems else 0
