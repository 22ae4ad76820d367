"""``baomi serve``: the pre-publication check as a web page and an HTTP API.

Starlette and uvicorn come with the extra ``baomi[serve]`` and are imported only when the
command runs, so ``baomi scan`` never pays for them. Exit status: 0 after a clean stop
(Ctrl-C, SIGTERM); 2 usage error (the extra missing, invalid config or dictionary, an
address that cannot be listened on).
"""
from __future__ import annotations

import ipaddress
import socket

import click

from scanner.run.batch import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, Limits, default_jobs
from scanner.cli.help import epilog
from scanner.cli.stamping import ledger_option
from scanner.cli.scanning import config_for
from scanner.dictionary import DictionaryError
from scanner.settings import Settings

TOKEN_ENV = "BAOMI_SERVE_TOKEN"
# Connections uvicorn accepts at once, per upload slot, before it answers 503 itself: room
# for page loads, health checks and the clients told to wait.
CONNECTIONS_PER_SLOT = 4
# The HTTP keep-alive of an idle connection, seconds.
KEEP_ALIVE_SECONDS = 5


@click.command(epilog=epilog(
    {0: "stopped cleanly (Ctrl-C, SIGTERM)",
     2: "usage error: the serve extra missing, invalid config or dictionary, an address "
        "that cannot be listened on"},
    ("BAOMI_SERVE_TOKEN", "BAOMI_CACHE_DIR", "BAOMI_LEDGER", "BAOMI_OCR"),
    ["baomi serve", "BAOMI_SERVE_TOKEN=$(cat /etc/baomi/token) baomi serve --port 8765 -j 4"]))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback: only this machine; see README for a "
              "reverse proxy).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port (0: any free port, printed at start).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: .baomi.toml found from the working folder "
              "upwards, no further than the repository root).")
@click.option("--max-upload", type=click.IntRange(min=1), default=64, show_default=True,
              help="Largest upload, MB (413 above it).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes, for uploads to either target (default: number of CPUs).")
@click.option("--token", envvar=TOKEN_ENV, default=None,
              help=f"Require 'Authorization: Bearer TOKEN' on the API (or ${TOKEN_ENV}).")
@click.option("--queue", "queue_size", type=click.IntRange(min=1), default=32,
              show_default=True, help="Uploads that may wait for a worker (503 beyond).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT,
              show_default=True, help="Seconds one file may take; then it is review (0: none).")
@click.option("--max-memory", type=click.IntRange(min=0), default=DEFAULT_MAX_MEMORY_MB,
              show_default=True, help="MB a worker may grow by reading one file (0: none).")
@click.option("--upload-timeout", type=click.FloatRange(min=1), default=300.0,
              show_default=True, help="Seconds a client may take to send its upload (408).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@ledger_option
def serve(host: str, port: int, config_path: str | None, max_upload: int, jobs: int | None,
          token: str | None, queue_size: int, timeout: float, max_memory: int,
          upload_timeout: float, no_cache: bool, ledger_path: str | None) -> int:
    """Serve the upload page and the HTTP API (pip install 'baomi[serve]')."""
    from click import UsageError as UsageFailure  # exit 2, as every command's usage errors

    try:
        import uvicorn

        from scanner.serve.app import Server, ServeOptions, create_app
        from scanner.serve.service import ScanService
    except ImportError as exc:
        raise UsageFailure(f"baomi serve needs the serve extra: pip install 'baomi[serve]' "
                           f"({exc.name} is missing)") from exc
    if token is not None and not token.strip():
        raise UsageFailure("--token is empty")
    config = config_for(config_path)
    settings = Settings.build(config)
    try:
        settings.dictionary
    except DictionaryError as exc:
        raise UsageFailure(f"invalid dictionary: {exc}") from exc
    sock = _listen(host, port, UsageFailure)
    jobs = jobs or default_jobs()
    limits = Limits(timeout or None, max_memory or None)
    # One pool of workers for both targets: each upload says where it is going.
    service = ScanService(settings, jobs, limits, use_cache=not no_cache, queue_size=queue_size)
    options = ServeOptions(target=settings.target, max_upload=max_upload * 1024 * 1024,
                           slots=jobs + queue_size, upload_timeout=upload_timeout,
                           token=token, ledger_path=ledger_path, limits=limits)
    app = create_app(Server(options, service))
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"baomi serve: listening on http://{shown}:{bound}/ ({jobs} workers, "
               f"uploads up to {max_upload} MB{', token required' if token else ''})",
               err=True)
    if token is None and not _loopback(host):
        click.echo(f"baomi serve: warning: {host} is reachable from other machines and no "
                   "--token is set", err=True)
    uvicorn.Server(uvicorn.Config(
        app, access_log=False, log_level="warning", server_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS, lifespan="on",
        limit_concurrency=options.slots * CONNECTIONS_PER_SLOT,
    )).run(sockets=[sock])
    return 0


def _listen(host: str, port: int, failure: type[click.UsageError]) -> socket.socket:
    """A listening socket, bound before the server starts, so that ``--port 0`` can say
    which port it got."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise failure(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
