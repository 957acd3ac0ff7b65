"""Admin rules: retry a dead email (not a code email whose code can no longer be used)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.errors import Conflict, NotFound
from notification_service.models import OutboxMessage, Verification
from notification_service.outbox import repository as outbox


async def retry_dead(
    session: AsyncSession, *, message_id: uuid.UUID, now: datetime
) -> OutboxMessage:
    message = await outbox.get(session, message_id)
    if message is None:
        raise NotFound("No email with this id.", slug="delivery-not-found")
    if message.status != "dead":
        raise Conflict(
            f"Only dead emails can be retried; this one is {message.status}.",
            slug="delivery-not-dead",
            delivery_status=message.status,
        )
    if message.verification_id is not None:
        verification = await session.get(Verification, message.verification_id)
        if (
            verification is None
            or verification.status != "pending"
            or verification.expires_at <= now
        ):
            raise Conflict(
                "The code in this email can no longer be used; the user must ask for a new one.",
                slug="code-no-longer-valid",
            )
    if not await outbox.requeue_dead(session, message_id=message_id, now=now):
        raise Conflict("This email changed meanwhile; reload.", slug="delivery-not-dead")
    refreshed = await outbox.get(session, message_id)
    assert refreshed is not None
    return refreshed
