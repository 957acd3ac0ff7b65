"""MongoDB adapter of the thread repository. A message is one document of `feedback_messages`
that carries its own outbox event, so posting it and queueing its notification is one insert.

The relay's outbox therefore lives in two collections: `MongoThreads` adds the messages'
collection to `MongoOutbox.outbox_collections`, and the store composes it in place of
`MongoOutbox`.

Replies of before threads (a feedback's `reply` field) are copied in as first messages on
start, once each (the feedback's id as the message's id), and the field is left as it was."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from campus_common.db import AfterCommit
from feedback_service.outbox.repository import MongoOutbox
from feedback_service.store.mongo import EVENTS, Doc, outbox_indexes
from feedback_service.store.records import DuplicateError, OutboxEvent
from feedback_service.threads.repository import THREAD_LIMIT, Message, to_message

_HIDDEN = {EVENTS: 0}


class MongoThreads(MongoOutbox):
    @property
    def messages(self) -> AsyncCollection[Doc]:
        return self.feedback.database["feedback_messages"]

    async def start(self) -> None:
        await super().start()
        await self.messages.create_index(
            [("feedback_id", ASCENDING), ("created_at", ASCENDING), ("_id", ASCENDING)]
        )
        await outbox_indexes(self.messages)
        await self.copy_replies()

    async def copy_replies(self) -> int:
        """Each feedback's old single reply as its thread's first message; how many were new."""
        copied = 0
        replied = self.feedback.find(
            {"reply": {"$ne": None}},
            {"student_id": 1, "reply": 1, "replied_at": 1, "updated_at": 1},
        )
        async for doc in replied:
            message = Message(
                id=doc["_id"],
                feedback_id=doc["_id"],
                author_id=doc["student_id"],
                body=doc["reply"],
                created_at=doc.get("replied_at") or doc["updated_at"],
            )
            values = asdict(message)
            values.pop("id")
            result = await self.messages.update_one(
                {"_id": message.id}, {"$setOnInsert": values}, upsert=True
            )
            copied += result.upserted_id is not None
        return copied

    async def add_message(
        self,
        message: Message,
        *,
        event: OutboxEvent | None = None,
        after_commit: AfterCommit | None = None,
    ) -> None:
        doc = asdict(message)
        doc["_id"] = doc.pop("id")
        if event is not None:
            doc[EVENTS] = [asdict(event)]
        try:
            await self.messages.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateError("message exists") from exc
        if after_commit is not None:
            await after_commit.run()

    async def get_message(self, message_id: str) -> Message | None:
        doc = await self.messages.find_one({"_id": message_id}, _HIDDEN)
        return to_message(doc) if doc else None

    async def list_messages(self, feedback_id: str, *, limit: int = THREAD_LIMIT) -> list[Message]:
        cursor = (
            self.messages.find({"feedback_id": feedback_id}, _HIDDEN)
            .sort([("created_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
        )
        return [to_message(d) for d in await cursor.to_list()]

    async def edit_message(
        self, message_id: str, *, author_id: str, body: str, at: datetime, created_after: datetime
    ) -> Message | None:
        doc = await self.messages.find_one_and_update(
            {
                "_id": message_id,
                "author_id": author_id,
                "deleted_at": None,
                "created_at": {"$gt": created_after},
            },
            {"$set": {"body": body, "edited_at": at}},
            projection=_HIDDEN,
            return_document=ReturnDocument.AFTER,
        )
        return to_message(doc) if doc else None

    async def delete_message(self, message_id: str, *, at: datetime) -> Message | None:
        await self.messages.update_one(
            {"_id": message_id, "deleted_at": None}, {"$set": {"body": None, "deleted_at": at}}
        )
        return await self.get_message(message_id)

    def outbox_collections(self) -> list[AsyncCollection[Doc]]:
        return [*super().outbox_collections(), self.messages]
