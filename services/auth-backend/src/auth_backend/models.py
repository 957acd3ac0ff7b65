"""Every ORM model of the service, imported once so the metadata (migrations, tests) is complete."""

from __future__ import annotations

from auth_backend.accounts.models import User
from auth_backend.audit.models import AuditEvent
from auth_backend.db import Base
from auth_backend.login.models import Challenge
from auth_backend.sessions.models import RefreshToken, Revocation, Session

__all__ = ["AuditEvent", "Base", "Challenge", "RefreshToken", "Revocation", "Session", "User"]
