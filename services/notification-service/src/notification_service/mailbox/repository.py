"""Queries on the dev mailbox."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import MailboxMessage


async def latest(
    session: AsyncSession, *, to: str | None, limit: int, newer_than: uuid.UUID | None = None
) -> list[MailboxMessage]:
    """The newest messages (to `to`), newest first; with `newer_than`, only those after that
    message in this order (all of them when no such message is stored)."""
    query = (
        select(MailboxMessage)
        .order_by(MailboxMessage.created_at.desc(), MailboxMessage.id.desc())
        .limit(limit)
    )
    if to:
        query = query.where(MailboxMessage.to == to)
    if newer_than is not None:
        ref = (
            select(MailboxMessage.created_at)
            .where(MailboxMessage.id == newer_than)
            .scalar_subquery()
        )
        query = query.where(
            or_(
                ref.is_(None),
                MailboxMessage.created_at > ref,
                and_(MailboxMessage.created_at == ref, MailboxMessage.id > newer_than),
            )
        )
    return list((await session.scalars(query)).all())
