"""Release control: a publish scheduled for a time, feedback held back by a cohort's manual post policy, and students' self-assessments.

A scheduled or held feedback stays a draft (so no student list, count, trend or feed ever sees
it) with `release_at` (when the release job publishes it) or `held_at` (since when it waits for a
manual release). A self-assessment is open until the mentor's feedback of its cycle is released
(then `locked_at` and `feedback_id` say which).

Revision ID: 0009_release
Revises: 0008_criterion_comments
Create Date: 2026-12-04 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from campus_common.db import UTCDateTime
from campus_common.migrations import drop_tables, primary_key

revision: str = "0009_release"
down_revision: str | None = "0008_criterion_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("feedback", sa.Column("release_at", UTCDateTime(), nullable=True))
    op.add_column("feedback", sa.Column("held_at", UTCDateTime(), nullable=True))
    op.create_index("ix_feedback_state_release", "feedback", ["state", "release_at"], unique=False)
    op.create_index("ix_feedback_state_held", "feedback", ["state", "held_at"], unique=False)
    op.create_table(
        "self_assessments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("student_id", sa.String(length=36), nullable=False),
        sa.Column("cohort", sa.String(length=200), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("criterion_comments", sa.JSON(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("locked_at", UTCDateTime(), nullable=True),
        sa.Column("feedback_id", sa.String(length=36), nullable=True),
        primary_key("self_assessments"),
    )
    op.create_index(
        "ix_self_assessments_student",
        "self_assessments",
        ["student_id", "cohort", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_self_assessments_feedback", "self_assessments", ["feedback_id"], unique=False
    )


def downgrade() -> None:
    drop_tables("self_assessments")
    op.drop_index("ix_feedback_state_held", table_name="feedback")
    op.drop_index("ix_feedback_state_release", table_name="feedback")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("held_at")
        batch.drop_column("release_at")
