"""Recording security events: a row in the audit log and one structured log line (no secrets)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User
from auth_backend.audit import repository as repo
from auth_backend.audit.models import AuditEvent
from auth_backend.audit.schemas import DeliveredEvent, KnownEvent
from auth_backend.context import Context, RequestMeta
from campus_common.logging import get_logger

log = get_logger("auth_backend.audit")


def record(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta | None,
    event: KnownEvent,
    *,
    subject: User | None = None,
    subject_email: str | None = None,
    actor_id: uuid.UUID | str | None = None,
    **details: Any,
) -> None:
    actor = uuid.UUID(str(actor_id)) if actor_id is not None else None
    repo.add(
        session,
        event=event,
        at=ctx.now(),
        actor_id=actor,
        subject_id=subject.id if subject else None,
        subject_email=subject.email if subject else subject_email,
        ip=meta.ip if meta else None,
        request_id=meta.request_id if meta else None,
        details=details,
    )
    log.info(
        "audit",
        audit_event=event,
        subject_id=str(subject.id) if subject else None,
        actor_id=str(actor) if actor else None,
        **details,
    )


async def record_delivered(
    session: AsyncSession, *, source: str, body: DeliveredEvent
) -> tuple[AuditEvent, bool]:
    """Keep an event another service delivers, once: its id is the row's, so a retried delivery
    finds the row already there (and `False` says nothing new was recorded)."""
    known = await repo.get(session, body.id)
    if known is not None:
        return known, False
    try:
        async with session.begin_nested():
            row = repo.add(
                session,
                event_id=body.id,
                event=body.event,
                source=source,
                at=body.occurred_at,
                actor_id=body.actor_id,
                subject_id=body.subject_id,
                request_id=body.request_id,
                details=body.details,
            )
            await session.flush()
    except IntegrityError:  # the same event delivered twice at once: the other one won
        known = await repo.get(session, body.id)
        if known is None:
            raise
        return known, False
    log.info(
        "audit",
        audit_event=body.event,
        source=source,
        subject_id=str(body.subject_id) if body.subject_id else None,
        actor_id=str(body.actor_id) if body.actor_id else None,
    )
    return row, True


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
    return await repo.page(
        session,
        events=events,
        user_id=user_id,
        person=person,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
