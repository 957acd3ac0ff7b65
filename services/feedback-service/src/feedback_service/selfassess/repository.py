"""Storage of self-assessments: the record, the interface and the SQL adapter (MongoDB's is in
`mongo.py`).

A student has at most one open self-assessment per cohort (the service finds it before adding
one); releasing the mentor's feedback locks it to that feedback (`locked_at`, `feedback_id`).
Changes are conditional on `updated_at` and on being open, so a save racing the lock loses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, insert, select, update

from feedback_service.models import SelfAssessmentRow
from feedback_service.store.sql import SqlBase

SELF_ASSESSMENTS = cast(Table, SelfAssessmentRow.__table__)
# The most self-assessments one list shows.
SELF_ASSESSMENT_LIMIT = 200


@dataclass(slots=True)
class SelfAssessment:
    id: str
    student_id: str
    cohort: str
    rubric_version: int
    scores: dict[str, int]
    created_at: datetime
    updated_at: datetime
    criterion_comments: dict[str, str] = field(default_factory=dict)
    comments: str = ""
    locked_at: datetime | None = None
    feedback_id: str | None = None  # the released feedback that locked it


def to_self_assessment(values: Mapping[Any, Any]) -> SelfAssessment:
    fields = dict(values)
    if "_id" in fields:
        fields["id"] = fields.pop("_id")
    return SelfAssessment(**fields)


class SelfAssessmentRepository(Protocol):
    async def add_self_assessment(self, assessment: SelfAssessment) -> None: ...

    async def open_self_assessment(self, *, student_id: str, cohort: str) -> SelfAssessment | None:
        """The student's open (unlocked) self-assessment of that cohort, the newest if several."""

    async def self_assessment_for_feedback(self, feedback_id: str) -> SelfAssessment | None:
        """The self-assessment the release of this feedback locked."""

    async def list_self_assessments(
        self, *, student_id: str, limit: int = SELF_ASSESSMENT_LIMIT
    ) -> list[SelfAssessment]:
        """A student's self-assessments, newest first."""

    async def update_self_assessment(
        self, assessment_id: str, changes: dict[str, Any], *, expected_updated_at: datetime
    ) -> SelfAssessment | None:
        """Apply `changes` only while it is open and unchanged since `expected_updated_at`."""

    async def lock_self_assessments(
        self, *, student_id: str, cohort: str, feedback_id: str, at: datetime
    ) -> int:
        """Lock the student's open self-assessments of that cohort to the released feedback
        (how many; 0 when there was none, or a repeat)."""


class SqlSelfAssessments(SqlBase):
    async def add_self_assessment(self, assessment: SelfAssessment) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(SELF_ASSESSMENTS).values(**asdict(assessment)))

    async def _one(self, *where: Any) -> SelfAssessment | None:
        c = SELF_ASSESSMENTS.c
        query = select(SELF_ASSESSMENTS).where(*where).order_by(c.created_at.desc(), c.id.desc())
        async with self.reader.connect() as conn:
            row = (await conn.execute(query.limit(1))).mappings().first()
        return to_self_assessment(row) if row else None

    async def open_self_assessment(self, *, student_id: str, cohort: str) -> SelfAssessment | None:
        c = SELF_ASSESSMENTS.c
        return await self._one(
            c.student_id == student_id, c.cohort == cohort, c.locked_at.is_(None)
        )

    async def self_assessment_for_feedback(self, feedback_id: str) -> SelfAssessment | None:
        return await self._one(SELF_ASSESSMENTS.c.feedback_id == feedback_id)

    async def list_self_assessments(
        self, *, student_id: str, limit: int = SELF_ASSESSMENT_LIMIT
    ) -> list[SelfAssessment]:
        c = SELF_ASSESSMENTS.c
        query = (
            select(SELF_ASSESSMENTS)
            .where(c.student_id == student_id)
            .order_by(c.created_at.desc(), c.id.desc())
            .limit(limit)
        )
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [to_self_assessment(r) for r in rows]

    async def update_self_assessment(
        self, assessment_id: str, changes: dict[str, Any], *, expected_updated_at: datetime
    ) -> SelfAssessment | None:
        c = SELF_ASSESSMENTS.c
        query = (
            update(SELF_ASSESSMENTS)
            .where(
                c.id == assessment_id,
                c.locked_at.is_(None),
                c.updated_at == expected_updated_at,
            )
            .values(**changes)
        )
        async with self.engine.begin() as conn:
            if (await conn.execute(query)).rowcount != 1:
                return None
            row = (
                (await conn.execute(select(SELF_ASSESSMENTS).where(c.id == assessment_id)))
                .mappings()
                .one()
            )
        return to_self_assessment(row)

    async def lock_self_assessments(
        self, *, student_id: str, cohort: str, feedback_id: str, at: datetime
    ) -> int:
        c = SELF_ASSESSMENTS.c
        query = (
            update(SELF_ASSESSMENTS)
            .where(c.student_id == student_id, c.cohort == cohort, c.locked_at.is_(None))
            .values(locked_at=at, feedback_id=feedback_id)
        )
        async with self.engine.begin() as conn:
            return int((await conn.execute(query)).rowcount)
