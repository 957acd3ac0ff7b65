"""Account bodies and the field types every domain shares (email, name, role, status)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from campus_common.email import Email as CommonEmail
from campus_common.text import SingleLine

Role = Literal["student", "mentor", "admin"]
Status = Literal["invited", "active", "disabled"]
# The languages the platform is written in; an account without one follows the browser.
Locale = Literal["en", "es"]
ROLES: tuple[Role, ...] = ("student", "mentor", "admin")
Email = CommonEmail
# Names reach email headers (the greeting, the To: display name): one line, no control characters.
Name = Annotated[SingleLine, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# An address as typed at sign-in, reset and invitation: checked by the service, so that a bad
# address gets the same answer as an unknown one.
TypedEmail = Annotated[str, Field(min_length=1, max_length=320)]
# Length is checked by the password policy so the message can say why; this only bounds input.
Password = Annotated[str, Field(min_length=1, max_length=1024)]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    status: Status
    locale: Locale | None = None
    created_at: datetime
    last_login_at: datetime | None = None


class MeUpdate(BaseModel):
    """Only the fields sent change; `locale: null` goes back to the browser's language."""

    name: Name | None = None
    locale: Locale | None = None
