"""Queries behind the status numbers: outbox depth, delivery counts, a database round trip."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import DeliveryAttempt, OutboxMessage
from notification_service.outbox.repository import OPEN_STATUSES


async def ping(session: AsyncSession) -> None:
    await session.execute(text("SELECT 1"))


async def depth(session: AsyncSession) -> tuple[int, datetime | None]:
    """Open messages and when the oldest of them was created."""
    result = await session.execute(
        select(func.count(OutboxMessage.id), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_(OPEN_STATUSES)
        )
    )
    count, oldest = result.one()
    return int(count), oldest


async def attempt_counts(session: AsyncSession, *, since: datetime) -> dict[str, int]:
    result = await session.execute(
        select(DeliveryAttempt.result, func.count(DeliveryAttempt.id))
        .where(DeliveryAttempt.attempted_at >= since)
        .group_by(DeliveryAttempt.result)
    )
    counts = {"sent": 0, "failed": 0, "dead": 0}
    for outcome, count in result.all():
        counts[str(outcome)] = int(count)
    return counts
