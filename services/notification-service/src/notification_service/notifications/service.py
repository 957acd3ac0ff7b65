"""Rules of `POST /v1/notifications`: one email per idempotency key, queued in the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.errors import Conflict
from notification_service.models import OutboxMessage
from notification_service.notifications.schemas import NotificationCreate
from notification_service.outbox import repository as outbox
from notification_service.outbox.worker import OutboxLanes


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
    """Queue the email; returns it and whether it is new (False: the key was seen before)."""
    existing = await outbox.by_idempotency_key(session, request.idempotency_key)
    if existing is not None:
        return _same_request(existing, request), False
    try:
        async with session.begin_nested():
            message = await outbox.enqueue(
                session,
                template=request.template,
                to=request.to,
                data=request.data,
                idempotency_key=request.idempotency_key,
                now=now,
            )
    except IntegrityError:  # the same key, queued concurrently
        existing = await outbox.by_idempotency_key(session, request.idempotency_key)
        if existing is None:
            raise
        return _same_request(existing, request), False
    lanes.wake_after_commit(session, message.priority)
    return message, True
