"""The internal user directory's bodies."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from auth_backend.accounts.schemas import Locale, Role, Status


class DirectoryUser(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    status: Status
    locale: Locale | None = None


class LookupRequest(BaseModel):
    ids: Annotated[list[uuid.UUID], Field(max_length=1000)] = []
    emails: Annotated[list[str], Field(max_length=1000)] = []


class DirectoryPage(BaseModel):
    users: list[DirectoryUser]
    next_cursor: str | None = None


class DirectoryLookup(BaseModel):
    users: list[DirectoryUser]
