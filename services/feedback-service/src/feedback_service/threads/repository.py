"""Storage of thread messages: the interface, the message as plain data, and the SQL adapter
(MongoDB's is in `mongo.py`).

`add_message` writes a message and queues its notification together, so a message is never
posted without the other party hearing of it (nor heard of without being posted)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from campus_common.db import AfterCommit
from feedback_service.models import MessageRow
from feedback_service.store.records import DuplicateError, OutboxEvent
from feedback_service.store.sql import OUTBOX, SqlBase

MESSAGES = cast(Table, MessageRow.__table__)
# The most messages one thread shows (a thread is a conversation, not a log).
THREAD_LIMIT = 1000


@dataclass(slots=True)
class Message:
    id: str
    feedback_id: str
    author_id: str
    body: str | None  # None once deleted (the tombstone keeps who and when)
    created_at: datetime
    edited_at: datetime | None = None
    deleted_at: datetime | None = None


def to_message(values: Mapping[Any, Any]) -> Message:
    """A message from a SQL row or a MongoDB document (`_id` is the id, `outbox` left out)."""
    fields = dict(values)
    if "_id" in fields:
        fields["id"] = fields.pop("_id")
    fields.pop("outbox_events", None)
    fields.pop("outbox", None)
    return Message(**fields)


class ThreadRepository(Protocol):
    async def add_message(
        self,
        message: Message,
        *,
        event: OutboxEvent | None = None,
        after_commit: AfterCommit | None = None,
    ) -> None:
        """Write the message and its queued `event` together; DuplicateError if the id exists."""

    async def get_message(self, message_id: str) -> Message | None: ...

    async def list_messages(self, feedback_id: str, *, limit: int = THREAD_LIMIT) -> list[Message]:
        """Oldest first, ordered by (created_at, id)."""

    async def edit_message(
        self, message_id: str, *, author_id: str, body: str, at: datetime, created_after: datetime
    ) -> Message | None:
        """Change the body of `author_id`'s message, only while it is not deleted and was
        written after `created_after`; the new message, or None when that no longer holds."""

    async def delete_message(self, message_id: str, *, at: datetime) -> Message | None:
        """Drop the body and keep a tombstone (idempotent); None if there is no such message."""


class SqlThreads(SqlBase):
    async def add_message(
        self,
        message: Message,
        *,
        event: OutboxEvent | None = None,
        after_commit: AfterCommit | None = None,
    ) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(MESSAGES).values(**asdict(message)))
                if event is not None:
                    await conn.execute(insert(OUTBOX).values(**asdict(event)))
        except IntegrityError as exc:
            raise DuplicateError("message exists") from exc
        if after_commit is not None:
            await after_commit.run()

    async def get_message(self, message_id: str) -> Message | None:
        query = select(MESSAGES).where(MESSAGES.c.id == message_id)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return to_message(row) if row else None

    async def list_messages(self, feedback_id: str, *, limit: int = THREAD_LIMIT) -> list[Message]:
        query = (
            select(MESSAGES)
            .where(MESSAGES.c.feedback_id == feedback_id)
            .order_by(MESSAGES.c.created_at, MESSAGES.c.id)
            .limit(limit)
        )
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [to_message(r) for r in rows]

    async def edit_message(
        self, message_id: str, *, author_id: str, body: str, at: datetime, created_after: datetime
    ) -> Message | None:
        m = MESSAGES.c
        query = (
            update(MESSAGES)
            .where(
                m.id == message_id,
                m.author_id == author_id,
                m.deleted_at.is_(None),
                m.created_at > created_after,
            )
            .values(body=body, edited_at=at)
        )
        async with self.engine.begin() as conn:
            if (await conn.execute(query)).rowcount != 1:
                return None
            row = (await conn.execute(select(MESSAGES).where(m.id == message_id))).mappings().one()
        return to_message(row)

    async def delete_message(self, message_id: str, *, at: datetime) -> Message | None:
        m = MESSAGES.c
        query = (
            update(MESSAGES)
            .where(m.id == message_id, m.deleted_at.is_(None))
            .values(body=None, deleted_at=at)
        )
        async with self.engine.begin() as conn:
            await conn.execute(query)
            row = (
                (await conn.execute(select(MESSAGES).where(m.id == message_id))).mappings().first()
            )
        return to_message(row) if row else None
