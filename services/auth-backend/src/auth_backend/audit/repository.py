"""Queries on the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.audit.models import AuditEvent


def add(
    session: AsyncSession,
    *,
    event: str,
    at: datetime,
    actor_id: uuid.UUID | None = None,
    subject_id: uuid.UUID | None = None,
    subject_email: str | None = None,
    ip: str | None = None,
    request_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    row = AuditEvent(
        event=event,
        created_at=at,
        actor_id=actor_id,
        subject_id=subject_id,
        subject_email=subject_email,
        ip=ip,
        request_id=request_id,
        details=details or {},
    )
    session.add(row)
    return row


async def page(
    session: AsyncSession,
    *,
    events: Sequence[str],
    user_id: uuid.UUID | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[AuditEvent], int]:
    query = select(AuditEvent)
    if events:
        query = query.where(AuditEvent.event.in_(list(events)))
    if user_id is not None:
        query = query.where(or_(AuditEvent.subject_id == user_id, AuditEvent.actor_id == user_id))
    if since is not None:
        query = query.where(AuditEvent.created_at >= since)
    if until is not None:
        query = query.where(AuditEvent.created_at < until)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    result = await session.execute(
        query.order_by(AuditEvent.created_at.desc(), AuditEvent.id).limit(limit).offset(offset)
    )
    return result.scalars().all(), int(total or 0)
