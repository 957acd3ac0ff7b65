"""The status summary: what the status page and the admin API show (no personal data)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


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
