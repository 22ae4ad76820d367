"""``baomi explain`` and ``baomi dict check``: why a verdict, and whether dictionaries are sound."""
from __future__ import annotations

import click

from scanner.dictionary import DictionaryError, audit_dictionaries
from scanner.explain import explain_bytes
from scanner.pipeline import Settings
from scanner.judge.policy import TARGETS


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--target", type=click.Choice(TARGETS), default="internet")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path())
def explain(file: str, target: str, dictionaries: tuple[str, ...]) -> int:
    """Show every scored passage of FILE: terms, qualifiers, specifics and score."""
    from scanner.cli import UsageFailure

    settings = Settings(target=target, extra_dictionaries=list(dictionaries))
    try:
        settings.dictionary
    except DictionaryError as exc:
        raise UsageFailure(f"invalid dictionary: {exc}") from exc
    with open(file, "rb") as fh:
        result, text = explain_bytes(fh.read(), file, settings)
    click.echo(text, nl=False)
    return 0 if result.verdict.value == "pass" else 1


@click.group(name="dict")
def dict_group() -> None:
    """Dictionary tools."""


@dict_group.command()
@click.argument("paths", nargs=-1, type=click.Path())
def check(paths: tuple[str, ...]) -> int:
    """Validate dictionary files (the built-in ones and PATHS): weights, duplicates, conflicts."""
    summary, problems = audit_dictionaries(list(paths))
    for line in summary:
        click.echo(line)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    return 2 if problems else 0
