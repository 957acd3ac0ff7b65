"""Sign-in bodies: password step, emailed-code step, the tokens issued."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from auth_backend.accounts.schemas import Password, TypedEmail, UserOut

Code = Annotated[str, Field(min_length=4, max_length=10, pattern=r"^\s*\d+\s*$")]
MfaToken = Annotated[str, Field(min_length=1, max_length=200)]


class LoginRequest(BaseModel):
    email: TypedEmail
    password: Password


class MfaChallengeOut(BaseModel):
    mfa_required: Literal[True] = True
    mfa_token: str
    expires_in: int = Field(description="Seconds until the code expires.")
    resend_after: int = Field(description="Seconds before a new code may be requested.")


class MfaRequest(BaseModel):
    mfa_token: MfaToken
    code: Code


class MfaResendRequest(BaseModel):
    mfa_token: MfaToken


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 (a token type, not a secret)
    expires_in: int
    user: UserOut
