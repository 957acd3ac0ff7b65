"""Release control: a feedback's release status, scheduling its publish, releasing what a
manual post policy holds (one, or all of a cohort's)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from campus_common.text import SingleLine
from feedback_service.deps import ContextDep
from feedback_service.release import service
from feedback_service.release.schemas import (
    HeldList,
    ReleaseAllIn,
    ReleaseOut,
    ReleaseResult,
    ScheduleIn,
)

router = domain_router(
    "release",
    "Scheduled publishing and the manual post policy",
    prefix="/v1",
    dependencies=[require_role("mentor", "admin")],
)


@router.get("/feedback/{feedback_id}/release", responses=problem_responses(401, 403, 404, 422))
async def release_status(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> ReleaseOut:
    """Where a feedback's release stands: a draft, scheduled, held, published."""
    return await service.status(ctx, user=user, feedback_id=str(feedback_id))


@router.put(
    "/feedback/{feedback_id}/release/schedule",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def schedule_release(
    feedback_id: UUID, data: ScheduleIn, ctx: ContextDep, user: CurrentUser
) -> ReleaseOut:
    """Schedule (or reschedule) the publish of your ready draft: until `release_at` the student
    sees nothing and gets no email; then it is published (held under a manual post policy)."""
    return await service.schedule(
        ctx, user=user, feedback_id=str(feedback_id), release_at=data.release_at
    )


@router.delete(
    "/feedback/{feedback_id}/release/schedule",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def cancel_release(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> ReleaseOut:
    """Cancel a scheduled publish; the feedback stays your draft."""
    return await service.cancel(ctx, user=user, feedback_id=str(feedback_id))


@router.post(
    "/feedback/{feedback_id}/release",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def release_feedback(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> ReleaseOut:
    """Release feedback a manual post policy holds (its author or an admin): the student sees
    it and is emailed once."""
    return await service.release(ctx, user=user, feedback_id=str(feedback_id))


@router.get("/release/held", responses=problem_responses(401, 403, 422))
async def held_feedback(
    ctx: ContextDep,
    user: CurrentUser,
    cohort: Annotated[SingleLine | None, Query(max_length=200)] = None,
) -> HeldList:
    """Feedback waiting for a manual release, the oldest first: an admin's view has everyone's,
    a mentor's their own."""
    return await service.held(ctx, user=user, cohort=cohort)


@router.post("/release/release-all", responses=problem_responses(401, 403, 422))
async def release_all(data: ReleaseAllIn, ctx: ContextDep, user: CurrentUser) -> ReleaseResult:
    """Release every held feedback of a cohort (an admin: everyone's; a mentor: their own);
    each is released on its own, failures are listed."""
    return await service.release_all(ctx, user=user, cohort=data.cohort)
