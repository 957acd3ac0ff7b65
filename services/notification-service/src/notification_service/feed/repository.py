"""Every query of the feed: store an event once, a user's page newest first, unread counts,
marking read."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.feed.schemas import FeedEventIn
from notification_service.models import FeedItem


async def by_event_id(session: AsyncSession, event_id: str) -> FeedItem | None:
    return (
        await session.execute(select(FeedItem).where(FeedItem.event_id == event_id))
    ).scalar_one_or_none()


async def add(session: AsyncSession, event: FeedEventIn, *, now: datetime) -> tuple[FeedItem, bool]:
    """Store the event; when its id was stored before (even concurrently), that item and False."""
    existing = await by_event_id(session, event.id)
    if existing is not None:
        return existing, False
    item = FeedItem(
        event_id=event.id,
        user_id=event.user_id,
        type=event.type,
        title=event.title,
        summary=event.summary,
        link=event.link,
        data=event.data,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(item)
            await session.flush()
    except IntegrityError:
        existing = await by_event_id(session, event.id)
        if existing is None:
            raise
        return existing, False
    return item, True


async def page(
    session: AsyncSession,
    *,
    user_id: str,
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
    unread_only: bool = False,
) -> list[FeedItem]:
    query = select(FeedItem).where(FeedItem.user_id == user_id)
    if unread_only:
        query = query.where(FeedItem.read_at.is_(None))
    if before is not None:
        at, item_id = before
        query = query.where(
            or_(FeedItem.created_at < at, and_(FeedItem.created_at == at, FeedItem.id < item_id))
        )
    query = query.order_by(FeedItem.created_at.desc(), FeedItem.id.desc()).limit(limit)
    return list((await session.execute(query)).scalars().all())


async def unread_count(session: AsyncSession, *, user_id: str) -> int:
    query = select(func.count()).where(FeedItem.user_id == user_id, FeedItem.read_at.is_(None))
    return int((await session.execute(query)).scalar_one())


async def mark_read(
    session: AsyncSession, *, user_id: str, item_id: uuid.UUID, now: datetime
) -> FeedItem | None:
    item = (
        await session.execute(
            select(FeedItem).where(FeedItem.id == item_id, FeedItem.user_id == user_id)
        )
    ).scalar_one_or_none()
    if item is not None and item.read_at is None:
        item.read_at = now
        await session.flush()
    return item


async def mark_all_read(session: AsyncSession, *, user_id: str, now: datetime) -> int:
    result = await session.execute(
        update(FeedItem)
        .where(FeedItem.user_id == user_id, FeedItem.read_at.is_(None))
        .values(read_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)
