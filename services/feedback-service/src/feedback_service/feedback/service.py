"""Feedback: drafts, publishing (with its outbox event), revisions, withdrawal, the student's side."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from campus_common.db import AfterCommit
from campus_common.errors import Conflict, Forbidden, Gone, NotFound
from campus_common.jwt import Principal
from feedback_service.cohorts import service as cohorts_service
from feedback_service.context import Context
from feedback_service.feedback import criteria, listing
from feedback_service.feedback.access import NOT_FOUND, can_view, is_assigned, visible_feedback
from feedback_service.feedback.rendering import page_json, render_one, render_page
from feedback_service.feedback.schemas import (
    FeedbackCountsOut,
    FeedbackCreate,
    FeedbackOut,
    FeedbackPatch,
    HistoryOut,
)
from feedback_service.outbox import feed
from feedback_service.release import service as release
from feedback_service.rubric import service as rubric_service
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import (
    EDITABLE_FIELDS,
    Feedback,
    FeedbackCounts,
    FeedbackFilter,
    Revision,
    State,
    new_id,
)
from feedback_service.threads import service as threads_service

_CHANGED = "This feedback changed meanwhile; reload it and try again."


async def list_page(
    ctx: Context,
    *,
    user: Principal,
    flt: FeedbackFilter,
    limit: int,
    cursor: str | None,
    sort: Literal["-created_at", "created_at"],
) -> bytes:
    """One keyset page of what the caller may see, as the JSON of a `FeedbackPage`."""
    after = listing.read_cursor(cursor)
    scoped = await listing.scoped_filter(ctx.store, user, flt)
    if scoped is None:
        return page_json([], {}, admin=False, next_cursor=None)
    limit = min(limit, ctx.settings.page_size_max)
    rows = await ctx.store.list_feedback(
        scoped, limit=limit + 1, after=after, ascending=sort == "created_at"
    )
    page = rows[:limit]
    next_cursor = listing.page_cursor(page[-1]) if len(rows) > limit else None
    return await render_page(ctx.directory, user, page, next_cursor)


async def counts(ctx: Context, *, user: Principal, flt: FeedbackFilter) -> FeedbackCountsOut:
    scoped = await listing.scoped_filter(ctx.store, user, flt)
    found = await ctx.store.count_feedback(scoped) if scoped else FeedbackCounts()
    return FeedbackCountsOut(
        total=found.total,
        by_state=found.by_state,
        acknowledged=found.acknowledged,
        unacknowledged=found.unacknowledged,
    )


async def get(ctx: Context, *, user: Principal, feedback_id: str) -> FeedbackOut:
    """One feedback. Withdrawn feedback answers those who could see it when it was published
    (its student, an assigned mentor) with 410 and when and why, so its old link says so."""
    feedback = await ctx.store.get_feedback(feedback_id)
    if feedback is not None and await can_view(ctx.store, user, feedback):
        return await render_one(ctx.directory, user, feedback)
    if (
        feedback is not None
        and feedback.state is State.withdrawn
        and await can_view(ctx.store, user, replace(feedback, state=State.published))
    ):
        raise Gone(
            "This feedback was withdrawn.",
            slug="feedback-withdrawn",
            feedback_id=feedback.id,
            feedback_title=feedback.title,
            withdrawn_at=feedback.withdrawn_at.isoformat() if feedback.withdrawn_at else None,
            reason=feedback.withdrawn_reason,
        )
    raise NotFound(NOT_FOUND, slug="feedback-not-found")


async def create(ctx: Context, *, user: Principal, data: FeedbackCreate) -> FeedbackOut:
    store = ctx.store
    student_id = str(data.student_id)
    assignments = await store.list_assignments(student_id=student_id)
    mine = [a for a in assignments if a.mentor_id == user.id]
    if user.role == "mentor" and not mine:
        raise NotFound("No student with this id among yours.", slug="student-not-found")
    if user.role == "admin" and not assignments:
        raise NotFound("No student with this id has a mentor.", slug="student-not-found")
    rubric = await cohorts_service.rubric_for(store, (mine or assignments)[0].cohort)
    rubric_service.check_scores(rubric, data.scores, complete=False)
    comments = criteria.check_comments(rubric, data.criterion_comments)
    now = ctx.clock()
    feedback = Feedback(
        id=new_id(),
        student_id=student_id,
        mentor_id=user.id,
        cohort=(mine or assignments)[0].cohort,
        rubric_version=rubric.version,
        **data.model_dump(exclude={"student_id", "criterion_comments"}),
        criterion_comments=comments,
        state=State.draft,
        created_at=now,
        updated_at=now,
    )
    await store.add_feedback(feedback)
    return await render_one(ctx.directory, user, feedback)


def _may_edit(user: Principal, feedback: Feedback) -> None:
    if feedback.state is State.draft and feedback.mentor_id != user.id:
        raise Forbidden("Only its author edits a draft.", slug="not-the-author")
    if feedback.state is State.published and user.role != "admin" and feedback.mentor_id != user.id:
        raise Forbidden("Only its author or an admin edits feedback.", slug="not-the-author")
    if feedback.state is State.withdrawn:
        raise Conflict("Withdrawn feedback cannot change.", slug="feedback-withdrawn")


async def update(
    ctx: Context, *, user: Principal, feedback_id: str, data: FeedbackPatch
) -> FeedbackOut:
    """Change some fields (autosave friendly). Editing published feedback records a revision."""
    store = ctx.store
    feedback = await visible_feedback(store, user, feedback_id)
    _may_edit(user, feedback)
    requested = data.model_dump(exclude_unset=True)
    if "title" in requested and requested["title"] is None:
        del requested["title"]
    if requested.get("scores") is None:
        requested.pop("scores", None)
    rubric = await rubric_service.version(store, number=feedback.rubric_version)
    if "scores" in requested:
        rubric_service.check_scores(
            rubric, requested["scores"], complete=feedback.state is State.published
        )
    criteria.checked_patch(rubric, requested)
    for text_field in ("strengths", "improvements", "comments"):
        if text_field in requested and requested[text_field] is None:
            requested[text_field] = ""
    changes = {
        k: {"before": getattr(feedback, k), "after": v}
        for k, v in requested.items()
        if k in EDITABLE_FIELDS and getattr(feedback, k) != v
    }
    if not changes:
        return await render_one(ctx.directory, user, feedback)
    now = ctx.clock()
    values: dict[str, Any] = {k: c["after"] for k, c in changes.items()}
    values["updated_at"] = now
    revision = event = None
    if feedback.state is State.published:
        if values.get("overall_rating", feedback.overall_rating) is None:
            raise Conflict("Published feedback keeps its overall rating.", slug="rating-required")
        values["edited"] = True
        revision = Revision(
            id=new_id(), feedback_id=feedback.id, editor_id=user.id, edited_at=now, changes=changes
        )
        event = feed.edited(
            feedback_id=feedback.id,
            student_id=feedback.student_id,
            title=values.get("title", feedback.title),
            revision_id=revision.id,
            fields=list(changes),
            now=now,
            mentor_id=feedback.mentor_id,
            criteria=feed.changed_criteria(rubric, changes),
        )
    updated = await store.update_feedback(
        feedback.id,
        values,
        expected_state=feedback.state,
        expected_updated_at=feedback.updated_at,
        revision=revision,
        event=event,
        after_commit=AfterCommit(ctx.relay.wake) if event else None,
    )
    if updated is None:
        raise Conflict(_CHANGED, slug="feedback-changed")
    return await render_one(ctx.directory, user, updated)


async def publish(ctx: Context, *, user: Principal, feedback_id: str) -> FeedbackOut:
    """Publish a draft and queue its notification in the same write (the store's after-commit
    hook then counts it and wakes the relay). Publishing again changes nothing."""
    store = ctx.store
    feedback = await visible_feedback(store, user, feedback_id)
    if feedback.mentor_id != user.id:
        raise Forbidden("Only its author publishes feedback.", slug="not-the-author")
    if feedback.state is State.published:
        # What follows a release happens again (a crash may have come between).
        await release.after_release(ctx, feedback)
        return await render_one(ctx.directory, user, feedback)
    if feedback.state is not State.draft:
        raise Conflict("Only a draft can be published.", slug="not-a-draft")
    if user.role == "mentor" and not await is_assigned(
        store, mentor_id=user.id, student_id=feedback.student_id
    ):
        raise Conflict("This student is no longer assigned to you.", slug="not-assigned")
    await release.check_publishable(ctx, feedback)
    if await release.policy_holds(ctx, feedback):
        # A manual post policy: ready to release, the student sees nothing yet.
        updated = await release.hold(ctx, feedback)
    else:
        updated = await release.publish_now(ctx, feedback)
    if updated is None:
        raise Conflict(_CHANGED, slug="feedback-changed")
    return await render_one(ctx.directory, user, updated)


async def withdraw(ctx: Context, *, user: Principal, feedback_id: str, reason: str) -> FeedbackOut:
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    if feedback.state is not State.published:
        raise Conflict("Only published feedback can be withdrawn.", slug="not-published")
    now = ctx.clock()
    updated = await ctx.store.update_feedback(
        feedback.id,
        {
            "state": State.withdrawn,
            "withdrawn_at": now,
            "withdrawn_by": user.id,
            "withdrawn_reason": reason,
            "updated_at": now,
        },
        expected_state=State.published,
        event=feed.withdrawn(
            feedback_id=feedback.id,
            student_id=feedback.student_id,
            mentor_id=feedback.mentor_id,
            title=feedback.title,
            reason=reason,
            now=now,
            actor_id=user.id,
        ),
        after_commit=AfterCommit(ctx.relay.wake),
    )
    if updated is None:
        raise Conflict(_CHANGED, slug="feedback-changed")
    return await render_one(ctx.directory, user, updated)


async def _own_published(store: FeedbackStore, user: Principal, feedback_id: str) -> Feedback:
    feedback = await store.get_feedback(feedback_id)
    if feedback is None or feedback.student_id != user.id or feedback.state is not State.published:
        raise NotFound(NOT_FOUND, slug="feedback-not-found")
    return feedback


async def acknowledge(ctx: Context, *, user: Principal, feedback_id: str) -> FeedbackOut:
    """The student confirms they have read it (idempotent)."""
    feedback = await _own_published(ctx.store, user, feedback_id)
    if feedback.acknowledged_at is None:
        # An edit by the mentor at the same moment does not matter to an acknowledgement.
        now = ctx.clock()
        updated = await ctx.store.update_feedback(
            feedback.id,
            {"acknowledged_at": now},
            expected_state=State.published,
            event=feed.acknowledged(
                feedback_id=feedback.id,
                mentor_id=feedback.mentor_id,
                title=feedback.title,
                now=now,
                student_id=feedback.student_id,
            ),
            after_commit=AfterCommit(ctx.relay.wake),
        )
        feedback = updated or await _own_published(ctx.store, user, feedback_id)
    return await render_one(ctx.directory, user, feedback)


async def reply(ctx: Context, *, user: Principal, feedback_id: str, comment: str) -> FeedbackOut:
    """The student's first message on the feedback's thread (what the single reply became; it
    no longer acknowledges: that stays an act of its own)."""
    feedback = await _own_published(ctx.store, user, feedback_id)
    await threads_service.post_first(ctx, user=user, feedback=feedback, body=comment)
    return await render_one(ctx.directory, user, feedback)


async def delete_draft(ctx: Context, *, user: Principal, feedback_id: str) -> None:
    store = ctx.store
    feedback = await visible_feedback(store, user, feedback_id)
    if feedback.state is not State.draft:
        raise Conflict(
            "Only drafts can be deleted; withdraw published feedback.", slug="not-a-draft"
        )
    if feedback.mentor_id != user.id:
        raise Forbidden("Only its author deletes a draft.", slug="not-the-author")
    if not await store.delete_draft(feedback.id):
        raise Conflict(_CHANGED, slug="feedback-changed")


async def history(ctx: Context, *, user: Principal, feedback_id: str) -> HistoryOut:
    """Every edit made after publishing: who, when, and each field before and after."""
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    revisions = await ctx.store.list_revisions(feedback.id)
    names = await ctx.directory.names({r.editor_id for r in revisions})
    return HistoryOut.model_validate(
        {
            "feedback_id": feedback.id,
            "edited": feedback.edited,
            "revisions": [
                {
                    "id": r.id,
                    "editor_id": r.editor_id,
                    "editor_name": names[r.editor_id].name if r.editor_id in names else None,
                    "edited_at": r.edited_at,
                    "changes": r.changes,
                }
                for r in revisions
            ],
        }
    )
