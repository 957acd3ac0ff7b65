"""`/v1/requests`: students ask for feedback, mentors answer; `/v1/admin/requests/summary`;
`/v1/mentor/attention`: what waits for a mentor."""

from __future__ import annotations

from uuid import UUID

from fastapi import status

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.feedback.schemas import FeedbackOut
from feedback_service.requests import service
from feedback_service.requests.repository import RequestState
from feedback_service.requests.schemas import (
    AttentionOut,
    RequestIn,
    RequestList,
    RequestOut,
    RequestSummary,
)

router = domain_router("requests", "Students ask a mentor for feedback; what waits for a mentor")


@router.post(
    "/v1/requests",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_request(data: RequestIn, ctx: ContextDep, user: CurrentUser) -> RequestOut:
    """A student asks one of their mentors for feedback (the first assigned if none named)."""
    return await service.create(ctx, user=user, data=data)


@router.get("/v1/requests", responses=problem_responses(401, 422))
async def list_requests(
    ctx: ContextDep, user: CurrentUser, state: RequestState | None = None
) -> RequestList:
    """Newest first: a student's own, those addressed to a mentor, every request for admins."""
    return RequestList(items=await service.list_requests(ctx, user=user, state=state))


@router.get(
    "/v1/requests/{request_id}",
    responses=problem_responses(401, 404, 422),
)
async def get_request(request_id: UUID, ctx: ContextDep, user: CurrentUser) -> RequestOut:
    return await service.get(ctx, user=user, request_id=str(request_id))


@router.post(
    "/v1/requests/{request_id}/cancel",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def cancel_request(request_id: UUID, ctx: ContextDep, user: CurrentUser) -> RequestOut:
    """Its student cancels an open request."""
    return await service.cancel(ctx, user=user, request_id=str(request_id))


@router.post(
    "/v1/requests/{request_id}/feedback",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def write_feedback(request_id: UUID, ctx: ContextDep, user: CurrentUser) -> FeedbackOut:
    """The mentor asked starts the feedback: a draft titled like the request and linked to it;
    publishing it closes the request."""
    return await service.write_feedback(ctx, user=user, request_id=str(request_id))


@router.get(
    "/v1/admin/requests/summary",
    dependencies=[require_role("admin")],
    responses=problem_responses(401, 403),
)
async def request_summary(ctx: ContextDep) -> RequestSummary:
    """How many requests each cohort has, per state."""
    return await service.summary(ctx)


@router.get(
    "/v1/mentor/attention",
    dependencies=[require_role("mentor")],
    responses=problem_responses(401, 403),
)
async def attention(ctx: ContextDep, user: CurrentUser) -> AttentionOut:
    """What waits for the mentor: threads the student wrote in last, feedback unacknowledged
    after the configured days, open requests."""
    return await service.attention(ctx, user=user)
