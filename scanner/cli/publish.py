"""The publishing workflow around ``baomi scan``: .baomi.toml, staged scans, approvals
(``baomi approve``) and the plain git hook (``baomi install-hook``).

Exit status (CONTRACT): 0 done; 1 refused (a foreign hook in the way); 2 usage error
(invalid config or approvals file, not in a git repository, a path that is not there).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import click

from scanner.publish.approvals import (
    APPROVALS_NAME, ApprovalError, Approvals, approvals_file, apply_approvals,
    approve as record_approval, load_approvals)
from scanner.cli.help import epilog
from scanner.config import Config, ConfigError, load_config, scan_root
from scanner.publish.gitrepo import GitError, toplevel
from scanner.model import FileResult
from scanner.settings import Settings
from scanner.run.task import Task

EXIT_OK, EXIT_REFUSED = 0, 1


def config_for(config_path: str | None, start: Path | None = None) -> Config:
    """The config named, else the one found from ``start`` (the scanned root; default
    cwd) up to the repository root; an invalid one is a usage error."""
    try:
        return load_config(config_path, start)
    except ConfigError as exc:
        raise click.UsageError(f"invalid config: {exc}") from exc


def approvals_for(config: Config) -> Approvals:
    # git is asked for the repository root only when there is no config to sit beside.
    try:
        return load_approvals(approvals_file(config.path, None if config.path else toplevel()))
    except ApprovalError as exc:
        raise click.UsageError(f"invalid approvals file: {exc}") from exc


def _approvals_may_apply() -> bool:
    """Without a config, approvals sit at the repository root git names around cwd (else
    in cwd): cwd or one of its parents, unless GIT_DIR or GIT_WORK_TREE point elsewhere.
    When none of those folders holds an approvals file there is none to apply, and git
    need not be asked (a process per scan)."""
    if "GIT_DIR" in os.environ or "GIT_WORK_TREE" in os.environ:
        return True
    here = Path.cwd()
    return any(os.path.isfile(folder / APPROVALS_NAME) for folder in (here, *here.parents))


def staged_results(paths: list[str], config: Config) -> tuple[
        int, Iterator[Task | FileResult], Path]:
    """(how many index entries, their tasks, the folder result paths are relative to)
    for the index versions under ``paths``; run them as any scan (``batch.scan_tasks``)."""
    root = toplevel()
    if root is None:
        raise click.UsageError("--staged needs a git repository: none here")
    try:
        from scanner.run.staged import staged_tasks  # git's index: only for --staged

        count, tasks = staged_tasks(paths, root, config.selects)
    except GitError as exc:
        raise click.UsageError(f"--staged: {exc}") from exc
    return count, tasks, root


def settle(results: list[FileResult], config: Config, base: Path, redact: bool) -> list[
        FileResult]:
    """Approvals applied, then (for --redact) the matched text masked."""
    if config.path is not None or _approvals_may_apply():
        results = apply_approvals(results, approvals_for(config), base)
    if not redact:
        return results
    from scanner.report.redact import redact_result  # normalisation (regex): only when asked

    return [redact_result(r) for r in results]


@click.command(epilog=epilog(
    {0: "approved (or listed)",
     1: "refused: the file carries a marking, which no approval can publish",
     2: "usage error: no --by or --reason, invalid config or approvals file"},
    ("BAOMI_OCR",), ["baomi approve site/news/通知.pdf --by 王明 --reason \"已审签，可公开\"",
                     "baomi approve --list"]))
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--by", help="Who approves (审签人).")
@click.option("--reason", help="Why the file may be published as it is.")
@click.option("--list", "list_", is_flag=True,
              help="List approvals and whether each still applies.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: .baomi.toml found from FILE's folder, else cwd, "
              "upwards to the repository root, as scan finds it).")
def approve(file: str | None, by: str | None, reason: str | None, list_: bool,
            config_path: str | None) -> int:
    """Approve FILE for publication as its bytes are now (审签), or --list approvals.

    An approval accepts what the scan found in those exact bytes (a false positive):
    `baomi scan` then passes the file, naming who approved it. Any change to the file voids
    it. It cannot publish a file that carries a national-secret or work-secret marking:
    such a file stays block (declassification, 解密, is the way). Approvals are kept in
    .baomi-approvals.toml beside the config, else at the repository root.
    """
    config = config_for(config_path, scan_root([file]) if file else None)
    approvals = approvals_for(config)
    if list_:
        if file or by or reason:
            raise click.UsageError("--list takes no FILE, --by or --reason")
        for key in sorted(approvals.entries):
            entry = approvals.entries[key]
            click.echo(f"{approvals.state(entry):<8} {entry.path}  "
                       f"{entry.by} {entry.at}  {entry.reason}")
        return EXIT_OK
    if not (file and by and by.strip() and reason and reason.strip()):
        raise click.UsageError("approve needs FILE, --by NAME and --reason TEXT (or --list)")
    from scanner.pipeline import scan_file  # heavy: only for this command

    carried = scan_file(file, Settings.build(config)).marking
    if carried is not None:
        click.echo(f"baomi: {file} carries the marking {carried.text}: an approval cannot "
                   "publish a marked file; it must be declassified (解密) first", err=True)
        return EXIT_REFUSED
    try:
        entry = record_approval(approvals, Path(file), by.strip(), reason.strip())
    except ApprovalError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"approved {entry.path} ({entry.sha256[:12]}) by {entry.by}; "
               f"recorded in {approvals.file}")
    return EXIT_OK


@click.command("install-hook", epilog=epilog(
    {0: "hook written (or already baomi's)",
     1: "refused: another pre-commit hook is there (--force keeps it as pre-commit.orig)",
     2: "usage error: not in a git repository, invalid config"},
    (), ["baomi install-hook", "baomi install-hook --force"]))
@click.option("--force", is_flag=True,
              help="Replace a pre-commit hook that is not baomi's (kept as pre-commit.orig).")
def install_hook_command(force: bool) -> int:
    """Write .git/hooks/pre-commit: refuse commits that add documents baomi blocks."""
    from scanner.publish.hook import HookError, install_hook  # only for this command

    root = toplevel()
    if root is None:
        raise click.UsageError("not in a git repository")
    # The hook scans from the repository root: the config it finds there, checked now.
    config = config_for(None, root)
    try:
        hook, outcome = install_hook(force)
    except GitError as exc:
        raise click.UsageError(f"not in a git repository ({exc})") from exc
    except HookError as exc:
        click.echo(f"baomi: error: {exc}", err=True)
        return EXIT_REFUSED
    click.echo(f"{outcome} {hook}")
    click.echo(f"config: {config.path}" if config.path else
               f"config: none at {root} (defaults apply; a .baomi.toml in a subfolder applies "
               "to commits that touch only that folder)")
    return EXIT_OK
