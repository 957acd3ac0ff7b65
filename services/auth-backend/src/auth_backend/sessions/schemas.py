"""Session bodies: refresh, the signed-in user's sessions, the public keys."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, computed_field

from auth_backend.sessions.devices import device_label


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

    @computed_field(description='The device in words, from the user agent: "Chrome on Linux".')  # type: ignore[prop-decorator]
    @property
    def device(self) -> str:
        return device_label(self.user_agent)


class SessionList(BaseModel):
    sessions: list[SessionOut]


class JWKS(BaseModel):
    keys: list[dict[str, Any]]
