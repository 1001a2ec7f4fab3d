"""The HTTP server: standard library ``ThreadingHTTPServer`` over ``handle_request``.

Why one read-only store per request: SQLite connections belong to the thread that opened
them, opening a file ``?mode=ro`` costs microseconds, and a read-only connection can never
write to the analyst's store, even through a bug in a page.
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tidings.store import Store
from tidings.web.app import Resolver, Response, handle_request

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class TidingsHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD; the server object carries the store path and resolver."""

    server: TidingsServer
    server_version = "tidings"

    def answer(self, *, with_body: bool) -> None:
        try:
            store = Store.open_read_only(self.server.db)
        except Exception as exc:  # a missing or unreadable store is a 503, not a crash
            message = f"{self.server.db}: cannot open store: {exc}"
            self.send(Response(503, "text/plain; charset=utf-8", message.encode()), with_body)
            return
        try:
            response = handle_request(store, self.path, self.server.resolve)
        finally:
            store.close()
        self.send(response, with_body)

    def send(self, response: Response, with_body: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self'")
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def do_GET(self) -> None:
        self.answer(with_body=True)

    def do_HEAD(self) -> None:
        self.answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class TidingsServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        db: str | Path,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        *,
        resolve: Resolver | None = None,
        quiet: bool = False,
    ) -> None:
        self.db = str(db)
        self.resolve = resolve
        self.quiet = quiet
        super().__init__((host, port), TidingsHandler)


def make_server(
    db: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    resolve: Resolver | None = None,
    quiet: bool = False,
) -> TidingsServer:
    """A server bound to ``host:port`` (port 0: any free port) over the store at ``db``.

    Raises ``ValueError`` naming the file when the store does not exist.
    """
    if not Path(db).is_file():
        raise ValueError(f"{db}: no such store (run `tidings ingest` first)")
    return TidingsServer(db, host, port, resolve=resolve, quiet=quiet)
