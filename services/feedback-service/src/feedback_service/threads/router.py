"""`/v1/feedback/{feedback_id}/messages`: a feedback's thread."""

from __future__ import annotations

from uuid import UUID

from fastapi import status

from campus_common.app import domain_router
from campus_common.deps import CurrentUser
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.threads import service
from feedback_service.threads.schemas import MessageIn, MessageOut, ThreadOut

router = domain_router(
    "threads",
    "Messages on a feedback between its student and mentor",
    prefix="/v1/feedback/{feedback_id}/messages",
)


@router.get("", responses=problem_responses(401, 404, 422))
async def get_thread(feedback_id: UUID, ctx: ContextDep, user: CurrentUser) -> ThreadOut:
    """The messages on a feedback, oldest first, for whoever may see the feedback."""
    return await service.thread(ctx, user=user, feedback_id=str(feedback_id))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def post_message(
    feedback_id: UUID, data: MessageIn, ctx: ContextDep, user: CurrentUser
) -> MessageOut:
    """Write in the thread (the student, the mentor who wrote the feedback, admins); the other
    party is emailed."""
    return await service.post(ctx, user=user, feedback_id=str(feedback_id), body=data.body)


@router.patch(
    "/{message_id}",
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def edit_message(
    feedback_id: UUID, message_id: UUID, data: MessageIn, ctx: ContextDep, user: CurrentUser
) -> MessageOut:
    """Its author changes a message within 10 minutes of posting it (it shows as edited)."""
    return await service.edit(
        ctx, user=user, feedback_id=str(feedback_id), message_id=str(message_id), body=data.body
    )


@router.delete("/{message_id}", responses=problem_responses(401, 403, 404, 422))
async def delete_message(
    feedback_id: UUID, message_id: UUID, ctx: ContextDep, user: CurrentUser
) -> MessageOut:
    """Its author or an admin deletes a message: its text goes, "message deleted" stays."""
    return await service.delete(
        ctx, user=user, feedback_id=str(feedback_id), message_id=str(message_id)
    )
