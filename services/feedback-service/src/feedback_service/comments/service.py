"""The rules of the comment bank: mentors and admins use it (students never see it); a mentor
keeps their own comments, admins curate the shared ones; nobody sees another mentor's own
comments (a 404, as if there were none)."""

from __future__ import annotations

from dataclasses import asdict

from campus_common.errors import Forbidden, NotFound
from campus_common.jwt import Principal
from feedback_service.comments.repository import Comment
from feedback_service.comments.schemas import CommentIn, CommentList, CommentOut, CommentPatch
from feedback_service.context import Context
from feedback_service.store.records import new_id


def _check_staff(user: Principal) -> None:
    if user.role not in ("mentor", "admin"):
        raise Forbidden("The comment bank is for mentors and admins.", slug="not-staff")


def _may_edit(user: Principal, comment: Comment) -> bool:
    return user.role == "admin" if comment.shared else comment.owner_id == user.id


def _out(user: Principal, comment: Comment) -> CommentOut:
    return CommentOut(**asdict(comment), shared=comment.shared, can_edit=_may_edit(user, comment))


async def _visible(ctx: Context, user: Principal, comment_id: str) -> Comment:
    _check_staff(user)
    comment = await ctx.store.get_comment(comment_id)
    if comment is None or not (comment.shared or comment.owner_id == user.id):
        raise NotFound("No comment with this id in your bank.", slug="comment-not-found")
    return comment


async def _editable(ctx: Context, user: Principal, comment_id: str) -> Comment:
    comment = await _visible(ctx, user, comment_id)
    if not _may_edit(user, comment):
        raise Forbidden("Only admins change shared comments.", slug="shared-comment")
    return comment


async def bank(ctx: Context, *, user: Principal, query: str = "") -> CommentList:
    _check_staff(user)
    comments = await ctx.store.list_comments(owner_id=user.id, query=query.strip())
    return CommentList(items=[_out(user, c) for c in comments])


async def create(ctx: Context, *, user: Principal, data: CommentIn) -> CommentOut:
    _check_staff(user)
    if data.shared and user.role != "admin":
        raise Forbidden("Only admins add shared comments.", slug="shared-comment")
    now = ctx.clock()
    comment = Comment(
        id=new_id(),
        owner_id=None if data.shared else user.id,
        text=data.text,
        criterion=data.criterion,
        usage_count=0,
        created_at=now,
        updated_at=now,
    )
    await ctx.store.add_comment(comment)
    return _out(user, comment)


async def change(
    ctx: Context, *, user: Principal, comment_id: str, data: CommentPatch
) -> CommentOut:
    comment = await _editable(ctx, user, comment_id)
    fields = data.model_fields_set
    changed = await ctx.store.update_comment(
        comment.id,
        text=data.text if data.text is not None else comment.text,
        criterion=data.criterion if "criterion" in fields else comment.criterion,
        at=ctx.clock(),
    )
    if changed is None:
        raise NotFound("No comment with this id in your bank.", slug="comment-not-found")
    return _out(user, changed)


async def remove(ctx: Context, *, user: Principal, comment_id: str) -> None:
    comment = await _editable(ctx, user, comment_id)
    await ctx.store.delete_comment(comment.id)


async def used(ctx: Context, *, user: Principal, comment_id: str) -> CommentOut:
    """Count one more use (the editor calls this when it inserts the comment)."""
    comment = await _visible(ctx, user, comment_id)
    counted = await ctx.store.count_comment_use(comment.id)
    if counted is None:
        raise NotFound("No comment with this id in your bank.", slug="comment-not-found")
    return _out(user, counted)
