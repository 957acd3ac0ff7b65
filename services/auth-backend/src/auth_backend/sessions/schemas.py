"""Session bodies: refresh, the signed-in user's sessions, the public keys."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field


class RefreshRequest(BaseModel):
    """Non-browser clients may send the refresh token here; browsers send the cookie."""

    refresh_token: Annotated[str | None, Field(max_length=200)] = None


class SessionOut(BaseModel):
    id: uuid.UUID
    created_at: datetime
    last_used_at: datetime
    user_agent: str | None
    ip: str | None
    current: bool


class SessionList(BaseModel):
    sessions: list[SessionOut]


class JWKS(BaseModel):
    keys: list[dict[str, Any]]
