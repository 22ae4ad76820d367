"""How a worker runs one task: read it (``scanner.run.task``), scan it
(``scanner.pipeline``), and name a memory limit it hit. Light to import: the pipeline, with
its detectors and extractors, loads only in the process that scans.
"""
from __future__ import annotations


from scanner.model import FileResult
from scanner.plain import replace
from scanner.run.task import Limits, Outcome, Task
from scanner.settings import Settings


def run_task(task: Task, settings: Settings) -> FileResult:
    """Scan one task; never raises for a bad file: what cannot be read is ``review`` with
    the reason."""
    from scanner import pipeline  # the heavy part: only in the process that scans

    if task.target and task.target != settings.target:
        settings = replace(settings, target=task.target)  # the loaded dictionary goes along
    if task.data is None:
        return pipeline.scan_file(task.path, settings, sha256=task.sha256, trace=task.trace)
    return pipeline.scan_read_bytes(task.data, task.path, settings, trace=task.trace)


def scan_in_worker(task: Task, settings: Settings, limits: Limits) -> Outcome:
    """``run_task`` in a worker under ``limits``: a MemoryError (the address-space limit)
    is named as such and not cached, since a later run may allow more memory."""
    result = run_task(task, settings)
    if any("MemoryError" in error for error in result.errors):
        return replace(result, errors=[f"over the memory limit of {limits.max_memory_mb} MB "
                                       "while reading"]), False
    return result, True
