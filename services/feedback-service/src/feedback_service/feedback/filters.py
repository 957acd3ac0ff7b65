"""Query parameters shared by the feedback list, counts and export."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Query
from pydantic import AfterValidator

from campus_common.errors import BadRequest
from campus_common.text import single_line
from feedback_service.deps import ContextDep
from feedback_service.feedback.cohorts import matching
from feedback_service.store.records import FeedbackFilter, State, as_utc


def _one_line(value: str | None) -> str | None:
    return None if value is None else single_line(value)


# A cohort as a query parameter: one line (the rule of `SingleLine`), 422 otherwise.
Cohort = Annotated[str, Query(min_length=1, max_length=200), AfterValidator(single_line)]
OptionalCohort = Annotated[str | None, Query(max_length=200), AfterValidator(_one_line)]


async def _filter(
    ctx: ContextDep,
    student_id: UUID | None = None,
    mentor_id: UUID | None = None,
    cohort: Annotated[
        OptionalCohort,
        Query(description="part of the cohort's name, whatever its case, accents and dashes"),
    ] = None,
    state: Annotated[list[State] | None, Query(description="repeat for several")] = None,
    created_from: Annotated[datetime | None, Query(alias="from")] = None,
    created_to: Annotated[datetime | None, Query(alias="to")] = None,
    acknowledged: bool | None = None,
) -> FeedbackFilter:
    if created_from and created_to and as_utc(created_from) > as_utc(created_to):
        raise BadRequest("'from' must not be after 'to'.", slug="bad-date-range")
    return FeedbackFilter(
        student_id=str(student_id) if student_id else None,
        mentor_id=str(mentor_id) if mentor_id else None,
        cohorts=matching(cohort, await ctx.store.feedback_cohorts()) if cohort else None,
        states=tuple(state) if state else None,
        created_from=as_utc(created_from) if created_from else None,
        created_to=as_utc(created_to) if created_to else None,
        acknowledged=acknowledged,
    )


FilterDep = Annotated[FeedbackFilter, Depends(_filter)]
