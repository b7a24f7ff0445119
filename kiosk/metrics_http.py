"""The kiosk's /metrics over HTTP, with a scrape token when it is reachable off the machine.

On loopback only local processes can ask, and no token is needed. An endpoint on an
interface the hospital's network reaches answers only a request carrying the fleet's scrape
token (``Authorization: Bearer …``, the token Prometheus reads from its ``credentials_file``):
the numbers name no patient, but a kiosk's state is the hospital's, not everyone's on the
network. Without a token configured such an endpoint is not started at all.
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, make_wsgi_app


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        pass  # a scrape every 15 s is not news; errors are logged by the caller


def needs_token(address: str) -> bool:
    return not ipaddress.ip_address(address).is_loopback


def guarded(app, token: str | None):
    """``app`` behind the scrape token; ``None`` lets every request through (loopback)."""
    if token is None:
        return app
    expected = f"Bearer {token}".encode()

    def check(environ, start_response):
        given = environ.get("HTTP_AUTHORIZATION", "").encode()
        if not hmac.compare_digest(given, expected):
            start_response("401 Unauthorized", [("Content-Type", "text/plain; charset=utf-8"),
                                                ("WWW-Authenticate", 'Bearer realm="metrics"')])
            return [b"a scrape token is required\n"]
        return app(environ, start_response)

    return check


def serve(registry: CollectorRegistry, address: str, port: int, token: str | None):
    """Start the server on its own thread; returns (server, thread)."""
    if needs_token(address) and not token:
        raise PermissionError(f"metrics on {address} need a scrape token (metrics.token_file)")
    server_class = _Server6 if ipaddress.ip_address(address).version == 6 else _Server
    server = make_server(address, port, guarded(make_wsgi_app(registry), token),
                         server_class=server_class, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, name="metrics", daemon=True)
    thread.start()
    return server, thread
