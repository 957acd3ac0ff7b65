"""`/v1/assignments`: who mentors whom (admins manage; mentors read their own)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import File, Query, UploadFile, status

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import BadRequest, problem_responses
from feedback_service.assignments import service
from feedback_service.assignments.schemas import (
    AssignmentIn,
    AssignmentList,
    AssignmentOut,
    ImportResult,
)
from feedback_service.deps import ContextDep
from feedback_service.feedback.filters import OptionalCohort

router = domain_router(
    "assignments", "Which mentor looks after which student", prefix="/v1/assignments"
)
MAX_CSV_BYTES = 512 * 1024


@router.get(
    "",
    dependencies=[require_role("mentor", "admin")],
    responses=problem_responses(401, 403, 422),
)
async def list_assignments(
    ctx: ContextDep,
    user: CurrentUser,
    mentor_id: UUID | None = None,
    student_id: UUID | None = None,
    cohort: Annotated[
        OptionalCohort,
        Query(description="part of the cohort's name, whatever its case, accents and dashes"),
    ] = None,
) -> AssignmentList:
    """Admins see every assignment (filterable); a mentor sees their own."""
    return await service.list_for(
        ctx,
        user=user,
        mentor_id=str(mentor_id) if mentor_id else None,
        student_id=str(student_id) if student_id else None,
        cohort=cohort,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    dependencies=[require_role("admin")],
    responses=problem_responses(400, 401, 403, 409, 422, 503),
)
async def create_assignment(
    data: AssignmentIn, ctx: ContextDep, user: CurrentUser
) -> AssignmentOut:
    return await service.create(ctx, user=user, data=data)


@router.post(
    "/import",
    dependencies=[require_role("admin")],
    responses=problem_responses(400, 401, 403, 413, 422, 503),
)
async def import_assignments(
    ctx: ContextDep,
    user: CurrentUser,
    file: Annotated[UploadFile, File(description="CSV: mentor_email,student_email,cohort")],
    dry_run: Annotated[bool, Query(description="Report what would happen, change nothing")] = True,
) -> ImportResult:
    """Bulk assignment from CSV. `dry_run=true` (the default) only reports."""
    content = await file.read(MAX_CSV_BYTES + 1)
    if len(content) > MAX_CSV_BYTES:
        raise BadRequest("The CSV file is larger than 512 KiB.", slug="bad-csv")
    return await service.import_csv(ctx, user=user, content=content, dry_run=dry_run)


@router.delete(
    "/{assignment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[require_role("admin")],
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_assignment(assignment_id: UUID, ctx: ContextDep, user: CurrentUser) -> None:
    await service.delete(ctx, user=user, assignment_id=str(assignment_id))
