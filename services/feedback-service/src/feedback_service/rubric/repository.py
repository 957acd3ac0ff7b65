"""Storage of rubric versions: the interface, one mapper, and the SQL and MongoDB adapters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, Protocol

from pymongo import ASCENDING, DESCENDING
from pymongo.errors import DuplicateKeyError
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from feedback_service.store.mongo import MongoBase
from feedback_service.store.records import Criterion, DuplicateError, Level, RubricVersion
from feedback_service.store.sql import RUBRICS as R
from feedback_service.store.sql import SqlBase


class RubricRepository(Protocol):
    async def current_rubric(self) -> RubricVersion | None: ...

    async def get_rubric(self, version: int) -> RubricVersion | None: ...

    async def list_rubrics(self) -> list[RubricVersion]: ...

    async def add_rubric(self, rubric: RubricVersion) -> None:
        """Raise DuplicateError if that version number exists."""


def to_rubric(values: Mapping[Any, Any], *, version: int) -> RubricVersion:
    """A rubric version from its stored form (a SQL row or a MongoDB document: the same fields,
    the version number read from the row's column or the document's `_id`), or from a new
    version's `RubricIn` dumped with its author and time."""
    return RubricVersion(
        version=version,
        name=values["name"],
        criteria=[
            Criterion(**{**c, "levels": [Level(**lv) for lv in c.get("levels", [])]})
            for c in values["criteria"]
        ],
        created_at=values["created_at"],
        created_by=values["created_by"],
    )


def _row(row: Mapping[Any, Any]) -> RubricVersion:
    return to_rubric(row, version=row["version"])


def _doc(doc: Mapping[str, Any]) -> RubricVersion:
    return to_rubric(doc, version=doc["_id"])


class SqlRubrics(SqlBase):
    async def current_rubric(self) -> RubricVersion | None:
        query = select(R).order_by(R.c.version.desc()).limit(1)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _row(row) if row else None

    async def get_rubric(self, version: int) -> RubricVersion | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(R).where(R.c.version == version))).mappings().first()
        return _row(row) if row else None

    async def list_rubrics(self) -> list[RubricVersion]:
        async with self.reader.connect() as conn:
            rows = (await conn.execute(select(R).order_by(R.c.version))).mappings().all()
        return [_row(r) for r in rows]

    async def add_rubric(self, rubric: RubricVersion) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(R).values(**asdict(rubric)))
        except IntegrityError as exc:
            raise DuplicateError("rubric version exists") from exc


class MongoRubrics(MongoBase):
    async def current_rubric(self) -> RubricVersion | None:
        docs = await self.rubrics.find({}).sort("_id", DESCENDING).limit(1).to_list()
        return _doc(docs[0]) if docs else None

    async def get_rubric(self, version: int) -> RubricVersion | None:
        doc = await self.rubrics.find_one({"_id": version})
        return _doc(doc) if doc else None

    async def list_rubrics(self) -> list[RubricVersion]:
        return [_doc(d) for d in await self.rubrics.find({}).sort("_id", ASCENDING).to_list()]

    async def add_rubric(self, rubric: RubricVersion) -> None:
        doc = asdict(rubric)
        doc["_id"] = doc.pop("version")
        try:
            await self.rubrics.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateError("rubric version exists") from exc
