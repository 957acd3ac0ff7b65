"""Rules of `POST /v1/notifications`: one email per idempotency key, queued in the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.errors import Conflict
from notification_service.models import OutboxMessage
from notification_service.notifications import repository as repo
from notification_service.notifications.schemas import NotificationCreate
from notification_service.outbox.worker import OutboxLanes
from notification_service.preferences import service as preferences


def _same_request(existing: OutboxMessage, request: NotificationCreate) -> OutboxMessage:
    if existing.template != request.template or existing.to != request.to:
        raise Conflict(
            "This idempotency key was already used for a different notification.",
            slug="idempotency-key-reused",
        )
    return existing


async def queue(
    session: AsyncSession, *, lanes: OutboxLanes, request: NotificationCreate, now: datetime
) -> tuple[OutboxMessage, bool]:
    """Queue the email; returns it and whether it is new (False: the key was seen before). A
    feedback email the recipient wants in their digest is held for it, one they turned off is
    kept as suppressed (in the same transaction, so nothing is lost). The recipient's
    preferences are found by the request's `user_id`."""
    existing = await repo.by_key(session, request.idempotency_key)
    if existing is not None:
        return _same_request(existing, request), False
    held = await preferences.hold_status(
        session, template=request.template, to=request.to, user_id=request.user_id
    )
    message, new = await repo.enqueue(session, request, now=now, status=held or "pending")
    if not new:
        return _same_request(message, request), False
    if held is None:
        lanes.wake_after_commit(session, message.priority)
    return message, True
