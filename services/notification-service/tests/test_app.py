"""What is particular to this service's app; the platform endpoints and the migration check that
every service shares are in tests/platform."""

from __future__ import annotations

import pytest


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
