"""HTTP of `POST /v1/notifications` (internal: service token required)."""

from __future__ import annotations

from fastapi import Response, status

from campus_common.app import domain_router
from campus_common.errors import problem_responses
from notification_service.deps import ContextDep, NowDep, SessionDep
from notification_service.notifications import service
from notification_service.notifications.schemas import NotificationCreate, NotificationOut

router = domain_router(
    "notifications", "Platform emails (internal: service token).", prefix="/v1/notifications"
)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Queue an email (the same idempotency key never sends twice)",
    responses={
        200: {"model": NotificationOut, "description": "Already queued under this key"},
        **problem_responses(401, 403, 409, 422),
    },
)
async def queue_notification(
    body: NotificationCreate, session: SessionDep, ctx: ContextDep, response: Response, now: NowDep
) -> NotificationOut:
    message, created = await service.queue(session, lanes=ctx.lanes, request=body, now=now)
    if not created:
        response.status_code = status.HTTP_200_OK
    return NotificationOut(id=message.id, status="queued")
