"""Request and response bodies of the feedback API (Pydantic v2)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from feedback_service.domain import State

# Addresses are matched against auth's directory, which owns their validation (it allows .local).
Email = Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]
_LONG = 10_000


def _single_line(value: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("must be a single line without control characters")
    return value


# A title ends up in an email subject: one line, no control characters.
Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_single_line)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class Strict(BaseModel):
    """Request bodies: unknown fields refused, and no NUL characters (no store accepts them)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


class Person(BaseModel):
    id: str
    name: str | None = None
    email: str | None = None


# Rubric
class LevelSchema(Strict):
    score: int
    label: str = Field(min_length=1, max_length=100)


class CriterionIn(Strict):
    key: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=1000)
    scale_min: int = Field(default=1, ge=0, le=10)
    scale_max: int = Field(default=5, ge=1, le=10)
    levels: list[LevelSchema] = Field(default_factory=list, max_length=11)

    @model_validator(mode="after")
    def _check_scale(self) -> CriterionIn:
        if self.scale_min >= self.scale_max:
            raise ValueError("scale_min must be lower than scale_max")
        scores = [lv.score for lv in self.levels]
        if len(set(scores)) != len(scores):
            raise ValueError("each level score may appear once")
        if any(s < self.scale_min or s > self.scale_max for s in scores):
            raise ValueError("level scores must lie on the scale")
        return self


class RubricIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    criteria: list[CriterionIn] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _unique_keys(self) -> RubricIn:
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("criterion keys must be unique")
        return self


class CriterionOut(BaseModel):
    key: str
    name: str
    description: str
    scale_min: int
    scale_max: int
    levels: list[LevelSchema]


class RubricOut(BaseModel):
    version: int
    name: str
    criteria: list[CriterionOut]
    created_at: datetime


class RubricVersions(BaseModel):
    items: list[RubricOut]


# Assignments
class AssignmentIn(Strict):
    mentor_id: UUID | None = None
    mentor_email: Email | None = None
    student_id: UUID | None = None
    student_email: Email | None = None
    cohort: str | None = Field(default=None, min_length=1, max_length=200)

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


# Feedback
class FeedbackCreate(Strict):
    student_id: UUID
    title: Title
    scores: dict[str, int] = Field(default_factory=dict, max_length=20)
    overall_rating: int | None = Field(default=None, ge=1, le=5)
    strengths: str = Field(default="", max_length=_LONG)
    improvements: str = Field(default="", max_length=_LONG)
    comments: str = Field(default="", max_length=_LONG)


class FeedbackPatch(Strict):
    title: Title | None = None
    scores: dict[str, int] | None = Field(default=None, max_length=20)
    overall_rating: int | None = Field(default=None, ge=1, le=5)
    strengths: str | None = Field(default=None, max_length=_LONG)
    improvements: str | None = Field(default=None, max_length=_LONG)
    comments: str | None = Field(default=None, max_length=_LONG)


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
    state: State
    edited: bool
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    acknowledged_at: datetime | None
    reply: str | None
    replied_at: datetime | None
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
    comment: str = Field(min_length=1, max_length=2000)


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


# Trends
class ScorePoint(BaseModel):
    feedback_id: str
    title: str
    date: datetime
    score: float
    running_average: float


class CriterionSeries(BaseModel):
    key: str
    name: str
    points: list[ScorePoint]


class StudentTrend(BaseModel):
    student_id: str
    feedback_count: int
    criteria: list[CriterionSeries]
    overall: list[ScorePoint]


class CriterionAverage(BaseModel):
    key: str
    name: str
    average: float | None
    count: int


class CohortTrend(BaseModel):
    cohort: str
    feedback_count: int
    student_count: int
    overall_average: float | None
    criteria: list[CriterionAverage]
