"""Self-assessment: the student's own (read and save), and the one beside a feedback (staff)."""

from __future__ import annotations

from uuid import UUID

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.selfassess import service
from feedback_service.selfassess.schemas import (
    FeedbackSelfAssessment,
    MySelfAssessments,
    SelfAssessmentIn,
    SelfAssessmentOut,
)

router = domain_router(
    "self-assessment",
    "Students score themselves before the mentor's feedback",
    prefix="/v1",
)
STUDENT = require_role("student")


@router.get("/self-assessments/mine", dependencies=[STUDENT], responses=problem_responses(401, 403))
async def my_self_assessments(ctx: ContextDep, user: CurrentUser) -> MySelfAssessments:
    """Your cohorts that ask for a self-assessment (with the rubric and your open one), and
    your locked ones."""
    return await service.mine(ctx, user=user)


@router.put(
    "/self-assessments/mine",
    dependencies=[STUDENT],
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def save_self_assessment(
    data: SelfAssessmentIn, ctx: ContextDep, user: CurrentUser
) -> SelfAssessmentOut:
    """Save your self-assessment of a cohort (open until your mentor's feedback is released)."""
    return await service.save(ctx, user=user, data=data)


@router.get(
    "/feedback/{feedback_id}/self-assessment",
    dependencies=[require_role("mentor", "admin")],
    responses=problem_responses(401, 403, 404, 422),
)
async def feedback_self_assessment(
    feedback_id: UUID, ctx: ContextDep, user: CurrentUser
) -> FeedbackSelfAssessment:
    """The student's self-assessment beside this feedback (for the mentor writing it)."""
    return await service.for_feedback(ctx, user=user, feedback_id=str(feedback_id))


@router.get(
    "/self-assessments/students/{student_id}",
    dependencies=[require_role("mentor", "admin")],
    responses=problem_responses(401, 403, 404, 422),
)
async def student_self_assessment(
    student_id: UUID, ctx: ContextDep, user: CurrentUser
) -> FeedbackSelfAssessment:
    """A student's open self-assessment (of the cohort you mentor them in), for the editor of
    feedback not saved yet."""
    return await service.for_student(ctx, user=user, student_id=str(student_id))
