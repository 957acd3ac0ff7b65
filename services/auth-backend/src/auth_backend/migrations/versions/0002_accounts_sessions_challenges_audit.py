"""Accounts, sessions with their refresh tokens, emailed-code challenges, audit log"""

import sqlalchemy as sa
from alembic import op

from campus_common import migrations as m

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    m.create_table(
        "audit_events",
        sa.Column("created_at", m.TIMESTAMP, nullable=False),
        sa.Column("event", sa.String(length=48), nullable=False),
        *m.columns(sa.Uuid(), "actor_id", "subject_id", nullable=True),
        sa.Column("subject_email", sa.String(length=254), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    m.create_indexes(
        "audit_events",
        {
            "ix_audit_events_created_at": ["created_at"],
            "ix_audit_events_event_created_at": ["event", "created_at"],
            "ix_audit_events_subject_id_created_at": ["subject_id", "created_at"],
        },
    )

    m.create_table(
        "users",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        *m.columns(sa.String(length=16), "role", "status"),
        *m.columns(sa.String(length=255), "password_hash", "external_id", nullable=True),
        sa.Column("locked_until", m.TIMESTAMP, nullable=True),
        *m.columns(m.TIMESTAMP, "created_at", "updated_at"),
        sa.Column("last_login_at", m.TIMESTAMP, nullable=True),
        m.unique("users", "email"),
        m.unique("users", "external_id"),
    )
    m.create_indexes("users", {"ix_users_role": ["role"], "ix_users_status": ["status"]})

    m.create_table(
        "challenges",
        *m.reference("challenges", "user_id", "users", ondelete="CASCADE"),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("verification_id", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("amr", sa.String(length=64), nullable=False),
        *m.columns(m.TIMESTAMP, "created_at", "expires_at"),
        sa.Column("finished_at", m.TIMESTAMP, nullable=True),
        m.unique("challenges", "token_hash"),
    )
    op.create_index("ix_challenges_user_id_purpose", "challenges", ["user_id", "purpose"])

    m.create_table(
        "sessions",
        *m.reference("sessions", "user_id", "users", ondelete="CASCADE"),
        *m.columns(m.TIMESTAMP, "created_at", "last_used_at", "expires_at"),
        sa.Column("user_agent", sa.String(length=400), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("amr", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", m.TIMESTAMP, nullable=True),
        sa.Column("revoked_reason", sa.String(length=64), nullable=True),
    )
    op.create_index("ix_sessions_user_id_created_at", "sessions", ["user_id", "created_at"])

    m.create_table(
        "refresh_tokens",
        *m.reference("refresh_tokens", "session_id", "sessions", ondelete="CASCADE"),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", m.TIMESTAMP, nullable=False),
        sa.Column("rotated_at", m.TIMESTAMP, nullable=True),
        m.unique("refresh_tokens", "token_hash"),
    )
    op.create_index(op.f("ix_refresh_tokens_session_id"), "refresh_tokens", ["session_id"])


def downgrade() -> None:
    # Dependents first; each table's indexes and constraints go with it.
    m.drop_tables("refresh_tokens", "sessions", "challenges", "users", "audit_events")
