"""MongoDB adapter of the self-assessment repository: one document of `self_assessments` each
(single-document conditional updates, as everywhere in this store)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from feedback_service.selfassess.repository import (
    SELF_ASSESSMENT_LIMIT,
    SelfAssessment,
    to_self_assessment,
)
from feedback_service.store.mongo import Doc, MongoBase

_NEWEST = [("created_at", DESCENDING), ("_id", DESCENDING)]


class MongoSelfAssessments(MongoBase):
    @property
    def self_assessments(self) -> AsyncCollection[Doc]:
        return self.feedback.database["self_assessments"]

    async def start(self) -> None:
        await super().start()
        await self.self_assessments.create_index(
            [("student_id", ASCENDING), ("cohort", ASCENDING), ("created_at", DESCENDING)]
        )
        await self.self_assessments.create_index([("feedback_id", ASCENDING)])

    async def add_self_assessment(self, assessment: SelfAssessment) -> None:
        doc = asdict(assessment)
        doc["_id"] = doc.pop("id")
        await self.self_assessments.insert_one(doc)

    async def _one(self, query: Doc) -> SelfAssessment | None:
        docs = await self.self_assessments.find(query).sort(_NEWEST).limit(1).to_list()
        return to_self_assessment(docs[0]) if docs else None

    async def open_self_assessment(self, *, student_id: str, cohort: str) -> SelfAssessment | None:
        return await self._one({"student_id": student_id, "cohort": cohort, "locked_at": None})

    async def self_assessment_for_feedback(self, feedback_id: str) -> SelfAssessment | None:
        return await self._one({"feedback_id": feedback_id})

    async def list_self_assessments(
        self, *, student_id: str, limit: int = SELF_ASSESSMENT_LIMIT
    ) -> list[SelfAssessment]:
        cursor = self.self_assessments.find({"student_id": student_id}).sort(_NEWEST).limit(limit)
        return [to_self_assessment(d) for d in await cursor.to_list()]

    async def update_self_assessment(
        self, assessment_id: str, changes: dict[str, Any], *, expected_updated_at: datetime
    ) -> SelfAssessment | None:
        doc = await self.self_assessments.find_one_and_update(
            {"_id": assessment_id, "locked_at": None, "updated_at": expected_updated_at},
            {"$set": changes},
            return_document=ReturnDocument.AFTER,
        )
        return to_self_assessment(doc) if doc else None

    async def lock_self_assessments(
        self, *, student_id: str, cohort: str, feedback_id: str, at: datetime
    ) -> int:
        result = await self.self_assessments.update_many(
            {"student_id": student_id, "cohort": cohort, "locked_at": None},
            {"$set": {"locked_at": at, "feedback_id": feedback_id}},
        )
        return int(result.modified_count)
