"""Fixtures: a real database (SQLite or PostgreSQL, per TEST_DATABASE) migrated by Alembic,
emptied between tests, an httpx client on the app through ASGITransport, service tokens, and a
hand-driven outbox worker (the background worker is off unless a test turns it on), a clock
the tests can move forward."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.clock import Clock
from campus_testing.databases import migrated_database_url, truncate_all
from campus_testing.services import NOTIFICATION, asgi_client, code_in, running
from campus_testing.tokens import SigningKey
from notification_service.cli import MIGRATIONS
from notification_service.main import create_app
from notification_service.models import Base
from notification_service.settings import Settings

from .smtp_server import SmtpServer

# Re-exported for the test modules: `from .conftest import Clock, code_in`.
__all__ = ["Clock", "code_in"]


def service_headers(caller: str = "auth-backend") -> dict[str, str]:
    return NOTIFICATION.headers(caller)


@pytest.fixture
def smtp(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[SmtpServer]:
    """A real SMTP server (STARTTLS unless a test parametrises `smtp` indirectly)."""
    server = SmtpServer(tmp_path, security=getattr(request, "param", "starttls"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return NOTIFICATION.database_url("notification_service", tmp_path_factory.mktemp("db"))


@pytest.fixture
def process_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database of the test module's own, for the service processes it starts."""
    module = request.module.__name__.rpartition(".")[2]
    return migrated_database_url(f"notification_{module}", tmp_path, MIGRATIONS)


@pytest.fixture
def settings(database_url: str, settings_overrides: dict[str, Any]) -> Settings:
    settings: Settings = NOTIFICATION.settings(database_url, **settings_overrides)
    return settings


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> AsyncIterator[FastAPI]:
    async with running(create_app(settings, clock=clock)) as application:
        yield application
        await truncate_all(application.state.context.engine, Base.metadata)


@pytest.fixture
async def internal(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client that calls as the auth-backend service."""
    async with asgi_client(app, headers=service_headers()) as c:
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
    key = SigningKey()
    app.state.verifier.set_keys(key.jwks)

    def headers(role: str) -> dict[str, str]:
        return key.headers(role=role, email=f"{role}@campus.local", name=role.title())

    return headers
