"""Email preferences per user (a choice per feedback email kind, time zone, digest hour), and the
extra headers a dev mailbox message carried."""

import sqlalchemy as sa
from alembic import op

from campus_common.migrations import primary_key, unique

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("digest_hour", sa.Integer(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        primary_key("notification_preferences", "user_id"),
        unique("notification_preferences", "email"),
    )
    with op.batch_alter_table("mailbox_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("headers", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("mailbox_messages", schema=None) as batch_op:
        batch_op.drop_column("headers")
    op.drop_table("notification_preferences")
