"""Requests and responses of the internal verifications API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from notification_service.schemas import EmailAddress, Locale, ShortText, StrictModel

Purpose = Literal["login", "password_reset", "invite"]
VerificationStatus = Literal["pending", "approved", "expired", "max_attempts_reached", "canceled"]


class VerificationData(StrictModel):
    name: ShortText | None = None


class VerificationCreate(StrictModel):
    to: EmailAddress
    channel: Literal["email"] = "email"
    purpose: Purpose
    locale: Locale | None = None
    data: VerificationData | None = None


class VerificationOut(BaseModel):
    id: uuid.UUID
    to: str
    purpose: Purpose
    status: VerificationStatus
    expires_at: datetime
    resend_after: datetime = Field(description="When a resend stops being refused by the cooldown")
    attempts_left: int


class CheckRequest(StrictModel):
    code: Annotated[str, Field(min_length=4, max_length=10, pattern=r"^\s*\d+\s*$")]


class CheckResult(BaseModel):
    id: uuid.UUID
    status: Literal["approved", "pending", "max_attempts_reached"]
    attempts_left: int


class CodeLifetimes(BaseModel):
    """How long a code of each purpose stays usable, in seconds: the one source the emails state
    and callers (auth-backend's answers, the SPA's pages) repeat."""

    login: int = Field(description="Sign-in code (CODE_LIFETIME)")
    password_reset: int = Field(description="Password reset code (RESET_CODE_LIFETIME)")
    invite: int = Field(description="Invitation code (INVITE_CODE_LIFETIME)")
