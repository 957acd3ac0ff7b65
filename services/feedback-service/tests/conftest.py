"""Fixtures: a real database (SQLite or PostgreSQL, per TEST_DATABASE) migrated by Alembic,
emptied between tests, and an httpx client on the app through ASGITransport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from campus_common import migrations
from campus_common.testing import fresh_database_url, truncate_all
from feedback_service.cli import MIGRATIONS
from feedback_service.main import create_app
from feedback_service.models import Base
from feedback_service.settings import Settings


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("feedback_service", Path(tmp_path_factory.mktemp("db")))
    migrations.upgrade(MIGRATIONS, url)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(environment="test", database_url=database_url, jwks_url=None)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[object]:
    application = create_app(settings)
    async with LifespanManager(application) as manager:
        yield manager.app
        await truncate_all(application.state.engine, Base.metadata)


@pytest.fixture
async def client(app: object) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
