"""`/v1/grading`: a mentor's queue per cohort, bulk publish, a draft started from the last one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, status

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.feedback.schemas import FeedbackOut
from feedback_service.grading import service
from feedback_service.grading.schemas import BulkPublishIn, BulkPublishOut, QueueOut, StartIn

router = domain_router(
    "grading",
    "A mentor's grading queue, bulk publish, drafts from the last feedback",
    prefix="/v1/grading",
    dependencies=[require_role("mentor")],
)


@router.get("/queue", responses=problem_responses(401, 403, 422))
async def grading_queue(
    ctx: ContextDep,
    user: CurrentUser,
    cohort: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[
        datetime | None, Query(description="Start of the cycle (four weeks ago if not given).")
    ] = None,
) -> QueueOut:
    """Your students (of `cohort`, or all) with their state this cycle: `none`, `draft`,
    `ready` (publishable) or `published`."""
    return await service.queue(ctx, user=user, cohort=cohort, since=since)


@router.post("/publish", responses=problem_responses(400, 401, 403, 422))
async def bulk_publish(data: BulkPublishIn, ctx: ContextDep, user: CurrentUser) -> BulkPublishOut:
    """Publish several of your drafts, each exactly as its own publish would (one email each);
    the result of each says whether it was published, and why not."""
    ids = [str(i) for i in data.feedback_ids]
    return await service.bulk_publish(ctx, user=user, feedback_ids=ids)


@router.post(
    "/start",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 422),
)
async def start_from_last(data: StartIn, ctx: ContextDep, user: CurrentUser) -> FeedbackOut:
    """A new draft for a student of yours, copied from your last published feedback for them."""
    return await service.start_from_last(
        ctx,
        user=user,
        student_id=str(data.student_id),
        from_feedback_id=str(data.from_feedback_id) if data.from_feedback_id else None,
    )
