"""The three services' apps, each on a fresh database of its own (SQLite, or PostgreSQL with
TEST_DATABASE=postgresql) migrated by Alembic, for the platform suite that every service passes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from campus_testing.services import SERVICES, Service, running


@pytest.fixture(params=SERVICES, ids=[s.name for s in SERVICES], scope="module")
def service(request: pytest.FixtureRequest) -> Service:
    svc: Service = request.param
    return svc


@pytest.fixture(scope="module")
def database_url(service: Service, tmp_path_factory: pytest.TempPathFactory) -> str:
    return service.database_url(f"platform_{service.package}", tmp_path_factory.mktemp("db"))


@pytest.fixture
async def app(service: Service, database_url: str, tmp_path: Path) -> AsyncIterator[FastAPI]:
    settings = service.settings(database_url, tmp_path)
    async with running(service.module("main").create_app(settings)) as application:
        yield application
