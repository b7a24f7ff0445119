"""Bounded request bodies, and no body read for a caller that is not a known device.

A pure ASGI middleware in front of the application:

- a ``Content-Length`` above the limit is answered 413 ``payload_too_large`` at once;
- a body streamed without a length (chunked) is counted as it arrives, and the request is
  answered 413 as soon as the count passes the limit, whatever the route would have said;
- a request with a body to ``/api/`` whose bearer token is missing or unknown is answered
  401 ``unauthorized`` before a byte of its body is read.

So no caller can make the gateway hold more than the limit of one body in memory, and an
anonymous caller not even that.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio.to_thread

from gateway.core.db import Database
from gateway.core.errors import PAYLOAD_TOO_LARGE, UNAUTHORIZED, ErrorKind

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    pass


async def _refuse(send: Send, kind: ErrorKind) -> None:
    body = json.dumps(
        {"error": {"code": kind.code, "message": kind.message, "message_zh": kind.message_zh}},
        ensure_ascii=False,
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    if kind is UNAUTHORIZED:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": kind.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value
    return None


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, db: Database) -> None:
        self._app = app
        self._max = max_bytes
        self._db = db

    def _known_device(self, authorization: bytes | None) -> bool:
        if not authorization:
            return False
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        return self._db.device_label(token.strip()) is not None  # require_device's own check

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        length = _header(scope, b"content-length")
        chunked = b"chunked" in (_header(scope, b"transfer-encoding") or b"").lower()
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = self._max + 1
            if declared > self._max:
                await _refuse(send, PAYLOAD_TOO_LARGE)
                return
        has_body = chunked or (length is not None and length != b"0")
        if has_body and scope["path"].startswith("/api/"):
            authorization = _header(scope, b"authorization")
            if not await anyio.to_thread.run_sync(self._known_device, authorization):
                await _refuse(send, UNAUTHORIZED)
                return

        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self._max:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the route made of a cut-off body, the answer is 413
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self._app(scope, counting_receive, guarded_send)
        except _TooLarge:
            pass
        if exceeded and not started:
            await _refuse(send, PAYLOAD_TOO_LARGE)
