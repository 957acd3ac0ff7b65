"""The rules of a feedback's thread: who reads it (whoever may see the feedback), who writes in
it (its student, its author mentor, admins), ten minutes to edit one's own message, deleting
leaves a tombstone, and each new message queues an email to the other party."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Literal

from campus_common.db import AfterCommit
from campus_common.errors import Conflict, Forbidden, NotFound
from campus_common.jwt import Principal
from feedback_service.context import Context
from feedback_service.feedback.access import visible_feedback
from feedback_service.outbox.emails import FEEDBACK_MESSAGE
from feedback_service.store.records import DuplicateError, Feedback, OutboxEvent, State, new_id
from feedback_service.threads.markdown import render
from feedback_service.threads.repository import Message
from feedback_service.threads.schemas import MessageOut, ThreadOut

EDIT_WINDOW = timedelta(minutes=10)
Role = Literal["student", "mentor", "admin"]


def may_post(user: Principal, feedback: Feedback) -> bool:
    if feedback.state is not State.published:
        return False
    if user.role == "admin":
        return True
    if user.role == "student":
        return feedback.student_id == user.id
    return feedback.mentor_id == user.id


def role_of(feedback: Feedback, author_id: str) -> Role:
    if author_id == feedback.student_id:
        return "student"
    return "mentor" if author_id == feedback.mentor_id else "admin"


def legacy_reply(feedback: Feedback) -> Message | None:
    """The single reply of before threads as the thread's first message (its id is the
    feedback's, as the migration and the MongoDB copy on start store it)."""
    if feedback.reply is None:
        return None
    return Message(
        id=feedback.id,
        feedback_id=feedback.id,
        author_id=feedback.student_id,
        body=feedback.reply,
        created_at=feedback.replied_at or feedback.updated_at,
    )


async def _messages(ctx: Context, feedback: Feedback) -> list[Message]:
    messages = await ctx.store.list_messages(feedback.id)
    legacy = legacy_reply(feedback)
    if legacy is not None and all(m.id != legacy.id for m in messages):
        messages = sorted([legacy, *messages], key=lambda m: (m.created_at, m.id))
    return messages


async def _out(
    ctx: Context, user: Principal, feedback: Feedback, messages: list[Message]
) -> list[MessageOut]:
    names = await ctx.directory.names({m.author_id for m in messages})
    out = []
    for m in messages:
        author = names.get(m.author_id)
        mine = m.author_id == user.id and m.deleted_at is None
        out.append(
            MessageOut(
                id=m.id,
                feedback_id=m.feedback_id,
                author_id=m.author_id,
                author_name=author.name if author else None,
                author_role=role_of(feedback, m.author_id),
                body=m.body,
                html=render(m.body) if m.body is not None else None,
                created_at=m.created_at,
                edited=m.edited_at is not None,
                edited_at=m.edited_at,
                deleted=m.deleted_at is not None,
                deleted_at=m.deleted_at,
                editable_until=m.created_at + EDIT_WINDOW if mine else None,
                can_delete=m.deleted_at is None and (mine or user.role == "admin"),
            )
        )
    return out


async def thread(ctx: Context, *, user: Principal, feedback_id: str) -> ThreadOut:
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    messages = await _messages(ctx, feedback)
    return ThreadOut(
        feedback_id=feedback.id,
        messages=await _out(ctx, user, feedback, messages),
        can_post=may_post(user, feedback),
    )


def _check_may_post(user: Principal, feedback: Feedback) -> None:
    if feedback.state is not State.published:
        raise Conflict("Only published feedback has a thread to write in.", slug="not-published")
    if not may_post(user, feedback):
        raise Forbidden(
            "Only the student, the mentor who wrote the feedback and admins write here.",
            slug="not-in-thread",
        )


def _notification(
    feedback: Feedback, user: Principal, message: Message, now: datetime
) -> OutboxEvent:
    """A student's message goes to the mentor who wrote the feedback; anyone else's to the
    student."""
    recipient = feedback.mentor_id if user.id == feedback.student_id else feedback.student_id
    return OutboxEvent(
        id=new_id(),
        key=f"feedback-message:{message.id}",
        event=FEEDBACK_MESSAGE,
        payload={
            "feedback_id": feedback.id,
            "message_id": message.id,
            "title": feedback.title,
            "author_id": user.id,
            "recipient_id": recipient,
            "body": message.body,
        },
        created_at=now,
        next_attempt_at=now,
    )


async def _add(ctx: Context, user: Principal, feedback: Feedback, message: Message) -> None:
    await ctx.store.add_message(
        message,
        event=_notification(feedback, user, message, message.created_at),
        after_commit=AfterCommit(ctx.relay.wake),
    )


async def post(ctx: Context, *, user: Principal, feedback_id: str, body: str) -> MessageOut:
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    _check_may_post(user, feedback)
    message = Message(
        id=new_id(), feedback_id=feedback.id, author_id=user.id, body=body, created_at=ctx.clock()
    )
    await _add(ctx, user, feedback, message)
    [out] = await _out(ctx, user, feedback, [message])
    return out


async def post_first(ctx: Context, *, user: Principal, feedback: Feedback, body: str) -> None:
    """The thread's first message, by its student (what `POST /{id}/reply` does now): a 409
    once the thread has any message. Its id is the feedback's, so two at once keep one."""
    _check_may_post(user, feedback)
    if await _messages(ctx, feedback):
        raise Conflict("You have already replied to this feedback.", slug="already-replied")
    message = Message(
        id=feedback.id,
        feedback_id=feedback.id,
        author_id=user.id,
        body=body,
        created_at=ctx.clock(),
    )
    try:
        await _add(ctx, user, feedback, message)
    except DuplicateError as exc:
        raise Conflict(
            "You have already replied to this feedback.", slug="already-replied"
        ) from exc


async def _find(ctx: Context, feedback: Feedback, message_id: str) -> Message:
    """The message of this feedback's thread; a legacy reply is stored first (to change it)."""
    message = await ctx.store.get_message(message_id)
    if message is None:
        legacy = legacy_reply(feedback)
        if legacy is not None and legacy.id == message_id:
            with contextlib.suppress(DuplicateError):  # stored meanwhile
                await ctx.store.add_message(legacy)
            message = await ctx.store.get_message(message_id)
    if message is None or message.feedback_id != feedback.id:
        raise NotFound("No message with this id on this feedback.", slug="message-not-found")
    return message


async def edit(
    ctx: Context, *, user: Principal, feedback_id: str, message_id: str, body: str
) -> MessageOut:
    """Its author changes a message within ten minutes of writing it (marked edited)."""
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    message = await _find(ctx, feedback, message_id)
    if message.author_id != user.id:
        raise Forbidden("Only its author edits a message.", slug="not-the-author")
    if message.deleted_at is not None:
        raise Conflict("This message was deleted.", slug="message-deleted")
    if feedback.state is not State.published:
        raise Conflict("Only published feedback has a thread to write in.", slug="not-published")
    now = ctx.clock()
    if now >= message.created_at + EDIT_WINDOW:
        raise Conflict(
            "A message can be edited for 10 minutes after it is posted.", slug="edit-window-closed"
        )
    if body == message.body:
        [out] = await _out(ctx, user, feedback, [message])
        return out
    edited = await ctx.store.edit_message(
        message.id, author_id=user.id, body=body, at=now, created_after=now - EDIT_WINDOW
    )
    if edited is None:
        raise Conflict(
            "This message changed meanwhile, or can no longer be edited.", slug="message-changed"
        )
    [out] = await _out(ctx, user, feedback, [edited])
    return out


async def delete(ctx: Context, *, user: Principal, feedback_id: str, message_id: str) -> MessageOut:
    """Its author (or an admin) deletes a message: the body goes, a tombstone stays."""
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    message = await _find(ctx, feedback, message_id)
    if message.author_id != user.id and user.role != "admin":
        raise Forbidden("Only its author or an admin deletes a message.", slug="not-the-author")
    deleted = await ctx.store.delete_message(message.id, at=ctx.clock())
    if deleted is None:
        raise NotFound("No message with this id on this feedback.", slug="message-not-found")
    [out] = await _out(ctx, user, feedback, [deleted])
    return out
