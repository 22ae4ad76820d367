"""Progress on stderr while a batch runs: files done of total, rate and time left.

Shown only when stderr is a terminal, so logs and CI output stay clean.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator

from scanner.model import FileResult


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def track(results: Iterator[FileResult], total: int, enabled: bool) -> Iterator[FileResult]:
    """``results`` unchanged, counted on a progress bar that is removed when done."""
    if not enabled:
        yield from results
        return
    import shutil

    import tqdm

    # No monitor thread: worker processes are forked while the bar is up.
    tqdm.tqdm.monitor_interval = 0
    # A terminal that reports no size (0 × 0) would get no bar: fall back to 80 × 24.
    size = shutil.get_terminal_size()
    with tqdm.tqdm(total=total, unit="file", file=sys.stderr, leave=False, ncols=size.columns,
                   nrows=size.lines, mininterval=0.2) as bar:
        for result in results:
            bar.update(1)
            yield result
