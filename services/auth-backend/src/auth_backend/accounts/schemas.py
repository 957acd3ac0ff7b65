"""Account bodies and the field types every domain shares (email, name, role, status)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Role = Literal["student", "mentor", "admin"]
Status = Literal["invited", "active", "disabled"]
ROLES: tuple[Role, ...] = ("student", "mentor", "admin")
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s.\x00-\x1f\x7f]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalize_email(value: str) -> str:
    """Trimmed and lower-cased: emails are unique case-insensitively."""
    email = value.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValueError("not a valid email address")
    return email


def no_control_characters(value: str) -> str:
    """Refuse control characters (PostgreSQL cannot even store NUL) in stored and searched text."""
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


Email = Annotated[str, AfterValidator(normalize_email)]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(no_control_characters),
]
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
    created_at: datetime
    last_login_at: datetime | None = None


class MeUpdate(BaseModel):
    name: Name
