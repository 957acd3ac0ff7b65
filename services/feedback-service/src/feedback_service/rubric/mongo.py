"""MongoDB adapter of the rubric library: `rubric_versions` (one document per version, `_id` the
version number, `rubric_id` its library rubric; documents older than the library have none and
belong to the default rubric) and `rubrics` (one document per library rubric)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from feedback_service.rubric.repository import (
    DEFAULT_RUBRIC,
    LibraryRubric,
    to_library_rubric,
    to_rubric,
)
from feedback_service.store.mongo import Doc, MongoBase
from feedback_service.store.records import DuplicateError, RubricVersion


def _doc(doc: Doc) -> RubricVersion:
    return to_rubric(doc, version=doc["_id"])


def _of(rubric_id: str) -> Doc:
    """The versions of `rubric_id` (the default one's include those saved before the library)."""
    if rubric_id == DEFAULT_RUBRIC:
        return {"rubric_id": {"$in": [DEFAULT_RUBRIC, None]}}
    return {"rubric_id": rubric_id}


class MongoRubrics(MongoBase):
    @property
    def library(self) -> AsyncCollection[Doc]:
        return self.feedback.database["rubrics"]

    async def start(self) -> None:
        await super().start()
        await self.rubrics.create_index([("rubric_id", ASCENDING), ("_id", DESCENDING)])

    async def current_rubric(self, rubric_id: str = DEFAULT_RUBRIC) -> RubricVersion | None:
        docs = await self.rubrics.find(_of(rubric_id)).sort("_id", DESCENDING).limit(1).to_list()
        return _doc(docs[0]) if docs else None

    async def get_rubric(self, version: int) -> RubricVersion | None:
        doc = await self.rubrics.find_one({"_id": version})
        return _doc(doc) if doc else None

    async def list_rubrics(self, rubric_id: str | None = None) -> list[RubricVersion]:
        where = {} if rubric_id is None else _of(rubric_id)
        return [_doc(d) for d in await self.rubrics.find(where).sort("_id", ASCENDING).to_list()]

    async def last_rubric_version(self) -> int:
        docs = await self.rubrics.find({}, {"_id": 1}).sort("_id", DESCENDING).limit(1).to_list()
        return int(docs[0]["_id"]) if docs else 0

    async def add_rubric(self, rubric: RubricVersion) -> None:
        doc = asdict(rubric)
        doc["_id"] = doc.pop("version")
        try:
            await self.rubrics.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateError("rubric version exists") from exc

    async def add_library_rubric(self, rubric: LibraryRubric) -> None:
        doc: dict[str, Any] = asdict(rubric)
        doc["_id"] = doc.pop("id")
        try:
            await self.library.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateError("rubric exists") from exc

    async def get_library_rubric(self, rubric_id: str) -> LibraryRubric | None:
        doc = await self.library.find_one({"_id": rubric_id})
        return to_library_rubric(doc) if doc else None

    async def list_library_rubrics(self) -> list[LibraryRubric]:
        cursor = self.library.find({}).sort([("created_at", ASCENDING), ("_id", ASCENDING)])
        return [to_library_rubric(d) for d in await cursor.to_list()]

    async def update_library_rubric(
        self, rubric_id: str, *, name: str, archived_at: datetime | None
    ) -> LibraryRubric | None:
        doc = await self.library.find_one_and_update(
            {"_id": rubric_id},
            {"$set": {"name": name, "archived_at": archived_at}},
            return_document=ReturnDocument.AFTER,
        )
        return to_library_rubric(doc) if doc else None
