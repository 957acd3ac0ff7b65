"""The service answers its platform endpoints and its migrations match its models."""

from __future__ import annotations

import httpx
import pytest

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


def test_cli_prune_runs_against_the_database(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from notification_service import cli
    from notification_service.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ENVIRONMENT", "test")
    get_settings.cache_clear()
    try:
        assert cli.main(["prune"]) == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert "email_outbox=0" in out
    assert "mailbox_messages=0" in out
