"""Request and response bodies of the feedback API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from campus_common.text import MultiLine
from feedback_service.schemas import LONG_TEXT, Strict, Title
from feedback_service.store.records import State

# A comment beside one criterion's score (keys are criterion keys of the feedback's rubric).
CRITERION_COMMENT = 2000
CriterionComment = Annotated[MultiLine, StringConstraints(max_length=CRITERION_COMMENT)]
CriterionComments = Annotated[
    dict[Annotated[str, StringConstraints(max_length=40)], CriterionComment],
    Field(max_length=20, description="Criterion key -> the comment beside its score."),
]


class FeedbackCreate(Strict):
    student_id: UUID
    title: Title
    scores: dict[str, int] = Field(default_factory=dict, max_length=20)
    overall_rating: int | None = Field(default=None, ge=1, le=5)
    strengths: str = Field(default="", max_length=LONG_TEXT)
    improvements: str = Field(default="", max_length=LONG_TEXT)
    comments: str = Field(default="", max_length=LONG_TEXT)
    criterion_comments: CriterionComments = Field(default_factory=dict)


class FeedbackPatch(Strict):
    title: Title | None = None
    scores: dict[str, int] | None = Field(default=None, max_length=20)
    overall_rating: int | None = Field(default=None, ge=1, le=5)
    strengths: str | None = Field(default=None, max_length=LONG_TEXT)
    improvements: str | None = Field(default=None, max_length=LONG_TEXT)
    comments: str | None = Field(default=None, max_length=LONG_TEXT)
    criterion_comments: CriterionComments | None = None


class FeedbackOut(BaseModel):
    id: str
    student_id: str
    student_name: str | None
    mentor_id: str
    mentor_name: str | None
    cohort: str | None
    title: str
    rubric_version: int
    scores: dict[str, int]
    overall_rating: int | None
    strengths: str
    improvements: str
    comments: str
    criterion_comments: dict[str, str] = Field(default_factory=dict)
    state: State
    edited: bool
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    acknowledged_at: datetime | None
    reply: str | None = Field(
        description="Deprecated: the single reply of before threads (read the thread's messages)."
    )
    replied_at: datetime | None = Field(description="Deprecated: when `reply` was written.")
    withdrawn_at: datetime | None = None
    withdrawn_reason: str | None = None


class FeedbackPage(BaseModel):
    items: list[FeedbackOut]
    next_cursor: str | None


class FeedbackCountsOut(BaseModel):
    total: int
    by_state: dict[str, int]
    acknowledged: int
    unacknowledged: int


class WithdrawIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class ReplyIn(Strict):
    """Deprecated: post `{body}` to `/v1/feedback/{id}/messages` instead."""

    comment: Annotated[MultiLine, StringConstraints(min_length=1, max_length=2000)]


class Change(BaseModel):
    before: Any
    after: Any


class RevisionOut(BaseModel):
    id: str
    editor_id: str
    editor_name: str | None
    edited_at: datetime
    changes: dict[str, Change]


class HistoryOut(BaseModel):
    feedback_id: str
    edited: bool
    revisions: list[RevisionOut]
