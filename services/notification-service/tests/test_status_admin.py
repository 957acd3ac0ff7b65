"""Status page, admin API, metrics, and the settings that guard production."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import select, update

from notification_service.main import create_app
from notification_service.models import OutboxMessage
from notification_service.settings import Settings

Drain = Callable[[], Awaitable[int]]
Headers = Callable[[str], dict[str, str]]
TO = "fay.student@campus.local"


async def queue(internal: httpx.AsyncClient, key: str) -> str:
    body = {"template": "password_changed", "to": TO, "data": {}, "idempotency_key": key}
    response = await internal.post("/v1/notifications", json=body)
    assert response.status_code == 202
    return str(response.json()["id"])


async def kill(app: FastAPI, message_id: str) -> None:
    async with app.state.context.sessionmaker() as session, session.begin():
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == uuid.UUID(message_id))
            .values(status="dead", last_error=f"SMTPRecipientsRefused: {TO} refused")
        )


class TestStatusPage:
    async def test_shows_health_and_counts_without_personal_data(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await queue(internal, "a")
        await drain()
        await queue(internal, "b")
        page = await client.get("/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        text = page.text
        assert "operational" in text
        assert "reachable" in text
        assert "Waiting to be sent</th><td>1<" in text
        assert "Sent</th><td>1</td><td>1</td>" in text
        assert TO not in text
        assert "campus.local" not in text


class TestAdminApi:
    async def test_requires_an_admin(
        self, client: httpx.AsyncClient, user_headers: Headers
    ) -> None:
        assert (await client.get("/v1/admin/status")).status_code == 401
        mentor = await client.get("/v1/admin/status", headers=user_headers("mentor"))
        assert mentor.status_code == 403

    async def test_status_summary(
        self,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        drain: Drain,
        user_headers: Headers,
    ) -> None:
        await queue(internal, "a")
        await drain()
        await queue(internal, "b")
        response = await client.get("/v1/admin/status", headers=user_headers("admin"))
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["database"]["ok"] is True
        assert body["smtp"]["used"] is False
        assert body["outbox"]["depth"] == 1
        assert body["outbox"]["oldest_pending_age_seconds"] >= 0
        assert body["last_hour"] == {"sent": 1, "failed": 0, "dead": 0}

    async def test_deliveries_are_masked_and_dead_ones_retryable(
        self,
        app: FastAPI,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        drain: Drain,
        user_headers: Headers,
    ) -> None:
        admin = user_headers("admin")
        dead_id = await queue(internal, "dead")
        await kill(app, dead_id)
        await queue(internal, "alive")
        listed = await client.get("/v1/admin/deliveries", headers=admin)
        assert listed.status_code == 200
        deliveries = listed.json()["deliveries"]
        assert len(deliveries) == 2
        assert all(d["to"] == "f***t@c***.local" for d in deliveries)
        assert TO not in listed.text
        dead = await client.get("/v1/admin/deliveries/dead", headers=admin)
        [only] = dead.json()["deliveries"]
        assert only["id"] == dead_id
        assert only["last_error"] == "SMTPRecipientsRefused: f***t@c***.local refused"
        retried = await client.post(f"/v1/admin/deliveries/{dead_id}/retry", headers=admin)
        assert retried.status_code == 200
        assert retried.json()["status"] == "pending"
        again = await client.post(f"/v1/admin/deliveries/{dead_id}/retry", headers=admin)
        assert again.status_code == 409
        assert await drain() == 2
        assert len((await client.get("/mailbox/api/messages")).json()["messages"]) == 2

    async def test_dead_code_email_with_an_unusable_code_is_not_retried(
        self,
        app: FastAPI,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        user_headers: Headers,
    ) -> None:
        await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        async with app.state.context.sessionmaker() as session:
            first = (
                await session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at))
            ).first()
        assert first is not None
        await kill(app, str(first.id))
        response = await client.post(
            f"/v1/admin/deliveries/{first.id}/retry", headers=user_headers("admin")
        )
        assert response.status_code == 409
        assert response.json()["type"].endswith("/code-no-longer-valid")


class TestMetrics:
    async def test_codes_and_emails_are_counted(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        created = await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        await internal.post(
            f"/v1/verifications/{created.json()['id']}/check", json={"code": "000000"}
        )
        await drain()
        metrics = (await client.get("/metrics")).text
        assert 'notification_codes_created_total{purpose="login"}' in metrics
        assert 'notification_codes_checked_total{result="' in metrics
        assert 'notification_emails_total{result="sent",template="login_code"}' in metrics
        assert "notification_outbox_depth" in metrics
        assert 'notification_smtp_send_seconds_count{backend="mailbox"}' in metrics


# Strong enough for production (long and random), made with secrets.token_urlsafe(48).
SERVICE_SECRET = "pQ7vN2xK9mL4tR8wZ1cF6hJ3bD5gS0aE-yU_iO7nM2kV4qX9rT1zW6eH8jC3fB5d"
CODE_SECRET = "Lr4Tz8Wq1Ny6Hb3Kp9Vc2Xm7Gd5Jf0Sa_Ue-Oi4Qw8Ez1Ry6Tu3Ip9Ao2Sd7Fg5Hk"


class TestProductionGuards:
    def test_mailbox_is_refused_in_production(self) -> None:
        with pytest.raises(ValidationError, match="mailbox"):
            Settings(
                environment="production",
                email_backend="mailbox",
                service_token_secret=SERVICE_SECRET,
                code_hmac_secret=CODE_SECRET,
            )

    def test_development_code_secret_is_refused_in_production(self) -> None:
        with pytest.raises(ValidationError, match="CODE_HMAC_SECRET"):
            Settings(environment="production", service_token_secret=SERVICE_SECRET)

    def test_production_defaults_to_smtp_and_has_no_mailbox(self, database_url: str) -> None:
        settings = Settings(
            environment="production",
            database_url=database_url,
            service_token_secret=SERVICE_SECRET,
            code_hmac_secret=CODE_SECRET,
        )
        assert settings.resolved_email_backend == "smtp"
        paths = set(create_app(settings).openapi()["paths"])
        assert "/mailbox" not in paths
        assert "/mailbox/api/messages" not in paths
        assert "/" in paths

    def test_development_defaults_to_the_mailbox(self) -> None:
        assert Settings(environment="development").resolved_email_backend == "mailbox"


class TestRetention:
    async def test_prune_deletes_only_what_is_past_retention(
        self, app: FastAPI, internal: httpx.AsyncClient, drain: Drain
    ) -> None:
        from datetime import UTC, datetime, timedelta

        from sqlalchemy import func

        from notification_service import housekeeping
        from notification_service.models import (
            CodeSend,
            DeliveryAttempt,
            MailboxMessage,
            Verification,
        )

        await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        old_id = await queue(internal, "old")
        await drain()
        await queue(internal, "recent")
        await drain()
        long_ago = datetime.now(UTC) - timedelta(days=40)
        async with app.state.context.sessionmaker() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == uuid.UUID(old_id))
                .values(updated_at=long_ago)
            )
            await session.execute(update(MailboxMessage).values(created_at=long_ago))
            await session.execute(
                update(Verification).values(expires_at=long_ago, created_at=long_ago)
            )
            await session.execute(update(CodeSend).values(sent_at=long_ago))
        async with app.state.context.sessionmaker() as session, session.begin():
            counts = await housekeeping.purge(session, app.state.context)
        assert counts == {
            "code_sends": 1,
            "email_outbox": 1,
            "verifications": 1,
            "mailbox_messages": 3,
        }
        async with app.state.context.sessionmaker() as session:
            left = (await session.scalars(select(OutboxMessage.idempotency_key))).all()
            attempts = await session.scalar(select(func.count(DeliveryAttempt.id)))
        assert sorted(k or "code" for k in left) == ["code", "recent"]
        assert attempts == 2
