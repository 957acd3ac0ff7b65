"""Responses of the admin API (recipients always masked)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

# digest / digested / suppressed: feedback emails the recipient's preferences held back (waiting
# for their daily digest, sent in one, or turned off).
DeliveryStatus = Literal[
    "pending", "sending", "sent", "dead", "canceled", "digest", "digested", "suppressed"
]


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
