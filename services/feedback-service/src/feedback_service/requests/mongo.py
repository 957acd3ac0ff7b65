"""MongoDB adapter of the request repository: one document of `feedback_requests` per request
(single-document conditional updates, as everywhere in this store)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from feedback_service.requests.repository import (
    REQUEST_LIMIT,
    FeedbackRequest,
    LastMessage,
    RequestState,
    to_request,
)
from feedback_service.store.mongo import Doc, MongoBase


class MongoRequests(MongoBase):
    @property
    def requests(self) -> AsyncCollection[Doc]:
        return self.feedback.database["feedback_requests"]

    async def start(self) -> None:
        await super().start()
        for field in ("student_id", "mentor_id"):
            await self.requests.create_index(
                [(field, ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)]
            )
        await self.requests.create_index([("feedback_id", ASCENDING)])

    async def add_request(self, request: FeedbackRequest) -> None:
        doc = asdict(request)
        doc["_id"] = doc.pop("id")
        doc["state"] = request.state.value
        await self.requests.insert_one(doc)

    async def get_request(self, request_id: str) -> FeedbackRequest | None:
        doc = await self.requests.find_one({"_id": request_id})
        return to_request(doc) if doc else None

    async def list_requests(
        self,
        *,
        student_id: str | None = None,
        mentor_id: str | None = None,
        states: Sequence[RequestState] | None = None,
        limit: int = REQUEST_LIMIT,
    ) -> list[FeedbackRequest]:
        query: Doc = {}
        if student_id is not None:
            query["student_id"] = student_id
        if mentor_id is not None:
            query["mentor_id"] = mentor_id
        if states is not None:
            query["state"] = {"$in": [s.value for s in states]}
        cursor = (
            self.requests.find(query)
            .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [to_request(d) for d in await cursor.to_list()]

    async def update_request(
        self, request_id: str, values: dict[str, Any], *, expected_state: RequestState
    ) -> FeedbackRequest | None:
        changes = {k: (v.value if isinstance(v, RequestState) else v) for k, v in values.items()}
        doc = await self.requests.find_one_and_update(
            {"_id": request_id, "state": expected_state.value},
            {"$set": changes},
            return_document=ReturnDocument.AFTER,
        )
        return to_request(doc) if doc else None

    async def close_requests_for(self, feedback_id: str, *, at: datetime) -> int:
        result = await self.requests.update_many(
            {"feedback_id": feedback_id, "state": RequestState.open.value},
            {"$set": {"state": RequestState.closed.value, "closed_at": at, "updated_at": at}},
        )
        return int(result.modified_count)

    async def count_requests(self) -> dict[tuple[str | None, str], int]:
        counts: dict[tuple[str | None, str], int] = {}
        async for doc in self.requests.find({}, {"cohort": 1, "state": 1}):
            key = (doc.get("cohort"), doc["state"])
            counts[key] = counts.get(key, 0) + 1
        return counts

    async def last_messages(self, feedback_ids: Sequence[str]) -> list[LastMessage]:
        if not feedback_ids:
            return []
        messages = self.feedback.database["feedback_messages"]
        cursor = messages.find(
            {"feedback_id": {"$in": list(feedback_ids)}, "deleted_at": None},
            {"feedback_id": 1, "author_id": 1, "created_at": 1},
        ).sort([("created_at", DESCENDING), ("_id", DESCENDING)])
        found: dict[str, LastMessage] = {}
        async for doc in cursor:
            found.setdefault(
                doc["feedback_id"],
                LastMessage(doc["feedback_id"], doc["author_id"], doc["created_at"]),
            )
        return list(found.values())
