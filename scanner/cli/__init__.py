"""The ``baomi`` command line: parse options, call the library, choose the exit code.

- ``scan``: the ``baomi`` group, ``baomi scan`` and the report it writes;
- ``explain``: ``baomi explain`` and ``baomi dict check``;
- ``mark``: ``baomi mark`` and ``baomi ledger``;
- ``publish``: ``baomi approve``, ``baomi install-hook`` and the config, staged-scan and
  approval steps of ``baomi scan``;
- ``progress``: the progress bar of a scan on a terminal.

``baomi serve`` lives with the server (``scanner.serve.command``).
"""
from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """The console script ``baomi`` and ``python -m scanner.cli``: run the command line
    ``argv`` (default: the process's), return its exit status."""
    from scanner.cli.scan import main as run

    return run(argv)
