"""Verifications, code sends, the email outbox, the delivery log and the dev mailbox."""

import sqlalchemy as sa
from alembic import op

from campus_common.migrations import drop_tables, foreign_key, primary_key, unique

revision = "0002"
down_revision = "0001"


def upgrade() -> None:

    op.create_table(
        "mailbox_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("outbox_id", sa.Uuid(), nullable=True),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        primary_key("mailbox_messages"),
    )
    with op.batch_alter_table("mailbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mailbox_messages_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            "ix_mailbox_messages_to_created_at", ["to", "created_at"], unique=False
        )

    op.create_table(
        "verifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("send_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        primary_key("verifications"),
    )
    with op.batch_alter_table("verifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_verifications_to_purpose_status", ["to", "purpose", "status"], unique=False
        )

    op.create_table(
        "code_sends",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("verification_id", sa.Uuid(), nullable=False),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        foreign_key("code_sends", "verification_id", "verifications", ondelete="CASCADE"),
        primary_key("code_sends"),
    )
    with op.batch_alter_table("code_sends", schema=None) as batch_op:
        batch_op.create_index("ix_code_sends_to_sent_at", ["to", "sent_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_code_sends_verification_id"), ["verification_id"], unique=False
        )

    op.create_table(
        "email_outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("verification_id", sa.Uuid(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        foreign_key("email_outbox", "verification_id", "verifications", ondelete="SET NULL"),
        primary_key("email_outbox"),
        unique("email_outbox", "idempotency_key"),
    )
    with op.batch_alter_table("email_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_email_outbox_created_at", ["created_at"], unique=False)
        batch_op.create_index(
            "ix_email_outbox_due", ["status", "priority", "next_attempt_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_email_outbox_verification_id"), ["verification_id"], unique=False
        )

    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("outbox_id", sa.Uuid(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        foreign_key("delivery_attempts", "outbox_id", "email_outbox", ondelete="CASCADE"),
        primary_key("delivery_attempts"),
    )
    with op.batch_alter_table("delivery_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_delivery_attempts_attempted_at", ["attempted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_delivery_attempts_outbox_id"), ["outbox_id"], unique=False
        )


def downgrade() -> None:
    # Dependents first; each table's indexes and constraints go with it.
    drop_tables(
        "delivery_attempts", "email_outbox", "code_sends", "verifications", "mailbox_messages"
    )
