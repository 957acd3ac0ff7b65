"""ORM models of the notification-service service. API schemas live in `schemas.py`, never here."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from campus_common.db import UTCDateTime, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()


class Verification(Base):
    """One one-time-code verification (the pattern of Twilio Verify)."""

    __tablename__ = "verifications"
    __table_args__ = (Index("ix_verifications_to_purpose_status", "to", "purpose", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    to: Mapped[str] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(16), default="email")
    purpose: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str | None] = mapped_column(String(16))
    # pending | approved | canceled | max_attempts_reached ("expired" is derived from expires_at)
    status: Mapped[str] = mapped_column(String(32), default="pending")
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer)
    send_count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CodeSend(Base):
    """Every code sent, kept to enforce the per-recipient send limit."""

    __tablename__ = "code_sends"
    __table_args__ = (Index("ix_code_sends_to_sent_at", "to", "sent_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("verifications.id", ondelete="CASCADE"), index=True
    )
    to: Mapped[str] = mapped_column(String(320))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxMessage(Base):
    """An email to deliver, written in the same transaction as its cause.

    The template is rendered at delivery time from `data`; a one-time code travels only in
    `sealed`, encrypted, and is wiped once the message is sent, dead or canceled.
    """

    __tablename__ = "email_outbox"
    __table_args__ = (
        Index("ix_email_outbox_due", "status", "priority", "next_attempt_at"),
        Index("ix_email_outbox_created_at", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    template: Mapped[str] = mapped_column(String(64))
    to: Mapped[str] = mapped_column(String(320))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    locale: Mapped[str | None] = mapped_column(String(16))
    # The recipient's account id when the sender knew it (feedback emails): the key of their
    # preferences and digests.
    user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    verification_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("verifications.id", ondelete="SET NULL"), index=True
    )
    # 0 = one-time codes (sent first), 10 = everything else
    priority: Mapped[int] = mapped_column(Integer, default=10)
    # pending | sending | sent | dead | canceled; and, for feedback emails the recipient's
    # preferences hold back: digest (waiting for their daily digest) | digested (in one) |
    # suppressed (the recipient turned that kind off). Only pending and sending are delivered.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(36))
    last_error: Mapped[str | None] = mapped_column(String(500))
    request_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeliveryAttempt(Base):
    """One try at sending an outbox message: the delivery log behind the status counts."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (Index("ix_delivery_attempts_attempted_at", "attempted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outbox_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("email_outbox.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # sent | failed | dead
    result: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)


class MailboxMessage(Base):
    """A message the dev mailbox backend "sent" (development only)."""

    __tablename__ = "mailbox_messages"
    __table_args__ = (Index("ix_mailbox_messages_to_created_at", "to", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    outbox_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    to: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(64))
    # Extra headers the message carried (a digest's List-Unsubscribe), for the dev mailbox API.
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class FeedItem(Base):
    """One event in a user's notification feed. `event_id` is the producer's id for the event
    (feedback-service: its outbox row's id): unique, so a retried event is stored once."""

    __tablename__ = "feed_items"
    __table_args__ = (
        UniqueConstraint("event_id", name="uq_feed_items_event_id"),
        Index("ix_feed_items_user_created", "user_id", "created_at", "id"),
        Index("ix_feed_items_user_unread", "user_id", "read_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    event_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(String(1000), default="")
    link: Mapped[str | None] = mapped_column(String(500))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationPreference(Base):
    """One user's email preferences: a choice per feedback email kind (`immediate`, `digest`,
    `off`; a kind absent is `immediate`), their time zone and the local hour of their digest.
    An email request finds them by its recipient's `user_id`; `email` (the address the user
    signed in with when they last saved) only for a request that carries no user id."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    time_zone: Mapped[str] = mapped_column(String(64))
    digest_hour: Mapped[int] = mapped_column(Integer, default=17)
    choices: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
