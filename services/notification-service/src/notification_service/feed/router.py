"""HTTP of the feed: the signed-in user's items, unread count, marking read and the live stream
(`/v1/feed`), and the producers' ingest (`POST /v1/events`, service token)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import StreamingResponse

from campus_common.app import Tag
from campus_common.deps import CurrentUser
from campus_common.errors import problem_responses
from campus_common.paging import Cursor
from notification_service.deps import ContextDep, NowDep, SessionDep
from notification_service.feed import repository as repo
from notification_service.feed import service
from notification_service.feed.schemas import (
    FeedEventAccepted,
    FeedEventIn,
    FeedItem,
    FeedPage,
    ReadAll,
    UnreadCount,
)

FEED = Tag("feed", "Each user's notification feed and its live stream.")
router = APIRouter(prefix="/v1/feed", tags=[FEED])
events_router = APIRouter(prefix="/v1/events", tags=[FEED])


@router.get(
    "",
    summary="My notifications, newest first (cursor paging)",
    responses=problem_responses(400, 401, 422),
)
async def list_feed(
    user: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Cursor = None,
    unread: Annotated[bool, Query(description="Only unread items")] = False,
) -> FeedPage:
    return await service.page(
        session, user_id=user.id, limit=limit, cursor=cursor, unread_only=unread
    )


@router.get(
    "/unread-count",
    summary="How many of my notifications are unread",
    responses=problem_responses(401),
)
async def unread_count(user: CurrentUser, session: SessionDep) -> UnreadCount:
    return UnreadCount(unread=await repo.unread_count(session, user_id=user.id))


@router.post(
    "/read-all",
    summary="Mark all my notifications read",
    responses=problem_responses(401),
)
async def read_all(user: CurrentUser, session: SessionDep, ctx: ContextDep, now: NowDep) -> ReadAll:
    marked = await service.mark_all_read(session, hub=ctx.feed_hub, user_id=user.id, now=now)
    return ReadAll(marked=marked)


@router.post(
    "/{item_id}/read",
    summary="Mark one of my notifications read",
    responses=problem_responses(401, 404, 422),
)
async def read_one(
    item_id: uuid.UUID, user: CurrentUser, session: SessionDep, ctx: ContextDep, now: NowDep
) -> FeedItem:
    return await service.mark_read(
        session, hub=ctx.feed_hub, user_id=user.id, item_id=item_id, now=now
    )


@router.get(
    "/stream",
    summary="Live updates as Server-Sent Events (unread count, new items, heartbeats)",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "An endless event stream"},
        **problem_responses(401),
    },
)
async def stream(user: CurrentUser, ctx: ContextDep) -> StreamingResponse:
    return StreamingResponse(
        service.stream(ctx.sessionmaker, hub=ctx.feed_hub, user_id=user.id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@events_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add an event to its recipient's feed (the same id never shows twice)",
    responses={
        200: {"model": FeedEventAccepted, "description": "Already in the feed under this id"},
        **problem_responses(401, 403, 422),
    },
)
async def ingest_event(
    body: FeedEventIn, session: SessionDep, ctx: ContextDep, response: Response, now: NowDep
) -> FeedEventAccepted:
    row, created = await service.ingest(session, hub=ctx.feed_hub, event=body, now=now)
    if not created:
        response.status_code = status.HTTP_200_OK
    return FeedEventAccepted(id=row.id, created=created)
