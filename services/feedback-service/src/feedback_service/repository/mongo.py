"""MongoDB adapter of the feedback store (PyMongo's async client; indexes created on start).

Only single-document atomic updates are used, so it works on a standalone MongoDB 7 (no replica
set, no transactions): a feedback document carries its own revisions and its outbox event, and a
publish sets the state and queues the event in one update.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bson.codec_options import CodecOptions
from pymongo import ASCENDING, DESCENDING, AsyncMongoClient, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from feedback_service.domain import (
    Assignment,
    Criterion,
    Cursor,
    Feedback,
    FeedbackCounts,
    FeedbackFilter,
    Level,
    OutboxEvent,
    Revision,
    RubricVersion,
    State,
)
from feedback_service.repository.base import DuplicateError

Doc = dict[str, Any]
_HIDDEN = {"revisions": 0, "outbox": 0}


def _assignment(doc: Doc) -> Assignment:
    doc = dict(doc)
    doc["id"] = doc.pop("_id")
    return Assignment(**doc)


def _rubric(doc: Doc) -> RubricVersion:
    criteria = [
        Criterion(**{**c, "levels": [Level(**lv) for lv in c.get("levels", [])]})
        for c in doc["criteria"]
    ]
    return RubricVersion(
        version=doc["_id"],
        name=doc["name"],
        criteria=criteria,
        created_at=doc["created_at"],
        created_by=doc["created_by"],
    )


def _feedback(doc: Doc) -> Feedback:
    doc = dict(doc)
    doc["id"] = doc.pop("_id")
    doc.pop("revisions", None)
    doc.pop("outbox", None)
    doc["state"] = State(doc["state"])
    return Feedback(**doc)


def _feedback_doc(feedback: Feedback) -> Doc:
    doc = asdict(feedback)
    doc["_id"] = doc.pop("id")
    doc["state"] = feedback.state.value
    doc["revisions"] = []
    return doc


def feedback_query(flt: FeedbackFilter) -> Doc:
    clauses: list[Doc] = []
    if flt.student_id is not None:
        clauses.append({"student_id": flt.student_id})
    if flt.mentor_id is not None:
        clauses.append({"mentor_id": flt.mentor_id})
    if flt.cohort is not None:
        clauses.append({"cohort": flt.cohort})
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


class MongoFeedbackStore:
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
        await self.feedback.create_index(
            [("outbox.delivered_at", ASCENDING), ("outbox.next_attempt_at", ASCENDING)]
        )
        await self.feedback.create_index([("outbox.id", ASCENDING)])
        await self.feedback.create_index([("outbox.key", ASCENDING)])

    async def close(self) -> None:
        await self.client.close()

    async def ping(self) -> None:
        await self.client.admin.command("ping")

    async def reset(self) -> None:
        for collection in (self.assignments, self.rubrics, self.feedback):
            await collection.delete_many({})

    # Assignments
    async def add_assignment(self, assignment: Assignment) -> None:
        doc = asdict(assignment)
        doc["_id"] = doc.pop("id")
        try:
            await self.assignments.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateError("assignment exists") from exc

    async def get_assignment(self, assignment_id: str) -> Assignment | None:
        doc = await self.assignments.find_one({"_id": assignment_id})
        return _assignment(doc) if doc else None

    async def delete_assignment(self, assignment_id: str) -> bool:
        result = await self.assignments.delete_one({"_id": assignment_id})
        return result.deleted_count == 1

    async def list_assignments(
        self,
        *,
        mentor_id: str | None = None,
        student_id: str | None = None,
        cohort: str | None = None,
        limit: int = 1000,
    ) -> list[Assignment]:
        query: Doc = {}
        if mentor_id is not None:
            query["mentor_id"] = mentor_id
        if student_id is not None:
            query["student_id"] = student_id
        if cohort is not None:
            query["cohort"] = cohort
        cursor = self.assignments.find(query).sort([("created_at", ASCENDING), ("_id", ASCENDING)])
        return [_assignment(d) for d in await cursor.limit(limit).to_list()]

    async def find_assignment(self, *, mentor_id: str, student_id: str) -> Assignment | None:
        doc = await self.assignments.find_one({"mentor_id": mentor_id, "student_id": student_id})
        return _assignment(doc) if doc else None

    # Rubric
    async def current_rubric(self) -> RubricVersion | None:
        docs = await self.rubrics.find({}).sort("_id", DESCENDING).limit(1).to_list()
        return _rubric(docs[0]) if docs else None

    async def get_rubric(self, version: int) -> RubricVersion | None:
        doc = await self.rubrics.find_one({"_id": version})
        return _rubric(doc) if doc else None

    async def list_rubrics(self) -> list[RubricVersion]:
        return [_rubric(d) for d in await self.rubrics.find({}).sort("_id", ASCENDING).to_list()]

    async def add_rubric(self, rubric: RubricVersion) -> None:
        doc = asdict(rubric)
        doc["_id"] = doc.pop("version")
        try:
            await self.rubrics.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateError("rubric version exists") from exc

    # Feedback
    async def add_feedback(self, feedback: Feedback) -> None:
        await self.feedback.insert_one(_feedback_doc(feedback))

    async def get_feedback(self, feedback_id: str) -> Feedback | None:
        doc = await self.feedback.find_one({"_id": feedback_id}, _HIDDEN)
        return _feedback(doc) if doc else None

    async def update_feedback(
        self,
        feedback_id: str,
        changes: dict[str, Any],
        *,
        expected_state: State,
        expected_updated_at: datetime | None = None,
        revision: Revision | None = None,
        event: OutboxEvent | None = None,
    ) -> Feedback | None:
        values = {k: (v.value if isinstance(v, State) else v) for k, v in changes.items()}
        if event is not None:
            values["outbox"] = asdict(event)
        update: Doc = {"$set": values}
        if revision is not None:
            update["$push"] = {"revisions": asdict(revision)}
        query: Doc = {"_id": feedback_id, "state": expected_state.value}
        if expected_updated_at is not None:
            query["updated_at"] = expected_updated_at
        doc = await self.feedback.find_one_and_update(
            query, update, projection=_HIDDEN, return_document=ReturnDocument.AFTER
        )
        return _feedback(doc) if doc else None

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
        return [_feedback(d) for d in await cursor.to_list()]

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

    async def list_revisions(self, feedback_id: str) -> list[Revision]:
        doc = await self.feedback.find_one({"_id": feedback_id}, {"revisions": 1})
        if not doc:
            return []
        return [Revision(**r) for r in doc.get("revisions", [])]

    # Outbox
    async def claim_due_events(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[OutboxEvent]:
        claimed: list[OutboxEvent] = []
        for _ in range(limit):
            doc = await self.feedback.find_one_and_update(
                {
                    "outbox.key": {"$exists": True},
                    "outbox.delivered_at": None,
                    "outbox.next_attempt_at": {"$lte": now},
                },
                {"$set": {"outbox.next_attempt_at": lease_until}},
                projection={"outbox": 1},
                sort=[("outbox.next_attempt_at", ASCENDING)],
                return_document=ReturnDocument.BEFORE,
            )
            if doc is None:
                break
            claimed.append(OutboxEvent(**doc["outbox"]))
        return claimed

    async def mark_delivered(self, event_id: str, *, at: datetime) -> None:
        await self.feedback.update_one(
            {"outbox.id": event_id},
            {
                "$set": {"outbox.delivered_at": at, "outbox.last_error": None},
                "$inc": {"outbox.attempts": 1},
            },
        )

    async def reschedule(
        self, event_id: str, *, attempts: int, next_attempt_at: datetime, error: str
    ) -> None:
        await self.feedback.update_one(
            {"outbox.id": event_id},
            {
                "$set": {
                    "outbox.attempts": attempts,
                    "outbox.next_attempt_at": next_attempt_at,
                    "outbox.last_error": error[:500],
                }
            },
        )

    async def get_event(self, key: str) -> OutboxEvent | None:
        doc = await self.feedback.find_one({"outbox.key": key}, {"outbox": 1})
        return OutboxEvent(**doc["outbox"]) if doc else None
