"""The publishing commands beside ``baomi scan``: approvals (``baomi approve``) and the
plain git hook (``baomi install-hook``). The config, staged-scan and approval steps of a
scan itself are in ``scanner.cli.scanning``.

Exit status (CONTRACT): 0 done; 1 refused (a foreign hook in the way); 2 usage error
(invalid config or approvals file, not in a git repository, a path that is not there).
"""
from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.help import epilog
from scanner.cli.scanning import approvals_for, config_for
from scanner.config import scan_root
from scanner.publish.approvals import ApprovalError, approve as record_approval
from scanner.publish.gitrepo import GitError, toplevel
from scanner.settings import Settings

EXIT_OK, EXIT_REFUSED = 0, 1


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
