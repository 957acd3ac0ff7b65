"""The rules of release control.

A publish is one write (`publish_now`): the draft becomes published and its outbox event is
queued together, conditional on the draft being unchanged, so two writers (two release job
workers, a restart racing a round, a mentor's click) never both publish it: one update matches,
the others find it moved on. Until then a scheduled or held feedback is a draft, which no
student list, count, trend, feed or link shows.

- Scheduled: `release_at` set; the release job (`run_due`, on `ctx.clock`) publishes it then.
- Held: a cohort with the 'manual' post policy turns a publish (or a schedule coming due) into
  `held_at`; its mentor or an admin releases it (`release`, `release_all`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from campus_common.errors import Conflict, Forbidden, ProblemError, Unprocessable
from campus_common.jwt import Principal
from campus_common.logging import get_logger
from feedback_service.cohorts import service as cohorts
from feedback_service.feedback.access import is_assigned, visible_feedback
from feedback_service.release.repository import HELD_LIMIT
from feedback_service.release.schemas import (
    HeldItem,
    HeldList,
    ReleaseFailure,
    ReleaseOut,
    ReleaseResult,
)
from feedback_service.rubric import service as rubric_service
from feedback_service.store.records import FEEDBACK_PUBLISHED, Feedback, OutboxEvent, State, new_id

if TYPE_CHECKING:
    from feedback_service.context import Context

log = get_logger(__name__)

CHANGED = "This feedback changed meanwhile; reload it and try again."
# How far ahead a publish may be scheduled.
SCHEDULE_HORIZON = timedelta(days=366)


async def check_publishable(ctx: Context, feedback: Feedback) -> None:
    """What a publish needs: every criterion of its rubric scored, an overall rating."""
    rubric = await rubric_service.version(ctx.store, number=feedback.rubric_version)
    rubric_service.check_scores(rubric, feedback.scores, complete=True)
    if feedback.overall_rating is None:
        raise Conflict("Give an overall rating before publishing.", slug="rating-required")


async def policy_holds(ctx: Context, feedback: Feedback) -> bool:
    """Whether the cohort's post policy holds a publish of this feedback for a manual release."""
    return (await cohorts.settings_for(ctx.store, feedback.cohort)).post_policy == "manual"


async def after_release(ctx: Context, feedback: Feedback) -> None:
    """What follows a release (again harmlessly, after a crash in between): the request it was
    written from closes, the student's open self-assessment of its cohort locks to it."""
    at = feedback.published_at or ctx.clock()
    await ctx.store.close_requests_for(feedback.id, at=at)
    if feedback.cohort is not None:
        await ctx.store.lock_self_assessments(
            student_id=feedback.student_id, cohort=feedback.cohort, feedback_id=feedback.id, at=at
        )


async def publish_now(
    ctx: Context, feedback: Feedback, *, expected_updated_at: datetime | None = None
) -> Feedback | None:
    """Publish the draft and queue its notification in the same write (the store's after-commit
    hook then counts it and wakes the relay); None when it is no longer that draft."""
    now = ctx.clock()
    event = OutboxEvent(
        id=new_id(),
        key=f"feedback-published:{feedback.id}",
        event=FEEDBACK_PUBLISHED,
        payload={
            "feedback_id": feedback.id,
            "student_id": feedback.student_id,
            "mentor_id": feedback.mentor_id,
            "title": feedback.title,
        },
        created_at=now,
        next_attempt_at=now,
    )
    updated = await ctx.store.update_feedback(
        feedback.id,
        {
            "state": State.published,
            "published_at": now,
            "updated_at": now,
            "release_at": None,
            "held_at": None,
        },
        expected_state=State.draft,
        expected_updated_at=expected_updated_at,
        event=event,
        after_commit=ctx.announce_published(),
    )
    if updated is not None:
        await after_release(ctx, updated)
    return updated


async def hold(
    ctx: Context, feedback: Feedback, *, expected_updated_at: datetime | None = None
) -> Feedback | None:
    """Make the draft ready to release (held by a manual post policy); None if it moved on."""
    if feedback.held_at is not None:
        return feedback
    now = ctx.clock()
    return await ctx.store.update_feedback(
        feedback.id,
        {"held_at": now, "release_at": None, "updated_at": now},
        expected_state=State.draft,
        expected_updated_at=expected_updated_at,
    )


async def _out(ctx: Context, feedback: Feedback) -> ReleaseOut:
    if feedback.state is not State.draft:
        stage: Any = feedback.state.value
    elif feedback.held_at is not None:
        stage = "held"
    elif feedback.release_at is not None:
        stage = "scheduled"
    else:
        stage = "draft"
    return ReleaseOut(
        feedback_id=feedback.id,
        state=feedback.state.value,
        release=stage,
        release_at=feedback.release_at,
        held_at=feedback.held_at,
        published_at=feedback.published_at,
        post_policy=(await cohorts.settings_for(ctx.store, feedback.cohort)).post_policy,
    )


async def status(ctx: Context, *, user: Principal, feedback_id: str) -> ReleaseOut:
    return await _out(ctx, await visible_feedback(ctx.store, user, feedback_id))


async def _own_draft(ctx: Context, user: Principal, feedback_id: str) -> Feedback:
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    if feedback.mentor_id != user.id:
        raise Forbidden("Only its author schedules feedback.", slug="not-the-author")
    if feedback.state is not State.draft:
        raise Conflict("Only a draft can be scheduled.", slug="not-a-draft")
    return feedback


def _bad_time(detail: str, slug: str) -> Unprocessable:
    error = {"loc": ["body", "release_at"], "msg": detail, "type": slug.replace("-", "_")}
    return Unprocessable(detail, slug=slug, errors=[error])


async def schedule(
    ctx: Context, *, user: Principal, feedback_id: str, release_at: datetime
) -> ReleaseOut:
    """Schedule (or reschedule) the publish of a ready draft for `release_at`."""
    feedback = await _own_draft(ctx, user, feedback_id)
    if feedback.held_at is not None:
        raise Conflict("This feedback is already waiting to be released.", slug="feedback-held")
    if user.role == "mentor" and not await is_assigned(
        ctx.store, mentor_id=user.id, student_id=feedback.student_id
    ):
        raise Conflict("This student is no longer assigned to you.", slug="not-assigned")
    now = ctx.clock()
    at = release_at.astimezone(UTC)
    at = at.replace(microsecond=at.microsecond // 1000 * 1000)
    if at <= now:
        raise _bad_time("Pick a time in the future.", "release-in-the-past")
    if at > now + SCHEDULE_HORIZON:
        raise _bad_time("Pick a time within a year from now.", "release-too-far")
    await check_publishable(ctx, feedback)
    updated = await ctx.store.update_feedback(
        feedback.id,
        {"release_at": at, "updated_at": now},
        expected_state=State.draft,
        expected_updated_at=feedback.updated_at,
    )
    if updated is None:
        raise Conflict(CHANGED, slug="feedback-changed")
    return await _out(ctx, updated)


async def cancel(ctx: Context, *, user: Principal, feedback_id: str) -> ReleaseOut:
    """Cancel a scheduled publish: the feedback stays a draft (cancelling nothing is fine)."""
    feedback = await _own_draft(ctx, user, feedback_id)
    if feedback.release_at is None:
        return await _out(ctx, feedback)
    updated = await ctx.store.update_feedback(
        feedback.id,
        {"release_at": None, "updated_at": ctx.clock()},
        expected_state=State.draft,
        expected_updated_at=feedback.updated_at,
    )
    if updated is None:
        raise Conflict(CHANGED, slug="feedback-changed")
    return await _out(ctx, updated)


async def _release_one(ctx: Context, user: Principal, feedback: Feedback) -> Feedback:
    if user.role != "admin" and feedback.mentor_id != user.id:
        raise Forbidden("Only its author or an admin releases feedback.", slug="not-the-author")
    if feedback.state is State.published:
        return feedback
    if feedback.state is not State.draft or feedback.held_at is None:
        raise Conflict("This feedback is not waiting to be released.", slug="not-held")
    if user.role == "mentor" and not await is_assigned(
        ctx.store, mentor_id=user.id, student_id=feedback.student_id
    ):
        raise Conflict("This student is no longer assigned to you.", slug="not-assigned")
    await check_publishable(ctx, feedback)
    updated = await publish_now(ctx, feedback)
    if updated is None:
        raise Conflict(CHANGED, slug="feedback-changed")
    return updated


async def release(ctx: Context, *, user: Principal, feedback_id: str) -> ReleaseOut:
    """Release one held feedback: published through the one publish path, emailed once."""
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    return await _out(ctx, await _release_one(ctx, user, feedback))


async def held(ctx: Context, *, user: Principal, cohort: str | None) -> HeldList:
    """Held feedback (of a cohort): an admin sees all, a mentor their own."""
    mentor_id = None if user.role == "admin" else user.id
    rows = await ctx.store.held_feedback(cohort=cohort, mentor_id=mentor_id, limit=HELD_LIMIT)
    names = await ctx.directory.names({f.student_id for f in rows} | {f.mentor_id for f in rows})
    return HeldList(
        items=[
            HeldItem(
                feedback_id=f.id,
                title=f.title,
                cohort=f.cohort,
                student_id=f.student_id,
                student_name=names[f.student_id].name if f.student_id in names else None,
                mentor_id=f.mentor_id,
                mentor_name=names[f.mentor_id].name if f.mentor_id in names else None,
                held_at=f.held_at or f.updated_at,
            )
            for f in rows
        ]
    )


async def release_all(ctx: Context, *, user: Principal, cohort: str) -> ReleaseResult:
    """Release every held feedback of a cohort (an admin's, or a mentor's own), each in a write
    of its own: what failed is named, what was released stays released."""
    mentor_id = None if user.role == "admin" else user.id
    rows = await ctx.store.held_feedback(cohort=cohort, mentor_id=mentor_id, limit=HELD_LIMIT)
    result = ReleaseResult(released=[], failed=[])
    for feedback in rows:
        try:
            await _release_one(ctx, user, feedback)
        except ProblemError as exc:
            result.failed.append(ReleaseFailure(feedback_id=feedback.id, detail=exc.detail))
        else:
            result.released.append(feedback.id)
    return result


async def run_due(ctx: Context, *, limit: int = 100) -> int:
    """One round of the release job: publish (or, under a manual post policy, hold) every draft
    whose time has come; how many were published. A draft no longer ready (an edit took a score
    away) loses its schedule and stays a draft."""
    published = 0
    for feedback in await ctx.store.due_releases(now=ctx.clock(), limit=limit):
        try:
            await check_publishable(ctx, feedback)
        except ProblemError as exc:
            log.warning("release_skipped", feedback_id=feedback.id, reason=exc.slug)
            await ctx.store.update_feedback(
                feedback.id,
                {"release_at": None},
                expected_state=State.draft,
                expected_updated_at=feedback.updated_at,
            )
            continue
        if await policy_holds(ctx, feedback):
            if await hold(ctx, feedback, expected_updated_at=feedback.updated_at):
                log.info("release_held", feedback_id=feedback.id)
            continue
        if await publish_now(ctx, feedback, expected_updated_at=feedback.updated_at):
            published += 1
            log.info("release_published", feedback_id=feedback.id)
    return published
