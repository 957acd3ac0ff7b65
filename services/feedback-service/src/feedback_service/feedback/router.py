"""`/v1/feedback`: lists, counts, drafts, publishing, edits with history, the student's side."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query, Response, status

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.feedback import service
from feedback_service.feedback.filters import FilterDep
from feedback_service.feedback.schemas import (
    FeedbackCountsOut,
    FeedbackCreate,
    FeedbackOut,
    FeedbackPage,
    FeedbackPatch,
    HistoryOut,
    ReplyIn,
    WithdrawIn,
)

router = domain_router(
    "feedback", "Drafts, publishing, edits with history, acknowledgement", prefix="/v1/feedback"
)
STAFF = require_role("mentor", "admin")
JSON = "application/json"


@router.get("", response_model=FeedbackPage, responses=problem_responses(400, 401, 422))
async def list_feedback(
    ctx: ContextDep,
    user: CurrentUser,
    flt: FilterDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    cursor: str | None = None,
    sort: Literal["-created_at", "created_at"] = "-created_at",
) -> Response:
    """Feedback the caller may see, newest first by default, one keyset page at a time."""
    body = await service.list_page(ctx, user=user, flt=flt, limit=limit, cursor=cursor, sort=sort)
    return Response(body, media_type=JSON)


@router.get("/counts", responses=problem_responses(400, 401, 422))
async def count_feedback(ctx: ContextDep, user: CurrentUser, flt: FilterDep) -> FeedbackCountsOut:
    """Counts for dashboards, over the same filters as the list."""
    return await service.counts(ctx, user=user, flt=flt)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=[STAFF],
    responses=problem_responses(400, 401, 403, 404, 422),
)
async def create_feedback(data: FeedbackCreate, ctx: ContextDep, user: CurrentUser) -> FeedbackOut:
    """Start a draft for a student assigned to you (only you see it until you publish)."""
    return await service.create(ctx, user=user, data=data)


@router.get("/{feedback_id}", responses=problem_responses(401, 404, 410, 422))
async def get_feedback(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> FeedbackOut:
    """One feedback. A withdrawn one answers its student and assigned mentors 410
    `feedback-withdrawn` with `feedback_title`, `withdrawn_at` and `reason`."""
    return await service.get(ctx, user=user, feedback_id=str(feedback_id))


@router.patch(
    "/{feedback_id}",
    dependencies=[STAFF],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def update_feedback(
    feedback_id: UUID, data: FeedbackPatch, ctx: ContextDep, user: CurrentUser
) -> FeedbackOut:
    """Change some fields (autosave friendly). Editing published feedback records a revision."""
    return await service.update(ctx, user=user, feedback_id=str(feedback_id), data=data)


@router.delete(
    "/{feedback_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[STAFF],
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def delete_draft(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> Response:
    await service.delete_draft(ctx, user=user, feedback_id=str(feedback_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{feedback_id}/publish",
    dependencies=[STAFF],
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def publish_feedback(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> FeedbackOut:
    """Publish a draft: the student sees it and is emailed (once, even if retried)."""
    return await service.publish(ctx, user=user, feedback_id=str(feedback_id))


@router.post(
    "/{feedback_id}/withdraw",
    dependencies=[require_role("admin")],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def withdraw_feedback(
    feedback_id: UUID, data: WithdrawIn, ctx: ContextDep, user: CurrentUser
) -> FeedbackOut:
    """Withdraw published feedback (kept, with who, when and why; hidden from others)."""
    return await service.withdraw(ctx, user=user, feedback_id=str(feedback_id), reason=data.reason)


@router.get(
    "/{feedback_id}/history",
    dependencies=[STAFF],
    responses=problem_responses(401, 403, 404, 422),
)
async def feedback_history(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> HistoryOut:
    """Every edit made after publishing: who, when, and each field before and after."""
    return await service.history(ctx, user=user, feedback_id=str(feedback_id))


@router.post(
    "/{feedback_id}/acknowledge",
    dependencies=[require_role("student")],
    responses=problem_responses(401, 403, 404, 422),
)
async def acknowledge_feedback(
    feedback_id: UUID, ctx: ContextDep, user: CurrentUser
) -> FeedbackOut:
    """The student confirms they have read it (idempotent)."""
    return await service.acknowledge(ctx, user=user, feedback_id=str(feedback_id))


@router.post(
    "/{feedback_id}/reply",
    deprecated=True,
    dependencies=[require_role("student")],
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def reply_to_feedback(
    feedback_id: UUID, data: ReplyIn, ctx: ContextDep, user: CurrentUser
) -> FeedbackOut:
    """Deprecated: the student's first message on the thread (409 once the thread has one);
    post to `/v1/feedback/{feedback_id}/messages` instead. It no longer acknowledges."""
    return await service.reply(ctx, user=user, feedback_id=str(feedback_id), comment=data.comment)
