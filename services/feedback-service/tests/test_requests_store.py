"""The storage contract of feedback requests, run against every adapter: SQL (SQLite or
PostgreSQL, per TEST_DATABASE) and MongoDB (the mongoeco wire stand-in). State changes are
conditional; publishing closes only the open requests of that feedback; counts go per cohort and
state; the newest live message of each thread is found."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest

from feedback_service.requests.mongo import MongoRequests
from feedback_service.requests.repository import FeedbackRequest, RequestState
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import new_id, utcnow
from feedback_service.threads.mongo import MongoThreads
from feedback_service.threads.repository import Message

NOW = utcnow()


@pytest.fixture
async def requests(store: FeedbackStore) -> AsyncIterator[FeedbackStore]:
    """The store with no requests or messages (the shared wipe does not know those collections)."""

    async def clear() -> None:
        if isinstance(store, MongoRequests):
            await store.requests.delete_many({})
        if isinstance(store, MongoThreads):
            await store.messages.delete_many({})

    await clear()
    yield store
    await clear()


def request(
    student: str = "s1", mentor: str = "m1", *, minutes: int = 0, **kw: object
) -> FeedbackRequest:
    at = NOW - timedelta(minutes=minutes)
    values: dict[str, object] = {
        "id": new_id(),
        "student_id": student,
        "mentor_id": mentor,
        "cohort": "A",
        "title": f"Request {minutes}",
        "description": "Line one\nline two",
        "link": "https://example.com/x",
        "state": RequestState.open,
        "created_at": at,
        "updated_at": at,
        **kw,
    }
    return FeedbackRequest(**values)  # type: ignore[arg-type]


async def test_add_get_list_newest_first(requests: FeedbackStore) -> None:
    old, new, other = request(minutes=5), request(minutes=1), request("s2", "m2")
    for r in (old, new, other):
        await requests.add_request(r)
    assert await requests.get_request(old.id) == old
    assert await requests.get_request(new_id()) is None
    assert [r.id for r in await requests.list_requests(student_id="s1")] == [new.id, old.id]
    assert [r.id for r in await requests.list_requests(mentor_id="m2")] == [other.id]
    assert len(await requests.list_requests()) == 3
    assert len(await requests.list_requests(limit=1)) == 1
    closed = await requests.update_request(
        old.id, {"state": RequestState.closed}, expected_state=RequestState.open
    )
    assert closed is not None
    assert closed.state is RequestState.closed
    assert [r.id for r in await requests.list_requests(states=[RequestState.open])] == [
        other.id,
        new.id,
    ]
    assert [
        r.id for r in await requests.list_requests(student_id="s1", states=[RequestState.closed])
    ] == [old.id]


async def test_update_is_conditional_on_state(requests: FeedbackStore) -> None:
    r = request()
    await requests.add_request(r)
    later = NOW + timedelta(minutes=1)
    cancelled = await requests.update_request(
        r.id,
        {"state": RequestState.cancelled, "updated_at": later, "closed_at": later},
        expected_state=RequestState.open,
    )
    assert cancelled == replace(r, state=RequestState.cancelled, updated_at=later, closed_at=later)
    again = await requests.update_request(
        r.id, {"feedback_id": "f1"}, expected_state=RequestState.open
    )
    assert again is None
    assert (
        await requests.update_request(
            new_id(), {"feedback_id": "f1"}, expected_state=RequestState.open
        )
        is None
    )


async def test_close_for_feedback_closes_only_its_open_requests(requests: FeedbackStore) -> None:
    linked, cancelled = request(feedback_id="f1"), request(feedback_id="f1")
    unrelated = request(feedback_id="f2")
    for r in (linked, cancelled, unrelated):
        await requests.add_request(r)
    await requests.update_request(
        cancelled.id, {"state": RequestState.cancelled}, expected_state=RequestState.open
    )
    later = NOW + timedelta(minutes=3)
    assert await requests.close_requests_for("f1", at=later) == 1
    assert await requests.close_requests_for("f1", at=later) == 0
    got = await requests.get_request(linked.id)
    assert got == replace(linked, state=RequestState.closed, closed_at=later, updated_at=later)
    assert (await requests.get_request(cancelled.id)).state is RequestState.cancelled  # type: ignore[union-attr]
    assert (await requests.get_request(unrelated.id)).state is RequestState.open  # type: ignore[union-attr]


async def test_counts_per_cohort_and_state(requests: FeedbackStore) -> None:
    first = request()
    for r in (first, request(), request(cohort="B"), request(cohort=None)):
        await requests.add_request(r)
    await requests.update_request(
        first.id, {"state": RequestState.cancelled}, expected_state=RequestState.open
    )
    assert await requests.count_requests() == {
        ("A", "open"): 1,
        ("A", "cancelled"): 1,
        ("B", "open"): 1,
        (None, "open"): 1,
    }


async def test_last_messages_newest_live_one_per_thread(requests: FeedbackStore) -> None:
    def msg(feedback_id: str, author: str, minutes: int, **kw: object) -> Message:
        return Message(
            id=new_id(),
            feedback_id=feedback_id,
            author_id=author,
            body="hi",
            created_at=NOW - timedelta(minutes=minutes),
            **kw,  # type: ignore[arg-type]
        )

    deleted = msg("f1", "mentor", 1, deleted_at=NOW)
    for m in (msg("f1", "student", 5), msg("f1", "mentor", 3), deleted, msg("f2", "student", 2)):
        await requests.add_message(m)
    await requests.add_message(msg("f3", "student", 1))
    got = {m.feedback_id: m for m in await requests.last_messages(["f1", "f2", "nothing"])}
    assert set(got) == {"f1", "f2"}
    assert got["f1"].author_id == "mentor"
    assert got["f1"].created_at == NOW - timedelta(minutes=3)
    assert got["f2"].author_id == "student"
    assert await requests.last_messages([]) == []
