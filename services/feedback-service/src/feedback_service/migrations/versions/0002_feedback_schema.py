"""The feedback schema: assignments, versioned rubric, feedback, revisions, outbox."""

import sqlalchemy as sa
from alembic import op

from campus_common.db import UTCDateTime
from campus_common.migrations import columns, create_table, drop_tables, primary_key, unique

revision = "0002"
down_revision = "0001"

ID = sa.String(length=36)


def upgrade() -> None:
    create_table(
        "assignments",
        *columns(ID, "mentor_id", "student_id"),
        sa.Column("cohort", sa.String(length=200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.UniqueConstraint("mentor_id", "student_id", name="uq_assignments_mentor_student"),
        key=ID,
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index("ix_assignments_cohort", ["cohort"], unique=False)
        batch_op.create_index("ix_assignments_student", ["student_id"], unique=False)

    create_table(
        "feedback",
        *columns(ID, "student_id", "mentor_id"),
        sa.Column("cohort", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("overall_rating", sa.Integer(), nullable=True),
        *columns(sa.Text(), "strengths", "improvements", "comments"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("edited", sa.Boolean(), nullable=False),
        *columns(UTCDateTime(), "created_at", "updated_at"),
        *columns(UTCDateTime(), "published_at", "acknowledged_at", nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", ID, nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        key=ID,
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_cohort_created", ["cohort", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_feedback_mentor_created", ["mentor_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_feedback_state_created", ["state", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_feedback_student_created", ["student_id", "created_at", "id"], unique=False
        )

    create_table(
        "feedback_revisions",
        *columns(ID, "feedback_id", "editor_id"),
        sa.Column("edited_at", UTCDateTime(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        key=ID,
    )
    with op.batch_alter_table("feedback_revisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_revisions_feedback", ["feedback_id", "edited_at"], unique=False
        )

    create_table(
        "outbox",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        *columns(UTCDateTime(), "created_at", "next_attempt_at"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        unique("outbox", "key"),
        key=ID,
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_due", ["delivered_at", "next_attempt_at"], unique=False)

    op.create_table(
        "rubric_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        primary_key("rubric_versions", "version"),
    )


def downgrade() -> None:
    # Dependents first; each table's indexes and constraints go with it.
    drop_tables("rubric_versions", "outbox", "feedback_revisions", "feedback", "assignments")
