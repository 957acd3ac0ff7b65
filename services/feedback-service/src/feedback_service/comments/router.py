"""`/v1/comments`: the comment bank of mentors (their own and the shared ones)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query, Response, status

from campus_common.app import domain_router
from campus_common.deps import CurrentUser
from campus_common.errors import problem_responses
from feedback_service.comments import service
from feedback_service.comments.schemas import (
    CommentIn,
    CommentList,
    CommentOut,
    CommentPatch,
    SearchText,
)
from feedback_service.deps import ContextDep

router = domain_router(
    "comments",
    "The comment bank: mentors' reusable comments and shared ones",
    prefix="/v1/comments",
)


@router.get("", responses=problem_responses(401, 403, 422))
async def list_comments(
    ctx: ContextDep,
    user: CurrentUser,
    q: Annotated[
        SearchText,
        Query(description="Only comments whose text holds this (accents and case ignored)."),
    ] = "",
) -> CommentList:
    """The caller's own comments and the shared ones, the most used first."""
    return await service.bank(ctx, user=user, query=q)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 422),
)
async def create_comment(data: CommentIn, ctx: ContextDep, user: CurrentUser) -> CommentOut:
    """A mentor saves a comment of their own; an admin adds a shared one (`shared: true`)."""
    return await service.create(ctx, user=user, data=data)


@router.patch("/{comment_id}", responses=problem_responses(401, 403, 404, 422))
async def update_comment(
    comment_id: UUID, data: CommentPatch, ctx: ContextDep, user: CurrentUser
) -> CommentOut:
    """Its owner changes their comment; admins change shared ones."""
    return await service.change(ctx, user=user, comment_id=str(comment_id), data=data)


@router.delete(
    "/{comment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_comment(comment_id: UUID, ctx: ContextDep, user: CurrentUser) -> Response:
    """Its owner deletes their comment; admins delete shared ones."""
    await service.remove(ctx, user=user, comment_id=str(comment_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{comment_id}/used", responses=problem_responses(401, 403, 404, 422))
async def comment_used(comment_id: UUID, ctx: ContextDep, user: CurrentUser) -> CommentOut:
    """Count one use of the comment (the editor calls this when it inserts it)."""
    return await service.used(ctx, user=user, comment_id=str(comment_id))
