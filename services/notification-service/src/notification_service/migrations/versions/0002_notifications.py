"""Verifications, code sends, the email outbox, the delivery log and the dev mailbox."""

import sqlalchemy as sa
from alembic import op

from campus_common import migrations as m

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    m.create_table(
        "mailbox_messages",
        sa.Column("outbox_id", sa.Uuid(), nullable=True),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        *m.columns(sa.Text(), "text", "html"),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("created_at", m.TIMESTAMP, nullable=False),
    )
    m.create_indexes(
        "mailbox_messages",
        {
            "ix_mailbox_messages_created_at": ["created_at"],
            "ix_mailbox_messages_to_created_at": ["to", "created_at"],
        },
    )

    m.create_table(
        "verifications",
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        *m.columns(sa.Integer(), "attempts", "max_attempts", "send_count"),
        *m.columns(m.TIMESTAMP, "created_at", "expires_at", "last_sent_at"),
        sa.Column("finished_at", m.TIMESTAMP, nullable=True),
    )
    m.create_indexes(
        "verifications", {"ix_verifications_to_purpose_status": ["to", "purpose", "status"]}
    )

    op.create_table(
        "code_sends",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *m.reference("code_sends", "verification_id", "verifications", ondelete="CASCADE"),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("sent_at", m.TIMESTAMP, nullable=False),
        m.primary_key("code_sends"),
    )
    m.create_indexes(
        "code_sends",
        {
            "ix_code_sends_to_sent_at": ["to", "sent_at"],
            "ix_code_sends_verification_id": ["verification_id"],
        },
    )

    m.create_table(
        "email_outbox",
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("to", sa.String(length=320), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        *m.reference(
            "email_outbox", "verification_id", "verifications", ondelete="SET NULL", nullable=True
        ),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", m.TIMESTAMP, nullable=False),
        sa.Column("lease_expires_at", m.TIMESTAMP, nullable=True),
        sa.Column("claim_token", sa.String(length=36), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        *m.columns(m.TIMESTAMP, "created_at", "updated_at"),
        sa.Column("sent_at", m.TIMESTAMP, nullable=True),
        m.unique("email_outbox", "idempotency_key"),
    )
    m.create_indexes(
        "email_outbox",
        {
            "ix_email_outbox_created_at": ["created_at"],
            "ix_email_outbox_due": ["status", "priority", "next_attempt_at"],
            "ix_email_outbox_verification_id": ["verification_id"],
        },
    )

    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *m.reference("delivery_attempts", "outbox_id", "email_outbox", ondelete="CASCADE"),
        sa.Column("attempted_at", m.TIMESTAMP, nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        m.primary_key("delivery_attempts"),
    )
    m.create_indexes(
        "delivery_attempts",
        {
            "ix_delivery_attempts_attempted_at": ["attempted_at"],
            "ix_delivery_attempts_outbox_id": ["outbox_id"],
        },
    )


def downgrade() -> None:
    # Dependents first; each table's indexes and constraints go with it.
    m.drop_tables(
        "delivery_attempts", "email_outbox", "code_sends", "verifications", "mailbox_messages"
    )
