"""The worker pool: input order, the same results as one process, per-file time and memory
limits on real pathological files, progress only on a terminal, Ctrl-C with a partial report."""
from __future__ import annotations

import json
import os
import pty
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from conftest import pymupdf, write_docx, write_pdf

from scanner.run.batch import Limits, scan_files
from scanner.pipeline import Settings, scan_file

SECRET = ["秘密★10年", "关于做好年度考核工作的通知"]
DRAFT = ["经研究，拟提拔张伟同志任市财政局副局长，目前尚未公示，请严格保密。"]
CLEAN = ["关于做好防汛工作的通知", "各单位要高度重视，确保各项任务按期完成。"]


def mixed_folder(folder: Path, count: int = 12) -> list[str]:
    files = []
    for i in range(count):
        paras = (SECRET, DRAFT, CLEAN)[i % 3]
        if i % 2:
            files.append(write_docx(folder / f"f{i:02d}.docx", paras))
        else:
            files.append(write_pdf(folder / f"f{i:02d}.pdf", paras))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    return [str(p) for p in files] + [str(folder / "broken.pdf")]


def shape_bomb_pdf(path: Path, pages: int = 8, shapes: int = 160_000) -> Path:
    """An 8 KB PDF whose pages all share one content stream of 160,000 filled boxes: every
    page is checked for text under boxes, ~9 s in all on this project's CI machine (the time
    limits the tests set are a fraction of it). A real hostile input, no mock."""
    doc = pymupdf.open()
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    doc.update_stream(stream, b"0 0 1 rg\n" + b"10 10 5 5 re f\n" * shapes)
    for _ in range(pages):
        page = doc.new_page()
        page.insert_text((72, 72), "通知", fontname="china-s")
        doc.xref_set_key(page.xref, "Contents", f"[{page.get_contents()[0]} 0 R {stream} 0 R]")
    doc.save(path, deflate=True)
    return path


def zip_bomb_docx(path: Path, megabytes: int = 200) -> Path:
    """A DOCX of ~200 KB whose document.xml inflates to ``megabytes`` MB: under the
    size limit on one part, over the memory a worker may add (the XML tree needs more)."""
    paragraph = b"<w:p><w:r><w:t>" + "通知".encode() * 200 + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/content-types"><Override PartName="/word/'
                    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                    'wordprocessingml.document.main+xml"/></Types>')
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body>')
            chunk = paragraph * (1024 * 1024 // len(paragraph))
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return path


def test_parallel_results_equal_one_process_in_input_order(tmp_path):
    files = mixed_folder(tmp_path)
    settings = Settings()
    alone = [scan_file(p, settings) for p in files]
    pooled = list(scan_files(files, Settings(), jobs=2, use_cache=False))
    assert [r.path for r in pooled] == files
    assert pooled == alone
    assert {r.verdict.value for r in pooled} == {"pass", "block", "review"}


def test_a_rescan_of_more_cached_files_than_the_window_finishes(tmp_path, monkeypatch):
    """Cached results beyond the look-ahead window (jobs x 32) with no file left for a
    worker: the pool must keep taking files, not wait on workers that never started."""
    monkeypatch.setenv("BAOMI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("scanner.run.batch.WINDOW_PER_WORKER", 2)
    (tmp_path / "docs").mkdir()
    files = mixed_folder(tmp_path / "docs", count=9)
    first = list(scan_files(files, Settings(), jobs=1))
    again = list(scan_files(files, Settings(), jobs=1))
    assert again == first and len(again) == 10


def test_a_file_over_the_time_limit_is_review_and_the_batch_goes_on(tmp_path):
    files = mixed_folder(tmp_path, count=4)
    slow = str(shape_bomb_pdf(tmp_path / "shapes.pdf"))
    files.insert(1, slow)
    results = list(scan_files(files, Settings(), jobs=2, use_cache=False,
                              limits=Limits(timeout=1.5)))
    assert [r.path for r in results] == files
    assert results[1].verdict.value == "review"
    assert "time limit" in results[1].errors[0]
    settings = Settings()
    assert results[:1] + results[2:] == [scan_file(p, settings) for p in files[:1] + files[2:]]


def test_a_file_over_the_memory_limit_is_review_and_not_cached(tmp_path):
    bomb = str(zip_bomb_docx(tmp_path / "bomb.docx"))
    clean = str(write_docx(tmp_path / "clean.docx", CLEAN))
    limits = Limits(max_memory_mb=100)
    first = list(scan_files([bomb, clean], Settings(), jobs=1, limits=limits))
    assert first[0].verdict.value == "review"
    assert first[0].errors == ["over the memory limit of 100 MB while reading"]
    assert first[1].verdict.value == "pass"  # the worker was replaced, the batch went on
    again = list(scan_files([bomb], Settings(), jobs=1, limits=limits))
    assert again == first[:1]  # scanned again, not served from the cache


def _baomi(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "scanner.cli", *args], **kwargs)


def test_progress_shows_on_a_terminal_only(tmp_path):
    files = mixed_folder(tmp_path, count=3)
    piped = subprocess.run([sys.executable, "-m", "scanner.cli", "scan", *files],
                           capture_output=True, text=True)
    assert piped.stderr == ""
    leader, follower = pty.openpty()
    # Not from the cache: a rescan the cache answers in full has nothing to wait for and
    # shows no bar (scanner.cli.cached).
    proc = _baomi("scan", "--no-cache", *files, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    os.close(leader)
    assert f"/{len(files)}".encode() in seen and b"file/s" in seen, seen


def cached_results(cache: Path) -> int:
    try:
        with closing(sqlite3.connect(cache, timeout=10)) as db:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_ctrl_c_writes_a_partial_report_and_exits_130(tmp_path):
    files = mixed_folder(tmp_path, count=3)
    # Two different slow files: were they the same bytes, the second could be answered
    # from the cache as soon as the first is stored, and the scan end before the signal.
    files += [str(shape_bomb_pdf(tmp_path / f"slow{i}.pdf", shapes=160_000 + i))
              for i in range(2)]
    report = tmp_path / "report.json"
    proc = _baomi("scan", *files, "--format", "json", "-o", str(report), "-j", "1",
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    cache = Path(os.environ["BAOMI_CACHE_DIR"]) / "results.sqlite3"
    deadline = time.monotonic() + 60
    while cached_results(cache) < 1:  # a small file is done; the slow ones take ~10 s
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err and f"of {len(files)} files" in err
    done = json.loads(report.read_text())["files"]
    assert 0 < len(done) < len(files)
    assert [f["path"] for f in done] == files[:len(done)]


def children(pid: int) -> set[int]:
    """Live (not zombie) child processes of ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


def _slow_scan(tmp_path: Path) -> tuple[subprocess.Popen, list[str], Path, set[int]]:
    """``baomi scan -j 2`` on two small files then slow ones, started and waited for until
    a small file is done and both workers are busy; returns the process, the files, the
    report path and the worker pids."""
    files = mixed_folder(tmp_path, count=2)
    files += [str(shape_bomb_pdf(tmp_path / f"slow{i}.pdf", shapes=200_000)) for i in range(3)]
    report = tmp_path / "report.json"
    proc = _baomi("scan", *files, "--format", "json", "-o", str(report), "-j", "2",
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    cache = Path(os.environ["BAOMI_CACHE_DIR"]) / "results.sqlite3"
    deadline = time.monotonic() + 120
    while cached_results(cache) < 1 or len(children(proc.pid)) < 2:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.1)
    return proc, files, report, children(proc.pid)


def _gone(pids: set[int]) -> bool:
    deadline = time.monotonic() + 30
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pids)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_sigterm_writes_the_partial_report_exits_143_and_leaves_no_worker(tmp_path):
    proc, files, report, workers = _slow_scan(tmp_path)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)  # returns: no worker holds the pipes open
    assert proc.returncode == 143, err
    assert "stopped by SIGTERM" in err and f"of {len(files)} files" in err
    done = json.loads(report.read_text())["files"]
    assert 0 < len(done) < len(files)
    assert [f["path"] for f in done] == files[:len(done)]
    assert _gone(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_parent(tmp_path):
    """SIGKILL runs no clean-up in the parent: the kernel's parent-death signal must stop
    the workers, which would otherwise hold the caller's pipes open."""
    proc, _files, _report, workers = _slow_scan(tmp_path)
    proc.kill()
    proc.communicate(timeout=60)  # EOF on stdout/stderr: the workers closed them by dying
    assert _gone(workers)


def test_pool_put_and_collect_answer_by_key_and_wake_for_the_callers_descriptor(tmp_path):
    """The interface ``baomi serve`` drives: ``collect`` returns when the caller's own
    descriptor is readable (new work), and each outcome comes back under its key."""
    from scanner.run.batch import Task, WorkerPool

    path = write_docx(tmp_path / "d.docx", ["经研究，拟提拔郑文博同志任市统计局副局长，尚未公示，请严格保密。"])
    pool = WorkerPool(1, Settings(), Limits(timeout=60))
    wake_read, wake_write = os.pipe()
    try:
        os.write(wake_write, b"x")
        assert pool.collect([wake_read]) == {} and pool.in_flight == 0
        os.read(wake_read, 1)
        pool.put(7, Task(str(path)))
        assert pool.in_flight == 1
        done: dict = {}
        while not done:
            done = pool.collect([wake_read])
        assert list(done) == [7] and pool.in_flight == 0
        assert done[7][0] == scan_file(str(path), Settings()) and done[7][1]
    finally:
        pool.close()
        os.close(wake_read)
        os.close(wake_write)


def test_call_limited_returns_raises_and_stops_at_the_limits():
    """One call in a process of its own (``baomi serve``'s stamping): its value, its
    exception, and LimitExceeded past the time or the memory limit."""
    from scanner.run.batch import LimitExceeded, call_limited

    assert call_limited(pow, (2, 10), Limits()) == 1024
    with pytest.raises(ValueError):
        call_limited(int, ("x",), Limits())
    with pytest.raises(LimitExceeded, match="time limit"):
        call_limited(time.sleep, (600,), Limits(timeout=0.5))
    with pytest.raises(LimitExceeded, match="memory limit of 64 MB"):
        call_limited(bytearray, (1 << 31,), Limits(max_memory_mb=64))
