"""Storage of assignments: the interface, and its SQL and MongoDB adapters."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from feedback_service.store.mongo import Doc, MongoBase
from feedback_service.store.records import Assignment, DuplicateError
from feedback_service.store.sql import ASSIGNMENTS as A
from feedback_service.store.sql import SqlBase


class AssignmentRepository(Protocol):
    async def add_assignment(self, assignment: Assignment) -> None:
        """Raise DuplicateError if the mentor already has this student."""

    async def delete_assignment(self, assignment_id: str) -> bool: ...

    async def get_assignment(self, assignment_id: str) -> Assignment | None: ...

    async def list_assignments(
        self,
        *,
        mentor_id: str | None = None,
        student_id: str | None = None,
        cohort: str | None = None,
        cohorts: tuple[str, ...] | None = None,
        limit: int = 1000,
    ) -> list[Assignment]:
        """`cohort`: that exact cohort; `cohorts`: any of them (() matches nothing)."""

    async def assignment_cohorts(self) -> list[str]:
        """Every distinct cohort of the assignments (for `feedback.cohorts.matching`)."""

    async def find_assignment(self, *, mentor_id: str, student_id: str) -> Assignment | None: ...


class SqlAssignments(SqlBase):
    async def add_assignment(self, assignment: Assignment) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(A).values(**asdict(assignment)))
        except IntegrityError as exc:
            raise DuplicateError("assignment exists") from exc

    async def delete_assignment(self, assignment_id: str) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(A).where(A.c.id == assignment_id))
        return bool(result.rowcount)

    async def get_assignment(self, assignment_id: str) -> Assignment | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(A).where(A.c.id == assignment_id))).mappings().first()
        return Assignment(**row) if row else None

    async def list_assignments(
        self,
        *,
        mentor_id: str | None = None,
        student_id: str | None = None,
        cohort: str | None = None,
        cohorts: tuple[str, ...] | None = None,
        limit: int = 1000,
    ) -> list[Assignment]:
        if cohorts == ():
            return []
        query = select(A).order_by(A.c.created_at, A.c.id).limit(limit)
        if mentor_id is not None:
            query = query.where(A.c.mentor_id == mentor_id)
        if student_id is not None:
            query = query.where(A.c.student_id == student_id)
        if cohort is not None:
            query = query.where(A.c.cohort == cohort)
        if cohorts is not None:
            query = query.where(A.c.cohort.in_(cohorts))
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Assignment(**r) for r in rows]

    async def assignment_cohorts(self) -> list[str]:
        query = select(A.c.cohort).where(A.c.cohort.is_not(None)).distinct()
        async with self.reader.connect() as conn:
            return [str(c) for c in (await conn.execute(query)).scalars().all()]

    async def find_assignment(self, *, mentor_id: str, student_id: str) -> Assignment | None:
        query = select(A).where(A.c.mentor_id == mentor_id, A.c.student_id == student_id)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return Assignment(**row) if row else None


def _from_doc(doc: Doc) -> Assignment:
    values: dict[str, Any] = dict(doc)
    values["id"] = values.pop("_id")
    return Assignment(**values)


class MongoAssignments(MongoBase):
    async def add_assignment(self, assignment: Assignment) -> None:
        doc = asdict(assignment)
        doc["_id"] = doc.pop("id")
        try:
            await self.assignments.insert_one(doc)
        except DuplicateKeyError as exc:
            raise DuplicateError("assignment exists") from exc

    async def delete_assignment(self, assignment_id: str) -> bool:
        result = await self.assignments.delete_one({"_id": assignment_id})
        return result.deleted_count == 1

    async def get_assignment(self, assignment_id: str) -> Assignment | None:
        doc = await self.assignments.find_one({"_id": assignment_id})
        return _from_doc(doc) if doc else None

    async def list_assignments(
        self,
        *,
        mentor_id: str | None = None,
        student_id: str | None = None,
        cohort: str | None = None,
        cohorts: tuple[str, ...] | None = None,
        limit: int = 1000,
    ) -> list[Assignment]:
        query: Doc = {}
        if mentor_id is not None:
            query["mentor_id"] = mentor_id
        if student_id is not None:
            query["student_id"] = student_id
        if cohort is not None:
            query["cohort"] = cohort
        if cohorts is not None:
            query["$and"] = [{"cohort": {"$in": list(cohorts)}}]
        cursor = self.assignments.find(query).sort([("created_at", ASCENDING), ("_id", ASCENDING)])
        return [_from_doc(d) for d in await cursor.limit(limit).to_list()]

    async def find_assignment(self, *, mentor_id: str, student_id: str) -> Assignment | None:
        doc = await self.assignments.find_one({"mentor_id": mentor_id, "student_id": student_id})
        return _from_doc(doc) if doc else None

    async def assignment_cohorts(self) -> list[str]:
        return [str(c) for c in await self.assignments.distinct("cohort") if c is not None]
