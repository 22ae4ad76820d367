"""``baomi serve``: a real server process on loopback, a real HTTP client (httpx), every
answer of the API, the same verdicts as ``baomi scan``, and hostile clients."""
from __future__ import annotations

import json
import re
import socket
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

httpx = pytest.importorskip("httpx")

from serving import SAMPLES, cli_json, serving  # noqa: E402
from test_archives import zip_of  # noqa: E402
from test_batch import shape_bomb_pdf, zip_bomb_docx  # noqa: E402

from scanner.pipeline import Settings, scan_file  # noqa: E402

# Server A: the limits a test can reach cheaply (1 MB uploads, 3 s to send one, 100 MB a
# worker may add), and those same limits for the CLI it is compared with.
LIMITS = ("--max-memory", "100")
TOKEN = "s3cret-token"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".pdf"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("serve"), "-j", "2", "--max-upload", "1",
                 "--upload-timeout", "3", *LIMITS) as served:
        yield served


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """Server B: one worker, one queued upload (two slots), a token from the environment."""
    with serving(tmp_path_factory.mktemp("serve-token"), "-j", "1", "--queue", "1",
                 env={"BAOMI_SERVE_TOKEN": TOKEN}) as served:
        yield served


def post(url: str, path: Path | None = None, data: bytes | None = None, name: str = "",
         timeout: float = 120, **fields: str) -> httpx.Response:
    content = path.read_bytes() if path is not None else data
    files = {"file": (name or (path.name if path else "upload.bin"), content)}
    return httpx.post(url, files=files, data=fields, timeout=timeout)


def test_health_version_and_page(server):
    assert httpx.get(server.url + "/healthz").status_code == 200
    version = httpx.get(server.url + "/api/v1/version").json()
    assert version["name"] == "baomi" and version["report_version"] == 1
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and "发布前保密检查" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("app.js", "app.css"):
        assert httpx.get(f"{server.url}/static/{asset}").status_code == 200
    assert httpx.get(server.url + "/static/../../pyproject.toml").status_code == 404


def test_same_report_as_the_cli_on_sample_docs(server):
    cli = cli_json(server.env, *LIMITS, *map(str, SAMPLE_FILES))
    for path, expected in zip(SAMPLE_FILES, cli["files"]):
        response = post(server.url + "/api/v1/scan", path)
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["files"][0] == {**expected, "path": path.name}
        assert report["summary"] == {"files": 1, "pass": 0, "block": 0, "review": 0,
                                     expected["verdict"]: 1}
        assert (report["version"], report["tool"], report["target"]) == (
            cli["version"], cli["tool"], "internet")
        assert response.headers["cache-control"] == "no-store"


def test_explain_adds_the_trace_and_chinese_names_and_nothing_else(server):
    """``?explain=1`` (the page's call): the contract's report unchanged, plus ``explain``:
    the judge's trace as ``baomi explain`` reads it, and the rules' and categories'
    Chinese names."""
    path = SAMPLES / "notice_secret_10y.docx"
    plain = post(server.url + "/api/v1/scan", path).json()
    explained = httpx.post(server.url + "/api/v1/scan?explain=1", timeout=120,
                           files={"file": (path.name, path.read_bytes())})
    assert explained.headers["cache-control"] == "no-store"
    report = explained.json()
    extra = report.pop("explain")
    assert report == plain and "explain" not in plain
    trace = extra["trace"]
    assert trace["passages"][0]["counts"] and trace["threshold"] > 0
    excerpt = trace["passages"][0]["excerpt"]
    marked = [excerpt["text"][a:b] for a, b, _signal in excerpt["marks"]]
    assert {"秘密", "国家秘密"} <= set(marked)  # the topic words that counted there
    assert extra["rules"]["marking.national-secret"] == "国家秘密密级标志"
    assert extra["categories"]["carrier"]["title"] == "涉密载体与密级用语"
    assert httpx.post(server.url + "/api/v1/scan?explain=yes", timeout=120,
                      files={"file": (path.name, b"x")}).status_code == 400


def test_target_extranet_is_the_cli_extranet(server):
    path = SAMPLES / "draft_appointment_unmarked.docx"
    cli = cli_json(server.env, "--target", "extranet", str(path))
    report = post(server.url + "/api/v1/scan", path, target="extranet").json()
    assert report["target"] == "extranet"
    assert report["files"][0] == {**cli["files"][0], "path": path.name}


def test_empty_file_is_the_cli_review(server, tmp_path):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    report = post(server.url + "/api/v1/scan", empty).json()["files"][0]
    cli = cli_json(server.env, str(empty))["files"][0]
    assert report == {**cli, "path": "empty.docx"} and report["verdict"] == "review"


def test_zip_bombs_are_review_and_the_server_stays_up(server, tmp_path):
    ratio = post(server.url + "/api/v1/scan", data=zip_of({"zeros.txt": b"\0" * (8 << 20)}),
                 name="bomb.zip").json()["files"][0]
    assert ratio["verdict"] == "review" and "zip bomb" in ratio["errors"][0]
    bomb = zip_bomb_docx(tmp_path / "bomb.docx")
    inflated = post(server.url + "/api/v1/scan", bomb).json()["files"][0]
    assert inflated["verdict"] == "review"
    assert inflated == {**cli_json(server.env, *LIMITS, str(bomb))["files"][0],
                        "path": "bomb.docx"}
    assert httpx.get(server.url + "/healthz").status_code == 200


@pytest.mark.parametrize("headers, body, why", [
    ({"Content-Type": "application/json"}, b"{}", "expected a multipart/form-data"),
    ({"Content-Type": "multipart/form-data; boundary=xyz"}, b"not multipart at all",
     "malformed multipart"),
    ({"Content-Type": "multipart/form-data; boundary=xyz"},
     b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhalf',
     "ended before its closing boundary"),
    ({"Content-Type": "multipart/form-data; boundary=xyz"},
     b'--xyz\r\nContent-Disposition: form-data; name="target"\r\n\r\ninternet\r\n--xyz--\r\n',
     "no field 'file'"),
])
def test_malformed_requests_are_400(server, headers, body, why):
    response = httpx.post(server.url + "/api/v1/scan", headers=headers, content=body)
    assert response.status_code == 400 and why in response.json()["error"]


def test_unknown_target_and_field_are_400(server):
    path = SAMPLES / "tender_organic_seals.docx"
    assert post(server.url + "/api/v1/scan", path, target="moon").status_code == 400
    assert post(server.url + "/api/v1/scan", path, colour="red").status_code == 400


def test_over_the_upload_limit_is_413_declared_or_streamed(server):
    declared = raw_request(server.url, "POST /api/v1/scan HTTP/1.1\r\nHost: x\r\n"
                           "Content-Type: multipart/form-data; boundary=b\r\n"
                           "Content-Length: 10737418240\r\n\r\n")
    assert declared.startswith(b"HTTP/1.1 413")

    # No Content-Length: chunked, cut off while streaming. The client sends just past the
    # limit and waits, so the server has read all it was sent when it answers.
    preamble = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"'
                b"\r\n\r\n")
    body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece)
                    for piece in [preamble] + [b"x" * 65536] * 16 + [b"x" * 16])
    streamed = raw_request(server.url, "POST /api/v1/scan HTTP/1.1\r\nHost: x\r\n"
                           "Content-Type: multipart/form-data; boundary=b\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n", body)
    assert streamed.startswith(b"HTTP/1.1 413") and b"over the limit" in streamed
    just_under = post(server.url + "/api/v1/scan", data=b"a" * (1 << 20), name="big.txt")
    assert just_under.status_code == 200


def raw_request(url: str, head: str, body: bytes = b"", wait: float = 60) -> bytes:
    """Send ``head`` (and ``body``) on a socket of its own; the answer, head and body."""
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=wait) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < int(
                re.search(rb"content-length: (\d+)", answer, re.I).group(1)):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def test_a_slow_client_gets_408_and_the_server_stays_up(server):
    head = ("POST /api/v1/scan HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n\r\n")
    answer = raw_request(server.url, head, b'--b\r\nContent-Disposition: form-data; name="file"; '
                         b'filename="slow.txt"\r\n\r\nonly the start')
    assert answer.startswith(b"HTTP/1.1 408")
    assert httpx.get(server.url + "/healthz").status_code == 200


def test_a_hundred_concurrent_uploads_each_get_an_answer(server):
    paths = [SAMPLE_FILES[i % len(SAMPLE_FILES)] for i in range(100)]
    cli = cli_json(server.env, *LIMITS, *map(str, SAMPLE_FILES))["files"]
    expected = {Path(f["path"]).name: f["verdict"] for f in cli}
    with ThreadPoolExecutor(100) as pool:
        answers = list(pool.map(lambda p: post(server.url + "/api/v1/scan", p, timeout=300),
                                paths))
    statuses = {a.status_code for a in answers}
    assert statuses <= {200, 503} and 200 in statuses
    for path, answer in zip(paths, answers):
        if answer.status_code == 200:
            assert answer.json()["files"][0]["verdict"] == expected[path.name]
        else:
            assert int(answer.headers["retry-after"]) > 0
    assert httpx.get(server.url + "/healthz").status_code == 200


def test_uploads_are_not_kept_nor_logged(server):
    post(server.url + "/api/v1/scan", SAMPLES / "draft_appointment_unmarked.docx")
    folders = list(server.tmp.glob("baomi-serve-*"))  # the server's private folder
    assert len(folders) == 1 and folders[0].stat().st_mode & 0o777 == 0o700
    assert list(folders[0].iterdir()) == []
    log = server.stderr.read_text(encoding="utf-8")
    assert "draft_appointment" not in log and "拟提拔" not in log and "POST" not in log


def test_mark_returns_the_stamped_copy_and_records_the_ledger_row(server, tmp_path):
    source = SAMPLES / "draft_appointment_unmarked.docx"
    response = post(server.url + "/api/v1/mark", source, level="内部", operator="编辑甲")
    assert response.status_code == 200
    assert "draft_appointment_unmarked.marked.docx" in response.headers["content-disposition"]
    marked = tmp_path / "marked.docx"
    marked.write_bytes(response.content)
    rescanned = scan_file(str(marked), Settings())
    assert (rescanned.status.value, rescanned.marking.level) == ("restricted", "内部")
    with sqlite3.connect(server.env["BAOMI_LEDGER"]) as db:
        row = db.execute("SELECT operator, action, input_path, output_path, level, term, "
                         "sha256_after, extra FROM entries ORDER BY id DESC LIMIT 1").fetchone()
    assert row[:6] == ("编辑甲", "mark", source.name, "draft_appointment_unmarked.marked.docx",
                       "内部", None)
    assert row[6] == rescanned.sha256 and json.loads(row[7])["type"] == "docx"


def ledger_rows(server) -> int:
    if not Path(server.env["BAOMI_LEDGER"]).exists():
        return 0
    with sqlite3.connect(server.env["BAOMI_LEDGER"]) as db:
        return db.execute("SELECT count(*) FROM entries").fetchone()[0]


def test_stamping_runs_under_the_memory_limit_and_leaves_nothing(server, tmp_path):
    """A DOCX whose XML inflates to 200 MB, stamped on a server whose workers may grow by
    100 MB: refused with the reason, no ledger row, nothing left on disk, server up."""
    post(server.url + "/api/v1/mark", SAMPLES / "draft_appointment_unmarked.docx", level="内部")
    before = ledger_rows(server)
    bomb = post(server.url + "/api/v1/mark", zip_bomb_docx(tmp_path / "bomb.docx"), level="内部")
    assert bomb.status_code == 422 and "memory limit of 100 MB" in bomb.json()["error"]
    assert ledger_rows(server) == before
    folder, = server.tmp.glob("baomi-serve-*")
    assert list(folder.iterdir()) == []
    assert httpx.get(server.url + "/healthz").status_code == 200


def test_stamping_runs_under_the_time_limit(tmp_path):
    """A PDF whose pages take ~10 s to read, stamped on a server with a 2 s limit."""
    slow = shape_bomb_pdf(tmp_path / "slow.pdf")
    with serving(tmp_path / "server", "-j", "1", "--timeout", "2") as served:
        answer = post(served.url + "/api/v1/mark", slow, level="秘密", term="1年")
        assert answer.status_code == 422 and "time limit" in answer.json()["error"]
        assert ledger_rows(served) == 0
        scanned = post(served.url + "/api/v1/scan", slow).json()["files"][0]
        assert scanned["verdict"] == "review" and "time limit" in scanned["errors"][0]
        marked = post(served.url + "/api/v1/mark", SAMPLES / "draft_appointment_unmarked.docx",
                      level="内部")
        assert marked.status_code == 200 and ledger_rows(served) == 1


@pytest.mark.parametrize("sample, fields, why", [
    ("notice_secret_10y.docx", {"level": "机密", "term": "99年"}, "最长20年"),
    ("draft_appointment_unmarked.docx", {"level": "绝密★"}, ""),
    ("draft_appointment_unmarked.docx", {"level": "秘密", "copy_number": "abc"}, "copy_number"),
    ("draft_appointment_unmarked.docx", {}, "level is required"),
    ("notice_secret_10y.docx", {"level": "机密", "term": "10年"}, "already carries 秘密★10年"),
    ("economic_analysis_encrypted.pdf", {"level": "内部"}, "encrypted"),
])
def test_mark_refusals_are_422_with_the_reason(server, sample, fields, why):
    response = post(server.url + "/api/v1/mark", SAMPLES / sample, **fields)
    assert response.status_code == 422 and why in response.json()["error"]
    assert "/tmp" not in response.json()["error"] and str(server.tmp) not in response.text


def test_token_is_required_on_the_api(guarded):
    path = SAMPLES / "tender_organic_seals.docx"
    assert httpx.get(guarded.url + "/healthz").status_code == 200
    assert httpx.get(guarded.url + "/").status_code == 200  # the page holds no data
    anonymous = post(guarded.url + "/api/v1/scan", path)
    assert anonymous.status_code == 401 and "Bearer" in anonymous.headers["www-authenticate"]
    wrong = httpx.post(guarded.url + "/api/v1/scan", files={"file": (path.name, b"x")},
                       headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    assert httpx.get(guarded.url + "/api/v1/version").status_code == 401
    right = httpx.post(guarded.url + "/api/v1/scan", files={"file": (path.name, path.read_bytes())},
                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
    assert right.status_code == 200 and right.json()["files"][0]["verdict"] == "pass"


def test_a_full_queue_is_503_with_retry_after(guarded):
    """Two uploads that never finish sending hold both slots (one worker, one queued):
    the third request is told to come back; once they go, uploads are answered again."""
    address = urlsplit(guarded.url)
    head = (f"POST /api/v1/scan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
            "Content-Length: 100000\r\nContent-Type: multipart/form-data; boundary=b\r\n\r\n"
            '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n')
    holders = [socket.create_connection((address.hostname, address.port)) for _ in range(2)]
    try:
        for sock in holders:
            sock.sendall(head.encode())
        auth = {"Authorization": f"Bearer {TOKEN}"}
        for _ in range(100):  # until the server has taken both holders in
            busy = httpx.post(guarded.url + "/api/v1/scan", headers=auth,
                              files={"file": ("c.txt", "通知".encode())}, timeout=120)
            if busy.status_code == 503:
                break
            time.sleep(0.1)
        assert busy.status_code == 503 and int(busy.headers["retry-after"]) > 0
    finally:
        for sock in holders:
            sock.close()
    path = SAMPLES / "tender_organic_seals.docx"
    for _ in range(100):  # the server frees a slot when it sees its client gone
        again = httpx.post(guarded.url + "/api/v1/scan", headers=auth, timeout=120,
                           files={"file": (path.name, path.read_bytes())})
        if again.status_code != 503:
            break
        time.sleep(0.1)
    assert again.status_code == 200
