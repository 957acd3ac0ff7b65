"""Audit events: the service that recorded them ("auth", or "feedback" for the events the
feedback service delivers), so one log shows both"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.add_column(
        "audit_events",
        sa.Column("source", sa.String(length=16), server_default="auth", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("source")
