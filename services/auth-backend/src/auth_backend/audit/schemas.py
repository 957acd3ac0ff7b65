"""Audit log bodies."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

# Every event the log records, auth-backend's then the feedback service's: the admin filter takes
# only these, and the SPA reads the names from the published schema (one label per name).
KnownEvent = Literal[
    "code_ok",
    "code_failed",
    "code_dead",
    "login_password_ok",
    "login_failed",
    "lockout",
    "login_locked",
    "logout",
    "logout_all",
    "session_revoked",
    "sessions_revoked",
    "token_reuse_detected",
    "role_changed",
    "user_created",
    "user_imported",
    "invitation_sent",
    "invitation_accepted",
    "user_enabled",
    "user_disabled",
    "password_reset_requested",
    "password_reset",
    "password_changed",
    "feedback_withdrawn",
    "rubric_saved",
    "assignment_added",
    "assignment_removed",
    "assignments_imported",
    "feedback_exported",
]
EventName = Annotated[str, Field(pattern=r"^[a-z_]{1,48}$")]

# What the feedback service may record: its own events (the tail of `KnownEvent`, from
# "feedback_withdrawn"), never an auth one ("signed in").
_NAMES: tuple[str, ...] = get_args(KnownEvent)
FEEDBACK_EVENTS = frozenset(_NAMES[_NAMES.index("feedback_withdrawn") :])
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
