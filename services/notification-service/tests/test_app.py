"""What is particular to this service's app; the platform endpoints and the migration check that
every service shares are in tests/platform."""

from __future__ import annotations

import pytest

from campus_testing.services import NOTIFICATION


def test_cli_prune_runs_against_the_database(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = NOTIFICATION.run_cli(monkeypatch, "prune", database_url=database_url, environment="test")
    assert code == 0
    out = capsys.readouterr().out
    assert "email_outbox=0" in out
    assert "mailbox_messages=0" in out
