"""The comment bank: mentors' own reusable comments and shared ones (no owner) admins curate,
with their folded text for accent- and case-insensitive search and a usage count.

Revision ID: 0006_comments
Revises: 0005_requests
Create Date: 2026-12-03 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from campus_common.db import UTCDateTime
from campus_common.migrations import columns, create_table, drop_tables

revision: str = "0006_comments"
down_revision: str | None = "0005_requests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def upgrade() -> None:
    create_table(
        "comments",
        sa.Column("owner_id", ID, nullable=True),
        *columns(sa.Text(), "text", "search"),
        sa.Column("criterion", sa.String(length=64), nullable=True),
        sa.Column("usage_count", sa.Integer(), nullable=False),
        *columns(UTCDateTime(), "created_at", "updated_at"),
        key=ID,
    )
    op.create_index(
        "ix_comments_owner_usage", "comments", ["owner_id", "usage_count"], unique=False
    )


def downgrade() -> None:
    drop_tables("comments")
