"""ORM models of the feedback-service service. API schemas live in `schemas.py`, never here.

The SQL adapter queries these tables with SQLAlchemy Core (lean rows, no identity map)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from campus_common.db import UTCDateTime, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()


class AssignmentRow(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("mentor_id", "student_id", name="uq_assignments_mentor_student"),
        Index("ix_assignments_student", "student_id"),
        Index("ix_assignments_cohort", "cohort"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mentor_id: Mapped[str] = mapped_column(String(36))
    student_id: Mapped[str] = mapped_column(String(36))
    cohort: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(36))


class RubricLibraryRow(Base):
    """A rubric of the library (`feedback_service.rubric.library`); its versions are
    `rubric_versions` rows naming it. "default" is the rubric of cohorts without one."""

    __tablename__ = "rubrics"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(36))


class RubricRow(Base):
    """A version of a rubric: `version` is unique across every rubric, so a feedback's
    `rubric_version` names its rubric too."""

    __tablename__ = "rubric_versions"
    __table_args__ = (Index("ix_rubric_versions_rubric", "rubric_id", "version"),)

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rubric_id: Mapped[str] = mapped_column(String(36), server_default="default")
    name: Mapped[str] = mapped_column(String(200))
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(36))


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        # Lists filter by owner and state and page by (created_at, id): one index range each.
        Index("ix_feedback_student_state_created", "student_id", "state", "created_at", "id"),
        Index("ix_feedback_mentor_state_created", "mentor_id", "state", "created_at", "id"),
        Index("ix_feedback_cohort_state_created", "cohort", "state", "created_at", "id"),
        Index("ix_feedback_state_created", "state", "created_at", "id"),
        Index("ix_feedback_created", "created_at", "id"),
        # The release job's due drafts; an admin's held ones (`feedback_service.release`).
        Index("ix_feedback_state_release", "state", "release_at"),
        Index("ix_feedback_state_held", "state", "held_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    student_id: Mapped[str] = mapped_column(String(36))
    mentor_id: Mapped[str] = mapped_column(String(36))
    cohort: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    rubric_version: Mapped[int] = mapped_column(Integer)
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    overall_rating: Mapped[int | None] = mapped_column(Integer)
    strengths: Mapped[str] = mapped_column(Text)
    improvements: Mapped[str] = mapped_column(Text)
    comments: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by: Mapped[str | None] = mapped_column(String(36))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # A draft published by the release job at this time, or held by a manual post policy.
    release_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    criterion_comments: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )


class RevisionRow(Base):
    __tablename__ = "feedback_revisions"
    __table_args__ = (Index("ix_feedback_revisions_feedback", "feedback_id", "edited_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    feedback_id: Mapped[str] = mapped_column(String(36))
    editor_id: Mapped[str] = mapped_column(String(36))
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "delivered_at", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))


class MessageRow(Base):
    """A message of a feedback's thread (`feedback_service.threads`); a deleted one keeps its
    row with no body (a tombstone)."""

    __tablename__ = "feedback_messages"
    __table_args__ = (Index("ix_feedback_messages_thread", "feedback_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    feedback_id: Mapped[str] = mapped_column(String(36))
    author_id: Mapped[str] = mapped_column(String(36))
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RequestRow(Base):
    """A student's request for feedback (`feedback_service.requests`): open until the feedback
    written from it (`feedback_id`) is published, or its student cancels it."""

    __tablename__ = "feedback_requests"
    __table_args__ = (
        Index("ix_feedback_requests_student", "student_id", "created_at", "id"),
        Index("ix_feedback_requests_mentor", "mentor_id", "created_at", "id"),
        Index("ix_feedback_requests_feedback", "feedback_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    student_id: Mapped[str] = mapped_column(String(36))
    mentor_id: Mapped[str] = mapped_column(String(36))
    cohort: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    feedback_id: Mapped[str | None] = mapped_column(String(36))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CommentRow(Base):
    """A comment of the comment bank (`feedback_service.comments`): a mentor's own (`owner_id`)
    or shared (no owner, curated by admins). `search` is `text` folded (no accents, case) for
    the bank's substring search."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_owner_usage", "owner_id", "usage_count"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str | None] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(Text)
    search: Mapped[str] = mapped_column(Text)
    criterion: Mapped[str | None] = mapped_column(String(64))
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CohortSettingsRow(Base):
    """A cohort's settings (`feedback_service.cohorts`): its rubric (None: the default one),
    its post policy and whether its students assess themselves."""

    __tablename__ = "cohort_settings"

    cohort: Mapped[str] = mapped_column(String(200), primary_key=True)
    rubric_id: Mapped[str | None] = mapped_column(String(36))
    post_policy: Mapped[str] = mapped_column(String(16), server_default="automatic")
    self_assessment: Mapped[bool] = mapped_column(Boolean, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(36))


class SelfAssessmentRow(Base):
    """A student's scores of themself against their cohort's rubric (`feedback_service.selfassess`):
    open until the mentor's feedback of that cycle is released, then locked to it."""

    __tablename__ = "self_assessments"
    __table_args__ = (
        Index("ix_self_assessments_student", "student_id", "cohort", "created_at"),
        Index("ix_self_assessments_feedback", "feedback_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    student_id: Mapped[str] = mapped_column(String(36))
    cohort: Mapped[str] = mapped_column(String(200))
    rubric_version: Mapped[int] = mapped_column(Integer)
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    criterion_comments: Mapped[dict[str, str]] = mapped_column(JSON)
    comments: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    feedback_id: Mapped[str | None] = mapped_column(String(36))
