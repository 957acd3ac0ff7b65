"""Feed events through the outbox relay into the REAL notification service (in-process, its own
database): published and a thread message (with their emails), edited after publishing (which
fields), withdrawn (the reason), acknowledged (for the mentor). A redelivered event is one item."""

# ruff: noqa: F811
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from feedback_service.clients.service import service_client
from feedback_service.demo import CRITERIA, seed

from .conftest import user_id, write

# test_relay's real notification service (fixtures: pytest finds them by name, hence F401/F811).
from .test_relay import notification_app, notification_database  # noqa: F401

Headers = Callable[[str], dict[str, str]]


@pytest.fixture
async def relay(app: FastAPI, notification_app: FastAPI) -> Any:
    relay = app.state.context.relay
    await relay.client.aclose()
    relay.client = service_client(
        app.state.context.settings,
        base_url="http://notify",
        audience="notification-service",
        transport=httpx.ASGITransport(app=notification_app),
    )
    await seed(app.state.context.store)
    return relay


async def feed_of(notification_app: FastAPI, who: str) -> list[Any]:
    from notification_service.models import FeedItem

    async with notification_app.state.context.sessionmaker() as session:
        query = select(FeedItem).where(FeedItem.user_id == user_id(who))
        return list((await session.execute(query.order_by(FeedItem.created_at))).scalars())


async def published(client: httpx.AsyncClient, as_user: Headers) -> str:
    scores = {key: 4 for key, _name, _description in CRITERIA}
    draft = await write(client, as_user, title="Week 9 review", scores=scores, overall_rating=4)
    fid: str = draft.json()["id"]
    answer = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
    assert answer.status_code == 200, answer.text
    return fid


async def test_publish_gives_the_student_one_item_and_the_email(
    client: httpx.AsyncClient, as_user: Headers, relay: Any, notification_app: FastAPI, app: FastAPI
) -> None:
    fid = await published(client, as_user)
    assert await relay.run_once() == 1
    [item] = await feed_of(notification_app, "alex")
    assert (item.type, item.link) == ("feedback_published", f"/feedback/{fid}")
    assert "Week 9 review" in item.title
    assert await feed_of(notification_app, "maria") == []
    event = await app.state.context.store.get_event(f"feedback-published:{fid}")
    await relay._deliver(event)  # delivered again (a retry after a lost answer)
    assert len(await feed_of(notification_app, "alex")) == 1
    from notification_service.models import OutboxMessage

    async with notification_app.state.context.sessionmaker() as session:
        emails = (await session.execute(select(OutboxMessage))).scalars().all()
    assert [e.template for e in emails] == ["feedback_published"]  # and one email, still


async def test_edit_withdraw_acknowledge_and_message(
    client: httpx.AsyncClient, as_user: Headers, relay: Any, notification_app: FastAPI
) -> None:
    fid = await published(client, as_user)
    await relay.run_once()
    ack = await client.post(f"/v1/feedback/{fid}/acknowledge", headers=as_user("alex"))
    assert ack.status_code == 200
    await relay.run_once()
    [mentor_item] = await feed_of(notification_app, "maria")
    assert mentor_item.type == "feedback_acknowledged"

    posted = await client.post(
        f"/v1/feedback/{fid}/messages", json={"body": "Thanks, a question"}, headers=as_user("alex")
    )
    assert posted.status_code == 201, posted.text
    await relay.run_once()
    message_item = (await feed_of(notification_app, "maria"))[-1]
    assert (message_item.type, message_item.summary) == ("message_posted", "Thanks, a question")

    edit = await client.patch(
        f"/v1/feedback/{fid}",
        json={"strengths": "Careful, thorough tests"},
        headers=as_user("maria"),
    )
    assert edit.status_code == 200, edit.text
    await relay.run_once()
    edited = (await feed_of(notification_app, "alex"))[-1]
    assert edited.type == "feedback_edited"
    assert edited.data == {"changes": ["strengths"]}
    assert "strengths" in edited.summary

    gone = await client.post(
        f"/v1/feedback/{fid}/withdraw", json={"reason": "Wrong student"}, headers=as_user("admin")
    )
    assert gone.status_code == 200
    await relay.run_once()
    withdrawn = (await feed_of(notification_app, "alex"))[-1]
    assert (withdrawn.type, withdrawn.data) == ("feedback_withdrawn", {"reason": "Wrong student"})
    assert [i.type for i in await feed_of(notification_app, "alex")] == [
        "feedback_published",
        "feedback_edited",
        "feedback_withdrawn",
    ]
