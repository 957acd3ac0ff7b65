"""Threads: a feedback's messages, and each single reply of before copied in as its first message
(written by the student, at the time of the reply, with the feedback's id as its id).

The reply columns stay as they were (no longer written), so a downgrade loses only the
messages written after this migration.

Revision ID: 0004_threads
Revises: 0003
Create Date: 2026-12-03 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from campus_common.db import UTCDateTime
from campus_common.migrations import columns, create_table

revision: str = "0004_threads"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def upgrade() -> None:
    create_table(
        "feedback_messages",
        *columns(ID, "feedback_id", "author_id"),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        *columns(UTCDateTime(), "edited_at", "deleted_at", nullable=True),
        key=ID,
    )
    op.create_index(
        "ix_feedback_messages_thread",
        "feedback_messages",
        ["feedback_id", "created_at", "id"],
        unique=False,
    )
    op.execute(
        "INSERT INTO feedback_messages (id, feedback_id, author_id, body, created_at) "
        "SELECT id, id, student_id, reply, COALESCE(replied_at, updated_at) FROM feedback "
        "WHERE reply IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_feedback_messages_thread", table_name="feedback_messages")
    op.drop_table("feedback_messages")
