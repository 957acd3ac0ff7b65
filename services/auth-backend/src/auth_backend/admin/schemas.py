"""Admin bodies: creating users, roles, the user list, CSV import reports."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from auth_backend.accounts.schemas import Email, Name, Role, UserOut
from campus_common.text import SingleLine

SearchText = Annotated[SingleLine, Field(max_length=200)]


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
