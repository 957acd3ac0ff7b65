"""Password reset, change and invitation bodies."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, Field, model_validator

from auth_backend.accounts.schemas import Password, TypedEmail
from auth_backend.login.schemas import Code


class PasswordResetRequest(BaseModel):
    email: TypedEmail


class Accepted(BaseModel):
    detail: str


# What a refused password's answer hands back, to try another password without a new code.
Grant = Annotated[str, Field(min_length=20, max_length=100)]


class _CodeOrGrant(BaseModel):
    """The emailed code, or the grant from the answer that refused the previous password."""

    code: Code | None = None
    grant: Grant | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.code is None) == (self.grant is None):
            raise ValueError("Send either the emailed code or the grant, not both.")
        return self


class PasswordResetConfirm(_CodeOrGrant):
    email: TypedEmail
    new_password: Password


class PasswordChange(BaseModel):
    current_password: Password
    new_password: Password


class InvitationAccept(_CodeOrGrant):
    email: TypedEmail
    password: Password
