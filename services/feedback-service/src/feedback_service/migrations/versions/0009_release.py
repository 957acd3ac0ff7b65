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
from campus_common.migrations import columns, create_indexes, create_table, drop_tables

revision: str = "0009_release"
down_revision: str | None = "0008_criterion_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def upgrade() -> None:
    for column in columns(UTCDateTime(), "release_at", "held_at", nullable=True):
        op.add_column("feedback", column)
    create_indexes(
        "feedback",
        {
            "ix_feedback_state_release": ["state", "release_at"],
            "ix_feedback_state_held": ["state", "held_at"],
        },
    )
    create_table(
        "self_assessments",
        sa.Column("student_id", ID, nullable=False),
        sa.Column("cohort", sa.String(length=200), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        *columns(sa.JSON(), "scores", "criterion_comments"),
        sa.Column("comments", sa.Text(), nullable=False),
        *columns(UTCDateTime(), "created_at", "updated_at"),
        sa.Column("locked_at", UTCDateTime(), nullable=True),
        sa.Column("feedback_id", ID, nullable=True),
        key=ID,
    )
    create_indexes(
        "self_assessments",
        {
            "ix_self_assessments_student": ["student_id", "cohort", "created_at"],
            "ix_self_assessments_feedback": ["feedback_id"],
        },
    )


def downgrade() -> None:
    drop_tables("self_assessments")
    op.drop_index("ix_feedback_state_held", table_name="feedback")
    op.drop_index("ix_feedback_state_release", table_name="feedback")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("held_at")
        batch.drop_column("release_at")
