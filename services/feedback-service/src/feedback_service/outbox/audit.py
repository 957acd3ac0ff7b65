"""Audit events the outbox delivers to auth-backend's one audit log (`POST /internal/audit`).

Two ways in: an outbox event of another kind may carry an `audit` entry in its payload (a
withdrawal's feed event: one write queues both, in the same transaction as the change), or an
`audit` outbox event carries only that (a rubric version, an assignment, an export). Either way
the audit entry's id is the outbox event's id, which auth-backend keeps once: a retried delivery
never records twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from feedback_service.store.records import OutboxEvent, new_id

# The outbox event that only records an audit entry.
AUDIT = "audit"

FEEDBACK_WITHDRAWN = "feedback_withdrawn"
RUBRIC_SAVED = "rubric_saved"
ASSIGNMENT_ADDED = "assignment_added"
ASSIGNMENT_REMOVED = "assignment_removed"
ASSIGNMENTS_IMPORTED = "assignments_imported"
FEEDBACK_EXPORTED = "feedback_exported"


def entry(
    event: str,
    *,
    actor_id: str | None,
    subject_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `audit` part of an outbox event's payload."""
    return {
        "event": event,
        "actor_id": actor_id,
        "subject_id": subject_id,
        "details": details or {},
    }


def audit_event(
    event: str,
    *,
    actor_id: str | None,
    subject_id: str | None = None,
    details: dict[str, Any] | None = None,
    now: datetime,
) -> OutboxEvent:
    """An outbox event that only records `event` in the audit log."""
    event_id = new_id()
    return OutboxEvent(
        id=event_id,
        key=f"audit:{event}:{event_id}",
        event=AUDIT,
        payload={"audit": entry(event, actor_id=actor_id, subject_id=subject_id, details=details)},
        created_at=now,
        next_attempt_at=now,
    )


def body(event: OutboxEvent) -> dict[str, Any] | None:
    """The `POST /internal/audit` body an outbox event gives (None when it records nothing)."""
    audit = event.payload.get("audit")
    if not audit:
        return None
    return {
        "id": event.id,
        "event": audit["event"],
        "occurred_at": event.created_at.isoformat(),
        "actor_id": audit.get("actor_id"),
        "subject_id": audit.get("subject_id"),
        "details": audit.get("details") or {},
    }


class _Queue(Protocol):
    async def queue_event(self, event: OutboxEvent) -> None: ...


async def record(
    store: _Queue,
    wake: Callable[[], None],
    event: str,
    *,
    actor_id: str | None,
    subject_id: str | None = None,
    details: dict[str, Any] | None = None,
    now: datetime,
) -> None:
    """Queue `event` for the audit log once the change it records is written, and wake the
    relay. (Written just after the change, not in its write: a crash in between loses the entry,
    never the change.)"""
    await store.queue_event(
        audit_event(event, actor_id=actor_id, subject_id=subject_id, details=details, now=now)
    )
    wake()
