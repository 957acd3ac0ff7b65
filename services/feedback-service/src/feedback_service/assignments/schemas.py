"""Request and response bodies of the assignments API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, model_validator

from feedback_service.schemas import Email, Person, Strict, Title


class AssignmentIn(Strict):
    mentor_id: UUID | None = None
    mentor_email: Email | None = None
    student_id: UUID | None = None
    student_email: Email | None = None
    cohort: Title | None = None

    @model_validator(mode="after")
    def _one_of_each(self) -> AssignmentIn:
        if (self.mentor_id is None) == (self.mentor_email is None):
            raise ValueError("give exactly one of mentor_id or mentor_email")
        if (self.student_id is None) == (self.student_email is None):
            raise ValueError("give exactly one of student_id or student_email")
        return self


class AssignmentOut(BaseModel):
    id: str
    mentor: Person
    student: Person
    cohort: str | None
    created_at: datetime


class AssignmentList(BaseModel):
    items: list[AssignmentOut]


class ImportRow(BaseModel):
    line: int
    mentor_email: str
    student_email: str
    cohort: str | None
    status: Literal["created", "would_create", "exists", "error"]
    error: str | None = None


class ImportResult(BaseModel):
    dry_run: bool
    created: int
    existing: int
    errors: int
    rows: list[ImportRow]
