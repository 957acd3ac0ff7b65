"""Fixtures: a real database (SQLite or PostgreSQL, per TEST_DATABASE) migrated by Alembic and
emptied between tests; the REAL notification service running in-process (its own fresh database,
the dev mailbox backend) that auth reaches over HTTP through ASGITransport; a clock the tests can
move forward (shared by both services); helpers to read codes from the mailbox and to log in."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from auth_backend.cli import MIGRATIONS
from auth_backend.main import create_app
from auth_backend.models import Base, User
from auth_backend.settings import Settings
from campus_common import migrations
from campus_common.service_tokens import mint_service_token
from campus_common.settings import DEV_SERVICE_TOKEN_SECRET
from campus_testing.clock import Clock
from campus_testing.databases import fresh_database_url, truncate_all
from campus_testing.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from notification_service.cli import MIGRATIONS as NOTIFICATION_MIGRATIONS
from notification_service.main import create_app as create_notification_app
from notification_service.models import Base as NotificationBase
from notification_service.settings import Settings as NotificationSettings

CODE_LINE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)
ADMIN_EMAIL = "admin@campus.local"
STUDENT_EMAIL = "alex.student@campus.local"


def service_headers(caller: str = "feedback-service") -> dict[str, str]:
    token = mint_service_token(
        secret=DEV_SERVICE_TOKEN_SECRET, caller=caller, audience="auth-backend"
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("auth_backend", Path(tmp_path_factory.mktemp("db")))
    migrations.upgrade(MIGRATIONS, url)
    return url


@pytest.fixture(scope="session")
def notification_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("auth_backend_notify", Path(tmp_path_factory.mktemp("ndb")))
    migrations.upgrade(NOTIFICATION_MIGRATIONS, url)
    return url


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override this to change settings of the auth app under test."""
    return {}


@pytest.fixture
def settings(database_url: str, keys_dir: Path, settings_overrides: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "jwks_url": None,
        "jwt_keys_dir": keys_dir,
        "notification_url": "http://notification.test",
    }
    values.update(settings_overrides)
    return Settings(**values)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def notification_overrides() -> dict[str, Any]:
    """Tests override this to change settings of the notification service."""
    return {}


@pytest.fixture
async def notification_app(
    notification_database_url: str, notification_overrides: dict[str, Any], clock: Clock
) -> AsyncIterator[FastAPI]:
    """The notification service on the same clock as auth: moving time expires codes on both."""
    settings = NotificationSettings(
        **{
            "environment": "test",
            "database_url": notification_database_url,
            "jwks_url": None,
            "email_backend": "mailbox",
            "outbox_worker_enabled": False,
            "smtp_check_interval": 3600,
            **notification_overrides,
        }
    )
    application = create_notification_app(settings, clock=clock)
    async with LifespanManager(application):
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
    async with LifespanManager(application):
        yield application
        await truncate_all(application.state.context.engine, Base.metadata)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


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


class Mailbox:
    """Reads codes from the notification service's dev mailbox, after running its outbox."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.seen: set[str] = set()

    async def messages(self, to: str) -> list[dict[str, Any]]:
        while await self.app.state.outbox_worker.run_once():
            pass
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://n") as c:
            response = await c.get("/mailbox/api/messages", params={"to": to, "limit": 50})
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages

    async def next_code(self, to: str) -> str:
        """The code in the newest message to `to` not read before."""
        for message in await self.messages(to):
            if message["id"] in self.seen:
                continue
            self.seen.add(message["id"])
            found = CODE_LINE.findall(message["text"])
            assert len(found) == 1, message["text"]
            return str(found[0])
        raise AssertionError(f"no new message to {to}")


@pytest.fixture
def mailbox(notification_app: FastAPI) -> Mailbox:
    return Mailbox(notification_app)


async def start_login(
    client: httpx.AsyncClient, email: str = ADMIN_EMAIL, password: str = DEMO_PASSWORD
) -> dict[str, Any]:
    response = await client.post("/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def full_login(
    client: httpx.AsyncClient,
    mailbox: Mailbox,
    email: str = ADMIN_EMAIL,
    password: str = DEMO_PASSWORD,
) -> httpx.Response:
    challenge = await start_login(client, email, password)
    code = await mailbox.next_code(email)
    response = await client.post(
        "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": code}
    )
    assert response.status_code == 200, response.text
    return response


def bearer(response: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
