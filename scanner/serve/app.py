"""The HTTP face of ``baomi serve`` (Starlette): the upload page and the versioned API.

Routes (CONTRACT, ``baomi serve``):

- ``GET /`` the page (Chinese; HTML, CSS and a little JS shipped in the package);
- ``POST /api/v1/scan`` multipart ``file`` (+ ``target``) → the JSON report of that file;
  ``?explain=1`` (the page) adds the key ``explain``: the trace and Chinese names;
- ``POST /api/v1/mark`` multipart ``file``, ``level`` (+ ``term``, ``copy_number``,
  ``operator``) → the stamped DOCX or PDF, recorded in the ledger;
- ``GET /healthz``, ``GET /api/v1/version``.

Answers: 400 malformed request, 401 missing or wrong token (when one is set), 408 an upload
slower than the upload timeout, 413 over the upload limit, 422 a marking that may not be
stamped, or a file that cannot be within the limits (with the reason), 503 + Retry-After
when every upload slot is taken.

Uploads live in a private folder (0700) for the length of their request and are removed
when it ends, however it ends. Nothing here logs a request, a file name or a finding: the
matched text goes only into the response to the uploader.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import json
import shutil
import tempfile
import urllib.parse
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from scanner import __version__
from scanner.settings import TARGETS
from scanner.report.json import REPORT_VERSION, render_json
from scanner.run.batch import Limits
from scanner.serve.explain import explanation
from scanner.serve.service import QueueFull, ScanService
from scanner.serve.stamping import NotRecorded, Refused, stamp_upload
from scanner.serve.upload import Upload, UploadError, check_declared_length, read_upload

# What a client that found every slot taken is told to wait, in seconds.
RETRY_AFTER_SECONDS = 5
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
# The page loads only its own script and style, and talks only to this server.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# A report quotes what it found: no cache on the way may keep it.
API_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class ServeOptions:
    """``max_upload`` in bytes; ``slots`` uploads at once (being received, queued or read);
    ``upload_timeout`` seconds a client may take to send one; ``token`` None: no token;
    ``limits``: what one file may take, to scan or to stamp."""

    target: str
    max_upload: int
    slots: int
    upload_timeout: float
    token: str | None = None
    ledger_path: str | None = None
    limits: Limits = Limits()


class Busy(Exception):
    """Every upload slot is taken."""


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Server:
    """What the routes share: the scan service, the upload slots and the private folder
    uploads go to."""

    def __init__(self, options: ServeOptions, service: ScanService):
        self.options = options
        self.service = service
        self.active = 0  # touched only from the event loop's thread
        self.root = tempfile.mkdtemp(prefix="baomi-serve-")  # mode 0700

    @contextlib.contextmanager
    def slot(self) -> Iterator[str]:
        """A slot and a private folder for one upload; both go when the request ends."""
        if self.active >= self.options.slots:
            raise Busy
        self.active += 1
        folder = tempfile.mkdtemp(dir=self.root)
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            self.active -= 1

    def close(self) -> None:
        self.service.close()
        shutil.rmtree(self.root, ignore_errors=True)


def create_app(server: Server) -> Starlette:
    page = _static("index.html")
    assets = {name: _static(name) for name in STATIC}

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await run_in_threadpool(server.close)

    async def index(_request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets:
            return Response("not found", status_code=404)
        return Response(assets[name], media_type=STATIC[name], headers=PAGE_HEADERS)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=API_HEADERS)

    async def version(request: Request) -> Response:
        return await _guarded(request, server, None, _version)

    async def scan(request: Request) -> Response:
        explain = request.query_params.get("explain", "0")
        if explain not in ("0", "1"):
            return _error(400, "explain must be 0 or 1")
        return await _guarded(request, server, ("target",),
                              functools.partial(_scan, explain=explain == "1"))

    async def mark(request: Request) -> Response:
        return await _guarded(request, server, ("level", "term", "copy_number", "operator"),
                              _mark)

    routes = [
        Route("/", index), Route("/static/{name}", static), Route("/healthz", healthz),
        Route("/api/v1/version", version), Route("/api/v1/scan", scan, methods=["POST"]),
        Route("/api/v1/mark", mark, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _static(name: str) -> bytes:
    return resources.files("scanner.serve").joinpath("static", name).read_bytes()


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": message}, status_code=status,
                        headers={**API_HEADERS, **(headers or {})})


async def _guarded(request: Request, server: Server, fields: tuple[str, ...] | None,
                   handler) -> Response:
    """The token, then (for uploads) a slot, the upload itself, and the error answers."""
    token = server.options.token
    if token is not None and not _token_matches(request, token):
        return _error(401, "this server needs Authorization: Bearer <token>",
                      {"WWW-Authenticate": 'Bearer realm="baomi"'})
    if fields is None:
        return await handler(server)
    try:
        with server.slot() as folder:
            check_declared_length(request.headers.get("content-length"),
                                  server.options.max_upload)
            upload = await asyncio.wait_for(
                read_upload(request.headers.get("content-type"), request.stream(), folder,
                            server.options.max_upload),
                server.options.upload_timeout)
            unknown = set(upload.fields) - set(fields)
            if unknown:
                raise HttpError(400, f"unknown form field: {sorted(unknown)[0]}")
            return await handler(server, upload, folder)
    except Busy:
        return _error(503, "every upload slot is taken; try again shortly",
                      {"Retry-After": str(RETRY_AFTER_SECONDS)})
    except QueueFull:
        return _error(503, "the scan queue is full; try again shortly",
                      {"Retry-After": str(RETRY_AFTER_SECONDS)})
    except UploadError as exc:
        return _error(exc.status, str(exc))
    except HttpError as exc:
        return _error(exc.status, str(exc))
    except asyncio.TimeoutError:
        return _error(408, f"the upload took longer than {server.options.upload_timeout:g} s")
    except ClientDisconnect:
        return Response(status_code=400)  # nobody is listening; uvicorn drops it
    except OSError as exc:  # the temp folder is full or gone: say so, name no file
        return _error(500, f"the server could not keep the upload: {exc.strerror or 'error'}")


def _token_matches(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                              token.encode())


async def _version(_server: Server) -> Response:
    return JSONResponse({"name": "baomi", "version": __version__, "api": 1,
                         "report_version": REPORT_VERSION}, headers=API_HEADERS)


async def _scan(server: Server, upload: Upload, _folder: str, explain: bool) -> Response:
    """The contract's report of the upload; with ``explain``, one key more: the trace
    and the Chinese names the page shows (scanner/serve/explain.py)."""
    target = upload.fields.get("target") or server.options.target
    if target not in TARGETS:
        raise HttpError(400, f"target must be one of {', '.join(TARGETS)}")
    service = server.service
    result = await asyncio.wrap_future(service.submit(upload.path, upload.name, target))
    body = render_json([result], target)
    if explain:
        report = json.loads(body)
        report["explain"] = explanation(result, service.settings.dictionary)
        body = json.dumps(report, ensure_ascii=False)
    return Response(body, media_type="application/json; charset=utf-8", headers=API_HEADERS)


async def _mark(server: Server, upload: Upload, folder: str) -> Response:
    level = upload.fields.get("level", "").strip()
    if not level:
        raise HttpError(422, "level is required: 绝密, 机密, 秘密 or 内部")
    copy = upload.fields.get("copy_number", "").strip()
    if copy and not copy.isdigit():
        raise HttpError(422, f"copy_number must be a number: {copy}")
    try:
        data, name = await run_in_threadpool(
            stamp_upload, upload.path, upload.name, folder, level,
            upload.fields.get("term", "").strip() or None, int(copy) if copy else None,
            upload.fields.get("operator", "").strip() or None, server.options.ledger_path,
            server.options.limits)
    except Refused as exc:
        raise HttpError(422, str(exc)) from None
    except NotRecorded as exc:
        raise HttpError(500, str(exc)) from None
    quoted = urllib.parse.quote(name, safe="")
    kind = name.rsplit(".", 1)[-1].lower()
    return Response(data, media_type=MIME.get(kind, "application/octet-stream"), headers={
        **API_HEADERS,
        "Content-Disposition": f"attachment; filename=\"marked.{kind}\"; filename*=UTF-8''{quoted}"})
