"""Recording security events: a row in the audit log and one structured log line (no secrets)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User
from auth_backend.audit import repository as repo
from auth_backend.audit.models import AuditEvent
from auth_backend.context import Context, RequestMeta
from campus_common.logging import get_logger

log = get_logger("auth_backend.audit")


def record(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta | None,
    event: str,
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
    return await repo.page(
        session,
        events=events,
        user_id=user_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
