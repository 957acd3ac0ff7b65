"""Publishing notifies the student through the outbox relay and the REAL notification service
(in-process, its own fresh database, dev-mailbox email backend): stopped first, then started,
the student's email arrives exactly once. Drafts never notify."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.databases import truncate_all
from campus_testing.demo import DEMO_ACCOUNTS
from campus_testing.services import NOTIFICATION, Mailbox, asgi_client, running
from feedback_service.clients.service import service_client
from feedback_service.demo import CRITERIA, seed

from .conftest import write

Headers = Callable[[str], dict[str, str]]
ALEX = next(a for a in DEMO_ACCOUNTS if a.email.startswith("alex."))


def demo_scores(score: int) -> dict[str, int]:
    """The same score on every criterion of the demo rubric."""
    return {key: score for key, _name, _description in CRITERIA}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def notification_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return NOTIFICATION.database_url("feedback_notify", tmp_path_factory.mktemp("notify"))


@pytest.fixture
async def notification_app(notification_database: str) -> AsyncIterator[FastAPI]:
    from notification_service.main import create_app as create_notification_app
    from notification_service.models import Base as NotifyBase

    settings = NOTIFICATION.settings(notification_database)
    async with running(create_notification_app(settings)) as application:
        yield application
        await truncate_all(application.state.context.engine, NotifyBase.metadata)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "notification_url": f"http://127.0.0.1:{closed_port()}",
        "relay_backoff_base": timedelta(milliseconds=50),
        "http_retries": 0,
    }


async def mailbox(notification_app: FastAPI, to: str) -> list[dict[str, Any]]:
    return await Mailbox(notification_app).messages(to)


async def test_notification_down_then_up_sends_exactly_one_email(
    app: FastAPI, client: httpx.AsyncClient, as_user: Headers, notification_app: FastAPI
) -> None:
    await seed(app.state.context.store)
    draft = await write(
        client, as_user, title="Week 9 review", scores=demo_scores(4), overall_rating=4
    )
    fid = draft.json()["id"]
    relay = app.state.context.relay
    assert await app.state.context.store.get_event(f"feedback-published:{fid}") is None

    published = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
    assert published.status_code == 200
    assert await relay.run_once() == 0
    event = await app.state.context.store.get_event(f"feedback-published:{fid}")
    assert event.attempts == 1
    assert event.delivered_at is None
    assert event.last_error

    await relay.client.aclose()
    relay.client = service_client(
        app.state.context.settings,
        base_url="http://notify",
        audience="notification-service",
        transport=httpx.ASGITransport(app=notification_app),
    )
    await asyncio.sleep(0.1)
    assert await relay.run_once() == 1
    assert await relay.run_once() == 0

    messages = await mailbox(notification_app, ALEX.email)
    assert len(messages) == 1
    assert messages[0]["template"] == "feedback_published"
    metrics = (await client.get("/metrics")).text
    assert 'feedback_outbox_attempts_total{result="failed"}' in metrics
    assert 'feedback_outbox_attempts_total{result="delivered"}' in metrics
    assert "Week 9 review" in messages[0]["text"]
    # The link opens the web app's role-neutral page of that feedback (contract C3).
    assert f"http://campus.test/feedback/{fid}" in messages[0]["text"]

    again = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
    assert again.status_code == 200
    assert await relay.run_once() == 0
    assert len(await mailbox(notification_app, ALEX.email)) == 1


async def test_publish_wakes_the_running_relay(
    settings: Any,
    auth_app: FastAPI,
    jwks: dict[str, Any],
    token_for: Callable[[str], str],
    notification_app: FastAPI,
    wipe: Callable[[Any], Awaitable[None]],
) -> None:
    """With the relay running in the lifespan (polling only once a minute), a publish is
    delivered right away because publishing wakes it."""
    from feedback_service.main import create_app

    relaying = settings.model_copy(
        update={"relay_enabled": True, "relay_poll_interval": timedelta(minutes=1)}
    )
    application = create_app(
        relaying,
        auth_transport=httpx.ASGITransport(app=auth_app),
        notification_transport=httpx.ASGITransport(app=notification_app),
    )
    async with running(application):
        application.state.verifier.set_keys(jwks)
        store = application.state.context.store
        await wipe(store)
        await seed(store)

        def as_user(who: str) -> dict[str, str]:
            return {"Authorization": f"Bearer {token_for(who)}"}

        maria = as_user("maria")
        async with asgi_client(application) as c:
            draft = await write(c, as_user, title="Woken", scores=demo_scores(3), overall_rating=3)
            fid = draft.json()["id"]
            await c.post(f"/v1/feedback/{fid}/publish", headers=maria)
        for _ in range(100):
            event = await store.get_event(f"feedback-published:{fid}")
            if event.delivered_at is not None:
                break
            await asyncio.sleep(0.05)
        assert event.delivered_at is not None
        await wipe(store)
    messages = await mailbox(notification_app, ALEX.email)
    assert [m["template"] for m in messages] == ["feedback_published"]
    assert "Woken" in messages[0]["text"]
