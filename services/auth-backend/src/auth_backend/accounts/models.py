"""The account: who a person is on the platform, their role and password hash."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import String, Uuid, event
from sqlalchemy.orm import Mapped, mapped_column

from auth_backend.db import Base
from campus_common.clock import utc_now
from campus_common.text import fold


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    # The language the person reads the platform and its emails in ("en", "es"); None: the
    # browser's choice in the web app, English in emails.
    locale: Mapped[str | None] = mapped_column(String(8))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    last_login_at: Mapped[datetime | None]
    # `fold(name + " " + email)`, filled on every insert and update: the admin search and the
    # people pickers match partial text in it ("lucia" finds "Lucía"), the same on every database.
    search_text: Mapped[str] = mapped_column(String(460), default="", server_default="")


def search_text_of(name: str, email: str) -> str:
    return fold(f"{name} {email}")


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def _fill_search_text(_mapper: Any, _connection: Any, user: User) -> None:
    user.search_text = search_text_of(user.name or "", user.email or "")
