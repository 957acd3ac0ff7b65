"""The service answers its platform endpoints and its migrations match its models."""

from __future__ import annotations

import httpx

from campus_common import migrations
from notification_service.cli import MIGRATIONS


class TestPlatformEndpoints:
    async def test_health(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "service": "notification-service"}

    async def test_ready_checks_database(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/ready")
        assert response.status_code == 200
        assert response.json()["checks"]["database"]["ok"] is True

    async def test_openapi_docs(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/docs")
        assert response.status_code == 200
        assert "swagger" in response.text.lower()


def test_migrations_match_models(database_url: str) -> None:
    migrations.check(MIGRATIONS, database_url)
