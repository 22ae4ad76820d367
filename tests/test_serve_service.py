"""The scan service behind ``baomi serve``, in-process: the same result as ``scan_file``,
a bounded queue, the time limit, and a clean close."""
from __future__ import annotations

import multiprocessing

import pytest

from test_batch import shape_bomb_pdf

from scanner.run.batch import Limits
from scanner.pipeline import Settings, scan_file
from scanner.plain import replace
from scanner.serve.service import QueueFull, ScanService, upload_name

from serving import SAMPLES


@pytest.fixture
def service():
    running = ScanService(Settings(), 1, Limits(timeout=60), use_cache=False, queue_size=1)
    yield running
    running.close()


def test_scan_is_scan_file_under_the_uploaded_name(service):
    for sample in ("notice_secret_10y.docx", "draft_appointment_unmarked.docx",
                   "economic_analysis_encrypted.pdf"):
        path = SAMPLES / sample
        result = service.scan(path.read_bytes(), f"上传/{sample}")
        assert result == replace(scan_file(str(path), Settings()), path=f"上传/{sample}")


def test_a_full_queue_refuses_and_the_lane_goes_on(service, tmp_path):
    """One lane, one place in the queue: while the worker reads a slow file, a second
    upload waits and a third is refused."""
    slow = shape_bomb_pdf(tmp_path / "slow.pdf")
    fast = SAMPLES / "tender_organic_seals.docx"
    first = service.submit(str(slow), "slow.pdf")
    waiting = None
    with pytest.raises(QueueFull):
        waiting = service.submit(str(fast), fast.name)
        service.submit(str(fast), fast.name)
    assert first.result().path == "slow.pdf"
    if waiting is not None:
        assert waiting.result().verdict.value == "pass"
    assert service.submit(str(fast), fast.name).result().verdict.value == "pass"


def test_the_time_limit_applies(tmp_path):
    service = ScanService(Settings(), 1, Limits(timeout=0.5), use_cache=False)
    try:
        result = service.submit(str(shape_bomb_pdf(tmp_path / "slow.pdf")), "slow.pdf").result()
    finally:
        service.close()
    assert result.verdict.value == "review" and "time limit" in result.errors[0]


def test_close_stops_the_workers_and_refuses_more(tmp_path):
    service = ScanService(Settings(), 2, Limits(), use_cache=False)
    service.scan((SAMPLES / "tender_organic_seals.docx").read_bytes(), "a.docx")
    service.close()
    assert multiprocessing.active_children() == []
    with pytest.raises(RuntimeError):
        service.submit(str(SAMPLES / "tender_organic_seals.docx"), "a.docx")


@pytest.mark.parametrize("given, kept", [
    ("通知.docx", "通知.docx"), ("C:\\Users\\王\\报告.pdf", "报告.pdf"), ("../../etc/passwd", "passwd"),
    ("..", "upload"), ("", "upload"), ("a\0b\n.txt", "ab.txt"), ("长" * 200 + ".docx", None),
])
def test_upload_names_stay_in_their_folder(given, kept):
    name = upload_name(given)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert len(name.encode()) <= 200
    if kept is not None:
        assert name == kept
    else:
        assert name.endswith(".docx")


def test_n_workers_share_the_queue_and_answer_as_they_finish(tmp_path):
    """``jobs=2``: while one worker reads a slow file, the other reads the uploads behind
    it, and each is answered when its own worker is done, not after the slow one."""
    service = ScanService(Settings(), 2, Limits(timeout=120), use_cache=False, queue_size=4)
    try:
        slow = service.submit(str(shape_bomb_pdf(tmp_path / "slow.pdf")), "slow.pdf")
        quick = [service.submit(str(SAMPLES / name), name) for name in
                 ("tender_organic_seals.docx", "notice_secret_10y.docx")]
        assert [f.result().verdict.value for f in quick] == ["pass", "block"]
        assert not slow.done()
        assert slow.result().path == "slow.pdf"
    finally:
        service.close()


def test_workers_stay_up_between_uploads():
    """The worker that read one upload reads the next: no process per upload."""
    service = ScanService(Settings(), 1, Limits(timeout=60), use_cache=False)
    try:
        sample = (SAMPLES / "tender_organic_seals.docx").read_bytes()
        service.scan(sample, "a.docx")
        first = {p.pid for p in multiprocessing.active_children()}
        service.scan(sample, "b.docx")
        assert len(first) == 1 and {p.pid for p in multiprocessing.active_children()} == first
    finally:
        service.close()
    assert multiprocessing.active_children() == []


def test_cache_hits_are_answered_without_a_worker(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOMI_CACHE_DIR", str(tmp_path / "cache"))
    sample = (SAMPLES / "draft_appointment_unmarked.docx").read_bytes()
    first = ScanService(Settings(), 1, Limits(timeout=60))
    try:
        read = first.scan(sample, "draft.docx")
    finally:
        first.close()
    again = ScanService(Settings(), 1, Limits(timeout=60))
    try:
        assert again.scan(sample, "draft.docx") == read
        assert multiprocessing.active_children() == []  # the cache answered
    finally:
        again.close()


def test_one_pool_judges_each_upload_for_its_own_target():
    """Both targets share the workers; each upload is judged as ``baomi scan --target``."""
    path = SAMPLES / "draft_appointment_unmarked.docx"
    service = ScanService(Settings(), 1, Limits(timeout=60), use_cache=False)
    try:
        for target in ("extranet", "internet"):
            result = service.submit(str(path), path.name, target).result()
            assert result == replace(scan_file(str(path), Settings(target=target)), path=path.name)
            assert result.trace["target"] == target
    finally:
        service.close()
