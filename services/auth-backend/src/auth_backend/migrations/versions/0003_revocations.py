"""Revocations: revoked session ids and per-user not-before times, the feed other services poll"""

import sqlalchemy as sa
from alembic import op

from campus_common.migrations import primary_key

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "revocations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("not_before", sa.BigInteger(), nullable=True),
        primary_key("revocations"),
    )
    op.create_index("ix_revocations_created_at", "revocations", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_revocations_created_at", table_name="revocations")
    op.drop_table("revocations")
