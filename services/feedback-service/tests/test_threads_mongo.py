"""A thread on the MongoDB adapter (the mongoeco wire stand-in) through the API: messages,
their notifications in the relay's outbox (next to the publish's), an edit and a tombstone."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.demo import DEMO_ACCOUNTS
from feedback_service.threads.mongo import MongoThreads

Headers = Callable[[str], dict[str, str]]
ALEX = next(a for a in DEMO_ACCOUNTS if a.email.startswith("alex."))


@pytest.fixture
def database_url(mongo_url: str) -> str:
    """This module's app runs on the MongoDB adapter."""
    return mongo_url


@pytest.fixture
async def threads(app: FastAPI) -> AsyncIterator[MongoThreads]:
    store = app.state.context.store
    assert isinstance(store, MongoThreads)
    await store.messages.delete_many({})
    yield store
    await store.messages.delete_many({})


@pytest.mark.usefixtures("setup")
async def test_a_thread_on_mongodb(
    app: FastAPI, client: httpx.AsyncClient, as_user: Headers, threads: MongoThreads
) -> None:
    draft = await client.post(
        "/v1/feedback",
        json={
            "student_id": str(ALEX.id),
            "title": "Mongo week",
            "scores": {"clarity": 3, "depth": 3},
            "overall_rating": 3,
        },
        headers=as_user("maria"),
    )
    fid = draft.json()["id"]
    assert (await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))).is_success
    base = f"/v1/feedback/{fid}/messages"
    asked = await client.post(base, json={"body": "A _question_"}, headers=as_user("alex"))
    assert asked.status_code == 201
    mid = asked.json()["id"]
    answer = await client.post(base, json={"body": "An answer"}, headers=as_user("maria"))
    assert answer.status_code == 201
    edited = await client.patch(
        f"{base}/{mid}", json={"body": "A _better_ question"}, headers=as_user("alex")
    )
    assert (edited.json()["html"], edited.json()["edited"]) == (
        "<p>A <em>better</em> question</p>",
        True,
    )
    assert (
        await client.delete(f"{base}/{answer.json()['id']}", headers=as_user("maria"))
    ).is_success
    thread = (await client.get(base, headers=as_user("alex"))).json()["messages"]
    assert [(m["body"], m["deleted"]) for m in thread] == [
        ("A _better_ question", False),
        (None, True),
    ]
    keys = {
        f"feedback-published:{fid}",
        f"feedback-message:{mid}",
        f"feedback-message:{answer.json()['id']}",
    }
    store = app.state.context.store
    for key in keys:
        assert await store.get_event(key) is not None
    now = app.state.context.clock()
    claimed = await store.claim_due_events(
        now=now, lease_until=now + timedelta(seconds=30), limit=10
    )
    assert sorted(e.key for e in claimed) == sorted(keys)
