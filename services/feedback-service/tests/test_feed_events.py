"""Feed events through the outbox relay into the REAL notification service (in-process, its own
database), each with its email: published, a thread message, edited after publishing (which
fields and criteria), withdrawn (the reason), acknowledged (for the mentor), feedback requested
(for the mentor), assignment added (for the student and the mentor). A redelivered event is one
item and one email."""

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
    assert edited.data == {"title": "Week 9 review", "changes": ["strengths"], "criteria": []}
    assert "strengths" in edited.summary

    gone = await client.post(
        f"/v1/feedback/{fid}/withdraw", json={"reason": "Wrong student"}, headers=as_user("admin")
    )
    assert gone.status_code == 200
    await relay.run_once()
    withdrawn = (await feed_of(notification_app, "alex"))[-1]
    assert (withdrawn.type, withdrawn.link) == ("feedback_withdrawn", f"/feedback/{fid}")
    assert withdrawn.data == {"title": "Week 9 review", "reason": "Wrong student"}
    assert [i.type for i in await feed_of(notification_app, "alex")] == [
        "feedback_published",
        "feedback_edited",
        "feedback_withdrawn",
    ]

    # Every one of them also emailed, to its recipient's account.
    sent = await emails_of(notification_app)
    assert [(e.template, e.user_id) for e in sent if e.template != "feedback_published"] == [
        ("feedback_acknowledged", user_id("maria")),
        ("feedback_message", user_id("maria")),
        ("feedback_edited", user_id("alex")),
        ("feedback_withdrawn", user_id("alex")),
    ]
    by_template = {e.template: e for e in sent}
    assert by_template["feedback_edited"].data["changes"] == ["strengths"]
    assert by_template["feedback_edited"].data["mentor_name"] == "Maria Okafor"
    assert by_template["feedback_withdrawn"].data["reason"] == "Wrong student"
    assert by_template["feedback_withdrawn"].data["url"].endswith(f"/feedback/{fid}")
    assert by_template["feedback_acknowledged"].data["student_name"] == "Alex Rivera"


async def emails_of(notification_app: FastAPI) -> list[Any]:
    from notification_service.models import OutboxMessage

    async with notification_app.state.context.sessionmaker() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.created_at, OutboxMessage.id)
        return list((await session.execute(query)).scalars())


async def redeliver(app: FastAPI, relay: Any, key: str) -> None:
    """Deliver the event again, as a retry after a lost answer would."""
    event = await app.state.context.store.get_event(key)
    assert event is not None
    await relay._deliver(event)


async def test_an_edit_of_scores_names_the_criteria(
    client: httpx.AsyncClient, as_user: Headers, relay: Any, notification_app: FastAPI, app: FastAPI
) -> None:
    fid = await published(client, as_user)
    scores = {key: 4 for key, _name, _description in CRITERIA}
    edit = await client.patch(
        f"/v1/feedback/{fid}",
        json={"scores": {**scores, "communication": 2}, "overall_rating": 3},
        headers=as_user("maria"),
    )
    assert edit.status_code == 200, edit.text
    await relay.run_once()
    edited = (await feed_of(notification_app, "alex"))[-1]
    assert edited.data["criteria"] == ["Communication"]
    assert sorted(edited.data["changes"]) == ["overall_rating", "scores"]
    assert "(Communication)" in edited.summary
    [email] = [e for e in await emails_of(notification_app) if e.template == "feedback_edited"]
    assert email.data["criteria"] == ["Communication"]


async def test_a_request_reaches_the_mentor_once(
    client: httpx.AsyncClient, as_user: Headers, relay: Any, notification_app: FastAPI, app: FastAPI
) -> None:
    asked = await client.post(
        "/v1/requests",
        json={"title": "My parser", "description": "The error handling part"},
        headers=as_user("alex"),
    )
    assert asked.status_code == 201, asked.text
    assert await relay.run_once() == 1
    await redeliver(app, relay, f"feedback-requested:{asked.json()['id']}")
    [item] = await feed_of(notification_app, "maria")
    assert (item.type, item.link) == ("feedback_requested", "/mentor/requests")
    assert item.data["title"] == "My parser"
    assert item.summary == "The error handling part"
    assert await feed_of(notification_app, "alex") == []
    [email] = await emails_of(notification_app)
    assert (email.template, email.user_id) == ("feedback_requested", user_id("maria"))
    assert email.data["student_name"] == "Alex Rivera"
    assert email.data["description"] == "The error handling part"
    assert email.data["url"].endswith("/mentor/requests")


async def test_an_assignment_reaches_the_student_and_the_mentor_once(
    client: httpx.AsyncClient, as_user: Headers, relay: Any, notification_app: FastAPI, app: FastAPI
) -> None:
    made = await client.post(
        "/v1/assignments",
        json={
            "mentor_email": "tom.mentor@campus.local",
            "student_email": "alex.student@campus.local",
            "cohort": "Cohort Q",
        },
        headers=as_user("admin"),
    )
    assert made.status_code == 201, made.text
    assert await relay.run_once() == 1
    await redeliver(app, relay, f"assignment-added:{made.json()['id']}")
    [student] = await feed_of(notification_app, "alex")
    [mentor] = await feed_of(notification_app, "tom")
    assert (student.type, student.link) == ("assignment_added", "/student")
    assert student.data == {"role": "student", "name": "Tom Lindqvist", "cohort": "Cohort Q"}
    assert mentor.link == f"/mentor/students/{user_id('alex')}"
    assert mentor.data["role"] == "mentor"
    assert mentor.data["name"] == "Alex Rivera"
    sent = await emails_of(notification_app)
    assert sorted((e.template, e.user_id, e.data["role"]) for e in sent) == sorted(
        [
            ("assignment_added", user_id("alex"), "student"),
            ("assignment_added", user_id("tom"), "mentor"),
        ]
    )
