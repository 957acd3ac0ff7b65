"""Rules of the feed: an event is stored once per id and pushed to its recipient's open
streams after the commit; a user reads and marks only their own items."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import datetime

import orjson
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campus_common.cursor import decode_cursor, encode_cursor
from campus_common.db import after_commit
from campus_common.errors import BadRequest, NotFound
from notification_service.feed import repository as repo
from notification_service.feed.hub import FeedHub, Update
from notification_service.feed.schemas import FeedEventIn, FeedItem, FeedPage
from notification_service.models import FeedItem as FeedItemRow

# Server-Sent Events: a comment line every HEARTBEAT seconds keeps proxies from closing an idle
# stream; `retry` tells the browser how soon to reconnect.
HEARTBEAT = 15.0
RETRY_MS = 3000


def item_out(row: FeedItemRow) -> FeedItem:
    return FeedItem.model_validate(row, from_attributes=True)


async def ingest(
    session: AsyncSession, *, hub: FeedHub, event: FeedEventIn, now: datetime
) -> tuple[FeedItemRow, bool]:
    row, created = await repo.add(session, event, now=now)
    if created:
        update: Update = {"kind": "item", "item": item_out(row).model_dump(mode="json")}

        async def push() -> None:
            await hub.publish(event.user_id, update)

        after_commit(session, push)
    return row, created


def _before(cursor: str) -> tuple[datetime, uuid.UUID]:
    values = decode_cursor(cursor)
    try:
        return datetime.fromisoformat(str(values["t"])), uuid.UUID(str(values["id"]))
    except (KeyError, ValueError) as exc:
        raise BadRequest(
            "The cursor is not valid; start again from the first page.", slug="invalid-cursor"
        ) from exc


async def page(
    session: AsyncSession, *, user_id: str, limit: int, cursor: str | None, unread_only: bool
) -> FeedPage:
    rows = await repo.page(
        session,
        user_id=user_id,
        limit=limit + 1,
        before=_before(cursor) if cursor else None,
        unread_only=unread_only,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (
        encode_cursor({"t": rows[-1].created_at.isoformat(), "id": rows[-1].id.hex})
        if more and rows
        else None
    )
    return FeedPage(
        items=[item_out(r) for r in rows],
        next_cursor=next_cursor,
        unread=await repo.unread_count(session, user_id=user_id),
    )


def _push_unread(session: AsyncSession, hub: FeedHub, user_id: str, unread: int) -> None:
    async def push() -> None:
        await hub.publish(user_id, {"kind": "unread", "unread": unread})

    after_commit(session, push)


async def mark_read(
    session: AsyncSession, *, hub: FeedHub, user_id: str, item_id: uuid.UUID, now: datetime
) -> FeedItem:
    row = await repo.mark_read(session, user_id=user_id, item_id=item_id, now=now)
    if row is None:  # someone else's item is as absent as a missing one
        raise NotFound("No such notification.", slug="feed-item-not-found")
    _push_unread(session, hub, user_id, await repo.unread_count(session, user_id=user_id))
    return item_out(row)


async def mark_all_read(session: AsyncSession, *, hub: FeedHub, user_id: str, now: datetime) -> int:
    marked = await repo.mark_all_read(session, user_id=user_id, now=now)
    _push_unread(session, hub, user_id, 0)
    return marked


def _sse(event: str, data: str) -> str:
    return f"event: {event}\ndata: {data}\n\n"


async def stream(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    hub: FeedHub,
    user_id: str,
    heartbeat: float = HEARTBEAT,
) -> AsyncIterator[str]:
    """The user's live updates as Server-Sent Events: the unread count at once and after every
    change, each new item, and a heartbeat comment when nothing happened for `heartbeat` s.
    The count is read through the hub, one query for all of the user's streams at once."""

    async def count() -> int:
        async with sessionmaker() as session:
            return await repo.unread_count(session, user_id=user_id)

    with hub.subscribe(user_id) as queue:
        unread = await hub.unread_count(user_id, count)
        yield f"retry: {RETRY_MS}\n" + _sse("unread", orjson.dumps({"unread": unread}).decode())
        while True:
            try:
                update = await asyncio.wait_for(queue.get(), timeout=heartbeat)
            except TimeoutError:
                yield ": heartbeat\n\n"
                continue
            if update.get("kind") == "item":
                yield _sse("item", orjson.dumps(update["item"]).decode())
                unread = await hub.unread_count(user_id, count)
            else:
                unread = int(update.get("unread", 0))
            yield _sse("unread", orjson.dumps({"unread": unread}).decode())
