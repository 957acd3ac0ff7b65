"""`/v1/feedback`: lists, counts, drafts, publishing, edits with history, the student's side."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import DirectoryDep, RelayDep, SettingsDep, StoreDep
from feedback_service.domain import FeedbackCounts
from feedback_service.metrics import FEEDBACK_PUBLISHED
from feedback_service.routers.filters import FilterDep
from feedback_service.schemas import (
    FeedbackCountsOut,
    FeedbackCreate,
    FeedbackOut,
    FeedbackPage,
    FeedbackPatch,
    HistoryOut,
    ReplyIn,
    WithdrawIn,
)
from feedback_service.service import feedback as service
from feedback_service.service import listing
from feedback_service.service.access import visible_feedback

router = APIRouter(prefix="/v1/feedback", tags=["feedback"])
STAFF = require_role("mentor", "admin")
JSON = "application/json"


@router.get("", response_model=FeedbackPage, responses=problem_responses(400, 401, 422))
async def list_feedback(
    store: StoreDep,
    directory: DirectoryDep,
    settings: SettingsDep,
    user: CurrentUser,
    flt: FilterDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    cursor: str | None = None,
    sort: Literal["-created_at", "created_at"] = "-created_at",
) -> Response:
    """Feedback the caller may see, newest first by default, one keyset page at a time."""
    after = listing.decode_cursor(cursor)
    scoped = await listing.scoped_filter(store, user, flt)
    if scoped is None:
        return Response(service.page_json([], {}, admin=False, next_cursor=None), media_type=JSON)
    limit = min(limit, settings.page_size_max)
    rows = await store.list_feedback(
        scoped, limit=limit + 1, after=after, ascending=sort == "created_at"
    )
    page = rows[:limit]
    next_cursor = listing.encode_cursor(page[-1]) if len(rows) > limit else None
    body = await service.render_page(directory, user, page, next_cursor)
    return Response(body, media_type=JSON)


@router.get("/counts", response_model=FeedbackCountsOut, responses=problem_responses(400, 401, 422))
async def count_feedback(store: StoreDep, user: CurrentUser, flt: FilterDep) -> FeedbackCountsOut:
    """Counts for dashboards, over the same filters as the list."""
    scoped = await listing.scoped_filter(store, user, flt)
    counts = await store.count_feedback(scoped) if scoped else FeedbackCounts()
    return FeedbackCountsOut(
        total=counts.total,
        by_state=counts.by_state,
        acknowledged=counts.acknowledged,
        unacknowledged=counts.unacknowledged,
    )


@router.post(
    "",
    response_model=FeedbackOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[STAFF],
    responses=problem_responses(400, 401, 403, 404, 422),
)
async def create_feedback(
    data: FeedbackCreate, store: StoreDep, directory: DirectoryDep, user: CurrentUser
) -> FeedbackOut:
    """Start a draft for a student assigned to you (only you see it until you publish)."""
    feedback = await service.create(store, user=user, data=data)
    return (await service.render(directory, user, [feedback]))[0]


@router.get(
    "/{feedback_id}", response_model=FeedbackOut, responses=problem_responses(401, 404, 422)
)
async def get_feedback(
    feedback_id: UUID, store: StoreDep, directory: DirectoryDep, user: CurrentUser
) -> FeedbackOut:
    feedback = await visible_feedback(store, user, str(feedback_id))
    return (await service.render(directory, user, [feedback]))[0]


@router.patch(
    "/{feedback_id}",
    response_model=FeedbackOut,
    dependencies=[STAFF],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def update_feedback(
    feedback_id: UUID,
    data: FeedbackPatch,
    store: StoreDep,
    directory: DirectoryDep,
    user: CurrentUser,
) -> FeedbackOut:
    """Change some fields (autosave friendly). Editing published feedback records a revision."""
    feedback = await service.update(store, user=user, feedback_id=str(feedback_id), data=data)
    return (await service.render(directory, user, [feedback]))[0]


@router.delete(
    "/{feedback_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[STAFF],
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def delete_draft(feedback_id: UUID, store: StoreDep, user: CurrentUser) -> Response:
    await service.delete_draft(store, user=user, feedback_id=str(feedback_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{feedback_id}/publish",
    response_model=FeedbackOut,
    dependencies=[STAFF],
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def publish_feedback(
    feedback_id: UUID,
    store: StoreDep,
    directory: DirectoryDep,
    relay: RelayDep,
    user: CurrentUser,
) -> FeedbackOut:
    """Publish a draft: the student sees it and is emailed (once, even if retried)."""
    feedback, changed = await service.publish(store, user=user, feedback_id=str(feedback_id))
    if changed:
        FEEDBACK_PUBLISHED.inc()
        if relay is not None:
            relay.wake()
    return (await service.render(directory, user, [feedback]))[0]


@router.post(
    "/{feedback_id}/withdraw",
    response_model=FeedbackOut,
    dependencies=[require_role("admin")],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def withdraw_feedback(
    feedback_id: UUID,
    data: WithdrawIn,
    store: StoreDep,
    directory: DirectoryDep,
    user: CurrentUser,
) -> FeedbackOut:
    """Withdraw published feedback (kept, with who, when and why; hidden from others)."""
    feedback = await service.withdraw(
        store, user=user, feedback_id=str(feedback_id), reason=data.reason
    )
    return (await service.render(directory, user, [feedback]))[0]


@router.get(
    "/{feedback_id}/history",
    response_model=HistoryOut,
    dependencies=[STAFF],
    responses=problem_responses(401, 403, 404, 422),
)
async def feedback_history(
    feedback_id: UUID, store: StoreDep, directory: DirectoryDep, user: CurrentUser
) -> HistoryOut:
    """Every edit made after publishing: who, when, and each field before and after."""
    return await service.history(store, directory, user=user, feedback_id=str(feedback_id))


@router.post(
    "/{feedback_id}/acknowledge",
    response_model=FeedbackOut,
    dependencies=[require_role("student")],
    responses=problem_responses(401, 403, 404, 422),
)
async def acknowledge_feedback(
    feedback_id: UUID, store: StoreDep, directory: DirectoryDep, user: CurrentUser
) -> FeedbackOut:
    """The student confirms they have read it (idempotent)."""
    feedback = await service.acknowledge(store, user=user, feedback_id=str(feedback_id))
    return (await service.render(directory, user, [feedback]))[0]


@router.post(
    "/{feedback_id}/reply",
    response_model=FeedbackOut,
    dependencies=[require_role("student")],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def reply_to_feedback(
    feedback_id: UUID,
    data: ReplyIn,
    store: StoreDep,
    directory: DirectoryDep,
    user: CurrentUser,
) -> FeedbackOut:
    """The student's one reply, which the mentor sees."""
    feedback = await service.reply(
        store, user=user, feedback_id=str(feedback_id), comment=data.comment
    )
    return (await service.render(directory, user, [feedback]))[0]
