"""Revocation (contract C2, verifier side): the state the verifier asks, the watcher of
auth-backend's feed (a small HTTP feed here) and of the Redis channel (the real Redis), and the
app factory refusing a revoked session's still-valid token within the poll interval."""

from __future__ import annotations

import asyncio
import io
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from campus_common.app import create_service_app
from campus_common.deps import CurrentUser
from campus_common.jwt import JWKSVerifier, TokenRevoked
from campus_common.logging import configure_logging
from campus_common.revocation import RevocationState, RevocationWatcher
from campus_common.service_tokens import ServiceTokenError, check_service_token
from campus_common.settings import BaseServiceSettings
from campus_testing.http_server import json_server
from campus_testing.problems import assert_problem

from .conftest import AUDIENCE, ISSUER, KeyPair, client_for, service_settings

SECRET = "feed-test-secret-0123456789abcdef-XYZ"
REDIS_URL = "redis://127.0.0.1:6379/0"


class TestRevocationState:
    def test_revoked_session(self) -> None:
        state = RevocationState()
        assert state.apply({"sessions": ["s1"], "users": []}) == 1
        assert state.refuses("u1", "s1", time.time())
        assert not state.refuses("u1", "s2", time.time())
        assert not state.refuses("u1", None, time.time())

    def test_not_before(self) -> None:
        state = RevocationState()
        now = int(time.time())
        state.apply({"users": [{"sub": "u1", "not_before": now}]})
        assert state.refuses("u1", None, now - 1)
        assert not state.refuses("u1", None, now)
        assert not state.refuses("u2", None, 1)

    def test_not_before_separates_tokens_of_the_same_second(self) -> None:
        state = RevocationState()
        now = time.time()
        state.apply({"users": [{"sub": "u1", "not_before": round(now, 3)}]})
        assert state.refuses("u1", None, round(now - 0.2, 3))
        assert not state.refuses("u1", None, round(now + 0.2, 3))

    def test_not_before_only_moves_forward(self) -> None:
        state = RevocationState(retention_seconds=1e12)
        state.apply({"users": [{"sub": "u1", "not_before": 2000}]})
        assert state.apply({"users": [{"sub": "u1", "not_before": 1500}]}) == 0
        assert state.refuses("u1", None, 1999)

    @pytest.mark.parametrize(
        "update",
        [
            {"sessions": "s1"},
            {"sessions": [1, None, ""]},
            {"users": [{"sub": "u1"}, {"not_before": 5}, {"sub": "u1", "not_before": "5"}]},
            {"users": [{"sub": "u1", "not_before": True}, "u1"]},
            {},
        ],
    )
    def test_malformed_entries_are_skipped(self, update: dict[str, Any]) -> None:
        state = RevocationState()
        assert state.apply(update) == 0
        assert len(state) == 0

    def test_old_entries_are_forgotten(self) -> None:
        now = [10_000.0]
        state = RevocationState(retention_seconds=100, clock=lambda: now[0])
        state.apply({"sessions": ["s1"], "users": [{"sub": "u1", "not_before": 9_990}]})
        assert len(state) == 2
        now[0] += 200
        state.prune()
        assert len(state) == 0


class Feed:
    """auth-backend's revocation feed as the contract shapes it, behind a service token."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, Any]] = []  # ("session", sid) or ("user", {...})
        self.requests: list[str] = []
        self.down = False

    def revoke_session(self, sid: str) -> None:
        self.entries.append(("session", sid))

    def not_before(self, sub: str, when: int) -> None:
        self.entries.append(("user", {"sub": sub, "not_before": when}))

    def answer(self, path: str, authorization: str) -> tuple[int, dict[str, Any]]:
        self.requests.append(path)
        if self.down:
            return 503, {"title": "down"}
        try:
            check_service_token(
                authorization.removeprefix("Bearer "), secret=SECRET, audience="auth-backend"
            )
        except ServiceTokenError:
            return 403, {"title": "forbidden"}
        url = urlparse(path)
        if url.path != "/internal/revocations":
            return 404, {}
        since = int(parse_qs(url.query).get("since", ["0"])[0])
        new = self.entries[since:]
        return 200, {
            "cursor": str(len(self.entries)),
            "sessions": [v for kind, v in new if kind == "session"],
            "users": [v for kind, v in new if kind == "user"],
        }


@pytest.fixture
def feed() -> Iterator[tuple[Feed, str]]:
    state = Feed()
    with json_server(lambda r: state.answer(r.path, r.headers.get("authorization", ""))) as url:
        yield state, url


def feed_client(url: str) -> httpx.AsyncClient:
    from campus_common.http import ServiceTokenAuth

    auth = ServiceTokenAuth(secret=SECRET, caller="feedback-service", audience="auth-backend")
    return httpx.AsyncClient(base_url=url, auth=auth, timeout=2.0)


async def eventually(condition: Any, *, within: float = 5.0) -> float:
    """Seconds until `condition()` held (fails after `within`)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < within, "condition not reached in time"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


class TestWatcherFeed:
    async def test_polls_with_the_cursor(self, feed: tuple[Feed, str]) -> None:
        server, url = feed
        server.revoke_session("s1")
        async with feed_client(url) as client:
            watcher = RevocationWatcher(RevocationState(), client=client)
            assert await watcher.refresh()
            assert watcher.state.refuses("u", "s1", time.time())
            server.not_before("u2", 5_000_000_000)
            assert await watcher.refresh()
        assert watcher.state.refuses("u2", None, time.time())
        assert server.requests == ["/internal/revocations", "/internal/revocations?since=1"]

    async def test_unreachable_feed_keeps_state_and_warns_once(
        self, feed: tuple[Feed, str]
    ) -> None:
        server, url = feed
        server.revoke_session("s1")
        stream = io.StringIO()
        configure_logging(service="test", stream=stream)
        async with feed_client(url) as client:
            watcher = RevocationWatcher(RevocationState(), client=client)
            assert await watcher.refresh()
            server.down = True
            assert not await watcher.refresh()
            assert not await watcher.refresh()
            assert watcher.state.refuses("u", "s1", time.time())
            server.down = False
            server.revoke_session("s2")
            assert await watcher.refresh()
            assert watcher.state.refuses("u", "s2", time.time())
        events = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
        warnings = [e for e in events if e["event"] == "revocation_feed_unreachable"]
        assert len(warnings) == 1
        assert warnings[0]["level"] == "warning"
        assert warnings[0]["status"] == 503
        assert any(e["event"] == "revocation_feed_restored" for e in events)
        assert SECRET not in stream.getvalue()
        assert "Bearer" not in stream.getvalue()

    async def test_no_feed_at_all(self) -> None:
        async with feed_client("http://127.0.0.1:9") as client:
            watcher = RevocationWatcher(RevocationState(), client=client)
            assert not await watcher.refresh()
            assert watcher.feed_ok is False

    async def test_background_polling(self, feed: tuple[Feed, str]) -> None:
        server, url = feed
        async with feed_client(url) as client:
            watcher = RevocationWatcher(RevocationState(), client=client, poll_seconds=0.05)
            watcher.start()
            try:
                server.revoke_session("late")
                await eventually(lambda: watcher.state.refuses("u", "late", time.time()))
            finally:
                await watcher.stop()


class TestWatcherRedis:
    async def test_published_entries_arrive_without_a_poll(self) -> None:
        from redis.asyncio import Redis

        channel = f"test:revocations:{uuid.uuid4().hex}"
        async with feed_client("http://127.0.0.1:9") as client:
            watcher = RevocationWatcher(
                RevocationState(),
                client=client,
                poll_seconds=3600,
                redis_url=REDIS_URL,
                channel=channel,
            )
            watcher.start()
            redis = Redis.from_url(REDIS_URL)
            try:
                await asyncio.wait_for(watcher.subscribed.wait(), 5)
                payload = {"sessions": ["r1"], "users": [{"sub": "u9", "not_before": 10**10}]}
                await redis.publish(channel, "not json")
                start = time.monotonic()
                # The subscription may still be reaching the server: publish until it is heard.
                while not (
                    watcher.state.refuses("u", "r1", 0) and watcher.state.refuses("u9", None, 10**9)
                ):
                    assert time.monotonic() - start < 5, "published entries never arrived"
                    await redis.publish(channel, json.dumps(payload))
                    await asyncio.sleep(0.05)
                assert watcher.cursor is None  # nothing came from the feed
            finally:
                await redis.aclose()
                await watcher.stop()

    async def test_unreachable_redis_is_retried_quietly(self) -> None:
        async with feed_client("http://127.0.0.1:9") as client:
            watcher = RevocationWatcher(
                RevocationState(), client=client, poll_seconds=3600, redis_url="redis://127.0.0.1:9"
            )
            watcher.start()
            await asyncio.sleep(0.2)
            assert not watcher.subscribed.is_set()
            await watcher.stop()


class TestVerifier:
    async def test_cached_token_is_refused_once_revoked(self, keypair: KeyPair) -> None:
        state = RevocationState()
        verifier = JWKSVerifier(jwks_url=None, issuer=ISSUER, audience=AUDIENCE, revocations=state)
        verifier.set_keys({"keys": [keypair.public_jwk]})
        token = keypair.sign(sub="u1", sid="s1")
        assert (await verifier.principal(token)).session_id == "s1"
        state.apply({"sessions": ["s1"]})
        with pytest.raises(TokenRevoked):
            await verifier.principal(token)
        with pytest.raises(TokenRevoked):
            await verifier.principal(token)

    async def test_token_issued_before_not_before_is_refused(self, keypair: KeyPair) -> None:
        state = RevocationState()
        verifier = JWKSVerifier(jwks_url=None, issuer=ISSUER, audience=AUDIENCE, revocations=state)
        verifier.set_keys({"keys": [keypair.public_jwk]})
        now = int(time.time())
        old = keypair.sign(sub="u1", iat=now - 60)
        state.apply({"users": [{"sub": "u1", "not_before": now - 30}]})
        with pytest.raises(TokenRevoked):
            await verifier.principal(old)
        fresh = keypair.sign(sub="u1", iat=now)
        assert (await verifier.principal(fresh)).id == "u1"


def build_app(auth_url: str, **overrides: Any) -> FastAPI:
    cfg = service_settings(
        service_name="feedback-service",
        auth_url=auth_url,
        service_token_secret=SECRET,
        revocation_poll_seconds=0.2,
        **overrides,
    )
    app = create_service_app(cfg, title="t", description="t", revocations=True)
    router = APIRouter()

    @router.get("/me")
    async def me(user: CurrentUser) -> dict[str, str | None]:
        return {"id": user.id, "sid": user.session_id}

    app.include_router(router)
    return app


@pytest.fixture
async def app_client(
    feed: tuple[Feed, str], keypair: KeyPair
) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    app = build_app(feed[1])
    async for c in client_for(app):
        app.state.verifier.set_keys({"keys": [keypair.public_jwk]})
        yield c, app


class TestAppFactory:
    async def test_revoked_session_refused_within_the_poll_interval(
        self,
        app_client: tuple[httpx.AsyncClient, FastAPI],
        feed: tuple[Feed, str],
        keypair: KeyPair,
    ) -> None:
        client, _ = app_client
        headers = keypair.headers(sub="u1", sid="s1")
        r = await client.get("/me", headers=headers)
        assert r.json() == {"id": "u1", "sid": "s1"}
        feed[0].revoke_session("s1")
        start = time.monotonic()
        while (r := await client.get("/me", headers=headers)).status_code == 200:
            assert time.monotonic() - start < 5
            await asyncio.sleep(0.05)
        assert_problem(r, 401, "session-revoked")
        ok = await client.get("/me", headers=keypair.headers(sub="u2", sid="s2"))
        assert ok.status_code == 200

    async def test_disabled_user_refused(
        self,
        app_client: tuple[httpx.AsyncClient, FastAPI],
        feed: tuple[Feed, str],
        keypair: KeyPair,
    ) -> None:
        client, app = app_client
        headers = keypair.headers(sub="u1", iat=int(time.time()) - 10)
        assert (await client.get("/me", headers=headers)).status_code == 200
        feed[0].not_before("u1", int(time.time()))
        await eventually(lambda: app.state.revocation_watcher.state.refuses("u1", None, 0))
        r = await client.get("/me", headers=headers)
        assert r.status_code == 401
        assert r.json()["type"].endswith("/session-revoked")

    async def test_feed_called_with_a_service_token_for_auth(
        self, app_client: tuple[httpx.AsyncClient, FastAPI], feed: tuple[Feed, str]
    ) -> None:
        _, app = app_client
        await eventually(lambda: app.state.revocation_watcher.feed_ok is True)

    async def test_no_watcher_without_jwks_url_by_default(self) -> None:
        cfg = BaseServiceSettings(service_name="x", environment="test", jwks_url=None)
        app = create_service_app(cfg, title="t", description="t")
        async for _ in client_for(app):
            assert app.state.revocation_watcher is None
            assert app.state.verifier.revocations is None

    async def test_auth_backend_does_not_poll_itself(self) -> None:
        cfg = BaseServiceSettings(service_name="auth-backend", environment="test")
        app = create_service_app(cfg, title="t", description="t")
        async for _ in client_for(app):
            assert app.state.revocation_watcher is None
