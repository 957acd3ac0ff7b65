"""Trends for charts and the CSV export."""

from __future__ import annotations

from uuid import UUID

from fastapi.responses import StreamingResponse

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.feedback.filters import Cohort, FilterDep
from feedback_service.insights import service
from feedback_service.insights.export import export_csv
from feedback_service.insights.schemas import CohortTrend, StudentTrend

router = domain_router("insights", "Trends and CSV export", prefix="/v1")


@router.get(
    "/students/{student_id}/trends",
    responses=problem_responses(401, 404, 422),
)
async def student_trends(student_id: UUID, ctx: ContextDep, user: CurrentUser) -> StudentTrend:
    """Each criterion's score over time with its running average (published feedback)."""
    return await service.student_trend(ctx, user=user, student_id=str(student_id))


@router.get(
    "/cohorts/trends",
    dependencies=[require_role("mentor", "admin")],
    responses=problem_responses(401, 403, 404, 422),
)
async def cohort_trends(
    ctx: ContextDep,
    user: CurrentUser,
    cohort: Cohort,
) -> CohortTrend:
    """Average of each criterion over a cohort's published feedback."""
    return await service.cohort_trend(ctx, user=user, cohort=cohort)


@router.get(
    "/export/feedback.csv",
    response_class=StreamingResponse,
    dependencies=[require_role("mentor", "admin")],
    responses={
        200: {"content": {"text/csv": {}}, "description": "CSV, UTF-8 with BOM"},
        **problem_responses(400, 401, 403, 422),
    },
)
async def export_feedback(ctx: ContextDep, user: CurrentUser, flt: FilterDep) -> StreamingResponse:
    """Published feedback as CSV (admin: everything, or any state asked for; mentor: their
    students'), streamed in batches."""
    return StreamingResponse(
        await export_csv(ctx, user=user, flt=flt),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="feedback.csv"'},
    )
