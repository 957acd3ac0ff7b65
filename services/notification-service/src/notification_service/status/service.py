"""The numbers behind the status page and the admin API (no personal data in the summary)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.addresses import mask_email
from notification_service.metrics import OUTBOX_DEPTH
from notification_service.models import OutboxMessage
from notification_service.outbox import repository as outbox
from notification_service.schemas import (
    DatabaseHealth,
    Delivery,
    DeliveryCounts,
    OutboxHealth,
    SmtpHealth,
    StatusSummary,
)
from notification_service.settings import Settings
from notification_service.status.monitor import Monitor

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


async def _database_ok(session: AsyncSession) -> DatabaseHealth:
    try:
        await asyncio.wait_for(session.execute(text("SELECT 1")), 2.0)
    except Exception as exc:
        return DatabaseHealth(ok=False, error=type(exc).__name__)
    return DatabaseHealth(ok=True)


async def summary(
    session: AsyncSession, *, settings: Settings, monitor: Monitor, now: datetime
) -> StatusSummary:
    database = await _database_ok(session)
    depth, oldest = (0, None)
    hour = day = DeliveryCounts()
    if database.ok:
        depth, oldest = await outbox.depth(session)
        OUTBOX_DEPTH.set(depth)
        hour = DeliveryCounts(
            **await outbox.attempt_counts(session, since=now - timedelta(hours=1))
        )
        day = DeliveryCounts(**await outbox.attempt_counts(session, since=now - timedelta(days=1)))
    smtp = monitor.smtp
    healthy = database.ok and (not smtp.used or smtp.ok is not False)
    return StatusSummary(
        service=settings.service_name,
        status="ok" if healthy else "degraded",
        environment=settings.environment,
        email_backend=settings.resolved_email_backend,
        checked_at=now,
        database=database,
        smtp=SmtpHealth(
            used=smtp.used,
            ok=smtp.ok,
            checked_at=smtp.checked_at,
            latency_ms=smtp.latency_ms,
            error=smtp.error,
            host=f"{settings.smtp_host}:{settings.smtp_port}" if smtp.used else None,
        ),
        outbox=OutboxHealth(
            depth=depth,
            oldest_pending_age_seconds=(
                max(0, round((now - oldest).total_seconds())) if oldest else None
            ),
        ),
        last_hour=hour,
        last_day=day,
    )
