"""Request and response bodies of the auth-backend API (Pydantic). ORM models live in models.py."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Role = Literal["student", "mentor", "admin"]
Status = Literal["invited", "active", "disabled"]
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
SearchText = Annotated[str, Field(max_length=200), AfterValidator(no_control_characters)]
EventName = Annotated[str, Field(pattern=r"^[a-z_]{1,48}$")]
# Length is checked by the password policy so the message can say why; this only bounds input.
Password = Annotated[str, Field(min_length=1, max_length=1024)]
Code = Annotated[str, Field(min_length=4, max_length=10, pattern=r"^\s*\d+\s*$")]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    status: Status
    created_at: datetime
    last_login_at: datetime | None = None


# Login and tokens


class LoginRequest(BaseModel):
    email: Annotated[str, Field(min_length=1, max_length=320)]
    password: Password


class MfaChallengeOut(BaseModel):
    mfa_required: Literal[True] = True
    mfa_token: str
    expires_in: int = Field(description="Seconds until the code expires.")
    resend_after: int = Field(description="Seconds before a new code may be requested.")


class MfaRequest(BaseModel):
    mfa_token: Annotated[str, Field(min_length=1, max_length=200)]
    code: Code


class MfaResendRequest(BaseModel):
    mfa_token: Annotated[str, Field(min_length=1, max_length=200)]


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 (a token type, not a secret)
    expires_in: int
    user: UserOut


class RefreshRequest(BaseModel):
    """Non-browser clients may send the refresh token here; browsers send the cookie."""

    refresh_token: Annotated[str | None, Field(max_length=200)] = None


# Me and sessions


class MeUpdate(BaseModel):
    name: Name


class SessionOut(BaseModel):
    id: uuid.UUID
    created_at: datetime
    last_used_at: datetime
    user_agent: str | None
    ip: str | None
    current: bool


class SessionList(BaseModel):
    sessions: list[SessionOut]


# Passwords and invitations


class PasswordResetRequest(BaseModel):
    email: Annotated[str, Field(min_length=1, max_length=320)]


class Accepted(BaseModel):
    detail: str


class PasswordResetConfirm(BaseModel):
    email: Annotated[str, Field(min_length=1, max_length=320)]
    code: Code
    new_password: Password


class PasswordChange(BaseModel):
    current_password: Password
    new_password: Password


class InvitationAccept(BaseModel):
    email: Annotated[str, Field(min_length=1, max_length=320)]
    code: Code
    password: Password


# Admin


class UserCreate(BaseModel):
    email: Email
    name: Name
    role: Role = "student"
    send_invite: bool = True


class RoleChange(BaseModel):
    role: Role


class UserPage(BaseModel):
    users: list[UserOut]
    total: int
    limit: int
    offset: int


class ImportRowError(BaseModel):
    row: int = Field(description="Row number as a spreadsheet shows it: the header is row 1.")
    data_row: int = Field(description="Position among the data rows (header not counted).")
    email: str | None
    errors: list[str]


class ImportReport(BaseModel):
    dry_run: bool
    rows: int
    valid: int
    created: int
    invites_sent: int
    errors: list[ImportRowError]


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    event: str
    actor_id: uuid.UUID | None
    subject_id: uuid.UUID | None
    subject_email: str | None
    ip: str | None
    request_id: str | None
    details: dict[str, Any]


class AuditPage(BaseModel):
    events: list[AuditEventOut]
    total: int
    limit: int
    offset: int


# Internal user directory


class DirectoryUser(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    status: Status


class LookupRequest(BaseModel):
    ids: Annotated[list[uuid.UUID], Field(max_length=1000)] = []
    emails: Annotated[list[str], Field(max_length=1000)] = []


class DirectoryPage(BaseModel):
    users: list[DirectoryUser]
    next_cursor: str | None = None


class DirectoryLookup(BaseModel):
    users: list[DirectoryUser]


class JWKS(BaseModel):
    keys: list[dict[str, Any]]
