"""A pending emailed-code step (login MFA, password reset, invitation)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from auth_backend.db import Base
from campus_common.clock import utc_now


class Challenge(Base):
    """A pending emailed-code step (login MFA, password reset, invitation) and its verification."""

    __tablename__ = "challenges"
    __table_args__ = (Index("ix_challenges_user_id_purpose", "user_id", "purpose"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(32))
    verification_id: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    amr: Mapped[str] = mapped_column(String(64), default="pwd")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
