"""Brute force: per-account lockout after 5 wrong passwords, per-IP rate limits (memory and
Redis), client IP from X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from auth_backend.main import create_app
from auth_backend.models import AuditEvent, User
from auth_backend.settings import Settings
from campus_testing.demo import DEMO_PASSWORD
from campus_testing.problems import assert_problem

from .conftest import ADMIN_EMAIL, NEW_PASSWORD, Mailbox

pytestmark = pytest.mark.usefixtures("seeded")


async def _login(client: httpx.AsyncClient, password: str, **kw: Any) -> httpx.Response:
    return await client.post("/login", json={"email": ADMIN_EMAIL, "password": password}, **kw)


async def _events(app: FastAPI, name: str) -> list[AuditEvent]:
    async with app.state.context.sessionmaker() as session:
        rows = await session.execute(select(AuditEvent).where(AuditEvent.event == name))
        return list(rows.scalars())


class TestLockout:
    async def test_sixth_attempt_refused_even_with_right_password_reset_still_works(
        self, client: httpx.AsyncClient, mailbox: Mailbox, app: FastAPI
    ) -> None:
        headers = {"X-Request-ID": "fixed"}
        wrong = [await _login(client, f"wrong-password-{i}", headers=headers) for i in range(5)]
        assert all(r.status_code == 401 for r in wrong)
        sixth = await _login(client, DEMO_PASSWORD, headers=headers)
        assert sixth.status_code == 401
        assert sixth.content == wrong[0].content  # the same generic answer
        assert len(await _events(app, "lockout")) == 1
        assert len(await _events(app, "login_locked")) == 1

        accepted = await client.post("/password/reset", json={"email": ADMIN_EMAIL})
        assert accepted.status_code == 202
        code = await mailbox.next_code(ADMIN_EMAIL)
        done = await client.post(
            "/password/reset/confirm",
            json={"email": ADMIN_EMAIL, "code": code, "new_password": NEW_PASSWORD},
        )
        assert done.status_code == 204, done.text
        assert (await _login(client, NEW_PASSWORD)).status_code == 200

    async def test_four_failures_do_not_lock(self, client: httpx.AsyncClient) -> None:
        for i in range(4):
            assert (await _login(client, f"wrong-{i}")).status_code == 401
        assert (await _login(client, DEMO_PASSWORD)).status_code == 200

    async def test_success_resets_the_count(self, client: httpx.AsyncClient) -> None:
        for i in range(4):
            await _login(client, f"wrong-{i}")
        assert (await _login(client, DEMO_PASSWORD)).status_code == 200
        for i in range(4):
            await _login(client, f"wrong-again-{i}")
        assert (await _login(client, DEMO_PASSWORD)).status_code == 200

    async def test_lock_ends_after_its_duration(
        self, client: httpx.AsyncClient, clock: Any
    ) -> None:
        for i in range(5):
            await _login(client, f"wrong-{i}")
        assert (await _login(client, DEMO_PASSWORD)).status_code == 401
        clock.advance(15 * 60 + 1)
        assert (await _login(client, DEMO_PASSWORD)).status_code == 200


@pytest.mark.parametrize("settings_overrides", [{"rate_limit_login": "3/minute"}])
class TestIpRateLimit:
    async def test_fourth_request_is_429_with_retry_after(self, client: httpx.AsyncClient) -> None:
        for _ in range(3):
            assert (await _login(client, "wrong")).status_code == 401
        limited = await _login(client, DEMO_PASSWORD)
        assert_problem(limited, 429)
        assert 0 < int(limited.headers["retry-after"]) <= 60
        assert limited.json()["retry_after"] == int(limited.headers["retry-after"])

    async def test_forwarded_for_from_trusted_proxy_counts_per_client(
        self, client: httpx.AsyncClient
    ) -> None:
        for _ in range(3):
            await _login(client, "wrong", headers={"X-Forwarded-For": "198.51.100.7"})
        blocked = await _login(client, "wrong", headers={"X-Forwarded-For": "198.51.100.7"})
        assert blocked.status_code == 429
        other = await _login(client, "wrong", headers={"X-Forwarded-For": "198.51.100.8"})
        assert other.status_code == 401
        # A client cannot escape by prepending hops of its own.
        spoofed = await _login(
            client, "wrong", headers={"X-Forwarded-For": "10.9.9.9, 198.51.100.7"}
        )
        assert spoofed.status_code == 429

    async def test_forwarded_for_from_untrusted_peer_is_ignored(self, app: FastAPI) -> None:
        transport = httpx.ASGITransport(app=app, client=("203.0.113.5", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            for i in range(3):
                await _login(c, "wrong", headers={"X-Forwarded-For": f"192.0.2.{i}"})
            r = await _login(c, "wrong", headers={"X-Forwarded-For": "192.0.2.99"})
        assert r.status_code == 429


class TestClassroomBehindOneNat:
    """The default limits: 30 students signing in within 2 minutes from one school address are
    not blocked, while guessing one account's password from that address still locks it."""

    @pytest.fixture
    async def students(self, app: FastAPI, demo_hash: str) -> list[str]:
        now = datetime.now(UTC)
        emails = [f"student{i:02d}.nat@example.edu" for i in range(30)]
        async with app.state.context.sessionmaker() as session:
            for i, email in enumerate(emails):
                session.add(
                    User(
                        id=uuid.uuid4(),
                        email=email,
                        name=f"Student {i:02d}",
                        role="student",
                        status="active",
                        password_hash=demo_hash,
                        created_at=now,
                        updated_at=now,
                    )
                )
            await session.commit()
        return emails

    async def test_thirty_sign_ins_from_one_address_succeed(
        self, client: httpx.AsyncClient, students: list[str]
    ) -> None:
        headers = {"X-Forwarded-For": "198.51.100.30"}
        answers = [
            await client.post(
                "/login", json={"email": e, "password": DEMO_PASSWORD}, headers=headers
            )
            for e in students
        ]
        assert [r.status_code for r in answers] == [200] * 30
        assert all(r.json()["mfa_token"] for r in answers)

    async def test_six_wrong_passwords_still_lock_the_account(
        self, client: httpx.AsyncClient, students: list[str]
    ) -> None:
        headers = {"X-Forwarded-For": "198.51.100.31", "X-Request-ID": "fixed"}
        for e in students[:29]:
            ok = await client.post(
                "/login", json={"email": e, "password": DEMO_PASSWORD}, headers=headers
            )
            assert ok.status_code == 200
        wrong = [await _login(client, f"guess-{i}", headers=headers) for i in range(6)]
        assert [r.status_code for r in wrong] == [401] * 6
        # Locked: the right password is refused now, with the same generic answer.
        right = await _login(client, DEMO_PASSWORD, headers=headers)
        assert right.status_code == 401
        assert right.content == wrong[0].content


class TestRedisCounters:
    """Two replicas sharing Redis (db 1) share the per-IP counters."""

    @pytest.fixture
    async def replicas(
        self, settings: Settings, app: FastAPI, notification_app: FastAPI
    ) -> AsyncIterator[list[httpx.AsyncClient]]:
        shared = settings.model_copy(
            update={"redis_url": "redis://127.0.0.1:6379/1", "rate_limit_login": "3/minute"}
        )
        apps = [
            create_app(shared, notification_transport=httpx.ASGITransport(app=notification_app))
            for _ in range(2)
        ]
        async with LifespanManager(apps[0]), LifespanManager(apps[1]):
            clients = [
                httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://test")
                for a in apps
            ]
            yield clients
            for c in clients:
                await c.aclose()

    async def test_limit_is_shared(self, replicas: list[httpx.AsyncClient]) -> None:
        ip = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
        headers = {"X-Forwarded-For": ip}
        await _login(replicas[0], "wrong", headers=headers)
        await _login(replicas[1], "wrong", headers=headers)
        await _login(replicas[0], "wrong", headers=headers)
        r = await _login(replicas[1], "wrong", headers=headers)
        assert r.status_code == 429


class TestRedisDown:
    """REDIS_URL pointing at a closed port: counters fall back to memory, logins keep working,
    limits still apply per replica, and the service stays ready."""

    @pytest.fixture
    async def lonely(
        self, settings: Settings, app: FastAPI, notification_app: FastAPI
    ) -> AsyncIterator[httpx.AsyncClient]:
        broken = settings.model_copy(
            update={"redis_url": "redis://127.0.0.1:9/1", "rate_limit_login": "3/minute"}
        )
        application = create_app(
            broken, notification_transport=httpx.ASGITransport(app=notification_app)
        )
        async with LifespanManager(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                yield c

    async def test_login_works_and_limits_still_apply(
        self, lonely: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        assert (await _login(lonely, DEMO_PASSWORD)).status_code == 200
        assert (await _login(lonely, "wrong")).status_code == 401
        assert (await _login(lonely, "wrong")).status_code == 401
        assert (await _login(lonely, "wrong")).status_code == 429
        assert (await lonely.get("/ready")).status_code == 200
