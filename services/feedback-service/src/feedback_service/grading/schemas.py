"""Request and response bodies of the grading workflow (queue, bulk publish, start from last)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from feedback_service.schemas import Strict

BULK_MAX = 100

QueueState = Literal["none", "draft", "ready", "published"]


class QueueItem(BaseModel):
    student_id: str
    student_name: str | None
    cohort: str | None
    state: QueueState = Field(
        description="This cycle: no feedback yet, a draft, a ready draft (every criterion "
        "scored, an overall rating and a title: it can be published) or published."
    )
    feedback_id: str | None = Field(description="The draft (or else the published feedback).")
    title: str | None
    updated_at: datetime | None
    missing: list[str] = Field(
        description="What a draft still lacks to be ready: criterion keys, `overall_rating`, "
        "`title`."
    )
    last_published_id: str | None = Field(
        description="The caller's latest published feedback for this student (any cycle)."
    )


class QueueOut(BaseModel):
    cohort: str | None
    since: datetime
    cohorts: list[str] = Field(description="Every cohort the caller has students in.")
    items: list[QueueItem]


class BulkPublishIn(Strict):
    feedback_ids: list[UUID] = Field(min_length=1, max_length=BULK_MAX)


class BulkResult(BaseModel):
    feedback_id: str
    student_id: str | None
    student_name: str | None
    published: bool
    status: int = Field(description="What publishing this draft alone answers (200 or a problem).")
    slug: str | None = None
    detail: str | None = None


class BulkPublishOut(BaseModel):
    published: int
    failed: int
    results: list[BulkResult]


class StartIn(Strict):
    student_id: UUID
    from_feedback_id: UUID | None = Field(
        default=None,
        description="Copy this published feedback of yours (your latest for the student if "
        "not given).",
    )
