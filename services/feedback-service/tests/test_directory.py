"""The directory client against the real auth-backend (in-process): answers are cached for the
TTL, and an unreachable directory degrades lists to "no names" without hammering it."""

from __future__ import annotations

import socket

import httpx
import pytest
from fastapi import FastAPI

from campus_common.http import ServiceTokenAuth, make_http_client
from campus_common.settings import DEV_SERVICE_TOKEN_SECRET
from campus_testing.demo import DEMO_ACCOUNTS
from feedback_service.clients.directory import Directory, DirectoryUnavailable

ALEX = next(a for a in DEMO_ACCOUNTS if a.email.startswith("alex."))


class Counting(httpx.AsyncBaseTransport):
    """Counts the requests passed to the real transport underneath."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return await self.inner.handle_async_request(request)


def directory(transport: httpx.AsyncBaseTransport, base_url: str, ttl: float) -> Directory:
    auth = ServiceTokenAuth(
        secret=DEV_SERVICE_TOKEN_SECRET, caller="feedback-service", audience="auth-backend"
    )
    client = make_http_client(base_url=base_url, retries=0, auth=auth, transport=transport)
    return Directory(client, ttl_seconds=ttl)


class TestDirectory:
    async def test_cached_for_the_ttl(self, auth_app: FastAPI) -> None:
        counting = Counting(httpx.ASGITransport(app=auth_app))
        d = directory(counting, "http://auth", ttl=60)
        first = await d.by_ids([str(ALEX.id), "00000000-0000-0000-0000-000000000000"])
        assert first[str(ALEX.id)].name == ALEX.name
        assert len(first) == 1
        again = await d.by_ids([str(ALEX.id), "00000000-0000-0000-0000-000000000000"])
        by_email = await d.by_emails([ALEX.email.upper()])
        assert again == first
        assert by_email[ALEX.email].id == str(ALEX.id)
        assert counting.calls == 1
        expired = directory(counting, "http://auth", ttl=0)
        await expired.by_ids([str(ALEX.id)])
        await expired.by_ids([str(ALEX.id)])
        assert counting.calls == 3
        await d.close()
        await expired.close()

    async def test_outage_degrades_to_no_names(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        counting = Counting(httpx.AsyncHTTPTransport())
        d = directory(counting, f"http://127.0.0.1:{port}", ttl=60)
        assert await d.names([str(ALEX.id)]) == {}
        assert await d.names([str(ALEX.id)]) == {}
        assert counting.calls == 1
        with pytest.raises(DirectoryUnavailable):
            await d.by_ids([str(ALEX.id)])
        assert counting.calls == 2
        await d.close()
