"""Admin rules: the delivery list (recipients masked), retrying a dead email (not a code email
whose code can no longer be used)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.email import mask_email
from campus_common.errors import Conflict, NotFound
from notification_service.admin import repository as repo
from notification_service.admin.schemas import Delivery, DeliveryList, DeliveryStatus
from notification_service.models import OutboxMessage
from notification_service.outbox.worker import OutboxLanes

_ADDRESS = re.compile(r"[^\s<>()\"',;:]+@[^\s<>()\"',;:]+")


def mask_addresses(value: str | None) -> str | None:
    return None if value is None else _ADDRESS.sub(lambda m: mask_email(m.group(0)), value)


def delivery_out(message: OutboxMessage) -> Delivery:
    return Delivery(
        id=message.id,
        template=message.template,
        to=mask_email(message.to),
        status=message.status,
        attempts=message.attempts,
        last_error=mask_addresses(message.last_error),
        created_at=message.created_at,
        updated_at=message.updated_at,
        next_attempt_at=message.next_attempt_at if message.status == "pending" else None,
        sent_at=message.sent_at,
    )


async def deliveries(
    session: AsyncSession, *, limit: int, status: DeliveryStatus | None = None
) -> DeliveryList:
    rows = await repo.recent(session, limit=limit, status=status)
    return DeliveryList(deliveries=[delivery_out(row) for row in rows])


async def retry_dead(
    session: AsyncSession, *, lanes: OutboxLanes, message_id: uuid.UUID, now: datetime
) -> Delivery:
    message = await repo.get(session, message_id)
    if message is None:
        raise NotFound("No email with this id.", slug="delivery-not-found")
    if message.status != "dead":
        raise Conflict(
            f"Only dead emails can be retried; this one is {message.status}.",
            slug="delivery-not-dead",
            delivery_status=message.status,
        )
    if message.verification_id is not None:
        verification = await repo.verification(session, message.verification_id)
        if (
            verification is None
            or verification.status != "pending"
            or verification.expires_at <= now
        ):
            raise Conflict(
                "The code in this email can no longer be used; the user must ask for a new one.",
                slug="code-no-longer-valid",
            )
    if not await repo.requeue_dead(session, message_id=message_id, now=now):
        raise Conflict("This email changed meanwhile; reload.", slug="delivery-not-dead")
    lanes.wake_after_commit(session, message.priority)
    refreshed = await repo.get(session, message_id)
    assert refreshed is not None
    return delivery_out(refreshed)
