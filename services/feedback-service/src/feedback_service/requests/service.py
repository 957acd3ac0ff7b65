"""The rules of feedback requests: a student asks one of their mentors (by default the first
assigned); the addressed mentor (while assigned) writes a draft from an open request, and
publishing that draft closes it; the student cancels an open one. Students see their own, mentors
those addressed to them, admins all of them and the counts per cohort.

Also the mentor's "needs attention": threads whose last message is the student's, published
feedback unacknowledged after N days, open requests."""

from __future__ import annotations

from datetime import datetime, timedelta

from campus_common.errors import Conflict, Forbidden, NotFound
from campus_common.jwt import Principal
from feedback_service.context import Context
from feedback_service.feedback import service as feedback_service
from feedback_service.feedback.access import is_assigned
from feedback_service.feedback.schemas import FeedbackCreate, FeedbackOut
from feedback_service.outbox import feed
from feedback_service.requests.repository import FeedbackRequest, RequestState
from feedback_service.requests.schemas import (
    AttentionFeedback,
    AttentionOut,
    CohortRequests,
    RequestIn,
    RequestOut,
    RequestSummary,
)
from feedback_service.store.records import Feedback, FeedbackFilter, State, new_id

NOT_FOUND = "No feedback request with this id."
# How many published feedback of a mentor "needs attention" looks through.
ATTENTION_SCAN = 500


def _may_see(user: Principal, request: FeedbackRequest) -> bool:
    if user.role == "admin":
        return True
    if user.role == "student":
        return request.student_id == user.id
    return request.mentor_id == user.id


async def _visible(ctx: Context, user: Principal, request_id: str) -> FeedbackRequest:
    request = await ctx.store.get_request(request_id)
    if request is None or not _may_see(user, request):
        raise NotFound(NOT_FOUND, slug="request-not-found")
    return request


async def _out(ctx: Context, requests: list[FeedbackRequest]) -> list[RequestOut]:
    names = await ctx.directory.names(
        {r.student_id for r in requests} | {r.mentor_id for r in requests}
    )

    def name(user_id: str) -> str | None:
        found = names.get(user_id)
        return found.name if found else None

    return [
        RequestOut(
            id=r.id,
            student_id=r.student_id,
            student_name=name(r.student_id),
            mentor_id=r.mentor_id,
            mentor_name=name(r.mentor_id),
            cohort=r.cohort,
            title=r.title,
            description=r.description,
            link=r.link,
            state=r.state,
            created_at=r.created_at,
            updated_at=r.updated_at,
            closed_at=r.closed_at,
            feedback_id=r.feedback_id,
        )
        for r in requests
    ]


async def create(ctx: Context, *, user: Principal, data: RequestIn) -> RequestOut:
    if user.role != "student":
        raise Forbidden("Only students ask for feedback.", slug="forbidden-role")
    assignments = await ctx.store.list_assignments(student_id=user.id)
    if data.mentor_id is not None:
        assignments = [a for a in assignments if a.mentor_id == str(data.mentor_id)]
        if not assignments:
            raise NotFound("No mentor with this id among yours.", slug="mentor-not-found")
    if not assignments:
        raise Conflict("You have no mentor to ask yet.", slug="no-mentor")
    assignment = assignments[0]
    now = ctx.clock()
    request = FeedbackRequest(
        id=new_id(),
        student_id=user.id,
        mentor_id=assignment.mentor_id,
        cohort=assignment.cohort,
        **data.model_dump(include={"title", "description", "link"}),
        state=RequestState.open,
        created_at=now,
        updated_at=now,
    )
    await ctx.store.add_request(request)
    # Queued just after the write (as `outbox.audit.record`): a crash in between loses the
    # mentor's notice, never the request, which their open requests list still shows.
    await ctx.store.queue_event(
        feed.requested(
            request_id=request.id,
            student_id=user.id,
            student_name=user.name,
            mentor_id=request.mentor_id,
            title=request.title,
            description=request.description,
            now=now,
        )
    )
    ctx.relay.wake()
    [out] = await _out(ctx, [request])
    return out


async def list_requests(
    ctx: Context, *, user: Principal, state: RequestState | None
) -> list[RequestOut]:
    states = (state,) if state is not None else None
    if user.role == "student":
        found = await ctx.store.list_requests(student_id=user.id, states=states)
    elif user.role == "mentor":
        found = await ctx.store.list_requests(mentor_id=user.id, states=states)
    else:
        found = await ctx.store.list_requests(states=states)
    return await _out(ctx, found)


async def get(ctx: Context, *, user: Principal, request_id: str) -> RequestOut:
    [out] = await _out(ctx, [await _visible(ctx, user, request_id)])
    return out


async def cancel(ctx: Context, *, user: Principal, request_id: str) -> RequestOut:
    """Its student cancels an open request (cancelling again changes nothing)."""
    request = await _visible(ctx, user, request_id)
    if request.student_id != user.id:
        raise Forbidden("Only its student cancels a request.", slug="not-the-student")
    if request.state is RequestState.cancelled:
        [out] = await _out(ctx, [request])
        return out
    if request.state is not RequestState.open:
        raise Conflict("Only an open request can be cancelled.", slug="request-not-open")
    now = ctx.clock()
    updated = await ctx.store.update_request(
        request.id,
        {"state": RequestState.cancelled, "updated_at": now, "closed_at": now},
        expected_state=RequestState.open,
    )
    if updated is None:
        raise Conflict("This request changed meanwhile.", slug="request-changed")
    [out] = await _out(ctx, [updated])
    return out


async def write_feedback(ctx: Context, *, user: Principal, request_id: str) -> FeedbackOut:
    """The addressed mentor starts the feedback of an open request: a draft for its student,
    titled like it, linked to it (publishing the draft closes the request). Once started, the
    same draft comes back."""
    request = await _visible(ctx, user, request_id)
    if request.mentor_id != user.id:
        raise Forbidden("Only the mentor asked writes this feedback.", slug="not-the-mentor")
    if request.state is not RequestState.open:
        raise Conflict("Only an open request can be answered.", slug="request-not-open")
    if not await is_assigned(ctx.store, mentor_id=user.id, student_id=request.student_id):
        raise Conflict("This student is no longer assigned to you.", slug="not-assigned")
    if request.feedback_id is not None:
        existing = await ctx.store.get_feedback(request.feedback_id)
        if existing is not None and existing.state is State.draft:
            return await feedback_service.get(ctx, user=user, feedback_id=existing.id)
    draft = await feedback_service.create(
        ctx,
        user=user,
        data=FeedbackCreate.model_validate(
            {"student_id": request.student_id, "title": request.title}
        ),
    )
    linked = await ctx.store.update_request(
        request.id,
        {"feedback_id": draft.id, "updated_at": ctx.clock()},
        expected_state=RequestState.open,
    )
    if linked is None:
        await feedback_service.delete_draft(ctx, user=user, feedback_id=draft.id)
        raise Conflict("This request changed meanwhile.", slug="request-changed")
    return draft


async def summary(ctx: Context) -> RequestSummary:
    """How many requests each cohort has, per state (admins)."""
    rows: dict[str | None, CohortRequests] = {}
    for (cohort, state), n in (await ctx.store.count_requests()).items():
        row = rows.setdefault(cohort, CohortRequests(cohort=cohort))
        setattr(row, RequestState(state).value, getattr(row, RequestState(state).value) + n)
        row.total += n
    ordered = sorted(rows.values(), key=lambda r: (r.cohort is None, r.cohort or ""))
    return RequestSummary(cohorts=ordered)


async def attention(ctx: Context, *, user: Principal) -> AttentionOut:
    """What waits for the mentor: threads the student wrote in last, feedback unacknowledged
    after the configured days, and the open requests addressed to them."""
    days = ctx.settings.attention_unacknowledged_days
    published = await ctx.store.list_feedback(
        FeedbackFilter(mentor_id=user.id, states=(State.published,)),
        limit=ATTENTION_SCAN,
        after=None,
    )
    by_id = {f.id: f for f in published}
    last = await ctx.store.last_messages(list(by_id))
    waiting = [
        (by_id[m.feedback_id], m.created_at)
        for m in last
        if m.author_id == by_id[m.feedback_id].student_id
    ]
    due = ctx.clock() - timedelta(days=days)
    stale = [
        (f, f.published_at)
        for f in published
        if f.published_at is not None and f.acknowledged_at is None and f.published_at <= due
    ]
    requests = await ctx.store.list_requests(mentor_id=user.id, states=(RequestState.open,))
    names = await ctx.directory.names({f.student_id for f, _ in (*waiting, *stale)})

    def items(pairs: list[tuple[Feedback, datetime]]) -> list[AttentionFeedback]:
        out = []
        for f, at in sorted(pairs, key=lambda p: p[1], reverse=True):
            student = names.get(f.student_id)
            out.append(
                AttentionFeedback(
                    feedback_id=f.id,
                    title=f.title,
                    student_id=f.student_id,
                    student_name=student.name if student else None,
                    at=at,
                )
            )
        return out

    return AttentionOut(
        unread_threads=items(waiting),
        unacknowledged=items(stale),
        open_requests=await _out(ctx, requests),
        unacknowledged_days=days,
    )
