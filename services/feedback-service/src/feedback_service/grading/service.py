"""The grading workflow of a mentor: their queue per cohort for this cycle, publishing several
ready drafts at once (each through the one publish of `feedback.service`, one write each), and a
new draft started from their last feedback for a student."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID

from campus_common.errors import NotFound, ProblemError
from campus_common.jwt import Principal
from feedback_service.context import Context
from feedback_service.feedback import service as feedback_service
from feedback_service.feedback.schemas import FeedbackCreate, FeedbackOut
from feedback_service.grading.schemas import (
    BulkPublishOut,
    BulkResult,
    QueueItem,
    QueueOut,
    QueueState,
)
from feedback_service.rubric import service as rubric_service
from feedback_service.store.records import Feedback, FeedbackFilter, State

# A cycle: feedback written in the last four weeks (unless the caller says since when).
CYCLE = timedelta(days=28)
# How many of the caller's feedback one queue reads at most (newest first).
SCAN = 5000


async def missing(ctx: Context, draft: Feedback) -> list[str]:
    """What a draft lacks before it can be published: criterion keys, then `overall_rating`,
    then `title`."""
    rubric = await rubric_service.version(ctx.store, number=draft.rubric_version)
    lacks = [c.key for c in rubric.criteria if c.key not in draft.scores]
    if draft.overall_rating is None:
        lacks.append("overall_rating")
    if not draft.title.strip():
        lacks.append("title")
    return lacks


def _latest_by_student(rows: Iterable[Feedback]) -> dict[str, Feedback]:
    latest: dict[str, Feedback] = {}
    for fb in rows:  # newest first
        latest.setdefault(fb.student_id, fb)
    return latest


async def queue(
    ctx: Context, *, user: Principal, cohort: str | None, since: datetime | None
) -> QueueOut:
    store = ctx.store
    since = since or ctx.clock() - CYCLE
    assignments = await store.list_assignments(mentor_id=user.id)
    cohorts = sorted({a.cohort for a in assignments if a.cohort})
    students = {a.student_id: a.cohort for a in assignments if cohort is None or a.cohort == cohort}
    drafts = _latest_by_student(
        await store.list_feedback(
            FeedbackFilter(mentor_id=user.id, states=(State.draft,), created_from=since),
            limit=SCAN,
            after=None,
        )
    )
    published = _latest_by_student(
        await store.list_feedback(
            FeedbackFilter(mentor_id=user.id, states=(State.published,)),
            limit=SCAN,
            after=None,
        )
    )
    names = await ctx.directory.names(students)
    items: list[QueueItem] = []
    for student_id, student_cohort in students.items():
        draft, last = drafts.get(student_id), published.get(student_id)
        this_cycle = last if last and last.published_at and last.published_at >= since else None
        shown = draft or this_cycle
        lacks = await missing(ctx, draft) if draft else []
        state: QueueState = (
            ("ready" if not lacks else "draft") if draft else "published" if shown else "none"
        )
        person = names.get(student_id)
        items.append(
            QueueItem(
                student_id=student_id,
                student_name=person.name if person else None,
                cohort=student_cohort,
                state=state,
                feedback_id=shown.id if shown else None,
                title=shown.title if shown else None,
                updated_at=shown.updated_at if shown else None,
                missing=lacks,
                last_published_id=last.id if last else None,
            )
        )
    items.sort(key=lambda i: ((i.student_name or "").casefold(), i.student_id))
    return QueueOut(cohort=cohort, since=since, cohorts=cohorts, items=items)


async def bulk_publish(ctx: Context, *, user: Principal, feedback_ids: list[str]) -> BulkPublishOut:
    """Each draft published on its own, exactly as one publish (its checks, its single write
    with its email event): a draft that cannot be published is reported and left as it was."""
    results: list[BulkResult] = []
    for feedback_id in dict.fromkeys(feedback_ids):
        try:
            out = await feedback_service.publish(ctx, user=user, feedback_id=feedback_id)
        except ProblemError as exc:
            found = await ctx.store.get_feedback(feedback_id)
            mine = found is not None and found.mentor_id == user.id
            results.append(
                BulkResult(
                    feedback_id=feedback_id,
                    student_id=found.student_id if mine and found else None,
                    student_name=None,
                    published=False,
                    status=exc.status,
                    slug=exc.slug,
                    detail=exc.detail,
                )
            )
            continue
        results.append(
            BulkResult(
                feedback_id=out.id,
                student_id=out.student_id,
                student_name=out.student_name,
                published=True,
                status=200,
            )
        )
    names = await ctx.directory.names({r.student_id for r in results if r.student_id})
    for r in results:
        if r.student_name is None and r.student_id in names:
            r.student_name = names[r.student_id].name
    done = sum(r.published for r in results)
    return BulkPublishOut(published=done, failed=len(results) - done, results=results)


async def start_from_last(
    ctx: Context, *, user: Principal, student_id: str, from_feedback_id: str | None
) -> FeedbackOut:
    """A new draft for `student_id` holding the scores and texts of the caller's last published
    feedback for them (scores of criteria the current rubric no longer has are left out)."""
    source: Feedback | None = None
    if from_feedback_id is not None:
        source = await ctx.store.get_feedback(from_feedback_id)
    else:
        rows = await ctx.store.list_feedback(
            FeedbackFilter(mentor_id=user.id, student_id=student_id, states=(State.published,)),
            limit=1,
            after=None,
        )
        source = rows[0] if rows else None
    if (
        source is None
        or source.mentor_id != user.id
        or source.student_id != student_id
        or source.state is not State.published
    ):
        raise NotFound(
            "You have no published feedback for this student to start from.",
            slug="no-earlier-feedback",
        )
    keys = {c.key for c in (await rubric_service.current(ctx.store)).criteria}
    data = FeedbackCreate(
        student_id=UUID(student_id),
        title=source.title,
        scores={k: v for k, v in source.scores.items() if k in keys},
        overall_rating=source.overall_rating,
        strengths=source.strengths,
        improvements=source.improvements,
        comments=source.comments,
        criterion_comments={k: v for k, v in source.criterion_comments.items() if k in keys},
    )
    return await feedback_service.create(ctx, user=user, data=data)
