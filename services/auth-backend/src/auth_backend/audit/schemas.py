"""Audit log bodies."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

EventName = Annotated[str, Field(pattern=r"^[a-z_]{1,48}$")]

# What the feedback service may record: its own events, never an auth one ("signed in").
FEEDBACK_EVENTS = frozenset(
    {
        "feedback_withdrawn",
        "rubric_saved",
        "assignment_added",
        "assignment_removed",
        "assignments_imported",
        "feedback_exported",
    }
)
DETAILS_MAX_CHARS = 4000


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    event: str
    source: str
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


class DeliveredEvent(BaseModel):
    """An audit event another service recorded (`POST /internal/audit`); `id` is its own
    event id, so delivering it again changes nothing."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    event: EventName
    occurred_at: AwareDatetime
    actor_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    request_id: Annotated[str | None, Field(max_length=128)] = None
    details: dict[str, Any] = Field(default_factory=dict)

    @field_validator("event")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in FEEDBACK_EVENTS:
            raise ValueError(f"unknown event; one of {', '.join(sorted(FEEDBACK_EVENTS))}")
        return value

    @field_validator("details")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value, default=str)) > DETAILS_MAX_CHARS:
            raise ValueError(f"details longer than {DETAILS_MAX_CHARS} characters as JSON")
        return value


class DeliveredOut(BaseModel):
    id: uuid.UUID
    recorded: bool = Field(description="False when this event was already recorded.")
