"""A small HTTP server on 127.0.0.1 that tests start themselves, serving canned pages."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class CannedPage:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    declare_length: bool = True  # False: no Content-Length, the body ends when the connection closes


class LoopbackServer:
    def __init__(self, server: ThreadingHTTPServer, *, tls: bool = False) -> None:
        self._server = server
        self._scheme = "https" if tls else "http"
        self.pages: dict[str, CannedPage] = {}
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        self.request_headers: list[dict[str, str]] = []  # every request's headers, names in lower case
        self.server_names: list[str | None] = []  # the TLS SNI of each handshake

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"{self._scheme}://{self._server.server_address[0]}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path


def _handler(loopback: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            loopback.requests.append((self.path, self.headers.get("Host", "")))
            loopback.request_headers.append({name.lower(): value for name, value in self.headers.items()})
            page = loopback.pages.get(self.path, CannedPage(b"missing", status=404))
            if page.delay_s:
                time.sleep(page.delay_s)
            self.send_response(page.status)
            if page.content_type is not None:
                self.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if page.declare_length:
                self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):  # the client stopped reading (size cap)
                self.wfile.write(page.body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@contextmanager
def loopback_server(tls: ssl.SSLContext | None = None) -> Iterator[LoopbackServer]:
    """Plain HTTP, or HTTPS with `tls` (a server-side context holding the certificate)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    server.block_on_close = False
    loopback = LoopbackServer(server, tls=tls is not None)
    if tls is not None:

        def remember_name(_socket: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
            loopback.server_names.append(name)

        tls.sni_callback = remember_name  # type: ignore[assignment]
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.RequestHandlerClass = _handler(loopback)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield loopback
    finally:
        server.shutdown()
        server.server_close()
