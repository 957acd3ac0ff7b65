"""One pure-ASGI middleware: request id, body size limit, a single access log line, metrics."""

from __future__ import annotations

import time
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from campus_common.db import is_unavailable, unavailable_response
from campus_common.errors import (
    PayloadTooLarge,
    ProblemError,
    error_response,
    internal_error_response,
    problem_response,
)
from campus_common.logging import get_logger
from campus_common.metrics import HTTP_LATENCY, HTTP_REQUESTS
from campus_common.request_id import REQUEST_ID_HEADER, accept_request_id, request_id_var

log = get_logger("campus.access")
# Sent with every response that does not set its own (pages with their own CSP keep it).
DEFAULT_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
)


def _with_defaults(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    return headers + [(n, v) for n, v in DEFAULT_HEADERS if n not in present]


# Probes, scrapes and the revocation feed every verifier polls each few seconds: logged only when
# they fail, or they would drown the lines a person reads.
_QUIET_PATHS = frozenset({"/health", "/ready", "/metrics", "/internal/revocations"})


class RequestContextMiddleware:
    """Binds `X-Request-ID` to the context (and so every log line), returns it, logs the request once,
    records metrics by route template, refuses bodies larger than `max_body_bytes` with 413, and
    adds the security headers every response carries (DEFAULT_HEADERS) unless it sets its own."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int = 1_048_576) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        rid = accept_request_id(
            headers.get(REQUEST_ID_HEADER.lower().encode(), b"").decode("latin-1") or None
        )
        token = request_id_var.set(rid)
        structlog.contextvars.bind_contextvars(request_id=rid)
        rid_header = (REQUEST_ID_HEADER.lower().encode(), rid.encode())
        start = time.perf_counter()
        status = 500
        method = scope["method"]
        try:
            length = headers.get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
                response = problem_response(
                    413,
                    slug="payload-too-large",
                    detail=f"The request body is larger than {self.max_body_bytes} bytes.",
                    instance=scope["path"],
                )
                response.headers[REQUEST_ID_HEADER] = rid
                for name, value in DEFAULT_HEADERS:
                    response.headers[name.decode()] = value.decode()
                status = 413
                await response(scope, receive, send)
                return

            received = 0
            too_large = False
            started = False
            replaced = False

            async def limited_receive() -> Message:
                nonlocal received, too_large
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body_bytes:
                        too_large = True
                        raise PayloadTooLarge(
                            f"The request body is larger than {self.max_body_bytes} bytes."
                        )
                return message

            async def raw_send(message: Message) -> None:
                nonlocal status, started
                if message["type"] == "http.response.start":
                    started = True
                    status = message["status"]
                    message["headers"] = _with_defaults([*message.get("headers", []), rid_header])
                await send(message)

            async def send_wrapper(message: Message) -> None:
                nonlocal replaced
                if replaced:
                    return
                if too_large and message["type"] == "http.response.start" and not started:
                    # The framework turned the aborted body read into a generic 400: say 413.
                    replaced = True
                    await problem_response(
                        413,
                        slug="payload-too-large",
                        detail=f"The request body is larger than {self.max_body_bytes} bytes.",
                        instance=scope["path"],
                    )(scope, receive, raw_send)
                    return
                await raw_send(message)

            try:
                await self.app(scope, limited_receive, send_wrapper)
            except Exception as exc:
                # The catch-all: an error that escaped the app's handlers becomes problem+json
                # (with the request id) if nothing was sent yet; the trace goes to the log only.
                if started:
                    raise
                if isinstance(exc, ProblemError):
                    response = error_response(exc, scope["path"])
                elif is_unavailable(exc):
                    # A database that is down or restarting is a temporary outage, not a bug.
                    log.warning(
                        "dependency_unavailable", path=scope["path"], error=type(exc).__name__
                    )
                    response = unavailable_response(scope["path"])
                else:
                    response = internal_error_response(exc, scope["path"])
                await response(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route: Any = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            HTTP_REQUESTS.labels(template, method, str(status)).inc()
            HTTP_LATENCY.labels(template, method).observe(elapsed)
            if scope["path"] not in _QUIET_PATHS or status >= 500:
                log.info(
                    "request",
                    method=method,
                    path=scope["path"],
                    route=template,
                    status=status,
                    duration_ms=round(elapsed * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id")
            request_id_var.reset(token)
