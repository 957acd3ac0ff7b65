"""ORM models of the notification-service service. API schemas live in `schemas.py`, never here."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from campus_common.db import make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()
