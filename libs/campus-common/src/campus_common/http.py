"""The one way services call each other: httpx with timeouts, request-id forwarding, service
tokens, and bounded retries with backoff for idempotent requests."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncGenerator, Generator

import httpx

from campus_common.request_id import REQUEST_ID_HEADER, current_request_id
from campus_common.service_tokens import mint_service_token

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})


class RetryingTransport(httpx.AsyncBaseTransport):
    """Retries idempotent requests (and any request marked `extensions={"retry": True}`, for
    POSTs made idempotent by a key) on connection errors and 502/503/504, with jittered backoff."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, *, retries: int = 2, backoff: float = 0.1
    ) -> None:
        self.inner = inner
        self.retries = retries
        self.backoff = backoff

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retryable = request.method in IDEMPOTENT_METHODS or bool(request.extensions.get("retry"))
        attempt = 0
        while True:
            try:
                response = await self.inner.handle_async_request(request)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError):
                if not retryable or attempt >= self.retries:
                    raise
            else:
                if (
                    not retryable
                    or attempt >= self.retries
                    or response.status_code not in RETRY_STATUSES
                ):
                    return response
                await response.aclose()
            attempt += 1
            await asyncio.sleep(self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random()))

    async def aclose(self) -> None:
        await self.inner.aclose()


class ServiceTokenAuth(httpx.Auth):
    """Adds a fresh short-lived service token, with the callee as audience, to every request."""

    def __init__(self, *, secret: str, caller: str, audience: str, ttl_seconds: int = 60) -> None:
        self.secret = secret
        self.caller = caller
        self.audience = audience
        self.ttl_seconds = ttl_seconds

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = mint_service_token(
            secret=self.secret,
            caller=self.caller,
            audience=self.audience,
            ttl_seconds=self.ttl_seconds,
        )
        request.headers["Authorization"] = f"Bearer {token}"
        yield request


async def _forward_request_id(request: httpx.Request) -> None:
    rid = current_request_id()
    if rid and REQUEST_ID_HEADER not in request.headers:
        request.headers[REQUEST_ID_HEADER] = rid


def make_http_client(
    *,
    base_url: str = "",
    timeout: float = 5.0,
    retries: int = 2,
    auth: httpx.Auth | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    inner = transport or httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=20)
    )
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
        transport=RetryingTransport(inner, retries=retries),
        auth=auth,
        event_hooks={"request": [_forward_request_id]},
    )


async def http_client_lifespan(
    client: httpx.AsyncClient,
) -> AsyncGenerator[httpx.AsyncClient, None]:
    try:
        yield client
    finally:
        await client.aclose()
