"""Storage of outbox events (all the relay needs): the interface and its SQL and MongoDB adapters.
Events are queued by the feedback repository, in the same write as the change they announce;
`queue_event` queues one on its own (an audit entry of a change that is already written)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Protocol

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from sqlalchemy import insert, select, update

from feedback_service.store.mongo import EVENTS, Doc, MongoBase, outbox_indexes
from feedback_service.store.records import OutboxEvent
from feedback_service.store.sql import OUTBOX as O
from feedback_service.store.sql import SqlBase


class OutboxRepository(Protocol):
    async def claim_due_events(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxEvent]:
        """Undelivered events due at `now`, each leased until `lease_until` so that only one relay
        replica sends it at a time."""

    async def mark_delivered(self, event_id: str, *, at: datetime) -> None: ...

    async def reschedule(
        self, event_id: str, *, attempts: int, next_attempt_at: datetime, error: str
    ) -> None: ...

    async def get_event(self, key: str) -> OutboxEvent | None: ...

    async def queue_event(self, event: OutboxEvent) -> None:
        """Queue `event` in a write of its own."""


class SqlOutbox(SqlBase):
    async def queue_event(self, event: OutboxEvent) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(O).values(**asdict(event)))

    async def claim_due_events(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxEvent]:
        due = (
            select(O)
            .where(O.c.delivered_at.is_(None), O.c.next_attempt_at <= now)
            .order_by(O.c.next_attempt_at)
            .limit(limit)
        )
        claimed: list[OutboxEvent] = []
        async with self.engine.begin() as conn:
            for row in (await conn.execute(due)).mappings().all():
                result = await conn.execute(
                    update(O)
                    .where(
                        O.c.id == row["id"],
                        O.c.delivered_at.is_(None),
                        O.c.next_attempt_at == row["next_attempt_at"],
                    )
                    .values(next_attempt_at=lease_until)
                )
                if result.rowcount == 1:
                    claimed.append(OutboxEvent(**row))
        return claimed

    async def mark_delivered(self, event_id: str, *, at: datetime) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(O)
                .where(O.c.id == event_id)
                .values(delivered_at=at, attempts=O.c.attempts + 1, last_error=None)
            )

    async def reschedule(
        self, event_id: str, *, attempts: int, next_attempt_at: datetime, error: str
    ) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(O)
                .where(O.c.id == event_id)
                .values(attempts=attempts, next_attempt_at=next_attempt_at, last_error=error[:500])
            )

    async def get_event(self, key: str) -> OutboxEvent | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(O).where(O.c.key == key))).mappings().first()
        return OutboxEvent(**row) if row else None


class MongoOutbox(MongoBase):
    """An event lives in the document whose write queued it (the list `EVENTS`, appended by the
    same update): a feedback document's, and (`outbox_collections`) those of other aggregates.
    A document may hold several undelivered events; each is claimed and marked on its own."""

    @property
    def queued(self) -> AsyncCollection[Doc]:
        """Events queued on their own (`queue_event`): one document each, holding it in `EVENTS`."""
        return self.feedback.database["queued_events"]

    async def start(self) -> None:
        await super().start()
        await outbox_indexes(self.queued)

    def outbox_collections(self) -> list[AsyncCollection[Doc]]:
        """The collections whose documents carry outbox events."""
        return [self.feedback, self.queued]

    async def queue_event(self, event: OutboxEvent) -> None:
        await self.queued.insert_one({"_id": event.id, EVENTS: [asdict(event)]})

    async def claim_due_events(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxEvent]:
        due: Doc = {"delivered_at": None, "next_attempt_at": {"$lte": now}}
        claimed: list[OutboxEvent] = []
        for collection in self.outbox_collections():
            while len(claimed) < limit:
                # The positional update leases the first due event of the document; the one
                # picked below from the document as it was is that same event.
                doc = await collection.find_one_and_update(
                    {EVENTS: {"$elemMatch": due}},
                    {"$set": {f"{EVENTS}.$.next_attempt_at": lease_until}},
                    projection={EVENTS: 1},
                    return_document=ReturnDocument.BEFORE,
                )
                if doc is None:
                    break
                event = next(
                    e
                    for e in doc[EVENTS]
                    if e.get("delivered_at") is None and e["next_attempt_at"] <= now
                )
                claimed.append(OutboxEvent(**event))
        return claimed

    async def _update_event(self, event_id: str, changes: Doc) -> None:
        update: Doc = {
            op: {f"{EVENTS}.$.{name}": value for name, value in fields.items()}
            for op, fields in changes.items()
        }
        for collection in self.outbox_collections():
            if (await collection.update_one({f"{EVENTS}.id": event_id}, update)).matched_count:
                return

    async def mark_delivered(self, event_id: str, *, at: datetime) -> None:
        await self._update_event(
            event_id, {"$set": {"delivered_at": at, "last_error": None}, "$inc": {"attempts": 1}}
        )

    async def reschedule(
        self, event_id: str, *, attempts: int, next_attempt_at: datetime, error: str
    ) -> None:
        await self._update_event(
            event_id,
            {
                "$set": {
                    "attempts": attempts,
                    "next_attempt_at": next_attempt_at,
                    "last_error": error[:500],
                }
            },
        )

    async def get_event(self, key: str) -> OutboxEvent | None:
        for collection in self.outbox_collections():
            doc = await collection.find_one({f"{EVENTS}.key": key}, {EVENTS: 1})
            if doc:
                return next(OutboxEvent(**e) for e in doc[EVENTS] if e["key"] == key)
        return None
