"""MongoDB adapter of the feedback repository: a feedback document carries its revisions and
its outbox event, so every change (revision and event included) is one atomic update."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument

from campus_common.db import AfterCommit
from feedback_service.feedback.repository import stored_values, to_feedback
from feedback_service.store.mongo import EVENTS, Doc, MongoBase
from feedback_service.store.records import (
    Cursor,
    Feedback,
    FeedbackCounts,
    FeedbackFilter,
    OutboxEvent,
    Revision,
    State,
)

_HIDDEN = {"revisions": 0, EVENTS: 0}


def feedback_query(flt: FeedbackFilter) -> Doc:
    clauses: list[Doc] = []
    if flt.student_id is not None:
        clauses.append({"student_id": flt.student_id})
    if flt.mentor_id is not None:
        clauses.append({"mentor_id": flt.mentor_id})
    if flt.cohort is not None:
        clauses.append({"cohort": flt.cohort})
    if flt.cohorts is not None:
        clauses.append({"cohort": {"$in": list(flt.cohorts)}})
    if flt.states is not None:
        clauses.append({"state": {"$in": [s.value for s in flt.states]}})
    if flt.created_from is not None:
        clauses.append({"created_at": {"$gte": flt.created_from}})
    if flt.created_to is not None:
        clauses.append({"created_at": {"$lt": flt.created_to}})
    if flt.acknowledged is True:
        clauses.append({"acknowledged_at": {"$ne": None}})
    elif flt.acknowledged is False:
        clauses.append({"acknowledged_at": None})
    if flt.scope is not None:
        own: Doc = {"state": State.draft.value, "mentor_id": flt.scope.mentor_id}
        if flt.scope.student_ids:
            theirs: Doc = {
                "state": State.published.value,
                "student_id": {"$in": list(flt.scope.student_ids)},
            }
            clauses.append({"$or": [own, theirs]})
        else:
            clauses.append(own)
    return {"$and": clauses} if clauses else {}


class MongoFeedback(MongoBase):
    async def add_feedback(self, feedback: Feedback) -> None:
        doc = asdict(feedback)
        doc["_id"] = doc.pop("id")
        doc["state"] = feedback.state.value
        doc["revisions"] = []
        await self.feedback.insert_one(doc)

    async def get_feedback(self, feedback_id: str) -> Feedback | None:
        doc = await self.feedback.find_one({"_id": feedback_id}, _HIDDEN)
        return to_feedback(doc) if doc else None

    async def update_feedback(
        self,
        feedback_id: str,
        changes: dict[str, Any],
        *,
        expected_state: State,
        expected_updated_at: datetime | None = None,
        revision: Revision | None = None,
        event: OutboxEvent | None = None,
        after_commit: AfterCommit | None = None,
    ) -> Feedback | None:
        values = stored_values(changes)
        update: Doc = {"$set": values}
        pushed: Doc = {}
        if revision is not None:
            pushed["revisions"] = asdict(revision)
        if event is not None:
            pushed[EVENTS] = asdict(event)
        if pushed:
            update["$push"] = pushed
        query: Doc = {"_id": feedback_id, "state": expected_state.value}
        if expected_updated_at is not None:
            query["updated_at"] = expected_updated_at
        doc = await self.feedback.find_one_and_update(
            query, update, projection=_HIDDEN, return_document=ReturnDocument.AFTER
        )
        if doc is None:
            return None
        if after_commit is not None:
            await after_commit.run()
        return to_feedback(doc)

    async def delete_draft(self, feedback_id: str) -> bool:
        result = await self.feedback.delete_one({"_id": feedback_id, "state": State.draft.value})
        return result.deleted_count == 1

    async def list_feedback(
        self, flt: FeedbackFilter, *, limit: int, after: Cursor | None, ascending: bool = False
    ) -> list[Feedback]:
        query = feedback_query(flt)
        if after is not None:
            op = "$gt" if ascending else "$lt"
            keyset: Doc = {
                "$or": [
                    {"created_at": {op: after.created_at}},
                    {"created_at": after.created_at, "_id": {op: after.id}},
                ]
            }
            query = {"$and": [query, keyset]} if query else keyset
        direction = ASCENDING if ascending else DESCENDING
        cursor = (
            self.feedback.find(query, _HIDDEN)
            .sort([("created_at", direction), ("_id", direction)])
            .limit(limit)
        )
        return [to_feedback(d) for d in await cursor.to_list()]

    async def count_feedback(self, flt: FeedbackFilter) -> FeedbackCounts:
        query = feedback_query(flt)
        pipeline: list[Doc] = [
            {"$match": query},
            {"$group": {"_id": "$state", "n": {"$sum": 1}}},
        ]
        counts = FeedbackCounts()
        async for row in await self.feedback.aggregate(pipeline):
            counts.by_state[row["_id"]] = row["n"]
            counts.total += row["n"]
        published = counts.by_state.get(State.published.value, 0)
        if published:
            acked: Doc = {"state": State.published.value, "acknowledged_at": {"$ne": None}}
            counts.acknowledged = await self.feedback.count_documents(
                {"$and": [query, acked]} if query else acked
            )
        counts.unacknowledged = published - counts.acknowledged
        return counts

    async def feedback_cohorts(self) -> list[str]:
        return [str(c) for c in await self.feedback.distinct("cohort") if c is not None]

    async def list_revisions(self, feedback_id: str) -> list[Revision]:
        doc = await self.feedback.find_one({"_id": feedback_id}, {"revisions": 1})
        if not doc:
            return []
        return [Revision(**r) for r in doc.get("revisions", [])]
