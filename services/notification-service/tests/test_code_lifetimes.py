"""Code lifetimes by purpose: login CODE_LIFETIME (10 min), invite INVITE_CODE_LIFETIME (72 h),
password_reset RESET_CODE_LIFETIME (30 min); a resend restarts the purpose's lifetime; the
attempt limit is the same for every purpose. Time moves through the app's clock, no sleeping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pydantic import ValidationError

from notification_service.settings import Settings

from .conftest import Clock
from .test_verifications import TO, check, latest_code, start, wrong

Drain = Callable[[], Awaitable[int]]
MINUTE = 60
HOUR = 60 * MINUTE


@pytest.mark.parametrize(
    ("purpose", "lifetime"),
    [
        ("login", timedelta(minutes=10)),
        ("password_reset", timedelta(minutes=30)),
        ("invite", timedelta(hours=72)),
    ],
)
async def test_expiry_follows_the_purpose(
    internal: httpx.AsyncClient, purpose: str, lifetime: timedelta
) -> None:
    body = await start(internal, purpose=purpose)
    left = datetime.fromisoformat(body["expires_at"]) - datetime.now(UTC)
    assert lifetime - timedelta(minutes=1) < left <= lifetime
    assert body["attempts_left"] == 5


async def test_invite_code_works_after_eleven_minutes_a_login_code_does_not(
    internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain, clock: Clock
) -> None:
    login = await start(internal, to="login@school.example", purpose="login")
    login_code = await latest_code(client, drain, to="login@school.example")
    invite = await start(internal, purpose="invite")
    invite_code = await latest_code(client, drain)
    clock.advance(11 * MINUTE)
    dead = await check(internal, login["id"], login_code)
    assert dead.status_code == 409
    assert dead.json()["verification_status"] == "expired"
    ok = await check(internal, invite["id"], invite_code)
    assert ok.status_code == 200
    assert ok.json()["status"] == "approved"


async def test_invite_code_dies_after_72_hours(
    internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain, clock: Clock
) -> None:
    body = await start(internal, purpose="invite")
    code = await latest_code(client, drain)
    clock.advance(72 * HOUR + MINUTE)
    response = await check(internal, body["id"], code)
    assert response.status_code == 409
    assert response.json()["verification_status"] == "expired"


async def test_resend_restarts_the_purposes_lifetime(
    internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain, clock: Clock
) -> None:
    body = await start(internal, purpose="invite")
    await latest_code(client, drain)
    clock.advance(48 * HOUR)
    resent = await internal.post(f"/v1/verifications/{body['id']}/resend", json={})
    assert resent.status_code == 200, resent.text
    left = datetime.fromisoformat(resent.json()["expires_at"]) - clock()
    assert timedelta(hours=71) < left <= timedelta(hours=72)
    code = await latest_code(client, drain)
    clock.advance(71 * HOUR)
    assert (await check(internal, body["id"], code)).status_code == 200


async def test_invite_attempt_limit_is_unchanged(
    internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
) -> None:
    body = await start(internal, purpose="invite")
    code = await latest_code(client, drain)
    statuses = [(await check(internal, body["id"], wrong(code))).json() for _ in range(5)]
    assert [s["attempts_left"] for s in statuses] == [4, 3, 2, 1, 0]
    assert statuses[-1]["status"] == "max_attempts_reached"
    assert (await check(internal, body["id"], code)).status_code == 409


@pytest.mark.parametrize("settings_overrides", [{"invite_code_lifetime": "PT2H"}])
async def test_invite_lifetime_is_a_setting(
    internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
) -> None:
    body = await start(internal, purpose="invite")
    left = datetime.fromisoformat(body["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=1, minutes=59) < left <= timedelta(hours=2)
    await drain()
    messages = (await client.get("/mailbox/api/messages", params={"to": TO})).json()["messages"]
    assert "valid for 2 hours" in messages[0]["text"]


@pytest.mark.parametrize("name", ["CODE_LIFETIME", "INVITE_CODE_LIFETIME", "RESET_CODE_LIFETIME"])
@pytest.mark.parametrize("value", ["0", "PT30S", "P60D"])
def test_lifetimes_out_of_range_are_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings(environment="test")


def test_lifetimes_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INVITE_CODE_LIFETIME", "259200")
    monkeypatch.setenv("RESET_CODE_LIFETIME", "PT45M")
    settings = Settings(environment="test")
    assert settings.code_lifetime_for("invite") == timedelta(hours=72)
    assert settings.code_lifetime_for("password_reset") == timedelta(minutes=45)
    assert settings.code_lifetime_for("login") == timedelta(minutes=10)


class TestOneSourceOfLifetimes:
    """`GET /v1/verifications/lifetimes` states the lifetimes the emails state (callers such as
    auth-backend repeat them to the SPA instead of keeping their own numbers)."""

    async def test_defaults(self, internal: httpx.AsyncClient) -> None:
        response = await internal.get("/v1/verifications/lifetimes")
        assert response.status_code == 200
        assert response.json() == {"login": 600, "password_reset": 1800, "invite": 259200}

    @pytest.mark.parametrize(
        "settings_overrides", [{"reset_code_lifetime": 900, "code_lifetime": 300}]
    )
    async def test_follow_the_settings_and_match_the_email(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        lifetimes = (await internal.get("/v1/verifications/lifetimes")).json()
        assert lifetimes["password_reset"] == 900
        assert lifetimes["login"] == 300
        await start(internal, purpose="password_reset")
        await drain()
        messages = (await client.get("/mailbox/api/messages", params={"to": TO})).json()
        assert "valid for 15 minutes" in messages["messages"][0]["text"]

    async def test_needs_a_service_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/v1/verifications/lifetimes")
        assert response.status_code == 401
