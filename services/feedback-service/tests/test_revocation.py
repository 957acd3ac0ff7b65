"""Sign-outs reach feedback-service: its access tokens are checked by the shared verifier, which
follows auth-backend's revocation feed (contract C2), so a revoked session or a disabled account
is refused within 5 s while the token itself is still valid, with no round trip per request.

The feed is served here by a small HTTP server answering in the contract's shape (auth-backend's
own feed is exercised by its suite)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI

from campus_testing.demo import DEMO_ACCOUNTS
from campus_testing.http_server import Request, json_server
from campus_testing.tokens import sign_access_token
from feedback_service.main import create_app
from feedback_service.settings import Settings

ALEX = next(a for a in DEMO_ACCOUNTS if a.email.startswith("alex."))
MARIA = next(a for a in DEMO_ACCOUNTS if a.email.startswith("maria."))


class Feed:
    """What auth-backend's `GET /internal/revocations` answers; tests add entries."""

    def __init__(self) -> None:
        self.sessions: list[str] = []
        self.users: list[dict[str, Any]] = []
        self.callers: list[str | None] = []


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    state = Feed()

    def answer(request: Request) -> tuple[int, Any]:
        state.callers.append(request.headers.get("authorization"))
        if not request.path.startswith("/internal/revocations"):
            return 404, {}
        return 200, {"cursor": str(time.time()), "sessions": state.sessions, "users": state.users}

    with json_server(answer) as url:
        yield state, url


@pytest.fixture
async def watched(
    feed: tuple[Feed, str],
    database_url: str,
    auth_app: FastAPI,
    jwks: dict[str, Any],
    wipe: Callable[[Any], Any],
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of feedback-service with its verifier following the feed."""
    _, feed_url = feed
    settings = Settings(
        environment="test",
        database_url=database_url,
        # A JWKS URL, as in every deployment (keys are loaded directly below).
        jwks_url=f"{feed_url}/.well-known/jwks.json",
        auth_url=feed_url,
        revocation_poll_seconds=0.5,
        relay_enabled=False,
        public_url="http://campus.test",
    )
    application = create_app(settings, auth_transport=httpx.ASGITransport(app=auth_app))
    async with LifespanManager(application):
        application.state.verifier.set_keys(jwks)
        await wipe(application.state.context.store)
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


def token(key: ec.EllipticCurvePrivateKey, account: Any, **claims: Any) -> dict[str, str]:
    signed = sign_access_token(
        key,
        kid="feedback-test-key",
        sub=str(account.id),
        role=account.role,
        email=account.email,
        name=account.name,
        **claims,
    )
    return {"Authorization": f"Bearer {signed}"}


async def refused_within(
    client: httpx.AsyncClient, headers: dict[str, str], seconds: float
) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        response = await client.get("/v1/feedback", headers=headers)
        if response.status_code == 401:
            assert response.json()["type"].endswith("session-revoked")
            return time.monotonic() - start
        assert response.status_code == 200, response.text
        await asyncio.sleep(0.1)
    raise AssertionError(f"still accepted after {seconds} s")


class TestRevocation:
    async def test_revoked_session_is_refused_within_5_s(
        self,
        watched: httpx.AsyncClient,
        feed: tuple[Feed, str],
        signing_key: ec.EllipticCurvePrivateKey,
    ) -> None:
        state, _ = feed
        revoked = token(signing_key, ALEX, sid="session-1")
        other = token(signing_key, ALEX, sid="session-2")
        assert (await watched.get("/v1/feedback", headers=revoked)).status_code == 200
        state.sessions.append("session-1")
        assert await refused_within(watched, revoked, 5.0) < 5.0
        assert (await watched.get("/v1/feedback", headers=other)).status_code == 200
        # The feed is asked with a service token, not the user's.
        assert state.callers
        assert all(c and c.startswith("Bearer ") for c in state.callers)

    async def test_disabled_account_is_refused_within_5_s(
        self,
        watched: httpx.AsyncClient,
        feed: tuple[Feed, str],
        signing_key: ec.EllipticCurvePrivateKey,
    ) -> None:
        state, _ = feed
        issued = int(time.time()) - 30
        before = token(signing_key, MARIA, iat=issued, sid="session-3")
        assert (await watched.get("/v1/feedback", headers=before)).status_code == 200
        state.users.append({"sub": str(MARIA.id), "not_before": issued + 10})
        assert await refused_within(watched, before, 5.0) < 5.0
        # A token issued after the not-before (signed in again once re-enabled) works.
        after = token(signing_key, MARIA, sid="session-4")
        assert (await watched.get("/v1/feedback", headers=after)).status_code == 200
