"""Each user's notification feed: one row per producer event (unique event id)."""

import sqlalchemy as sa
from alembic import op

from campus_common.migrations import create_indexes, create_table, unique

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    create_table(
        "feed_items",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("summary", sa.String(length=1000), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        unique("feed_items", "event_id"),
    )
    create_indexes(
        "feed_items",
        {
            "ix_feed_items_user_created": ["user_id", "created_at", "id"],
            "ix_feed_items_user_unread": ["user_id", "read_at"],
        },
    )


def downgrade() -> None:
    with op.batch_alter_table("feed_items", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_items_user_unread")
        batch_op.drop_index("ix_feed_items_user_created")
    op.drop_table("feed_items")
