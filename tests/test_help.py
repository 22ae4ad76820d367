"""`baomi --help` and every command's help end with the exit status, the environment
variables the command reads, and an example (issue 14, "Done when")."""
from __future__ import annotations

import subprocess
import sys

import click
import pytest

from scanner.cli import main
from scanner.cli.scan import cli

ENVIRONMENT = ("BAOMI_CACHE_DIR", "BAOMI_LEDGER", "BAOMI_OCR", "BAOMI_SERVE_TOKEN", "NO_COLOR")
# What each command reads from the environment, at the least.
READS = {
    "scan": ("BAOMI_CACHE_DIR", "BAOMI_LEDGER", "BAOMI_OCR", "NO_COLOR"),
    "explain": ("BAOMI_OCR",),
    "mark": ("BAOMI_LEDGER",),
    "ledger": ("BAOMI_LEDGER",), "ledger list": ("BAOMI_LEDGER",),
    "ledger verify": ("BAOMI_LEDGER",), "ledger export": ("BAOMI_LEDGER",),
    "serve": ("BAOMI_SERVE_TOKEN", "BAOMI_CACHE_DIR", "BAOMI_LEDGER", "BAOMI_OCR"),
}


def command_paths() -> list[str]:
    """Every command and subcommand the group offers, lazily loaded ones included."""
    found = []

    def visit(group: click.Group, prefix: str) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found.append(f"{prefix}{name}")
            if isinstance(command, click.Group):
                visit(command, f"{prefix}{name} ")

    visit(cli, "")
    return found


def help_of(argv: list[str], capsys) -> str:
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


def test_every_command_is_visited():
    assert {"scan", "explain", "dict check", "mark", "ledger verify", "approve",
            "install-hook", "serve"} <= set(command_paths())


def test_the_group_help_names_every_variable_and_exit_status(capsys):
    text = help_of([], capsys)
    assert all(name in text for name in ENVIRONMENT)
    assert all(f"    {code} " in text for code in (0, 1, 2, 130))
    assert "Examples:\n    baomi scan" in text


@pytest.mark.parametrize("command", command_paths())
def test_each_command_help_gives_exit_status_environment_and_an_example(command, capsys):
    text = help_of(command.split(), capsys)
    assert "Exit status:\n    0 " in text
    example = text.split("Example", 1)[1]
    assert example.startswith(("s:\n", ":\n")) and "baomi " in example
    assert all(name in text.split("Environment:", 1)[-1] for name in READS.get(command, ()))


def test_help_from_a_real_process():
    done = subprocess.run([sys.executable, "-m", "scanner.cli", "scan", "--help"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0 and "Exit status:" in done.stdout
    assert ".baomi.toml, looked for from the folder" in done.stdout
