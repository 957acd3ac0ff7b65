"""The storage contract of threads, run against every adapter: SQL (SQLite or PostgreSQL, per
TEST_DATABASE) and MongoDB (the mongoeco wire stand-in). A message and its notification are
written together; edits are conditional; a deletion keeps a tombstone; the replies of before
threads become first messages (the SQL migration; the MongoDB adapter on start)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from campus_common import migrations
from campus_common.db import AfterCommit, create_engine
from campus_testing.databases import fresh_database_url
from feedback_service.cli import MIGRATIONS
from feedback_service.settings import Settings
from feedback_service.store.adapters import FeedbackStore, make_store
from feedback_service.store.records import DuplicateError, OutboxEvent, new_id, utcnow
from feedback_service.threads.mongo import MongoThreads
from feedback_service.threads.repository import Message

Wipe = Callable[[FeedbackStore], Awaitable[None]]

NOW = utcnow()


@pytest.fixture
async def threads(store: FeedbackStore) -> AsyncIterator[FeedbackStore]:
    """The store with no messages (the shared wipe does not know the messages' collection)."""
    if isinstance(store, MongoThreads):
        await store.messages.delete_many({})
    yield store
    if isinstance(store, MongoThreads):
        await store.messages.delete_many({})


def message(
    feedback_id: str = "f1", author: str = "s1", *, minutes: int = 0, **kw: object
) -> Message:
    values: dict[str, object] = {
        "id": new_id(),
        "feedback_id": feedback_id,
        "author_id": author,
        "body": f"Message {minutes} **bold**",
        "created_at": NOW - timedelta(minutes=minutes),
        **kw,
    }
    return Message(**values)  # type: ignore[arg-type]


def notification(m: Message) -> OutboxEvent:
    return OutboxEvent(
        id=new_id(),
        key=f"feedback-message:{m.id}",
        event="feedback_message",
        payload={"feedback_id": m.feedback_id, "message_id": m.id},
        created_at=NOW,
        next_attempt_at=NOW,
    )


class TestMessages:
    async def test_add_get_list_in_order(self, threads: FeedbackStore) -> None:
        later, first, other = message(minutes=1), message(minutes=5), message("f2")
        for m in (later, first, other):
            await threads.add_message(m)
        assert [m.id for m in await threads.list_messages("f1")] == [first.id, later.id]
        assert await threads.get_message(first.id) == first
        assert await threads.get_message(new_id()) is None
        assert await threads.list_messages("nothing") == []
        assert len(await threads.list_messages("f1", limit=1)) == 1

    async def test_same_time_messages_keep_one_order(self, threads: FeedbackStore) -> None:
        a, b = message(id="a" * 36), message(id="b" * 36)
        await threads.add_message(b)
        await threads.add_message(a)
        assert [m.id for m in await threads.list_messages("f1")] == [a.id, b.id]

    async def test_duplicate_id_refused_without_its_event(self, threads: FeedbackStore) -> None:
        m = message()
        await threads.add_message(m)
        again = message(id=m.id, body="second")
        with pytest.raises(DuplicateError):
            await threads.add_message(again, event=notification(again))
        assert await threads.get_event(f"feedback-message:{m.id}") is None
        stored = await threads.get_message(m.id)
        assert stored is not None
        assert stored.body == m.body

    async def test_edit_only_by_its_author_in_time_and_not_deleted(
        self, threads: FeedbackStore
    ) -> None:
        m = message(minutes=2)
        await threads.add_message(m)
        window = NOW - timedelta(minutes=10)
        edit = {"body": "changed", "at": NOW, "created_after": window}
        assert await threads.edit_message(m.id, author_id="someone else", **edit) is None  # type: ignore[arg-type]
        late = {**edit, "created_after": NOW - timedelta(minutes=1)}
        assert await threads.edit_message(m.id, author_id="s1", **late) is None  # type: ignore[arg-type]
        edited = await threads.edit_message(m.id, author_id="s1", **edit)  # type: ignore[arg-type]
        assert edited is not None
        assert (edited.body, edited.edited_at, edited.created_at) == ("changed", NOW, m.created_at)
        assert await threads.get_message(m.id) == edited
        await threads.delete_message(m.id, at=NOW)
        assert await threads.edit_message(m.id, author_id="s1", **edit) is None  # type: ignore[arg-type]

    async def test_delete_keeps_a_tombstone_once(self, threads: FeedbackStore) -> None:
        m = message()
        await threads.add_message(m)
        gone = await threads.delete_message(m.id, at=NOW)
        assert gone is not None
        assert (gone.body, gone.deleted_at, gone.author_id) == (None, NOW, "s1")
        again = await threads.delete_message(m.id, at=NOW + timedelta(minutes=1))
        assert again == gone  # the first deletion's time stays
        assert [x.deleted_at for x in await threads.list_messages("f1")] == [NOW]
        assert await threads.delete_message(new_id(), at=NOW) is None


class TestNotificationOutbox:
    async def test_the_event_is_written_with_the_message_and_relayed(
        self, threads: FeedbackStore
    ) -> None:
        seen: list[str] = []
        m = message()
        ev = notification(m)
        await threads.add_message(m, event=ev, after_commit=AfterCommit(lambda: seen.append("x")))
        assert seen == ["x"]
        assert await threads.get_event(ev.key) == ev
        lease = NOW + timedelta(seconds=30)
        claimed = await threads.claim_due_events(now=NOW, lease_until=lease, limit=10)
        assert [e.key for e in claimed] == [ev.key]
        assert await threads.claim_due_events(now=NOW, lease_until=lease, limit=10) == []
        await threads.reschedule(ev.id, attempts=1, next_attempt_at=NOW, error="down")
        again = await threads.claim_due_events(now=NOW, lease_until=lease, limit=10)
        assert [(e.key, e.attempts, e.last_error) for e in again] == [(ev.key, 1, "down")]
        await threads.mark_delivered(ev.id, at=NOW)
        stored = await threads.get_event(ev.key)
        assert stored is not None
        assert stored.delivered_at == NOW
        far = NOW + timedelta(days=1)
        assert await threads.claim_due_events(now=far, lease_until=far, limit=10) == []

    async def test_a_refused_message_runs_no_hook(self, threads: FeedbackStore) -> None:
        seen: list[str] = []
        m = message()
        await threads.add_message(m)
        with pytest.raises(DuplicateError):
            await threads.add_message(m, after_commit=AfterCommit(lambda: seen.append("x")))
        assert seen == []


async def test_mongodb_copies_old_replies_as_first_messages_on_start(
    mongo_url: str, wipe: Wipe
) -> None:
    store = make_store(Settings(environment="test", database_url=mongo_url, jwks_url=None))
    assert isinstance(store, MongoThreads)
    await store.start()
    await wipe(store)
    await store.messages.delete_many({})
    replied_at = NOW - timedelta(days=2)
    try:
        await store.feedback.insert_many(
            [
                {
                    "_id": "fb-old",
                    "student_id": "s1",
                    "reply": "Thanks, noted.",
                    "replied_at": replied_at,
                    "updated_at": NOW,
                },
                {"_id": "fb-none", "student_id": "s2", "reply": None, "updated_at": NOW},
            ]
        )
        await store.start()
        await store.start()  # a restart copies nothing twice
        assert await store.list_messages("fb-none") == []
        [first] = await store.list_messages("fb-old")
        assert (first.id, first.author_id, first.body, first.created_at) == (
            "fb-old",
            "s1",
            "Thanks, noted.",
            replied_at,
        )
        await store.delete_message("fb-old", at=NOW)
        assert await store.copy_replies() == 0  # a deleted first message stays deleted
        [kept] = await store.list_messages("fb-old")
        assert kept.body is None
    finally:
        await store.messages.delete_many({})
        await wipe(store)
        await store.close()


async def test_the_migration_copies_old_replies_as_first_messages(tmp_path: Path) -> None:
    """SQLite or PostgreSQL (per TEST_DATABASE): replies stored before threads, upgraded."""
    url = fresh_database_url("feedback_threads_migration", tmp_path)
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url, "0003")
    engine = create_engine(url)
    row = {
        "student_id": "s1",
        "mentor_id": "m1",
        "title": "Old",
        "rubric_version": 1,
        "scores": "{}",
        "strengths": "",
        "improvements": "",
        "comments": "",
        "state": "published",
        "edited": False,
        "created_at": NOW - timedelta(days=3),
        "updated_at": NOW - timedelta(days=1),
    }
    insert = text(
        "INSERT INTO feedback (id, student_id, mentor_id, title, rubric_version, scores, "
        "strengths, improvements, comments, state, edited, created_at, updated_at, reply, "
        "replied_at) VALUES (:id, :student_id, :mentor_id, :title, :rubric_version, :scores, "
        ":strengths, :improvements, :comments, :state, :edited, :created_at, :updated_at, "
        ":reply, :replied_at)"
    )
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert,
                [
                    {**row, "id": "f-replied", "reply": "Thanks!", "replied_at": NOW},
                    {**row, "id": "f-quiet", "reply": None, "replied_at": None},
                ],
            )
        await engine.dispose()
        await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url)
        store = make_store(Settings(environment="test", database_url=url, jwks_url=None))
        try:
            [first] = await store.list_messages("f-replied")
            assert (first.id, first.author_id, first.body, first.created_at) == (
                "f-replied",
                "s1",
                "Thanks!",
                NOW,
            )
            assert (first.edited_at, first.deleted_at) == (None, None)
            assert await store.list_messages("f-quiet") == []
        finally:
            await store.close()
    finally:
        await engine.dispose()


async def test_mongodb_moves_an_event_of_the_one_event_layout_into_the_list_on_start(
    mongo_url: str, wipe: Wipe
) -> None:
    """Documents written before a document could hold several events kept one under `outbox`:
    after a start it is claimed, delivered and found like any other, and a restart moves nothing
    twice."""
    store = make_store(Settings(environment="test", database_url=mongo_url, jwks_url=None))
    assert isinstance(store, MongoThreads)
    await store.start()
    await wipe(store)
    old = OutboxEvent(
        id=new_id(),
        key="feedback-published:fb-legacy",
        event="feedback_published",
        payload={"feedback_id": "fb-legacy"},
        created_at=NOW,
        next_attempt_at=NOW,
    )
    try:
        await store.feedback.insert_one(
            {"_id": "fb-legacy", "student_id": "s1", "outbox": asdict(old), "updated_at": NOW}
        )
        await store.start()
        await store.start()
        doc = await store.feedback.find_one({"_id": "fb-legacy"})
        assert doc is not None
        assert "outbox" not in doc
        assert len(doc["outbox_events"]) == 1
        lease = NOW + timedelta(seconds=30)
        [claimed] = await store.claim_due_events(now=NOW, lease_until=lease, limit=10)
        assert claimed.key == old.key
        await store.mark_delivered(old.id, at=NOW)
        delivered = await store.get_event(old.key)
        assert delivered is not None
        assert delivered.delivered_at == NOW
    finally:
        await wipe(store)
        await store.close()
