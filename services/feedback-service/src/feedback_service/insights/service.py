"""Trends: per student, each criterion's score over time with a running average; per cohort,
the average of each criterion. Computed from published feedback in keyset batches; the criteria
of different library rubrics are kept apart (`repository.Columns`), never averaged together."""

from __future__ import annotations

from campus_common.errors import NotFound
from campus_common.jwt import Principal
from feedback_service.context import Context
from feedback_service.feedback.access import can_see_student
from feedback_service.insights import repository as repo
from feedback_service.insights.schemas import (
    CohortTrend,
    CriterionAverage,
    CriterionSeries,
    ScorePoint,
    StudentTrend,
)
from feedback_service.store.records import FeedbackFilter, State

BATCH = 500


def _rubric(columns: repo.Columns, key: str) -> dict[str, str | None]:
    column = columns.items.get(key)
    return {
        "rubric_id": column.rubric_id if column else None,
        "rubric_name": column.rubric_name if column else None,
    }


async def student_trend(ctx: Context, *, user: Principal, student_id: str) -> StudentTrend:
    store = ctx.store
    if not await can_see_student(store, user, student_id):
        raise NotFound("No student with this id among yours.", slug="student-not-found")
    columns = await repo.columns(store)
    series: dict[str, list[ScorePoint]] = {}
    totals: dict[str, tuple[float, int]] = {}
    overall: list[ScorePoint] = []
    overall_total = (0.0, 0)
    count = 0
    flt = FeedbackFilter(student_id=student_id, states=(State.published,))
    async for batch in repo.batches(store, flt, batch_size=BATCH):
        for fb in batch:
            count += 1
            date = fb.published_at or fb.created_at
            for key, score in columns.of(fb, fb.scores).items():
                total, n = totals.get(key, (0.0, 0))
                total, n = total + score, n + 1
                totals[key] = (total, n)
                series.setdefault(key, []).append(
                    ScorePoint(
                        feedback_id=fb.id,
                        title=fb.title,
                        date=date,
                        score=score,
                        running_average=round(total / n, 3),
                    )
                )
            if fb.overall_rating is not None:
                overall_total = (overall_total[0] + fb.overall_rating, overall_total[1] + 1)
                overall.append(
                    ScorePoint(
                        feedback_id=fb.id,
                        title=fb.title,
                        date=date,
                        score=fb.overall_rating,
                        running_average=round(overall_total[0] / overall_total[1], 3),
                    )
                )
    names = columns.keys
    ordered = [k for k in names if k in series] + [k for k in series if k not in names]
    return StudentTrend(
        student_id=student_id,
        feedback_count=count,
        criteria=[
            CriterionSeries(key=k, name=columns.name(k), **_rubric(columns, k), points=series[k])
            for k in ordered
        ],
        overall=overall,
    )


async def cohort_trend(ctx: Context, *, user: Principal, cohort: str) -> CohortTrend:
    store = ctx.store
    if user.role == "mentor" and not await repo.has_cohort(store, mentor_id=user.id, cohort=cohort):
        raise NotFound("No cohort with this name among yours.", slug="cohort-not-found")
    columns = await repo.columns(store)
    totals: dict[str, tuple[float, int]] = {}
    overall = (0.0, 0)
    students: set[str] = set()
    count = 0
    flt = FeedbackFilter(cohort=cohort, states=(State.published,))
    async for batch in repo.batches(store, flt, batch_size=BATCH):
        for fb in batch:
            count += 1
            students.add(fb.student_id)
            for key, score in columns.of(fb, fb.scores).items():
                total, n = totals.get(key, (0.0, 0))
                totals[key] = (total + score, n + 1)
            if fb.overall_rating is not None:
                overall = (overall[0] + fb.overall_rating, overall[1] + 1)
    names = columns.keys
    keys = [k for k in names if k in totals] + [k for k in totals if k not in names]
    return CohortTrend(
        cohort=cohort,
        feedback_count=count,
        student_count=len(students),
        overall_average=round(overall[0] / overall[1], 3) if overall[1] else None,
        criteria=[
            CriterionAverage(
                key=k,
                name=columns.name(k),
                **_rubric(columns, k),
                average=round(totals[k][0] / totals[k][1], 3),
                count=totals[k][1],
            )
            for k in keys
        ],
    )
