"""The ``baomi`` command line: parse options, call the library, choose the exit code.

- ``scan``: the ``baomi`` group and ``baomi scan``'s options;
- ``scanning``: what a scan does once its options are parsed, click-free;
- ``cached``: ``baomi scan`` with its common options, without loading click;
- ``explain``: ``baomi explain`` and ``baomi dict check``;
- ``mark``: ``baomi mark`` and ``baomi ledger``;
- ``publish``: ``baomi approve`` and ``baomi install-hook``;
- ``progress``: the progress bar of a scan on a terminal.

``baomi serve`` lives with the server (``scanner.serve.command``).
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """The console script ``baomi`` and ``python -m scanner.cli``: run the command line
    ``argv`` (default: the process's), return its exit status. A scan with the common
    options only runs without loading click (``scanner.cli.cached``)."""
    from scanner.cli.cached import answer

    status = answer(sys.argv[1:] if argv is None else argv)
    if status is not None:
        return status
    from scanner.cli.scan import main as run

    return run(argv)
