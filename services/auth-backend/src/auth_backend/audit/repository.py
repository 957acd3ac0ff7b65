"""Queries on the audit log.

The person filter matches part of a name or an address whatever its case and accents, like the
admin's user search: the query is folded (`campus_common.text.fold`) and looked for in the folded
`User.search_text` of the actor or the subject, or in the folded address the entry names."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User
from auth_backend.audit.models import AuditEvent
from campus_common.text import fold


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
    source: str = "auth",
    event_id: uuid.UUID | None = None,
) -> AuditEvent:
    row = AuditEvent(
        id=event_id or uuid.uuid4(),
        event=event,
        source=source,
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


async def get(session: AsyncSession, event_id: uuid.UUID) -> AuditEvent | None:
    return await session.get(AuditEvent, event_id)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def page(
    session: AsyncSession,
    *,
    events: Sequence[str],
    user_id: uuid.UUID | None,
    person: str | None = None,
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
    folded = fold(person or "")
    if folded:
        pattern = f"%{_escape_like(folded)}%"
        people = select(User.id).where(User.search_text.like(pattern, escape="\\"))
        query = query.where(
            or_(
                AuditEvent.actor_id.in_(people),
                AuditEvent.subject_id.in_(people),
                func.lower(AuditEvent.subject_email).like(pattern, escape="\\"),
            )
        )
    if since is not None:
        query = query.where(AuditEvent.created_at >= since)
    if until is not None:
        query = query.where(AuditEvent.created_at < until)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    result = await session.execute(
        query.order_by(AuditEvent.created_at.desc(), AuditEvent.id).limit(limit).offset(offset)
    )
    return result.scalars().all(), int(total or 0)
