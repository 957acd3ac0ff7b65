"""Feedback requests: a student asks a mentor for feedback; open until the feedback written from
it is published (closed) or the student cancels it.

Revision ID: 0005_requests
Revises: 0004_threads
Create Date: 2026-12-03 14:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from campus_common.db import UTCDateTime
from campus_common.migrations import drop_tables, primary_key

revision: str = "0005_requests"
down_revision: str | None = "0004_threads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("student_id", sa.String(length=36), nullable=False),
        sa.Column("mentor_id", sa.String(length=36), nullable=False),
        sa.Column("cohort", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("feedback_id", sa.String(length=36), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        primary_key("feedback_requests"),
    )
    for name, columns in (
        ("student", ["student_id", "created_at", "id"]),
        ("mentor", ["mentor_id", "created_at", "id"]),
        ("feedback", ["feedback_id"]),
    ):
        op.create_index(f"ix_feedback_requests_{name}", "feedback_requests", columns, unique=False)


def downgrade() -> None:
    drop_tables("feedback_requests")
