"""Password reset, change and invitation bodies."""

from __future__ import annotations

from pydantic import BaseModel

from auth_backend.accounts.schemas import Password, TypedEmail
from auth_backend.login.schemas import Code


class PasswordResetRequest(BaseModel):
    email: TypedEmail


class Accepted(BaseModel):
    detail: str


class PasswordResetConfirm(BaseModel):
    email: TypedEmail
    code: Code
    new_password: Password


class PasswordChange(BaseModel):
    current_password: Password
    new_password: Password


class InvitationAccept(BaseModel):
    email: TypedEmail
    code: Code
    password: Password
