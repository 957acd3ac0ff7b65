"""The numbers behind the status page and the admin API (no personal data in the summary)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.metrics import OUTBOX_DEPTH
from notification_service.status import repository as repo
from notification_service.status.schemas import (
    DatabaseHealth,
    DeliveryCounts,
    OutboxHealth,
    SmtpHealth,
    StatusSummary,
)

if TYPE_CHECKING:
    from notification_service.context import Context


async def _database_ok(session: AsyncSession) -> DatabaseHealth:
    try:
        await asyncio.wait_for(repo.ping(session), 2.0)
    except Exception as exc:
        return DatabaseHealth(ok=False, error=type(exc).__name__)
    return DatabaseHealth(ok=True)


async def summary(session: AsyncSession, *, ctx: Context, now: datetime) -> StatusSummary:
    settings = ctx.settings
    database = await _database_ok(session)
    depth, oldest = (0, None)
    hour = day = DeliveryCounts()
    if database.ok:
        depth, oldest = await repo.depth(session)
        OUTBOX_DEPTH.set(depth)
        hour = DeliveryCounts(**await repo.attempt_counts(session, since=now - timedelta(hours=1)))
        day = DeliveryCounts(**await repo.attempt_counts(session, since=now - timedelta(days=1)))
    smtp = ctx.monitor.smtp
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


def mailbox_shown(ctx: Context) -> bool:
    """The status page links to the dev mailbox only where the mailbox is served."""
    return ctx.settings.resolved_email_backend == "mailbox" and not ctx.settings.is_production
