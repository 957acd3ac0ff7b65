"""MongoDB adapter of cohort settings: one document of `cohort_settings` per cohort (`_id`)."""

from __future__ import annotations

from dataclasses import asdict

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from feedback_service.cohorts.repository import CohortSettings, to_settings
from feedback_service.store.mongo import Doc, MongoBase


class MongoCohorts(MongoBase):
    @property
    def cohort_settings(self) -> AsyncCollection[Doc]:
        return self.feedback.database["cohort_settings"]

    async def get_cohort_settings(self, cohort: str) -> CohortSettings | None:
        doc = await self.cohort_settings.find_one({"_id": cohort})
        return to_settings(doc) if doc else None

    async def list_cohort_settings(self) -> list[CohortSettings]:
        cursor = self.cohort_settings.find({}).sort("_id", ASCENDING)
        return [to_settings(d) for d in await cursor.to_list()]

    async def put_cohort_settings(self, settings: CohortSettings) -> None:
        values = asdict(settings)
        cohort = values.pop("cohort")
        await self.cohort_settings.replace_one({"_id": cohort}, values, upsert=True)
