"""The older system's `.env` names keep working: SMTP_SERVER and SENDER_EMAIL as aliases of
SMTP_HOST and EMAIL_FROM (SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD are spelled alike), a start log
line naming the older names used and never a value, and real mail sent with only those names."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from campus_testing.databases import truncate_all
from notification_service.main import create_app
from notification_service.models import Base
from notification_service.settings import Settings

from .conftest import code_in, service_headers
from .smtp_server import PASSWORD, USERNAME, SmtpServer

OLD_NAMES = ("SMTP_SERVER", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SENDER_EMAIL")
CURRENT_NAMES = ("SMTP_HOST", "EMAIL_FROM")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No SMTP names from the machine, and a working folder without a `.env`."""
    for name in (*OLD_NAMES, *CURRENT_NAMES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


class TestAliases:
    def test_old_names_set_the_current_settings(
        self, clean_env: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SMTP_SERVER", "smtp.gmail.com")
        monkeypatch.setenv("SMTP_PORT", "587")
        monkeypatch.setenv("SMTP_USERNAME", "school@gmail.com")
        monkeypatch.setenv("SMTP_PASSWORD", "abcd efgh ijkl mnop")
        monkeypatch.setenv("SENDER_EMAIL", "school@gmail.com")
        settings = Settings(environment="test")
        assert settings.smtp_host == "smtp.gmail.com"
        assert settings.smtp_port == 587
        assert settings.smtp_username == "school@gmail.com"
        assert settings.smtp_password is not None
        assert settings.smtp_password.get_secret_value() == "abcd efgh ijkl mnop"
        assert settings.email_from == "school@gmail.com"
        assert settings.legacy_names_used() == [
            "SMTP_SERVER (as SMTP_HOST)",
            "SENDER_EMAIL (as EMAIL_FROM)",
        ]

    def test_old_names_in_a_copied_env_file(self, clean_env: Path) -> None:
        (clean_env / ".env").write_text(
            "SMTP_SERVER=mail.school.example\nSENDER_EMAIL=a@school.example\n"
        )
        settings = Settings(environment="test")
        assert (settings.smtp_host, settings.email_from) == (
            "mail.school.example",
            "a@school.example",
        )
        assert settings.legacy_names_used() == [
            "SMTP_SERVER (as SMTP_HOST)",
            "SENDER_EMAIL (as EMAIL_FROM)",
        ]

    def test_current_names_win(self, clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SMTP_SERVER", "old.example")
        monkeypatch.setenv("SMTP_HOST", "new.example")
        settings = Settings(environment="test")
        assert settings.smtp_host == "new.example"
        assert settings.legacy_names_used() == ["SMTP_SERVER (ignored: SMTP_HOST is set)"]

    def test_no_old_names_no_note(self, clean_env: Path) -> None:
        assert Settings(environment="test").legacy_names_used() == []


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """The app's JSON log lines (call after `create_app`, which sets the root handler)."""
    root = logging.getLogger()
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(root.handlers[0].formatter)
    handler.addFilter(lambda r: not r.name.startswith("mail.log"))  # the test server's own
    root.addHandler(handler)
    try:
        yield captured
    finally:
        root.removeHandler(handler)


async def test_mail_goes_out_with_only_the_old_names(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    smtp: SmtpServer,
    database_url: str,
) -> None:
    """STARTTLS and AUTH against the real test server, configured by the older names alone (the
    CA file only makes the test's self-signed certificate trusted)."""
    monkeypatch.setenv("SMTP_SERVER", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("SMTP_USERNAME", USERNAME)
    monkeypatch.setenv("SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("SENDER_EMAIL", "school@campus.example")
    settings = Settings(
        environment="test",
        database_url=database_url,
        jwks_url=None,
        email_backend="smtp",
        smtp_ca_file=str(smtp.cert),
        outbox_worker_enabled=False,
        smtp_check_interval=3600,
    )
    app = create_app(settings)
    with captured_logs() as logs:
        async with LifespanManager(app):
            try:
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://test", headers=service_headers()
                ) as internal:
                    created = await internal.post(
                        "/v1/verifications", json={"to": "bea@campus.local", "purpose": "login"}
                    )
                    assert created.status_code == 201, created.text
                    while await app.state.context.outbox_worker.run_once():
                        pass
                    [message] = smtp.recorder.wait_for(1)
                    assert message["From"] == "school@campus.example"
                    assert smtp.recorder.auth_logins, "the client did not authenticate"
                    body = message.get_body(preferencelist=("plain",))
                    assert body is not None
                    code = code_in(str(body.get_content()))
                    check = await internal.post(
                        f"/v1/verifications/{created.json()['id']}/check", json={"code": code}
                    )
                    assert check.json()["status"] == "approved"
            finally:
                await truncate_all(app.state.context.engine, Base.metadata)
    lines = logs.getvalue().splitlines()
    notes = [json.loads(line) for line in lines if "settings_older_names" in line]
    assert len(notes) == 1, lines
    assert notes[0]["names"] == ["SMTP_SERVER (as SMTP_HOST)", "SENDER_EMAIL (as EMAIL_FROM)"]
    assert not [line for line in lines if PASSWORD in line]
