"""Around every request: an id, the body limit, a catch-all, and one log line without content.

A plain ASGI middleware (not Starlette's BaseHTTPMiddleware, which buffers bodies):

- the body is counted as it arrives; a declared or actual size over the limit gets
  413 with a Swedish message at once, and whatever the route answered to the
  cut-off body is replaced by that;
- an exception no handler took becomes a 500 naming the request id, and is not
  re-raised – the server would log its traceback, which can quote a file;
- the log line names the request id, method, path, status, bytes received and time:
  never a file name or anything in a file.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reportgen.web.problems import Answer, ApiError, internal
from reportgen.web.settings import format_size

log = logging.getLogger("reportgen.web")
# a job's address is what lets someone fetch its reports: the log keeps only its start
_JOB_ID = re.compile(r"(/(?:api/jobb|arsskifte)/[A-Za-z0-9_-]{8})[A-Za-z0-9_-]+")


# Pages load nothing from elsewhere, are never framed, and post only to themselves.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        b"form-action 'self'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class BodyTooLarge(Exception):
    """Raised from `receive` once the body passes the limit; it stops the reading."""


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "for_stor",
        f"Det som skickades är för stort: högst {format_size(limit)} per gång tas emot. "
        "Skicka färre filer åt gången, eller ta bort stora bilder ur dokumenten.",
    )


class ServiceMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int, answer: Answer) -> None:
        self.app = app
        self.max_body = max_body
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(6)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        state: dict[str, Any] = {"received": 0, "over": False, "started": False, "status": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"], state["status"] = True, message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.extend(SECURITY_HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.max_body:
                    state["over"] = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if not state["over"]:  # the route's answer to a cut-off body is dropped
                await send_with_id(message)

        try:
            if _declared_length(scope) > self.max_body:
                state["over"] = True
            else:
                await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            state["over"] = True
        except Exception as exc:
            if not state["over"] and not state["started"]:
                await self._respond(scope, receive, send_with_id, internal(Request(scope), exc))
            elif not state["over"]:
                log.error("begäran %s: avbruten under svaret (%s)", request_id, type(exc).__name__)
        if state["over"] and not state["started"]:
            await self._respond(scope, receive, send_with_id, too_large(self.max_body))
        log.info(
            "%s %s %s %s %d B %.0f ms",
            request_id,
            scope.get("method", "-"),
            _JOB_ID.sub(r"\1…", scope.get("path", "-")),
            state["status"],
            state["received"],
            (time.perf_counter() - started) * 1000,
        )

    async def _respond(self, scope: Scope, receive: Receive, send: Send, error: ApiError) -> None:
        response = self.answer(Request(scope, receive), error)
        if error.status == 413:
            response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0
