"""--scheduler: the same per-file work on a Dask distributed cluster, same results, same order."""
from __future__ import annotations

import json

import pytest

from test_batch import mixed_folder

from scanner.run.batch import scan_files
from scanner.cli import main
from scanner.pipeline import Settings

distributed = pytest.importorskip("distributed", reason="distributed is not installed: "
                                  "pip install 'baomi[cluster]' (the dev extra has it)")
import dask  # noqa: E402  (installed with distributed)


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_cluster_results_equal_the_local_run(tmp_path, scheduler):
    files = mixed_folder(tmp_path, count=6)
    local = list(scan_files(files, Settings(), jobs=2, use_cache=False))
    remote = list(scan_files(files, Settings(), scheduler=scheduler, use_cache=False))
    assert [r.path for r in remote] == files
    assert remote == local


def test_cli_scheduler_option_and_cache(tmp_path, scheduler, capsys):
    files = mixed_folder(tmp_path, count=6)
    assert main(["scan", str(tmp_path), "--format", "json", "--scheduler", scheduler]) == 1
    remote = json.loads(capsys.readouterr().out)
    assert main(["scan", str(tmp_path), "--format", "json", "--no-cache"]) == 1
    assert json.loads(capsys.readouterr().out)["files"] == remote["files"]
    assert [f["path"] for f in remote["files"]] == sorted(files)


def test_unreachable_scheduler_is_a_usage_error(tmp_path, capsys):
    mixed_folder(tmp_path, count=1)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main(["scan", str(tmp_path), "--no-cache", "--scheduler",
                     "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach the scheduler" in capsys.readouterr().err
