"""What every MongoDB repository of the feedback service shares: the client, the collections,
their indexes (created on start).

Only single-document atomic updates are used, so it works on a standalone MongoDB 7 (no replica
set, no transactions): a feedback document carries its own revisions and its outbox events (`EVENTS`), and a
publish sets the state and queues its event in one update.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from bson.codec_options import CodecOptions
from pymongo import ASCENDING, DESCENDING, AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

Doc = dict[str, Any]

# A document's queued events, oldest first: a list, so a second write never replaces an event
# the relay has not delivered yet (documents of an older layout kept one, under "outbox").
EVENTS = "outbox_events"
LEGACY_EVENT = "outbox"


async def outbox_indexes(collection: AsyncCollection[Doc]) -> None:
    """The relay's indexes, and events of the older one-event layout moved into the list."""
    await collection.create_index(
        [(f"{EVENTS}.delivered_at", ASCENDING), (f"{EVENTS}.next_attempt_at", ASCENDING)]
    )
    await collection.create_index([(f"{EVENTS}.id", ASCENDING)])
    await collection.create_index([(f"{EVENTS}.key", ASCENDING)])
    async for doc in collection.find({LEGACY_EVENT: {"$type": "object"}}, {LEGACY_EVENT: 1}):
        await collection.update_one(
            {"_id": doc["_id"], LEGACY_EVENT: doc[LEGACY_EVENT]},
            {"$push": {EVENTS: doc[LEGACY_EVENT]}, "$unset": {LEGACY_EVENT: ""}},
        )


class MongoBase:
    def __init__(self, url: str, *, database: str = "feedback") -> None:
        self.client: AsyncMongoClient[Doc] = AsyncMongoClient(
            url, tz_aware=True, tzinfo=UTC, uuidRepresentation="standard"
        )
        db = self.client.get_default_database(
            default=database, codec_options=CodecOptions(tz_aware=True, tzinfo=UTC)
        )
        self.assignments: AsyncCollection[Doc] = db["assignments"]
        self.rubrics: AsyncCollection[Doc] = db["rubric_versions"]
        self.feedback: AsyncCollection[Doc] = db["feedback"]

    async def start(self) -> None:
        await self.assignments.create_index(
            [("mentor_id", ASCENDING), ("student_id", ASCENDING)], unique=True
        )
        await self.assignments.create_index([("student_id", ASCENDING)])
        await self.assignments.create_index([("cohort", ASCENDING)])
        for field in ("student_id", "mentor_id", "cohort"):
            await self.feedback.create_index(
                [
                    (field, ASCENDING),
                    ("state", ASCENDING),
                    ("created_at", DESCENDING),
                    ("_id", DESCENDING),
                ]
            )
        await self.feedback.create_index(
            [("state", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)]
        )
        await self.feedback.create_index([("created_at", DESCENDING), ("_id", DESCENDING)])
        await outbox_indexes(self.feedback)

    async def close(self) -> None:
        await self.client.close()

    async def ping(self) -> None:
        await self.client.admin.command("ping")
