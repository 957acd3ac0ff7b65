"""Feedback requests: a student asks a mentor for feedback; open until the feedback written from
it is published (closed) or the student cancels it.

Revision ID: 0005_requests
Revises: 0004_threads
Create Date: 2026-12-03 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from campus_common.db import UTCDateTime
from campus_common.migrations import columns, create_indexes, create_table, drop_tables

revision: str = "0005_requests"
down_revision: str | None = "0004_threads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def upgrade() -> None:
    create_table(
        "feedback_requests",
        *columns(ID, "student_id", "mentor_id"),
        sa.Column("cohort", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        *columns(UTCDateTime(), "created_at", "updated_at"),
        sa.Column("feedback_id", ID, nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        key=ID,
    )
    create_indexes(
        "feedback_requests",
        {
            "ix_feedback_requests_student": ["student_id", "created_at", "id"],
            "ix_feedback_requests_mentor": ["mentor_id", "created_at", "id"],
            "ix_feedback_requests_feedback": ["feedback_id"],
        },
    )


def downgrade() -> None:
    drop_tables("feedback_requests")
