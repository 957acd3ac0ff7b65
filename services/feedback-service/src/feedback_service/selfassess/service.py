"""The rules of self-assessment: a student of a cohort whose settings ask for it scores themself
against the cohort's rubric (optional comments) while the mentor's feedback of the cycle is not
released; the release locks it (`release.service.after_release`) and the next one starts a new
cycle. The mentor sees it beside the editor."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from campus_common.errors import Conflict, Forbidden, NotFound
from campus_common.jwt import Principal
from feedback_service.cohorts import service as cohorts
from feedback_service.feedback import criteria
from feedback_service.feedback.access import visible_feedback
from feedback_service.rubric import service as rubric_service
from feedback_service.rubric.schemas import RubricOut
from feedback_service.selfassess.repository import SelfAssessment
from feedback_service.selfassess.schemas import (
    CohortSelfAssessment,
    FeedbackSelfAssessment,
    MySelfAssessments,
    SelfAssessmentIn,
    SelfAssessmentOut,
)
from feedback_service.store.records import RubricVersion, State, new_id

if TYPE_CHECKING:
    from feedback_service.context import Context


def to_out(assessment: SelfAssessment) -> SelfAssessmentOut:
    return SelfAssessmentOut(**asdict(assessment), locked=assessment.locked_at is not None)


def _rubric_out(rubric: RubricVersion) -> RubricOut:
    return RubricOut.model_validate(asdict(rubric))


async def _enabled_cohorts(ctx: Context, student_id: str) -> list[str]:
    names = {a.cohort for a in await ctx.store.list_assignments(student_id=student_id)}
    return [
        name
        for name in sorted(n for n in names if n is not None)
        if (await cohorts.settings_for(ctx.store, name)).self_assessment
    ]


async def mine(ctx: Context, *, user: Principal) -> MySelfAssessments:
    """The student's cohorts that ask for a self-assessment, each with its open one and rubric,
    and the locked ones."""
    found: list[CohortSelfAssessment] = []
    for cohort in await _enabled_cohorts(ctx, user.id):
        current = await ctx.store.open_self_assessment(student_id=user.id, cohort=cohort)
        rubric = (
            await rubric_service.version(ctx.store, number=current.rubric_version)
            if current
            else await cohorts.rubric_for(ctx.store, cohort)
        )
        found.append(
            CohortSelfAssessment(
                cohort=cohort,
                rubric=_rubric_out(rubric),
                current=to_out(current) if current else None,
            )
        )
    past = [
        to_out(a)
        for a in await ctx.store.list_self_assessments(student_id=user.id)
        if a.locked_at is not None
    ]
    return MySelfAssessments(cohorts=found, past=past)


async def save(ctx: Context, *, user: Principal, data: SelfAssessmentIn) -> SelfAssessmentOut:
    """Save the student's open self-assessment of the cohort (starting one if there is none)."""
    store = ctx.store
    if data.cohort not in {a.cohort for a in await store.list_assignments(student_id=user.id)}:
        raise NotFound("You are not in this cohort.", slug="cohort-not-found")
    if not (await cohorts.settings_for(store, data.cohort)).self_assessment:
        raise Conflict("This cohort does not ask for self-assessments.", slug="self-assessment-off")
    current = await store.open_self_assessment(student_id=user.id, cohort=data.cohort)
    rubric = (
        await rubric_service.version(store, number=current.rubric_version)
        if current
        else await cohorts.rubric_for(store, data.cohort)
    )
    rubric_service.check_scores(rubric, data.scores, complete=False)
    comments = criteria.check_comments(rubric, data.criterion_comments)
    now = ctx.clock()
    if current is None:
        assessment = SelfAssessment(
            id=new_id(),
            student_id=user.id,
            cohort=data.cohort,
            rubric_version=rubric.version,
            scores=data.scores,
            criterion_comments=comments,
            comments=data.comments,
            created_at=now,
            updated_at=now,
        )
        await store.add_self_assessment(assessment)
        return to_out(assessment)
    updated = await store.update_self_assessment(
        current.id,
        {
            "scores": data.scores,
            "criterion_comments": comments,
            "comments": data.comments,
            "updated_at": now,
        },
        expected_updated_at=current.updated_at,
    )
    if updated is None:
        raise Conflict(
            "Your self-assessment was locked or changed meanwhile; reload it.",
            slug="self-assessment-changed",
        )
    return to_out(updated)


async def _beside(
    ctx: Context, cohort: str | None, assessment: SelfAssessment | None
) -> FeedbackSelfAssessment:
    settings = await cohorts.settings_for(ctx.store, cohort)
    rubric = (
        await rubric_service.version(ctx.store, number=assessment.rubric_version)
        if assessment
        else None
    )
    return FeedbackSelfAssessment(
        enabled=settings.self_assessment,
        assessment=to_out(assessment) if assessment else None,
        rubric=_rubric_out(rubric) if rubric else None,
    )


async def for_student(ctx: Context, *, user: Principal, student_id: str) -> FeedbackSelfAssessment:
    """The student's open self-assessment of the cohort new feedback for them is written in (the
    caller's assignment of them; an admin's: their first), for an editor without a draft yet."""
    if user.role not in ("mentor", "admin"):
        raise Forbidden(
            "Only mentors and admins read a student's self-assessment.", slug="not-staff"
        )
    assignments = await ctx.store.list_assignments(student_id=student_id)
    mine = [a for a in assignments if a.mentor_id == user.id]
    if user.role == "mentor" and not mine:
        raise NotFound("No student with this id among yours.", slug="student-not-found")
    if not (mine or assignments):
        raise NotFound("No student with this id has a mentor.", slug="student-not-found")
    cohort = (mine or assignments)[0].cohort
    assessment = (
        await ctx.store.open_self_assessment(student_id=student_id, cohort=cohort)
        if cohort is not None
        else None
    )
    return await _beside(ctx, cohort, assessment)


async def for_feedback(
    ctx: Context, *, user: Principal, feedback_id: str
) -> FeedbackSelfAssessment:
    """The student's self-assessment beside a feedback: the one its release locked, or (not
    released yet) the student's open one of the feedback's cohort."""
    feedback = await visible_feedback(ctx.store, user, feedback_id)
    assessment = None
    if feedback.state is State.draft and feedback.cohort is not None:
        assessment = await ctx.store.open_self_assessment(
            student_id=feedback.student_id, cohort=feedback.cohort
        )
    elif feedback.state is not State.draft:
        assessment = await ctx.store.self_assessment_for_feedback(feedback.id)
    return await _beside(ctx, feedback.cohort, assessment)
