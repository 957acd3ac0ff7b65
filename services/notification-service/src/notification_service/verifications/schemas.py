"""Requests and responses of the internal verifications API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from notification_service.schemas import EmailAddress, ShortText, StrictModel

Purpose = Literal["login", "password_reset", "invite"]
VerificationStatus = Literal["pending", "approved", "expired", "max_attempts_reached", "canceled"]


class VerificationData(StrictModel):
    name: ShortText | None = None


class VerificationCreate(StrictModel):
    to: EmailAddress
    channel: Literal["email"] = "email"
    purpose: Purpose
    locale: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$")] | None = None
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
