"""Queries on the dev mailbox."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import MailboxMessage


async def latest(session: AsyncSession, *, to: str | None, limit: int) -> list[MailboxMessage]:
    query = (
        select(MailboxMessage)
        .order_by(MailboxMessage.created_at.desc(), MailboxMessage.id.desc())
        .limit(limit)
    )
    if to:
        query = query.where(MailboxMessage.to == to)
    return list((await session.scalars(query)).all())
