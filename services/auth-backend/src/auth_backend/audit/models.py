"""The audit log: security events kept for admins."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from auth_backend.db import Base
from campus_common.clock import utc_now


class AuditEvent(Base):
    """A security event, kept for admins: who did what to whom, from where. `source` is the
    service that recorded it: "auth" here, "feedback" for what the feedback service delivers to
    `POST /internal/audit` (its row id is that event's id, so a repeated delivery is one row)."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_created_at", "created_at"),
        Index("ix_audit_events_subject_id_created_at", "subject_id", "created_at"),
        Index("ix_audit_events_event_created_at", "event", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    event: Mapped[str] = mapped_column(String(48))
    source: Mapped[str] = mapped_column(String(16), default="auth", server_default="auth")
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    subject_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    subject_email: Mapped[str | None] = mapped_column(String(254))
    ip: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(128))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
