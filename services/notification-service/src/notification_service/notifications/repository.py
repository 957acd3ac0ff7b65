"""Every query of `POST /v1/notifications`: the email an idempotency key already queued, and
queueing a new one under its key (the outbox tables are the outbox domain's)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import OutboxMessage
from notification_service.notifications.schemas import NotificationCreate
from notification_service.outbox import repository as outbox


async def by_key(session: AsyncSession, key: str) -> OutboxMessage | None:
    return await outbox.by_idempotency_key(session, key)


async def enqueue(
    session: AsyncSession, request: NotificationCreate, *, now: datetime, status: str = "pending"
) -> tuple[OutboxMessage, bool]:
    """Queue the email under its idempotency key; returns it and True, or, when the same key
    was queued concurrently, that email and False (the savepoint keeps the transaction usable)."""
    try:
        async with session.begin_nested():
            message = await outbox.enqueue(session, **request.model_dump(), now=now, status=status)
    except IntegrityError:  # the same key, queued concurrently
        existing = await by_key(session, request.idempotency_key)
        if existing is None:
            raise
        return existing, False
    return message, True
