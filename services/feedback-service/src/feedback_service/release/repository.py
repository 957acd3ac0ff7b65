"""Storage the release control reads: the drafts due for their scheduled publish, and the drafts
a cohort's manual post policy holds. Both adapters (SQL and MongoDB) are here; every change to a
feedback still goes through `FeedbackRepository.update_feedback` (conditional on its state and
`updated_at`, so a release is claimed by one writer only)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pymongo import ASCENDING
from sqlalchemy import select

from feedback_service.feedback.repository import to_feedback
from feedback_service.store.mongo import EVENTS, Doc, MongoBase
from feedback_service.store.records import Feedback, State
from feedback_service.store.sql import FEEDBACK as F
from feedback_service.store.sql import SqlBase

_HIDDEN = {"revisions": 0, EVENTS: 0}
# The most held drafts one list shows (and one "release all" releases).
HELD_LIMIT = 500


class ReleaseRepository(Protocol):
    async def due_releases(self, *, now: datetime, limit: int) -> list[Feedback]:
        """Drafts whose `release_at` is at or before `now`, the earliest first."""

    async def held_feedback(
        self,
        *,
        cohort: str | None = None,
        mentor_id: str | None = None,
        limit: int = HELD_LIMIT,
    ) -> list[Feedback]:
        """Drafts held for a manual release (of that cohort, by that mentor), the oldest first."""


class SqlReleases(SqlBase):
    async def due_releases(self, *, now: datetime, limit: int) -> list[Feedback]:
        query = (
            select(F)
            .where(F.c.state == State.draft.value, F.c.release_at <= now)
            .order_by(F.c.release_at, F.c.id)
            .limit(limit)
        )
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [to_feedback(r) for r in rows]

    async def held_feedback(
        self,
        *,
        cohort: str | None = None,
        mentor_id: str | None = None,
        limit: int = HELD_LIMIT,
    ) -> list[Feedback]:
        query = select(F).where(F.c.state == State.draft.value, F.c.held_at.is_not(None))
        if cohort is not None:
            query = query.where(F.c.cohort == cohort)
        if mentor_id is not None:
            query = query.where(F.c.mentor_id == mentor_id)
        query = query.order_by(F.c.held_at, F.c.id).limit(limit)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [to_feedback(r) for r in rows]


class MongoReleases(MongoBase):
    async def start(self) -> None:
        await super().start()
        await self.feedback.create_index([("state", ASCENDING), ("release_at", ASCENDING)])
        await self.feedback.create_index([("state", ASCENDING), ("held_at", ASCENDING)])

    async def due_releases(self, *, now: datetime, limit: int) -> list[Feedback]:
        query: Doc = {"state": State.draft.value, "release_at": {"$ne": None, "$lte": now}}
        cursor = (
            self.feedback.find(query, _HIDDEN)
            .sort([("release_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
        )
        return [to_feedback(d) for d in await cursor.to_list()]

    async def held_feedback(
        self,
        *,
        cohort: str | None = None,
        mentor_id: str | None = None,
        limit: int = HELD_LIMIT,
    ) -> list[Feedback]:
        query: Doc = {"state": State.draft.value, "held_at": {"$ne": None}}
        if cohort is not None:
            query["cohort"] = cohort
        if mentor_id is not None:
            query["mentor_id"] = mentor_id
        cursor = (
            self.feedback.find(query, _HIDDEN)
            .sort([("held_at", ASCENDING), ("_id", ASCENDING)])
            .limit(limit)
        )
        return [to_feedback(d) for d in await cursor.to_list()]
