"""Fixtures: a real database (SQLite or PostgreSQL, per TEST_DATABASE) migrated by Alembic and
emptied between tests; the REAL notification service running in-process (its own fresh database,
the dev mailbox backend) that auth reaches over HTTP through ASGITransport; a clock the tests can
move forward (shared by both services); helpers to read codes from the mailbox and to log in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from auth_backend.main import create_app
from auth_backend.models import Base, User
from auth_backend.settings import Settings
from campus_testing.clock import Clock
from campus_testing.databases import truncate_all
from campus_testing.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from campus_testing.services import AUTH, NOTIFICATION, Mailbox, running
from notification_service.main import create_app as create_notification_app
from notification_service.models import Base as NotificationBase

# Re-exported for the test modules: `from .conftest import Clock, Mailbox`.
__all__ = ["Clock", "Mailbox"]
ADMIN_EMAIL = "admin@campus.local"
STUDENT_EMAIL = "alex.student@campus.local"
# A password the policy accepts, for the tests that set one.
NEW_PASSWORD = "quiet-Meadow-lantern-1987"


def service_headers(caller: str = "feedback-service") -> dict[str, str]:
    return AUTH.headers(caller)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return AUTH.database_url("auth_backend", tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def notification_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return NOTIFICATION.database_url("auth_backend_notify", tmp_path_factory.mktemp("ndb"))


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def settings(database_url: str, keys_dir: Path, settings_overrides: dict[str, Any]) -> Settings:
    settings: Settings = AUTH.settings(database_url, jwt_keys_dir=keys_dir, **settings_overrides)
    return settings


@pytest.fixture
def notification_overrides() -> dict[str, Any]:
    """Tests override this to change settings of the notification service."""
    return {}


@pytest.fixture
async def notification_app(
    notification_database_url: str, notification_overrides: dict[str, Any], clock: Clock
) -> AsyncIterator[FastAPI]:
    """The notification service on the same clock as auth: moving time expires codes on both."""
    settings = NOTIFICATION.settings(notification_database_url, **notification_overrides)
    async with running(create_notification_app(settings, clock=clock)) as application:
        yield application
        await truncate_all(application.state.engine, NotificationBase.metadata)


@pytest.fixture
async def app(
    settings: Settings, clock: Clock, notification_app: FastAPI
) -> AsyncIterator[FastAPI]:
    application = create_app(
        settings,
        clock=clock,
        notification_transport=httpx.ASGITransport(app=notification_app),
    )
    async with running(application):
        yield application
        await truncate_all(application.state.context.engine, Base.metadata)


@pytest.fixture(scope="session")
def demo_hash() -> str:
    """One argon2id hash of the demo password for every test (seed-demo itself is tested in
    test_cli.py); hashing nine passwords per test would dominate the suite's time."""
    return PasswordHasher(memory_cost=19_456, time_cost=2, parallelism=1).hash(DEMO_PASSWORD)


@pytest.fixture
async def seeded(app: FastAPI, demo_hash: str) -> None:
    now = datetime.now(UTC)
    async with app.state.context.sessionmaker() as session:
        for account in DEMO_ACCOUNTS:
            session.add(
                User(
                    id=account.id,
                    email=account.email,
                    name=account.name,
                    role=account.role,
                    status="active",
                    password_hash=demo_hash,
                    created_at=now,
                    updated_at=now,
                )
            )
        await session.commit()


@pytest.fixture
def mailbox(notification_app: FastAPI) -> Mailbox:
    return Mailbox(notification_app)


async def start_login(
    client: httpx.AsyncClient,
    email: str = ADMIN_EMAIL,
    password: str = DEMO_PASSWORD,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The password step; its body (the challenge). `headers` go with every step."""
    response = await client.post(
        "/login", json={"email": email, "password": password}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def full_login(
    client: httpx.AsyncClient,
    mailbox: Mailbox,
    email: str = ADMIN_EMAIL,
    password: str = DEMO_PASSWORD,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Password, then the code from the mailbox: the response that carries the tokens."""
    challenge = await start_login(client, email, password, headers)
    code = await mailbox.next_code(email)
    response = await client.post(
        "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": code}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response


def bearer(response: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
