"""Pydantic models of every request and response of the notification service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    model_validator,
)

from notification_service.addresses import normalize_email

EmailAddress = Annotated[
    str,
    Field(min_length=3, max_length=254, examples=["alex.student@campus.local"]),
    AfterValidator(normalize_email),
]
Purpose = Literal["login", "password_reset", "invite"]
VerificationStatus = Literal["pending", "approved", "expired", "max_attempts_reached", "canceled"]


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("must not contain control characters")
    return value


ShortText = Annotated[
    str, Field(min_length=1, max_length=200), AfterValidator(_no_control_characters)
]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Verifications
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


# Notifications
class InvitationData(StrictModel):
    name: ShortText | None = None


PersonName = Annotated[str, Field(max_length=300), AfterValidator(_no_control_characters)]


class FeedbackPublishedData(StrictModel):
    student_name: PersonName = ""
    mentor_name: PersonName = ""
    title: Annotated[
        str, Field(min_length=1, max_length=500), AfterValidator(_no_control_characters)
    ]
    url: HttpUrl


class PasswordChangedData(StrictModel):
    name: ShortText | None = None


NOTIFICATION_DATA: dict[str, type[StrictModel]] = {
    "invitation": InvitationData,
    "feedback_published": FeedbackPublishedData,
    "password_changed": PasswordChangedData,
}
NotificationTemplate = Literal["invitation", "feedback_published", "password_changed"]


class NotificationCreate(StrictModel):
    template: NotificationTemplate
    to: EmailAddress
    data: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: Annotated[
        str, Field(min_length=1, max_length=200), AfterValidator(_no_control_characters)
    ]

    @model_validator(mode="after")
    def _data_matches_template(self) -> NotificationCreate:
        model = NOTIFICATION_DATA[self.template]
        try:
            parsed = model.model_validate(self.data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "data"
            raise ValueError(f"data.{where}: {first['msg']}") from None
        self.data = parsed.model_dump(mode="json", exclude_none=True)
        return self


class NotificationOut(BaseModel):
    id: uuid.UUID
    status: Literal["queued"]


# Dev mailbox
class MailboxMessageOut(BaseModel):
    id: uuid.UUID
    to: str
    subject: str
    text: str
    html: str
    template: str
    created_at: datetime


class MailboxMessages(BaseModel):
    messages: list[MailboxMessageOut]


# Status and admin
class DatabaseHealth(BaseModel):
    ok: bool
    error: str | None = None


class SmtpHealth(BaseModel):
    used: bool = Field(description="False when the email backend is not SMTP")
    ok: bool | None = Field(description="Result of the last check; null before the first")
    checked_at: datetime | None
    latency_ms: float | None
    error: str | None
    host: str | None


class OutboxHealth(BaseModel):
    depth: int = Field(description="Emails pending or being sent")
    oldest_pending_age_seconds: int | None


class DeliveryCounts(BaseModel):
    sent: int = 0
    failed: int = 0
    dead: int = 0


class StatusSummary(BaseModel):
    service: str
    status: Literal["ok", "degraded"]
    environment: str
    email_backend: str
    checked_at: datetime
    database: DatabaseHealth
    smtp: SmtpHealth
    outbox: OutboxHealth
    last_hour: DeliveryCounts
    last_day: DeliveryCounts


DeliveryStatus = Literal["pending", "sending", "sent", "dead", "canceled"]


class Delivery(BaseModel):
    id: uuid.UUID
    template: str
    to: str = Field(description="Masked recipient")
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None


class DeliveryList(BaseModel):
    deliveries: list[Delivery]
