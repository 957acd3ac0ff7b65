"""The feedback domain as plain data, shared by every store adapter and the service layer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from campus_common.clock import utc_now


class DuplicateError(Exception):
    """A unique key already exists (raised by every store adapter)."""


# The outbox event of a publish (and the notification template it asks for).
FEEDBACK_PUBLISHED = "feedback_published"


class State(StrEnum):
    draft = "draft"
    published = "published"
    withdrawn = "withdrawn"


def utcnow() -> datetime:
    """The service's clock: now in UTC, at millisecond precision (what MongoDB stores), so every
    store round-trips it."""
    now = utc_now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def new_id() -> str:
    return str(uuid.uuid4())


def as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


@dataclass(slots=True)
class Assignment:
    id: str
    mentor_id: str
    student_id: str
    cohort: str | None
    created_at: datetime
    created_by: str


@dataclass(slots=True)
class Level:
    score: int
    label: str
    descriptor: str = ""


@dataclass(slots=True)
class Criterion:
    key: str
    name: str
    description: str
    scale_min: int
    scale_max: int
    levels: list[Level] = field(default_factory=list)
    weight: int = 1


@dataclass(slots=True)
class RubricVersion:
    version: int
    name: str
    criteria: list[Criterion]
    created_at: datetime
    created_by: str
    # The library rubric this is a version of (`rubric.library`); "default" for the first one.
    rubric_id: str = "default"


@dataclass(slots=True)
class Feedback:
    id: str
    student_id: str
    mentor_id: str
    cohort: str | None
    title: str
    rubric_version: int
    scores: dict[str, int]
    overall_rating: int | None
    strengths: str
    improvements: str
    comments: str
    state: State
    created_at: datetime
    updated_at: datetime
    edited: bool = False
    published_at: datetime | None = None
    acknowledged_at: datetime | None = None
    reply: str | None = None
    replied_at: datetime | None = None
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None
    withdrawn_reason: str | None = None
    # A draft the release job publishes at `release_at`; one a manual post policy holds.
    release_at: datetime | None = None
    held_at: datetime | None = None
    # criterion key -> the mentor's comment beside that criterion's score
    criterion_comments: dict[str, str] = field(default_factory=dict)


# The fields of a feedback a mentor may edit (and that a revision records).
EDITABLE_FIELDS = (
    "title",
    "scores",
    "overall_rating",
    "strengths",
    "improvements",
    "comments",
    "criterion_comments",
)


@dataclass(slots=True)
class Revision:
    id: str
    feedback_id: str
    editor_id: str
    edited_at: datetime
    changes: dict[str, dict[str, Any]]


@dataclass(slots=True)
class OutboxEvent:
    id: str
    key: str
    event: str
    payload: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    delivered_at: datetime | None = None
    last_error: str | None = None


@dataclass(slots=True)
class MentorScope:
    """What a mentor may see: their own drafts, and published feedback of their students."""

    mentor_id: str
    student_ids: tuple[str, ...]


@dataclass(slots=True)
class FeedbackFilter:
    student_id: str | None = None
    mentor_id: str | None = None
    # One exact cohort (a cohort's trend).
    cohort: str | None = None
    # Any of these exact cohorts (what a partial cohort text matched); () matches nothing.
    cohorts: tuple[str, ...] | None = None
    states: tuple[State, ...] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    acknowledged: bool | None = None
    scope: MentorScope | None = None


@dataclass(slots=True, frozen=True)
class Cursor:
    created_at: datetime
    id: str


@dataclass(slots=True)
class FeedbackCounts:
    total: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    acknowledged: int = 0
    unacknowledged: int = 0
