"""The upload page in a real browser: headless Chromium (Debian's package) driven over the
DevTools protocol: choose a sample, read the verdict and the highlighted passage from the
DOM, press the button and get the marked copy as a download.

``BAOMI_SERVE_SCREENSHOT=FILE`` keeps the screenshot of the blocked result (README's).
"""
from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
websocket = pytest.importorskip("websocket")

from serving import SAMPLES, serving  # noqa: E402
from test_html_report import FLAGS  # noqa: E402

from scanner.pipeline import Settings, scan_file  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Polls of 0.1 s: how long the page may take to answer (a scan, a download).
ATTEMPTS = 600

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                "(apt-get install chromium; .ci/run installs it)")


class DevTools:
    """One page target, spoken to over its DevTools websocket."""

    def __init__(self, ws_url: str):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.ids = itertools.count(1)

    def send(self, method: str, **params) -> dict:
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:  # events arrive in between; skip them
            message = json.loads(self.ws.recv())
            if message.get("id") == number:
                assert "error" not in message, message
                return message["result"]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        return result["result"].get("value")

    def wait_for(self, expression: str):
        for _ in range(ATTEMPTS):
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"never true in the page: {expression}")


@pytest.fixture
def browser(tmp_path):
    """Chromium with remote debugging on a free port, on the server's page."""
    def start(url: str) -> DevTools:
        log = tmp_path / "chromium.stderr"
        with open(log, "wb") as err:
            process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                                        "--remote-debugging-port=0", "--window-size=1000,1500",
                                        url], stdout=err, stderr=err)
        processes.append(process)
        for _ in range(ATTEMPTS):
            found = re.search(r"DevTools listening on ws://([^/]+)/",
                              log.read_text(errors="replace"))
            if found:
                break
            time.sleep(0.1)
        assert found, log.read_text(errors="replace")
        for _ in range(ATTEMPTS):
            pages = [t for t in httpx.get(f"http://{found.group(1)}/json/list").json()
                     if t["type"] == "page" and t["url"].startswith(url)]
            if pages:
                break
            time.sleep(0.1)
        return DevTools(pages[0]["webSocketDebuggerUrl"])

    processes: list[subprocess.Popen] = []
    yield start
    for process in processes:
        process.terminate()
        process.wait(30)


def choose(page: DevTools, path: Path) -> None:
    """Once the page has loaded (its script asked for the version), pick ``path`` in its
    file field, as a person does; the page uploads it."""
    page.wait_for("document.readyState === 'complete' && document.getElementById('version')"
                  ".textContent !== ''")
    root = page.send("DOM.getDocument")["root"]["nodeId"]
    file_input = page.send("DOM.querySelector", nodeId=root, selector="#file")["nodeId"]
    page.send("DOM.setFileInputFiles", nodeId=file_input, files=[str(path)])
    page.wait_for("!document.getElementById('result').hidden && "
                  f"document.getElementById('file-name').textContent === {json.dumps(path.name)}")


# What the result shows a reader (closed <details> and hidden parts are not shown), less
# the file's own name and the technical details under each "not read" reason.
SHOWN_TEXT = """(() => {
    const copy = document.getElementById('result').cloneNode(true);
    copy.querySelectorAll('#file-name, .tech, [hidden], details:not([open]) > :not(summary)')
        .forEach((node) => node.remove());
    document.body.append(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
})()"""
# Latin words an editor may meet: the tool's name, file types, the standard a marked copy follows.
ALLOWED_LATIN = re.compile(r"GB/T|DOCX|PDF|baomi")


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", ALLOWED_LATIN.sub("", text))


def test_editor_checks_a_draft_and_downloads_the_marked_copy(tmp_path, browser):
    sample = SAMPLES / "draft_appointment_unmarked.docx"
    with serving(tmp_path / "server", "-j", "1") as server:
        page = browser(server.url + "/")
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        page.send("Page.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
        choose(page, sample)
        shown = page.evaluate("""({
            verdict: document.getElementById('result').dataset.verdict,
            big: document.getElementById('verdict').textContent,
            name: document.getElementById('file-name').textContent,
            marked: [...document.querySelectorAll('#reasons mark')].map(m => [m.textContent, m.dataset.signal]),
            passages: [...document.querySelectorAll('#reasons .passage')].map(p => p.textContent),
            evidence: document.getElementById('reasons').textContent,
            statements: document.getElementById('statements').textContent,
            suggest: document.getElementById('suggest-text').textContent,
            unreadHidden: document.getElementById('unread').hidden,
        })""")
        assert shown["verdict"] == "block" and shown["big"] == "不得发布"
        assert shown["name"] == sample.name and shown["unreadHidden"]
        # The judge's trace: the deciding passage as written, its words marked by signal.
        assert ["拟提拔", "topic"] in shown["marked"] and ["陈晓雯", "specifics"] in shown["marked"]
        assert any("陈晓雯，女，1984年2月生" in p and "拟提拔为市水务局副局长" in p
                   for p in shown["passages"])
        assert "干部人事（决定、公示前）" in shown["evidence"] and "尚未公示" in shown["statements"]
        assert "内部" in shown["suggest"] and "干部人事" in shown["suggest"]
        assert english_words(page.evaluate(SHOWN_TEXT)) == []

        size = page.send("Page.getLayoutMetrics")["cssContentSize"]  # the whole page
        picture = base64.b64decode(page.send(
            "Page.captureScreenshot", format="png", captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        )["data"])
        assert picture.startswith(b"\x89PNG")
        if os.environ.get("BAOMI_SERVE_SCREENSHOT"):
            Path(os.environ["BAOMI_SERVE_SCREENSHOT"]).write_bytes(picture)

        page.evaluate("document.getElementById('mark-button').click()")
        name = page.wait_for("document.getElementById('mark-message').dataset.downloaded")
        assert name == "draft_appointment_unmarked.marked.docx"
        for _ in range(ATTEMPTS):  # Chromium renames NAME.crdownload when it is complete
            if (downloads / name).exists():
                break
            time.sleep(0.1)
        marked = scan_file(str(downloads / name), Settings())
        assert (marked.status.value, marked.marking.level) == ("restricted", "内部")
        assert sample.read_bytes() != (downloads / name).read_bytes()


def test_an_unreadable_file_and_a_marked_one_are_explained_in_chinese(tmp_path, browser):
    with serving(tmp_path / "server", "-j", "1") as server:
        page = browser(server.url + "/")
        choose(page, SAMPLES / "economic_analysis_encrypted.pdf")
        shown = page.evaluate("""({
            big: document.getElementById('verdict').textContent,
            unread: document.getElementById('unread').hidden ? '' : document.getElementById('unread').textContent,
            suggestHidden: document.getElementById('suggest').hidden,
        })""")
        assert shown["big"] == "需人工审查" and shown["suggestHidden"]
        assert "未能完整读取" in shown["unread"] and "文件设置了密码" in shown["unread"]
        assert english_words(page.evaluate(SHOWN_TEXT)) == []

        choose(page, SAMPLES / "notice_secret_10y.docx")
        rules = page.evaluate("[...document.querySelectorAll('#rules .why')].map(n => n.textContent)")
        assert "国家秘密密级标志" in rules
        assert english_words(page.evaluate(SHOWN_TEXT)) == []
