"""Fixtures: a real database (SQLite or PostgreSQL, per TEST_DATABASE) migrated by Alembic,
emptied between tests, an httpx client on the app through ASGITransport, service tokens, and a
hand-driven outbox worker (the background worker is off unless a test turns it on), a clock
the tests can move forward."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from campus_common import migrations
from campus_common.service_tokens import mint_service_token
from campus_common.settings import DEV_SERVICE_TOKEN_SECRET
from campus_testing.clock import Clock
from campus_testing.databases import fresh_database_url, truncate_all
from campus_testing.tokens import sign_access_token
from notification_service.cli import MIGRATIONS
from notification_service.main import create_app
from notification_service.models import Base
from notification_service.settings import Settings

from .smtp_server import SmtpServer

CODE_LINE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)


def service_headers(caller: str = "auth-backend") -> dict[str, str]:
    token = mint_service_token(
        secret=DEV_SERVICE_TOKEN_SECRET, caller=caller, audience="notification-service"
    )
    return {"Authorization": f"Bearer {token}"}


def code_in(text: str) -> str:
    found = CODE_LINE.findall(text)
    assert len(found) == 1, f"expected exactly one code line, found {found}"
    return str(found[0])


@pytest.fixture
def smtp(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[SmtpServer]:
    """A real SMTP server (STARTTLS unless a test parametrises `smtp` indirectly)."""
    server = SmtpServer(tmp_path, security=getattr(request, "param", "starttls"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("notification_service", Path(tmp_path_factory.mktemp("db")))
    migrations.upgrade(MIGRATIONS, url)
    return url


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override this to change settings of the app under test."""
    return {}


@pytest.fixture
def settings(database_url: str, settings_overrides: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "jwks_url": None,
        "email_backend": "mailbox",
        "outbox_worker_enabled": False,
        "smtp_check_interval": 3600,
    }
    values.update(settings_overrides)
    return Settings(**values)


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> AsyncIterator[FastAPI]:
    application = create_app(settings, clock=clock)
    async with LifespanManager(application) as manager:
        assert manager.app is not None
        yield application
        await truncate_all(application.state.context.engine, Base.metadata)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture
async def internal(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that calls as the auth-backend service."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=service_headers()
    ) as c:
        yield c


@pytest.fixture
def drain(app: FastAPI) -> Callable[[], Awaitable[int]]:
    """Run the outbox worker by hand until nothing is due; return how many were claimed."""

    async def run() -> int:
        total = 0
        while claimed := await app.state.context.outbox_worker.run_once():
            total += claimed
        return total

    return run


@pytest.fixture
def user_headers(app: FastAPI) -> Callable[[str], dict[str, str]]:
    """Access tokens like auth-backend's (ES256, kid), trusted by the app's verifier."""
    import time

    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.algorithms import ECAlgorithm

    key = ec.generate_private_key(ec.SECP256R1())
    jwk = ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update(kid="test-key", use="sig", alg="ES256")
    app.state.verifier.set_keys({"keys": [jwk]})

    def headers(role: str) -> dict[str, str]:
        token = sign_access_token(
            key,
            kid="test-key",
            role=role,
            email=f"{role}@campus.local",
            name=role.title(),
            exp=int(time.time()) + 300,
        )
        return {"Authorization": f"Bearer {token}"}

    return headers
