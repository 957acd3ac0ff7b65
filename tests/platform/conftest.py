"""The three services' apps, each on a fresh database of its own (SQLite, or PostgreSQL with
TEST_DATABASE=postgresql) migrated by Alembic, for the platform suite that every service passes."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from campus_common import migrations
from campus_testing.databases import fresh_database_url


@dataclass(frozen=True)
class Service:
    name: str
    package: str
    # Test settings beyond the database: no workers, no mail sent, nothing outside the process.
    settings: Callable[[Path], dict[str, Any]] = field(default=lambda _tmp: {})

    def module(self, name: str) -> Any:
        return importlib.import_module(f"{self.package}.{name}")


SERVICES = (
    Service(
        "auth-backend",
        "auth_backend",
        lambda tmp: {"jwt_keys_dir": tmp / "keys", "notification_url": "http://notification.test"},
    ),
    Service(
        "notification-service",
        "notification_service",
        lambda _tmp: {
            "email_backend": "mailbox",
            "outbox_worker_enabled": False,
            "smtp_check_interval": 3600,
        },
    ),
    Service(
        "feedback-service",
        "feedback_service",
        lambda _tmp: {"relay_enabled": False, "public_url": "http://campus.test"},
    ),
)


@pytest.fixture(params=SERVICES, ids=[s.name for s in SERVICES], scope="module")
def service(request: pytest.FixtureRequest) -> Service:
    svc: Service = request.param
    return svc


@pytest.fixture(scope="module")
def database_url(service: Service, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url(f"platform_{service.package}", tmp_path_factory.mktemp("db"))
    migrations.upgrade(service.module("cli").MIGRATIONS, url)
    return url


@pytest.fixture
async def app(service: Service, database_url: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings_class = service.module("settings").Settings
    settings = settings_class(
        environment="test", database_url=database_url, jwks_url=None, **service.settings(tmp_path)
    )
    application: FastAPI = service.module("main").create_app(settings)
    async with LifespanManager(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
